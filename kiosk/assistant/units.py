"""Units after a number: the count units (bottles, cartons, 条, 보루), volumes, weights, currencies and age words of a
language, matched right after a number (split out of numbers.py: that module reads the number, this one its unit)."""

from __future__ import annotations

import functools
import re
import tomllib

from kiosk.assistant import lexicon as lx
from kiosk.assistant.numbers import _LETTER, alt, normalize_text, words
from kiosk.config import settings


@functools.lru_cache(maxsize=32)
def _unit_regex(lang: str) -> tuple[re.Pattern[str], dict[str, tuple[str, str | float]]]:
    table: dict[str, tuple[str, str | float]] = {}
    for lg in dict.fromkeys((lang, "en")):
        for k, v in lx.COUNT_UNITS.get(lg, {}).items():
            table.setdefault(k, ("count", v))
    for k, f in lx.VOLUME_UNITS.items():
        table.setdefault(k, ("volume", f))
    for k, f in lx.WEIGHT_UNITS.items():
        table.setdefault(k, ("weight", f))
    for k, c in lx.CURRENCIES.items():
        table.setdefault(k, ("money", c))
    with (settings().locales_dir / "lexicon" / "multipliers.toml").open("rb") as fh:  # 升 is 1.8 L in Japanese
        own = tomllib.load(fh).get("units", {}).get(lang, {})
    for kind, units in own.items():
        table.update({k: (kind, float(v)) for k, v in units.items()})
    for k in lx.AGE_WORDS:
        table.setdefault(k, ("age", 1.0))
    table = {normalize_text(k): v for k, v in table.items()}
    body = alt(list(table))
    # ASCII/Cyrillic words may not be the prefix of a longer word ("l" in "large"); inflections for ru.
    # A short Latin unit standing as its own word may not start a longer word either ("a laptop" is not 1 L).
    a = _LETTER  # accented Latin letters too: "deux lèvres" is no 2 L, "eine gehört" no 1 g
    pat = re.compile(rf"({body})(?:(?<=[{a}])[{a}]{{0,3}})?(?![{a}])"
                     rf"|({body})(?!(?<=\b[a-z])[{a}])(?!(?<=\b[a-z]{{2}})[{a}])")
    return pat, table


def unit_at(text: str, pos: int, lang: str) -> tuple[str, str | float, int] | None:
    pat, table = _unit_regex(lang)
    i = pos
    for _ in range(3):
        while i < len(text) and text[i] in " \t-":
            i += 1
        m = pat.match(text, i)
        if m:
            key = m.group(1) or m.group(2)
            kind, val = table[key]
            return kind, val, m.end()
        filler = next((f for f in sorted(words("FILLERS"), key=len, reverse=True)
                       if text.startswith(f, i) and (not f[-1].isalpha() or not text[i + len(f):i + len(f) + 1].isalpha())),
                      None)
        if filler is None:
            return None
        i += len(filler)
    return None
