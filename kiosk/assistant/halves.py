""""And a half" in numbers as people say them (issue 20 item 2), for the kiosk's one number reader
(kiosk/assistant/numbers.py): "two and a half thousand" = 2,500 (not 3 and 1,000), "zweieinhalbtausend",
"две с половиной тысячи", "a grand and a half" = 1,500, "hai nghìn rưỡi" = 2,500, "พันครึ่ง" = 1,500,
"two litres and a half" = 2.5 L.

The half words are data (locales/lexicon/multipliers.toml `[half]`, `[half_glued]`). They are masked before the
numbers are read (so that "and a" is no 1 and "ein" in "zweieinhalb" no 1), then joined to the number before them:
half of its last scale word when it ends with one ("a grand and a half", "hai nghìn rưỡi"), else one half; a scale
word right after the half multiplies the whole ("two and a half thousand"). One word may stand between the number
and the half ("two litres and a half", "một lít rưỡi"): the number keeps its place, so its unit is still read.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Callable

from kiosk.config import settings

Number = tuple[int, int, float]
MASK = "|"  # no number word, no connector: the numbers on both sides of a masked half are read apart
_ONE_WORD = re.compile(r"\s*(?:[^\W\d_]|[\u0300-\u036f\u0e31-\u0e4e]){1,12}\s*")  # Thai vowel signs are marks


@functools.lru_cache(maxsize=32)
def _pattern(lang: str) -> re.Pattern[str] | None:
    with (settings().locales_dir / "lexicon" / "multipliers.toml").open("rb") as fh:
        data = tomllib.load(fh)
    loose = [str(w) for w in data.get("half", {}).get(lang, ())]
    glued = [str(w) for w in data.get("half_glued", {}).get(lang, ())]
    if not loose and not glued:
        return None
    parts = []
    if loose:
        body = "|".join(re.escape(w) for w in sorted(loose, key=len, reverse=True))
        parts.append(rf"(?<![^\W\d_])\s*(?:{body})(?![\w-])")
    if glued:  # "zweieinhalb": glued to the number word before it
        body = "|".join(re.escape(w) for w in sorted(glued, key=len, reverse=True))
        parts.append(rf"(?<=[^\W\d_])(?:{body})(?=[^\W\d_]|\s|$|[^\w-])")
    return re.compile("|".join(parts))


def mask(text: str, lang: str) -> tuple[str, list[tuple[int, int]]]:
    """`text` with each half word replaced by MASK characters (same length), and their spans."""
    pat = _pattern(lang)
    if pat is None:
        return text, []
    spans = [m.span() for m in pat.finditer(text) if m.group(0).strip()]
    for s, e in spans:
        text = text[:s] + MASK * (e - s) + text[e:]
    return text, spans


def join(text: str, found: list[Number], spans: list[tuple[int, int]],
         scale_of: Callable[[str], tuple[float, str] | None]) -> list[Number]:
    """The numbers with each half added to the number before it (see the module's doc). `scale_of(said)` gives
    the value and the word of a scale word (>= 100) that `said` ends with ("thousand", "grand", "nghìn"), or
    None."""
    out = sorted(found)
    for hs, he in spans:
        before = [n for n in out if n[1] <= hs and (not text[n[1]:hs].strip()
                                                   or _ONE_WORD.fullmatch(text[n[1]:hs]))]
        if not before:
            continue
        n = before[-1]
        i = out.index(n)
        adjacent = not text[n[1]:hs].strip()
        scale = scale_of(text[n[0]:n[1]]) if adjacent else None
        after = next((m for m in out if m[0] >= he and not text[he:m[0]].strip()), None)
        after_scale = scale_of(text[after[0]:after[1]]) if after else None
        if scale:  # "a grand and a half", "hai nghìn rưỡi"
            out[i] = (n[0], he, n[2] + scale[0] / 2)
        elif adjacent and after and after_scale and after_scale[1] == text[after[0]:after[1]].strip():
            out[i] = (n[0], after[1], (n[2] + 0.5) * after_scale[0])  # "two and a half thousand"
            out.remove(after)
        elif adjacent:
            out[i] = (n[0], he, n[2] + 0.5)
        else:  # "two litres and a half": the number keeps its span (its unit follows it)
            out[i] = (n[0], n[1], n[2] + 0.5)
    return out
