"""A goods word named again with a new amount and a past copula is a correction, not a second item (issue 20 item 3).

"아 목걸이는 사십만 원이었어요", "ドルは三千ドルでした", "les chaussures c'était quatre vingt dollars": the traveler
restates the amount of goods already in the basket. Without a correction cue ("no wait", "아니") these were read as
a second necklace, a second dollar amount, a second pair of shoes, so the basket held both amounts.

Only when the turn names exactly one item, it carries an amount, the turn holds a past copula of its language
(`[cues] restate` of locales/lexicon/<lang>.toml: "was", "이었", "でした", "c'était" ...) and none of the language's
"also / another / more" words (`[cues] more`), and exactly one basket item is the same goods (same category and the
same goods word; for cash: the same currency). Anything else stays a new item, the stricter reading.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from kiosk.assistant import lexicon as lx
from kiosk.assistant.numbers import normalize_text
from kiosk.rules import Item

FACT_FIELDS = ("quantity", "volume_ml", "value", "weight_g")


def _said(norm: str, lang: str, name: str) -> bool:
    """A cue of `name` in the turn: a whole word where words are spaced, else as written."""
    for w in lx.cues(lang, name):
        cue = normalize_text(w)
        if lang in lx.SPACED or cue.isascii():
            if re.search(r"(?<!\w)" + re.escape(cue) + r"(?!\w)", norm):
                return True
        elif cue in norm:
            return True
    return False


def _same(old: Item, new: Item) -> bool:
    if old.category != new.category:
        return False
    if new.category == "cash":
        return old.currency is not None and old.currency == new.currency
    return normalize_text(old.description) == normalize_text(new.description)


def restated(items: Sequence[Item], basket: Sequence[tuple[str, Item]], norm: str, lang: str) -> str | None:
    """The id of the basket item whose amount this turn restates, or None (then the goods are a new item)."""
    if len(items) != 1 or not any(getattr(items[0], f) is not None for f in FACT_FIELDS):
        return None
    if not _said(norm, lang, "restate") or _said(norm, lang, "more"):
        return None
    same = [i for i, it in basket if _same(it, items[0])]
    return same[0] if len(same) == 1 else None


def said_more(norm: str, lang: str) -> bool:
    """An "also / another / more" word in the turn (`[cues] more`)."""
    return _said(norm, lang, "more")
