"""A count corrected in a later turn after an apology, without a correction cue: "sorry only one carton",
"すみません 一カートンでした", "아 죄송해요 한 보루예요" (k20b's left item; issue 20).

The turn replaces the count of goods already told only when all of these hold; anything else keeps the stricter
reading (the larger count, or a second item), so a reduction never comes from a guess:
- an apology of its language (`[cues] apology` of locales/lexicon/<lang>.toml: "sorry", "すみません", "죄송" ...);
- none of the language's "also / another / more" words (`[cues] more`) nor a word joining more goods
  (`[cues] adds`: "and", "und", "和" ...): "sorry, I also have wine" adds wine;
- one new count: one item named with a count ("one carton", "一条"), or no goods named and one count with its unit;
- exactly one basket item is the same goods (same category, the same kind where both name one, the same unit where
  both have one): with two of them (the traveler's and the wife's wine) it is not known which one is meant.
"""

from __future__ import annotations

from collections.abc import Sequence

from kiosk.assistant.parser import ParsedQuestion
from kiosk.assistant.restate import _said
from kiosk.rules.model import Item


def _same(old: Item, category: str | None, kind: str | None, unit: str | None) -> bool:
    return ((category is None or old.category == category) and (kind is None or old.kind in (None, kind))
            and (unit is None or old.unit in (None, unit)))


def recount(norm: str, lang: str, parsed: ParsedQuestion, basket: Sequence[tuple[str, Item]]) -> tuple[str, float] | None:
    """(basket id, new count) when this turn corrects the count of one item already told; else None."""
    if not basket or not _said(norm, lang, "apology") or _said(norm, lang, "more") or _said(norm, lang, "adds"):
        return None
    counts = [q for q in parsed.quantities if q.kind == "count" and q.value]
    if len(counts) != 1 or any(q.kind in ("money", "volume", "weight") for q in parsed.quantities):
        return None
    if len(parsed.items) > 1 or parsed.unaccounted or parsed.injection:
        return None
    if parsed.items:
        new = parsed.items[0]
        if new.quantity != counts[0].value:
            return None
        same = [i for i, it in basket if _same(it, new.category, new.kind, new.unit or counts[0].unit)]
    elif counts[0].unit is not None:
        same = [i for i, it in basket if _same(it, counts[0].category, None, counts[0].unit) and it.unit]
    else:
        return None
    return (same[0], float(counts[0].value)) if len(same) == 1 else None
