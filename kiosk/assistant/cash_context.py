"""Cash said without its currency ("two grand in cash", "und noch zweitausend in bar", "y otros dos mil en
efectivo"): the amount is kept, never dropped. When the conversation has already named the currency of the
traveler's cash, that currency is assumed (the answer's basket shows it); otherwise the amount stays without a
currency and the kiosk asks for it. Never fewer: a second amount of cash is added, not merged into the first
("nine thousand dollars" then "another two grand" is 11,000 dollars, to declare)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from kiosk.rules.model import Item


def _amounts(quantities: Sequence[object]) -> list[float]:
    """Numbers of the turn with no unit and no goods of their own: "two grand", "zweitausend", "2000"."""
    out = []
    for q in quantities:
        kind, unit, cat = getattr(q, "kind", None), getattr(q, "unit", None), getattr(q, "category", None)
        value = getattr(q, "value", None)
        if kind in ("bare", "count") and unit is None and cat in (None, "cash") and isinstance(value, (int, float)):
            out.append(float(value))
    return out


def _names_currency(description: str) -> bool:
    from kiosk.assistant import lexicon as lx
    from kiosk.assistant.numbers import normalize_text

    words = {normalize_text(w).strip() for w in lx.CURRENCIES}
    return normalize_text(description).strip() in words


def said_currency(item: Item, quantities: Sequence[object], basket: Sequence[tuple[str, Item]]) -> Item:
    """The cash item of a turn with its amount when the turn says one amount and no currency: in the currency of
    the traveler's cash named before in the conversation, else without a currency (asked)."""
    if item.category != "cash" or item.value is not None or item.currency is not None:
        return item
    if any(getattr(q, "kind", None) == "money" for q in quantities) or _names_currency(item.description):
        return item  # "$300 and a few yen": a currency of its own is named, its amount unknown (asked)
    amounts = [v for v in _amounts(quantities) if v >= 10]  # "a"/"ein" is one: an article, no amount
    if item.quantity is not None and item.unit is None and item.quantity >= 10:  # "zweitausend in bar": a count
        amounts = [item.quantity]
    if len(amounts) != 1:
        return item
    known = [it.currency for _, it in basket if it.category == "cash" and it.currency and it.owner == item.owner]
    return replace(item, value=amounts[0], quantity=None, currency=known[-1] if known else None)


def more_cash(old: Item, new: Item, quantities: Sequence[object], basket: Sequence[tuple[str, Item]], norm: str,
              lang: str) -> Item | None:
    """A follow-up of cash that says a further amount ("and two thousand more", "und noch zweitausend"): that amount
    in the conversation's cash currency, to be added as a second amount (never merged away into the first); None
    when the turn is no such addition."""
    from kiosk.assistant.restate import said_more

    if old.category == "cash" and old.value is not None and old.currency is None and new.value is not None \
            and new.value != old.value:
        return new  # "nine grand in cash" (currency asked) - "and 5000 euros": more money, the nine still asked
    if old.category != "cash" or new.value is not None or not said_more(norm, lang):
        return None
    more = said_currency(new, quantities, basket)
    return more if more.value is not None and more.currency else None


def named_currency(norm: str) -> str | None:
    """The one currency a turn names ("dollars", "in euro", "달러로요"), None when none or several."""
    import re

    from kiosk.assistant import lexicon as lx
    from kiosk.assistant.numbers import normalize_text

    hits: dict[str, str] = {}
    for word, code in lx.CURRENCIES.items():
        w = normalize_text(word).strip()
        if w and (re.search(r"(?<!\w)" + re.escape(w) + r"(?!\w)", norm) if w.isascii() and w[:1].isalpha()
                  else w in norm):
            hits[w] = code
    # a word inside a longer one found too is not said on its own: 元 (yuan) inside 美元 (dollars)
    found = {code for w, code in hits.items() if not any(w != o and w in o for o in hits)}
    return found.pop() if len(found) == 1 else None


def answer_currency(pending: tuple[str, str | None] | None, basket: Sequence[tuple[str, Item]], norm: str,
                    quantities: Sequence[object]) -> tuple[str, str] | None:
    """The reply to "how much money, and in which currency?" about cash whose amount is known ("two grand in cash"
    - "dollars"): (item id, currency), or None. A reply with a number of its own ("and 5000 euros") is more money,
    read as any turn."""
    if pending is None or pending[0] != "amount" or quantities:
        return None
    item = dict(basket).get(str(pending[1]))
    if item is None or item.category != "cash" or item.value is None or item.currency is not None:
        return None
    code = named_currency(norm)
    return (str(pending[1]), code) if code else None


def more_after(basket: Sequence[tuple[str, Item]], quantities: Sequence[object], norm: str, lang: str) -> Item | None:
    """A turn naming no goods, only a further amount after cash ("and two thousand more"): that cash, or None."""
    if not basket:
        return None
    last = basket[-1][1]
    more = more_cash(last, Item("cash", "cash", owner=last.owner), quantities, basket, norm, lang)
    return None if more is None else replace(more, owner=last.owner)


def answer_amount(pending: tuple[str, str | None] | None, basket: Sequence[tuple[str, Item]], norm: str,
                  quantities: Sequence[object], named: bool) -> tuple[str, float, str | None] | None:
    """The reply to "how much money?" about cash told without an amount ("I have some dollars" - "two thousand",
    "zweitausend", "两千"): (item id, amount, currency), the currency the cash was named in ("dollars") or the
    reply's own; None when the turn names goods (`named`), says money with its currency (read as a follow-up) or
    is no single amount. The amount is never dropped: a reply that is only a number answers the question."""
    from kiosk.assistant.numbers import normalize_text

    if pending is None or pending[0] != "amount" or named or any(getattr(q, "kind", None) == "money"
                                                               for q in quantities):
        return None
    item = dict(basket).get(str(pending[1]))
    if item is None or item.category != "cash" or item.value is not None:
        return None
    amounts = [v for v in _amounts(quantities) if v >= 10]  # "one"/"a" is no amount of money
    if len(amounts) != 1:
        return None
    currency = item.currency or named_currency(normalize_text(item.description)) or named_currency(norm)
    return str(pending[1]), amounts[0], currency
