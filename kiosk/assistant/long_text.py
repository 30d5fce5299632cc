"""A long input parsed sentence group by sentence group (never cut mid-sentence unless one sentence is endless),
the groups' results merged into one ParsedQuestion."""

from __future__ import annotations

import re

from kiosk.assistant.parser import ParsedQuestion, parse_question
from kiosk.rules.model import Item

_CHUNK = 1500  # long inputs are parsed sentence group by sentence group, never cut
_SENTENCE = re.compile(r"[^.!?。！？\n]+[.!?。！？\n]*")


def parse_long(text: str, language: str) -> ParsedQuestion:
    """The whole text, however long: sentence groups of ~_CHUNK characters, results merged."""
    if len(text) <= _CHUNK:
        return parse_question(text, language)
    chunks: list[str] = []
    cur = ""
    for m in _SENTENCE.finditer(text):
        if cur and len(cur) + len(m.group(0)) > _CHUNK:
            chunks.append(cur)
            cur = ""
        cur += m.group(0)
        while len(cur) > _CHUNK:  # one endless sentence: cut between words, nothing dropped
            cut = cur.rfind(" ", 0, _CHUNK)
            cut = cut if cut > 0 else _CHUNK
            chunks.append(cur[:cut])
            cur = cur[cut:]
    if cur:
        chunks.append(cur)
    parts = [parse_question(c, language) for c in chunks]
    items: list[Item] = []
    for p in parts:
        for it in p.items:
            same = any(o.category == it.category and o.description == it.description and o == it for o in items)
            if not same:
                items.append(it)
    ages = [p.age for p in parts if p.age is not None]
    return ParsedQuestion(language, tuple(items), min(ages) if ages else None, any(p.injection for p in parts),
                          tuple(q for p in parts for q in p.quantities), sum(p.mentions for p in parts),
                          tuple(dict.fromkeys(u for p in parts for u in p.unaccounted)),
                          next((p.birth_year for p in parts if p.birth_year), None))
