"""Sentence splitting for every script the kiosk supports (Latin, Hangul, CJK, Thai, Devanagari, Arabic)."""

from __future__ import annotations

import re

# End of sentence: ASCII . ! ? followed by space, or CJK / Devanagari / Arabic full stops (no space needed).
_SPLIT = re.compile(r"(?<=[.!?;])\s+|(?<=[。！？；…।؟])\s*|\n+")
# Languages written without spaces between sentences.
NO_SPACE_JOIN = frozenset({"zh", "ja", "th"})


def split_sentences(text: str, max_chars: int = 400) -> list[str]:
    """Split into sentences; a sentence longer than max_chars is cut at a comma or space near the limit."""
    out: list[str] = []
    for sent in _SPLIT.split(text.strip()):
        sent = sent.strip()
        while len(sent) > max_chars:
            cut = max(sent.rfind(c, 0, max_chars) for c in (",", "，", "、", " "))
            cut = cut + 1 if cut > max_chars // 4 else max_chars
            out.append(sent[:cut].strip())
            sent = sent[cut:].strip()
        if sent:
            out.append(sent)
    return out


def join_sentences(parts: list[str], lang: str) -> str:
    return ("" if lang in NO_SPACE_JOIN else " ").join(p for p in parts if p)
