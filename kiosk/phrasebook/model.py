"""Typed records of the phrasebook: categories, phrases, per-language texts with their review state."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from kiosk.errors import KioskError

Side = Literal["officer", "traveler"]
SlotType = Literal["count", "money", "item", "place", "date"]
SLOT_TYPES: tuple[SlotType, ...] = ("count", "money", "item", "place", "date")
MACHINE_WRITTEN = "machine-written"
REVIEWED_PREFIX = "reviewed-by:"
PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
PLURAL_CATEGORIES = ("zero", "one", "two", "few", "many", "other")  # CLDR


class PhrasebookError(KioskError):
    """The phrasebook files are missing or malformed, or a phrase/slot is unknown (operator-facing message)."""

    code = "bad_input"


def placeholders(text: str) -> tuple[str, ...]:
    """The slot names in a template, in order: 'Go to {place} by {date}' -> ('place', 'date')."""
    return tuple(PLACEHOLDER.findall(text))


def valid_review(state: str) -> bool:
    """'machine-written' or 'reviewed-by: NAME' (a name is required)."""
    return state == MACHINE_WRITTEN or (state.startswith(REVIEWED_PREFIX) and bool(state[len(REVIEWED_PREFIX):].strip()))


@dataclass(frozen=True)
class Category:
    """A group of officer or traveler phrases, shown as one tab on the officer screen."""

    id: str
    """Stable key (documents, baggage, items, ...)."""
    side: Side
    """Who says the phrases of this category."""
    names: dict[str, str]
    """Category name per language code (at least ko and en)."""


@dataclass(frozen=True)
class Entry:
    """One text in one language with its review state."""

    text: str
    """The translation; {slot} placeholders are filled at render time."""
    review: str
    """'machine-written' until a translator checks it, then 'reviewed-by: NAME'."""
    plural: dict[str, str] = field(default_factory=dict)
    """For a phrase with a {count}: the whole template per CLDR plural category of the language (zero one two
    few many other), used when the count falls in that category (Arabic: 3-10 take the plural noun, 11-99 the
    singular accusative); `text` serves the categories not given."""

    def for_count(self, category: str | None) -> str:
        """The template for a count of this CLDR plural category (None: no count given)."""
        return self.plural.get(category, self.text) if category else self.text


@dataclass(frozen=True)
class Phrase:
    """One standard sentence: id, category, side, typed slots, and its text in every language."""

    id: str
    """Stable id (doc01, bag12, trv40 ...): never reused for another meaning."""
    category: str
    """Category id."""
    side: Side
    """officer (Korean source, matched from the officer's speech) or traveler (reply or question)."""
    slots: tuple[SlotType, ...]
    """Typed slots, in the order of the Korean source."""
    texts: dict[str, Entry] = field(default_factory=dict)
    """Language code -> text."""
    note: str = ""
    """Context for translators (optional)."""

    def entry(self, lang: str) -> Entry:
        entry = self.texts.get(lang)
        if entry is None:
            raise PhrasebookError(f"phrase {self.id} has no '{lang}' text")
        return entry

    def text(self, lang: str) -> str:
        return self.entry(lang).text


@dataclass(frozen=True)
class Term:
    """A value of an item or place slot (an item name, a place at the airport) in every language."""

    key: str
    """Stable key (alcohol, exit ...)."""
    kind: Literal["item", "place"]
    """Which slot type it fills."""
    texts: dict[str, Entry] = field(default_factory=dict)
    """Language code -> name."""
