"""Parser stage 7: mentions with their amounts become Items (personal effect or bought, per-unit prices, typical
units, the traveler's own spelling), a bare purchase word next to real goods dropped."""

from __future__ import annotations

import re
from collections.abc import Callable

from kiosk.assistant import lexicon as lx
from kiosk.assistant.clauses import attach
from kiosk.assistant.mentions import PURCHASE_ONLY, Mention
from kiosk.assistant.numbers import normalize_text, words
from kiosk.assistant.quantities import Quantity
from kiosk.rules.model import Item


def _own_or_bought(m: Mention, clause: str, before: str) -> str:
    """"my own laptop" stays a personal effect; one with a price, bought, or new counts toward the allowance.

    Its own clause decides first; else the nearest cue before it ("I bought wine and clothes" -> bought,
    "I have my own laptop and clothes" -> own); with no cue at all it is a personal effect."""
    if m.value is not None or any(w in clause for w in words("PURCHASE_WORDS")):
        return "general"
    if any(w in clause for w in words("OWN_WORDS")):
        return "personal_effects"
    last_buy = max((before.rfind(w) for w in words("PURCHASE_WORDS")), default=-1)
    last_own = max((before.rfind(w) for w in words("OWN_WORDS")), default=-1)
    return "general" if last_buy > last_own else "personal_effects"


def _to_item(m: Mention, cat: str, total_words: bool, purchase: bool, original: str = "") -> Item:
    qty, unit, vol = m.quantity, m.unit, m.volume_ml
    if cat in ("alcohol", "perfume"):
        if qty is not None and vol is not None and qty > 1 and not m.volume_total:
            vol = vol * qty  # "two 1 L bottles" = per bottle
        if qty is None and vol is not None:
            qty = 1.0
        unit = "bottle" if qty is not None else unit
    elif cat == "cigarettes":
        unit = unit if unit in ("carton", "pack", "box") else "cigarette" if qty is not None else unit
    elif cat == "cigars":
        unit = "cigar" if qty is not None and unit not in ("box", "pack") else unit
    elif cat == "heated_tobacco":
        unit = unit if unit in ("carton", "pack", "box") else "stick" if qty is not None else unit
    elif cat == "medicine" and qty is not None:
        unit = unit or "container"
    value = m.value
    if value is not None and m.value_each and qty is not None and qty > 1:
        value = value * qty
    desc = m.text
    if original and len(original) == len(normalize_text(original)) and original[m.start:m.end].lower() == m.text:
        desc = original[m.start:m.end]  # the traveler's own spelling ("iPhone")
    kind = None
    if cat == "alcohol":
        kind = next((k for k, terms in lx.ALCOHOL_KINDS.items() if any(normalize_text(w) in m.text for w in terms)),
                    "alcohol")
    return Item(category=cat, description=desc.strip() or cat, quantity=qty, unit=unit, volume_ml=vol,
                value=value, currency=m.currency, weight_g=m.weight_g, kind=kind)


def _drop_bare_purchase(items: list[Item]) -> list[Item]:
    """Drop a bare purchase word ("bought") standing next to the goods it refers to."""
    out = list(items)
    # "I bought two bottles of wine": the purchase word is not a separate item when other goods are named
    if len(out) > 1:
        bare = [i for i in out if i.category == "general" and i.value is None
                and normalize_text(i.description) in PURCHASE_ONLY]
        if len(bare) < len(out):
            out = [i for i in out if i not in bare]
    return out


def _without(text: str, drop: frozenset[str] | set[str], is_spaced: bool) -> str:
    """`text` with the words of `drop` blanked out (whole words in a spaced language)."""
    for w in sorted(drop, key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(w)}(?!\w)", " ", text) if is_spaced else text.replace(w, " ")
    return text


def drop_rates(quantities: list[Quantity]) -> tuple[list[Quantity], set[int]]:
    """"20 dollars a bottle" / "한 병에 100달러": a single unit next to a price is a rate, not one more bottle.
    Returns the quantities without those units, and the starts of the prices that are per unit."""
    rate_money: set[int] = set()
    money = [q for q in quantities if q.kind == "money"]
    kept: list[Quantity] = []
    for q in quantities:
        if q.kind == "count" and q.value == 1 and q.category is None and q.unit:
            adj = [m for m in money if 0 <= q.start - m.end <= 3 or 0 <= m.start - q.end <= 3]
            # "와인 세 병, 한 병에 1리터": one bottle beside a volume, after the count, is per bottle too
            per_volume = any(o.kind == "volume" and (0 <= o.start - q.end <= 3 or 0 <= q.start - o.end <= 3)
                             for o in quantities)
            # only after the goods were counted ("두 병, 한 병에 100달러"); "위스키 한 병 100달러" is one bottle
            counted = any(o.kind == "count" and o.unit == q.unit and o.end <= q.start for o in quantities)
            if (adj or per_volume) and counted:
                rate_money.update(m.start for m in adj)
                continue
        kept.append(q)
    return kept, rate_money


def assign(t: str, quantities: list[Quantity], mentions: list[Mention], clause_of: Callable[[int], int],
           purchase: bool, rate_money: set[int], lang: str = "") -> None:
    """Each amount into the mention it belongs to (a price, a volume, a weight, a count); an amount with no fitting
    mention makes one (money: cash, or general goods when something was bought; "two cartons": cigarettes)."""
    for q in quantities:
        if q.kind in ("age", "bare"):
            continue
        target = attach(q, mentions, clause_of)
        if q.kind == "money" and target is not None and target.category != "cash" and not purchase \
                and clause_of(target.start) != clause_of(q.start) and _joined(t, q.start, lang) \
                and not _after_price_word(t, q.start) and target.end <= q.start and not any(
                    o.kind in ("volume", "weight", "money") and target.end <= o.start < q.start for o in quantities):
            # "виски и 5000 долларов", "whisky and 5000 dollars", "威士忌一瓶和5000美元": money joined on after the
            # goods (and their count) is cash, not their price; after a size it goes on describing them ("one
            # liter and fifty dollars")
            target = None
        if target is None:
            if q.kind == "money":
                priced = purchase or _after_price_word(t, q.start)
                target = Mention("general" if priced else "cash", q.start, q.end, "")
            elif q.kind == "count" and q.unit in lx.UNIT_CATEGORY:
                target = Mention(lx.UNIT_CATEGORY[q.unit], q.start, q.end, "")
            else:
                continue
            mentions.append(target)
        if q.kind == "money":
            _assign_money(t, q, target, mentions, rate_money)
        elif q.kind == "volume":
            target.volume_ml = (target.volume_ml or 0) + q.value
            before = re.split(r"[,;，、。；:]", t[max(0, q.start - 12):q.start])[-1]
            after = re.split(r"[,;，、。；:]", t[q.end:q.end + 14])[0]
            near = before + " " + after
            target.volume_total = any(w in near for w in words("TOTAL_WORDS")) and not any(
                w in near for w in words("PER_UNIT_WORDS"))
        elif q.kind == "weight":
            target.weight_g = (target.weight_g or 0) + q.value
        elif q.kind == "count":
            if target.quantity is not None and target.unit != q.unit:
                continue  # "one carton, 200 sticks": the same goods counted twice
            if target.category == "tobacco_other" and lx.UNIT_CATEGORY.get(str(q.unit)) == "cigarettes":
                target.category = "cigarettes"  # "dos cartones de tabaco": tobacco counted in cartons is cigarettes
            target.quantity = (target.quantity or 0) + q.value
            target.unit = target.unit or q.unit


def _joined(t: str, start: int, lang: str) -> bool:
    """An amount right after a word joining more goods ("and", "и", "und", "和", "이랑": `[cues] adds`)."""
    head = t[max(0, start - 8):start].rstrip()
    return bool(lang) and any(re.search(rf"(?<!\w){re.escape(w)}$", head) if lang in lx.SPACED
                              else head.endswith(w) for w in lx.cues(lang, "adds"))


def _after_price_word(t: str, start: int) -> bool:
    """An amount right after a price word is what goods cost, never cash ("сумку маме за 400 долларов", "a scarf
    for 400 dollars": an unknown goods word must not leave 400 dollars of cash, within its limit, "allowed")."""
    head = t[max(0, start - 12):start].rstrip()
    return any(re.search(rf"(?<!\w){re.escape(w)}$", head) for w in words("PRICE_BEFORE"))


def _assign_money(t: str, q: Quantity, target: Mention, mentions: list[Mention], rate_money: set[int]) -> None:
    if target.value is not None and target.currency == q.unit:
        target.value += q.value
        target.value_each = False  # several prices for one kind of goods: their sum is the total
    elif target.value is not None:  # a second currency: a separate mention of the same category
        mentions.append(Mention(target.category, q.start, q.end, target.text, value=q.value, currency=q.unit))
    else:
        target.value, target.currency = q.value, q.unit
        after = t[q.end:q.end + 14]
        total_after = any(w in after for w in words("TOTAL_WORDS"))
        target.value_each = q.start in rate_money or (not total_after and (
            any(w in after for w in words("PER_UNIT_WORDS"))
            or any(t[:q.start].rstrip().endswith(w) for w in words("PER_UNIT_BEFORE"))))


def to_items(t: str, text: str, mentions: list[Mention], cuts: list[int], clause_of: Callable[[int], int],
             purchase: bool) -> list[Item]:
    """One Item per mention with data (empty duplicates of a category dropped; a priceless goods word in a clause
    of its own stays an item, so its missing value keeps the answer "unclear")."""
    total_words = any(w in t for w in words("TOTAL_WORDS")) and not any(w in t for w in words("PER_UNIT_WORDS"))
    bounds = [0, *cuts, len(t)]
    for m in mentions:
        if m.category == "personal_effects":
            c = clause_of(m.start)
            clause = t[bounds[c]:bounds[c + 1]]
            m.category = _own_or_bought(m, clause, t[:m.start])
    _total_over_list(t, mentions)
    items: list[Item] = []
    by_cat: dict[str, list[Mention]] = {}
    for m in mentions:
        by_cat.setdefault(m.category, []).append(m)
    for cat, ms in by_cat.items():
        full = [m for m in ms if m.has_data()]
        keep = full or [next((m for m in ms if m.text.strip() not in PURCHASE_ONLY), ms[0])]
        # a goods word with no price in a clause of its own is one more item whose value is missing, not a
        # repeat ("a watch for 400 dollars and jewelry"): never "allowed" for it
        # (every category but one's own medicine, "my insulin and 3 boxes of pills": "a carton of Marlboro and
        # some Winston" is not one carton, "$500 and some euros" not $500: the second one's amount is asked)
        for m in ms if cat != "medicine" else ():
            if m in keep or m.text.strip() in PURCHASE_ONLY or (cat != "general" and m.text.strip() == cat):
                continue
            if any(k.text.strip() == m.text.strip() or clause_of(k.start) == clause_of(m.start) for k in keep):
                continue
            keep.append(m)
        for m in sorted(keep, key=lambda x: x.start):
            items.append(_to_item(m, cat, total_words, purchase, text))
    return _drop_bare_purchase(items)


def _total_over_list(t: str, mentions: list[Mention]) -> None:
    """"sweaters and toys, about 300 dollars in total", "과자랑 화장품 5만원어치": one amount said as a total after a
    list of general goods is the value of them all (one item), not the last one's with the others priceless.
    Only with a total word (or Korean 어치, "worth of") and only when the amount follows every one of them."""
    general = [m for m in mentions if m.category == "general" and m.text.strip() not in PURCHASE_ONLY]
    priced = [m for m in general if m.value is not None]
    if len(general) < 2 or len(priced) != 1 or any(m.has_data() for m in general if m is not priced[0]):
        return
    last = priced[0]
    if last is not max(general, key=lambda m: m.start):
        return
    after = t[last.end:]
    if not any(w in t for w in words("TOTAL_WORDS")) and "어치" not in after:
        return
    first = min(general, key=lambda m: m.start)
    joined = Mention("general", first.start, last.end, " + ".join(m.text.strip() for m in general),
                     quantity=None, value=last.value, currency=last.currency)
    for m in general:
        mentions.remove(m)
    mentions.append(joined)
    mentions.sort(key=lambda m: m.start)

