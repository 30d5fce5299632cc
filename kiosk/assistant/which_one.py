"""A count corrected after an apology or a correction cue that could apply to two items: "sorry only one" with
whisky and wine in the basket, "entschuldigung nur eine", "すみません 一本だけです" with two kinds of bottles (issue 20,
k20c's left item). The kiosk never guesses which count is meant: the answer is "unclear" with the question "Which
one did you mean: whisky, wine?" (locales/rules/<lang>.toml `[text] which_one`), and the reply that names one of
them ("the whisky", "威士忌") gets the count. A reply that names none of them is read as any turn, and the basket keeps
the larger counts (the stricter reading).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kiosk.assistant.intent import has_cue
from kiosk.assistant.numbers import normalize_text
from kiosk.assistant.parser import ParsedQuestion
from kiosk.assistant.restate import _said
from kiosk.rules.model import Item
from kiosk.rules.party import ME

_ANY_UNIT = (None, "piece")  # "one", "一本" / "一つ": a count that names no kind of container


@dataclass(frozen=True)
class Which:
    """The question pending: the count said, and the basket ids it could belong to."""

    count: float
    ids: tuple[str, ...]


def ambiguous(norm: str, lang: str, parsed: ParsedQuestion, basket: Sequence[tuple[str, Item]]) -> Which | None:
    """A Which when this turn corrects a count (an apology or a correction cue, one count, no goods named, nothing
    else) and basket items hold more than that count of the unit said: with one such item the count is its own
    ("three bottles of wine" - "no wait, two"), with two or more the kiosk asks which; else None."""
    if not basket or not (_said(norm, lang, "apology") or has_cue(norm, lang, "correct")):
        return None
    if _said(norm, lang, "more") or _said(norm, lang, "adds") or parsed.items or parsed.unaccounted \
            or parsed.injection:
        return None
    counts = [q for q in parsed.quantities if q.kind in ("count", "bare") and q.value]
    if len(counts) != 1 or any(q.kind in ("money", "volume", "weight") for q in parsed.quantities):
        return None
    count, unit = float(counts[0].value), counts[0].unit
    ids = tuple(i for i, it in basket if it.quantity is not None and it.quantity > count
                and (unit in _ANY_UNIT or it.unit in (None, unit)))
    cats = {it.category for i, it in basket if i in ids}
    if any(len({it.owner for _, it in basket if it.category == c}) > 1 for c in cats):
        # the traveler's and a member's cigarettes: whose count is meant is not known, asked (k20c: never a guess)
        ids = tuple(i for i, it in basket if it.category in cats)
    return Which(count, ids) if ids else None


def picked(which: Which, norm: str, parsed: ParsedQuestion, basket: Sequence[tuple[str, Item]]) -> str | None:
    """The basket id the reply names ("the whisky", "威士忌", "la de vino"), when it names exactly one of them."""
    items = dict(basket)
    hits = {i for i in which.ids for new in parsed.items
            if items[i].category == new.category and (new.kind is None or items[i].kind in (None, new.kind))}
    if len(hits) != 1:  # two of the same kind named, or none: by the words the traveler used for them
        hits = {i for i in which.ids if (d := normalize_text(items[i].description).strip()) and d in norm}
    return hits.pop() if len(hits) == 1 else None


def choices(which: Which, basket: Sequence[tuple[str, Item]], label: object = None) -> list[str]:
    """The items asked about, in the traveler's words (a member's with the member's name: `label(owner)`)."""
    items = dict(basket)
    out = []
    for i in which.ids:
        it = items[i]
        name = it.description
        if callable(label) and it.owner != ME:
            name = f"{name} ({label(it.owner)})"
        out.append(name)
    return out
