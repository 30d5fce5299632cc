"""Hazard words in what a traveler said, for the officer, in Korean — whatever engine translated the sentence.

A phrase match or a machine translation may drop a word; the officer must still see "총기" when the traveler said
"gun". The kiosk's lexicon (kiosk.assistant: 10 languages, and the dangerous categories in every language whatever
language the text is in) finds the goods; those of a category some rule table prohibits or restricts are hazards.
Korean names and levels: locales/phrases/match/hazards.toml.
"""

from __future__ import annotations

import functools
import re
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
def _table(folder: str) -> tuple[dict[str, str], frozenset[str], dict[str, list[tuple[re.Pattern[str], str]]]]:
    path = Path(folder) / "match" / "hazards.toml"
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    words: dict[str, list[tuple[re.Pattern[str], str]]] = {}
    for lang, cats in data.get("words", {}).items():
        words[str(lang)] = [(re.compile(rf"(?<!\w){re.escape(normalize_text(str(w)))}\w{{0,4}}(?!\w)"), str(cat))
                            for cat, ws in cats.items() for w in ws]
    return ({str(k): str(v) for k, v in data.get("ko", {}).items()},
            frozenset(str(c) for c in data.get("level", {}).get("danger", [])), words)


def hazard_title(folder: Path | None = None) -> str:
    """The Korean words above the hazard names on the officer's screen."""
    path = Path(folder or default_folder()) / "match" / "hazards.toml"
    with path.open("rb") as fh:
        return str(tomllib.load(fh).get("text", {}).get("ko", "주의 물품"))


def find_hazards(text: str, lang: str, folder: Path | None = None) -> tuple[Hazard, ...]:
    """Every hazard word in text (any language; lexicon languages fully, the others for the dangerous words
    of every lexicon language), in text order, one per category."""
    if not text.strip():
        return ()
    names, danger, extra = _table(str(folder or default_folder()))
    norm = normalize_text(text)
    hits = [(m.start, m.category, m.text.strip()) for m in find_mentions(norm, lang)]
    hits += [(m.start(), cat, m.group(0)) for rx, cat in extra.get(lang.split("-")[0], []) for m in rx.finditer(norm)]
    out: dict[str, Hazard] = {}
    for _, cat, word in sorted(hits):
        if cat in HAZARD_CATEGORIES and cat not in out:
            out[cat] = Hazard(cat, word, names.get(cat, cat), cat in danger)
    return tuple(out.values())
