"""Numbers must survive translation: a model translation whose numbers differ from the source's is rejected.

Numbers are read with the kiosk's one number reader (kiosk.assistant.numbers.numbers: digits, "두", "만 오천",
"three", "三" in the languages it knows, digits of any script — Arabic-Indic, Devanagari, Thai — otherwise).
A thousands separator or currency sign does not matter: "10,000원" and "10000 won" both carry 10000.
"""

from __future__ import annotations

from collections import Counter

from kiosk.assistant.numbers import PARSER_LANGS, normalize_text, numbers


def numbers_in(text: str, lang: str) -> Counter[float]:
    """The numbers in text as a multiset of values (kiosk.assistant.numbers.numbers: the kiosk's one reader)."""
    t = normalize_text(text)
    found = numbers(text, lang)
    if lang in PARSER_LANGS:
        # a spelled-out "one" ("a watch", "한 개") often disappears in a good translation: only digits count for 1
        found = [(s, e, v) for s, e, v in found if v != 1 or any(c.isdigit() for c in t[s:e])]
    return Counter(round(v, 6) for _, _, v in found)


def number_mismatch(source: str, source_lang: str, translation: str, target_lang: str) -> str:
    """'' when the translation carries exactly the source's numbers, else the reason (numbers only, no text)."""
    src, out = numbers_in(source, source_lang), numbers_in(translation, target_lang)
    if src == out:
        return ""

    def show(c: Counter[float]) -> str:
        vals = sorted(c.elements())
        return "[" + ", ".join(f"{v:g}" for v in vals) + "]"

    return f"numbers differ: source {show(src)}, translation {show(out)}"
