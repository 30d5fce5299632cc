"""Decimals said digit by digit (issue 20 item 2): "null komma sieben fünf", "zero point seven five", "không phẩy
bảy lăm" are 0.75, never 7 + 5 = 12. A one-digit (or zero) integer part, a decimal word, then single digits; the
words are data (locales/lexicon/multipliers.toml [zero_words], [decimal_words]; the digits of each language's
number words). Called by numbers.find_numbers, the kiosk's one number reader, for the spaced languages."""

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


def digit_decimals(text: str, lang: str) -> list[tuple[int, int, float]]:
    """(start, end, value) of each decimal said digit by digit in normalized `text`."""
    table = _regex(lang)
    if table is None:
        return []
    pat, digits = table
    out = []
    for m in pat.finditer(text):
        vals = [int(x) if x.isdigit() else digits[x] for x in (m.group(1), *m.group(2).split())]
        out.append((m.start(), m.end(), vals[0] + float("0." + "".join(str(v) for v in vals[1:]))))
    return out
