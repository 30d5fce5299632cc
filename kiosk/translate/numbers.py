"""Numbers must survive translation: a model translation whose numbers differ from the source's is rejected.

Numbers are read with the kiosk's deterministic number parser (digits, "두", "만 오천", "three", "三") for the
languages it knows, and as digits of any script (Arabic-Indic, Devanagari, Thai ... via unicodedata) otherwise.
A thousands separator or currency sign does not matter: "10,000원" and "10000 won" both carry 10000.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from kiosk.assistant.parser import find_numbers

_PARSER_LANGS = frozenset({"ko", "en", "zh", "ja", "es", "fr", "ru", "vi", "th", "de", "it", "pt", "id"})
_DIGIT_RUN = re.compile(r"\d+(?:[.,\u00a0\u202f' ]\d{3})*(?:[.,]\d+)?")


def _ascii_digits(text: str) -> str:
    text = text.replace("\u066c", ",").replace("\u066b", ".")  # Arabic thousands / decimal separators
    return "".join(str(unicodedata.decimal(c)) if c.isdigit() and unicodedata.decimal(c, None) is not None else c
                   for c in text)


def numbers_in(text: str, lang: str) -> Counter[float]:
    """The numbers in text as a multiset of values."""
    t = _ascii_digits(unicodedata.normalize("NFKC", text))
    if lang in _PARSER_LANGS:
        # a spelled-out "one" ("a watch", "한 개") often disappears in a good translation: only digits count for 1
        return Counter(round(v, 6) for s, e, v in find_numbers(t, lang)
                       if v != 1 or any(c.isdigit() for c in t[s:e]))
    out: Counter[float] = Counter()
    for m in _DIGIT_RUN.finditer(t):
        raw = re.sub(r"[\u00a0\u202f' ]", "", m.group(0))
        if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", raw):
            raw = raw.replace(",", "")
        elif re.fullmatch(r"\d{1,3}(\.\d{3})+(,\d+)?", raw):
            raw = raw.replace(".", "").replace(",", ".")
        else:
            raw = raw.replace(",", ".")
        try:
            out[round(float(raw), 6)] += 1
        except ValueError:
            continue
    return out


def number_mismatch(source: str, source_lang: str, translation: str, target_lang: str) -> str:
    """'' when the translation carries exactly the source's numbers, else the reason (numbers only, no text)."""
    src, out = numbers_in(source, source_lang), numbers_in(translation, target_lang)
    if src == out:
        return ""

    def show(c: Counter[float]) -> str:
        vals = sorted(c.elements())
        return "[" + ", ".join(f"{v:g}" for v in vals) + "]"

    return f"numbers differ: source {show(src)}, translation {show(out)}"
