"""Hazard words in what a traveler said, for the officer, in Korean — whatever engine translated the sentence.

A phrase match or a machine translation may drop a word; the officer must still see "총기" when the traveler said
"gun". The kiosk's lexicon (kiosk.assistant: 10 languages, and the dangerous categories in every language whatever
language the text is in) finds the goods; those of a category some rule table prohibits or restricts are hazards.
Korean names and levels: locales/phrases/match/hazards.toml.
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path

from kiosk.assistant.numbers import normalize_text
from kiosk.assistant.parser import HAZARD_CATEGORIES, find_mentions
from kiosk.phrasebook.store import default_folder


@dataclass(frozen=True)
class Hazard:
    """One hazard word of an utterance."""

    category: str
    """Lexicon category (firearm, narcotics, meat, ...)."""
    word: str
    """The words as said (normalized: lower case)."""
    korean: str
    """The category's Korean name shown to the officer."""
    danger: bool
    """Weapons, drugs and the like (red) rather than quarantine or restricted goods (amber)."""

    def to_dict(self) -> dict[str, object]:
        return {"category": self.category, "word": self.word, "korean": self.korean, "danger": self.danger}


@functools.lru_cache(maxsize=4)
def _table(folder: str) -> tuple[dict[str, str], frozenset[str]]:
    path = Path(folder) / "match" / "hazards.toml"
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    return ({str(k): str(v) for k, v in data.get("ko", {}).items()},
            frozenset(str(c) for c in data.get("level", {}).get("danger", [])))


def find_hazards(text: str, lang: str, folder: Path | None = None) -> tuple[Hazard, ...]:
    """Every hazard word in text (any language; lexicon languages fully, the others for the dangerous words
    of every lexicon language), in text order, one per category."""
    if not text.strip():
        return ()
    names, danger = _table(str(folder or default_folder()))
    out: dict[str, Hazard] = {}
    for m in find_mentions(normalize_text(text), lang):
        if m.category in HAZARD_CATEGORIES and m.category not in out:
            out[m.category] = Hazard(m.category, m.text.strip(), names.get(m.category, m.category),
                                     m.category in danger)
    return tuple(out.values())
