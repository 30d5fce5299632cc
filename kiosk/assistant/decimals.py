"""Decimals said digit by digit (issue 20 item 2): "null komma sieben fünf", "zero point seven five", "không phẩy
bảy lăm" are 0.75, never 7 + 5 = 12. A one-digit (or zero) integer part, a decimal word, then single digits; the
words are data (locales/lexicon/multipliers.toml [zero_words], [decimal_words]; the digits of each language's
number words). Called by numbers.find_numbers, the kiosk's one number reader, for the spaced languages.

Russian says a volume's decimal point by its zero alone: "ноль пять" is 0.5 L, "ноль семь" 0.7, "ноль семьдесят
пять" 0.75 (multipliers.toml [implied_point]): a zero word, then a number under 100, is that number after the point."""

from __future__ import annotations

import functools
import re
import tomllib

from kiosk.assistant import lexicon as lx
from kiosk.assistant.textnorm import clean
from kiosk.config import settings


@functools.lru_cache(maxsize=32)
def _regex(lang: str) -> tuple[re.Pattern[str], dict[str, int]] | None:
    with (settings().locales_dir / "lexicon" / "multipliers.toml").open("rb") as fh:
        data = tomllib.load(fh)
    digits = {clean(w): int(v) for w, (v, kind) in lx.NUMBER_WORDS.get(lang, {}).items()
              if kind == "d" and 0 <= v <= 9 and float(v).is_integer() and len(w) > 1}
    digits.update({clean(z): 0 for z in data.get("zero_words", {}).get(lang, ())})
    points = [clean(w) for w in data.get("decimal_words", {}).get(lang, ()) if len(w) > 1]  # never "и": "one
    if not digits or not points:  # and two" is no 1.2
        return None

    def alt(words: list[str]) -> str:
        return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))

    d = rf"(?:{alt(list(digits))}|[0-9])"
    return re.compile(rf"(?<!\w)({d})\s+(?:{alt(points)})\s+((?:{d}\s+)*{d})(?!\w)"), digits


@functools.lru_cache(maxsize=32)
def _implied(lang: str) -> tuple[re.Pattern[str], dict[str, int]] | None:
    with (settings().locales_dir / "lexicon" / "multipliers.toml").open("rb") as fh:
        zeros = [clean(w) for w in tomllib.load(fh).get("implied_point", {}).get(lang, ())]
    small = {clean(w): int(v) for w, (v, kind) in lx.NUMBER_WORDS.get(lang, {}).items()
             if kind == "d" and float(v).is_integer() and 1 <= v <= 90 and len(w) > 1}
    if not zeros or not small:
        return None
    words = "|".join(re.escape(w) for w in sorted(small, key=len, reverse=True))
    zero = "|".join(re.escape(w) for w in zeros)
    return re.compile(rf"(?<!\w)(?:{zero})\s+((?:{words})(?:\s+(?:{words}))?)(?!\w)"), small


def _implied_decimals(text: str, lang: str) -> list[tuple[int, int, float]]:
    table = _implied(lang)
    if table is None:
        return []
    pat, small = table
    out = []
    for m in pat.finditer(text):
        parts = [small[w] for w in m.group(1).split()]
        if len(parts) == 2 and not (parts[0] % 10 == 0 and parts[0] >= 20 and parts[1] < 10):
            continue  # "ноль пять семь": no number of its own after the zero
        n = sum(parts)
        out.append((m.start(), m.end(), n / 10 ** len(str(n))))
    return out


def digit_decimals(text: str, lang: str) -> list[tuple[int, int, float]]:
    """(start, end, value) of each decimal said digit by digit in normalized `text` (or, in Russian, after its
    zero alone: "ноль семь")."""
    table = _regex(lang)
    if table is None:
        return _implied_decimals(text, lang)
    pat, digits = table
    out = _implied_decimals(text, lang)
    for m in pat.finditer(text):
        vals = [int(x) if x.isdigit() else digits[x] for x in (m.group(1), *m.group(2).split())]
        out.append((m.start(), m.end(), vals[0] + float("0." + "".join(str(v) for v in vals[1:]))))
    return out
