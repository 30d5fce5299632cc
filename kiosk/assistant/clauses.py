"""Parser stages 5-6: cut the question into item clauses (punctuation, "and"/"et"/"und"/"와"/"和"/"と"...) and
attach each quantity to the fitting mention in its own clause, else to the nearest fitting one in the question."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from kiosk.assistant import lexicon as lx
from kiosk.assistant.mentions import PURCHASE_VERBS, Mention
from kiosk.assistant.numbers import alt, normalize_text, spaced
from kiosk.assistant.quantities import Quantity

_PUNCT_SEP = r"(?<!\d)[,.]|[,.](?!\d)|[;!?\n，、；。！？:：]"


@functools.lru_cache(maxsize=32)
def _separator_regex(lang: str) -> re.Pattern[str]:
    words = [normalize_text(w) for w in lx.CLAUSE_SEPARATORS.get(lang, ())]
    parts = [_PUNCT_SEP]
    if words:
        body = alt(words)
        parts.append(rf"(?<![\w])(?:{body})(?![\w])" if spaced(lang) else f"(?:{body})")
    return re.compile("|".join(parts))


def clause_cuts(text: str, lang: str, mentions: list[Mention]) -> list[int]:
    """Positions where a new item clause starts ("..., and ...", "和", "하고", "と").

    A separator inside a category term ("사과" ends in the particle 과) or inside a number ("5,000") is no cut;
    in Japanese a と/や glued to hiragana is part of a word unless a category term ends right before it."""
    cuts: list[int] = []
    ends = {m.end for m in mentions}
    for m in _separator_regex(lang).finditer(text):
        s = m.start()
        if any(mn.start < s < mn.end for mn in mentions):
            continue
        if lang == "ja" and m.group(0) in ("と", "や") and s > 0 and "\u3041" <= text[s - 1] <= "\u309f" \
                and s not in ends:
            continue
        cuts.append(s)
    return cuts


def attach(q: Quantity, mentions: list[Mention], clause_of: Callable[[int], int] | None = None) -> Mention | None:
    """The mention a quantity belongs to: the best one in the quantity's own clause, else in the whole question."""
    if not mentions:
        return None
    if q.category:
        after = [m for m in mentions if m.start >= q.end and m.category == q.category]
        if after:
            return min(after, key=lambda m: m.start - q.end)
    if clause_of is not None:
        qc = clause_of(q.start)
        same = [m for m in mentions if clause_of(m.start) == qc]
        if same:
            local = _attach_among(q, same, strict=True)
            if local is not None:
                return local
            glob = _attach_among(q, mentions, strict=True)
            if glob is not None:
                return glob
            return _attach_among(q, same, strict=False)
    return _attach_among(q, mentions, strict=False)


def _attach_among(q: Quantity, mentions: list[Mention], strict: bool) -> Mention | None:
    """Nearest fitting mention; strict: only a category the quantity suits (money -> goods/cash, ml -> liquids)."""
    if not mentions:
        return None

    def dist(m: Mention) -> float:
        if m.start >= q.end:
            d = m.start - q.end
        elif m.end <= q.start:
            d = q.start - m.end
        else:
            d = 0
        return d

    def dist_money(m: Mention) -> float:  # prefer concrete goods over a bare "bought" (prices and counts alike)
        return dist(m) + (25 if m.text.strip() in PURCHASE_VERBS else 0)

    fits = _FITS.get(q.kind)
    pref = [m for m in mentions if m.category in fits] if fits else mentions
    if strict and not pref:
        return None
    return min(pref or mentions, key=dist_money if q.kind in ("money", "count") else dist)


# money belongs to goods/cash, not to weapons or quarantine words; volumes to liquids; weights to loose goods
_FITS: dict[str, tuple[str, ...]] = {
    "money": ("general", "cash", "alcohol", "perfume", "personal_effects", "cigarettes", "cigars", "heated_tobacco"),
    "volume": ("alcohol", "perfume", "nicotine_liquid"),
    "weight": ("tobacco_other", "meat", "fruit", "vegetable", "seed", "soil"),
}
