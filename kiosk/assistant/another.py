""""And another one of fifty": one more item of the kind told last (issue 20 item 0).

After goods were told, a turn made of an "another" word (`[cues] another` of locales/lexicon/<lang>.toml: "another
(one)", "otra", "un autre", "noch eins", "ещё одна", "còn một", "另一瓶", "もう一本", "하나 더", "อีกขวด") and an
amount, with no goods word of its own, is one more item of the last item's kind. Its size is the amount said; a
number said without a unit is a size in the last item's unit (a perfume's mL, a bottle's litres) when the result is
a size such goods have, its price in the last item's currency when the last item had a price and no size. Anything
else is not guessed: the turn is `unplaced` and the conversation asks (never a silent "allowed").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from kiosk.assistant import lexicon as lx
from kiosk.assistant.long_text import parse_long
from kiosk.assistant.numbers import normalize_text
from kiosk.assistant.parser import ParsedQuestion
from kiosk.assistant.restate import said_more
from kiosk.rules.model import Item

# sizes (mL, per piece) a bare number may give; outside them the unit is not clear and the size is asked
_SIZES: dict[str, tuple[float, float]] = {"perfume": (1.0, 1000.0), "alcohol": (20.0, 5000.0)}
_NO_ANOTHER = ("cash", "unknown")  # "and another 300" after cash is more cash (cash_context.more_after)


@dataclass(frozen=True)
class Another:
    item: Item | None
    """The one more item; None when a number was said that cannot be placed (then the turn is asked about)."""


def _patterns(lang: str) -> list[re.Pattern[str]]:
    """The "another" cues of a language, longest first ("another one" before "another")."""
    parts: list[str] = []
    for w in lx.cues(lang, "another"):
        if w.startswith("re:"):
            parts.append(w[3:])
            continue
        cue = re.escape(normalize_text(w)).replace(r"\ ", r"\s+")
        spaced = lang in lx.SPACED or normalize_text(w).isascii()
        parts.append(r"(?<!\w)" + cue + r"(?!\w)" if spaced else cue)
    return [re.compile(p) for p in sorted(parts, key=len, reverse=True)]


def cue_spans(norm: str, lang: str) -> list[tuple[int, int]]:
    """Where the turn says "another (one)": one span per cue that matches, the longest cue first."""
    return [(m.start(), m.end()) for p in _patterns(lang) if (m := p.search(norm))]


def _per(x: float | None, n: float) -> float | None:
    return None if x is None else x / n


def _bare_size(last: Item, n: float) -> float | None:
    """A number said without a unit as a size in the last item's unit, when it is a size such goods have."""
    if last.category not in _SIZES:
        return None
    low, high = _SIZES[last.category]
    if last.volume_ml is None:  # no unit told before: the one of mL and L that gives such a size
        fits = [size for size in (n, n * 1000) if low <= size <= high]
        return fits[0] if len(fits) == 1 else None
    size = n * 1000 if last.volume_ml / (last.quantity or 1) >= 1000 else n
    return size if low <= size <= high else None


def another(text: str, lang: str, parsed: ParsedQuestion, basket: Sequence[tuple[str, Item]],
            correcting: bool = False) -> Another | None:
    """The one more item this turn tells, `Another(None)` when its amount cannot be placed, None when the turn
    is no "another" turn (no cue, goods named, nothing told before, words not understood)."""
    if not basket or not _no_goods(parsed, basket[-1][1]):
        return None
    last = basket[-1][1]
    norm = normalize_text(text)
    if last.category in _NO_ANOTHER:
        return None
    alone = False
    for start, end in cue_spans(norm, lang):  # "another one liter bottle": "another" + "one liter"
        rest = parse_long(norm[:start] + " , " + norm[end:], lang)
        if not _no_goods(rest, last) or rest.unaccounted:
            continue
        if (got := _placed(rest, last)) is not None:
            return got
        if not any(q.kind in ("volume", "weight", "money") for q in parsed.quantities):
            alone = True  # the longest cue read with nothing else: "another one" is not "another" + 1 mL
            break  # (but "another one liter bottle" is "another" + "one liter": its size is read on)
    if alone:  # "and another carton", "하나 더 있어요": one more, its size and price not said (asked or assumed)
        return Another(Item(last.category, last.description, quantity=1.0, unit=last.unit, kind=last.kind,
                            owner=last.owner))
    if not correcting and not parsed.unaccounted and said_more(norm, lang) and _more_of_a_fact(parsed, last):
        return _placed(parsed, last)  # "and also fifty ml" after 100 mL: 50 mL more, never the 100 replaced
    return None  # no cue, or goods or a word not understood beside it: read as any turn


def _no_goods(parsed: ParsedQuestion, last: Item) -> bool:
    """No goods word: none parsed, or only the last item's kind that a unit implies ("한 보루": cigarettes)."""
    return not parsed.items or (parsed.mentions == 0 and all(it.category == last.category for it in parsed.items))


def _more_of_a_fact(parsed: ParsedQuestion, last: Item) -> bool:
    """Sizes only (no bare number), each one a fact the last item already has: with an "also / more" word
    (`[cues] more`) they are one more item's, not a new size for the last one."""
    sizes = [q for q in parsed.quantities if q.kind in ("volume", "weight", "money")]
    field = {"volume": last.volume_ml, "weight": last.weight_g, "money": last.value}
    return bool(sizes) and not any(q.kind == "bare" for q in parsed.quantities) and all(
        field[q.kind] is not None for q in sizes)


def _placed(rest: ParsedQuestion, last: Item) -> Another | None:
    amounts = [q for q in rest.quantities if q.kind != "age"]
    if not amounts:
        return None  # "and another" alone: no size said, read as before
    counts = [q for q in amounts if q.kind == "count" and q.unit is not None]
    bare = [q for q in amounts if q.kind == "bare"]
    sizes = [q for q in amounts if q.kind in ("volume", "weight", "money")]
    if bare and not counts and len(bare) + bool(sizes) == 2 and bare[0].value.is_integer() and bare[0].value <= 10:
        counts, bare = [bare[0]], bare[1:]  # "otras dos de cincuenta", "another two of 750 ml": two more, each
    if len(counts) > 1 or len(bare) > 1 or (bare and sizes) or len({q.kind for q in sizes}) < len(sizes):
        return Another(None)
    n = counts[0].value if counts else 1.0
    unit = counts[0].unit if counts and last.category != "cigarettes" else last.unit  # a carton stays a carton
    item = Item(last.category, last.description, quantity=n, unit=unit, kind=last.kind, owner=last.owner)
    for q in sizes:
        if q.kind == "volume":
            item = _with(item, volume_ml=q.value * n)
        elif q.kind == "weight":
            item = _with(item, weight_g=q.value * n)
        else:
            item = _with(item, value=q.value * n, currency=q.unit or last.currency)
    if bare:
        size = _bare_size(last, bare[0].value)
        if size is not None:
            item = _with(item, volume_ml=size * n)
        elif last.volume_ml is None and last.value is not None and last.currency:
            item = _with(item, value=bare[0].value * n, currency=last.currency)
        else:
            return Another(None)
    return Another(item)


def _with(item: Item, **facts: float | str | None) -> Item:
    return replace(item, **facts)  # type: ignore[arg-type]


def dropped_number(parsed: ParsedQuestion, norm: str, basket: Sequence[tuple[str, Item]]) -> bool:
    """The turn holds a number, an amount or a size (in words or digits) that is no fact of any basket item
    ("it is 100 ml" said again of the 100 mL perfume is placed)."""
    facts = {f for _, it in basket for f in (it.quantity, it.volume_ml, it.value, it.weight_g) if f is not None}
    facts |= {f / 1000 for f in facts}  # a size in litres, a weight in kg
    if not parsed.quantities:
        return any(ch.isdigit() for ch in norm)
    return any(q.value not in facts for q in parsed.quantities if q.kind != "age")
