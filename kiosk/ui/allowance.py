"""The basket's running totals against the limits, for the ask screen (Qt-free).

Every limit comes from the rule table in force on the arrival date (`RuleEngine.table`): the general allowance
(goods without a separate limit, USD 800 in Korea), alcohol (litres and value) and tobacco (one kind only). Nothing
here decides a verdict: each item keeps the verdict the conversation gave it; these lines only show how far the
traveler is from each limit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kiosk.assistant import BasketItem
from kiosk.declaration.wording import MEASURES, TOBACCO_COUNT, count, measure, money
from kiosk.rules.engine import PER_UNIT, TOBACCO_KEY, RuleEngine, from_usd
from kiosk.rules.schema import TOBACCO, Rule

NBSP = "\u00a0"
TOBACCO_UNIT = {"tobacco_g": "g", "nicotine_ml": "mL", **TOBACCO_COUNT}
EDIT_STEPPERS: dict[str, tuple[str, ...]] = {  # what a traveler may correct on an item of a category
    "alcohol": ("quantity", "volume", "value"), "perfume": ("quantity", "volume", "value"),
    "cash": ("value",), "general": ("value",), "personal_effects": ("value",), "nicotine_liquid": ("volume",),
}
DEFAULT_STEPPERS = ("quantity",)


@dataclass(frozen=True)
class LimitLine:
    """One running total: catalog key, its placeholder values (formatted), and where it stands."""

    key: str
    values: tuple[tuple[str, str], ...]
    state: str
    """"within", "over" or "unknown" (an item without the fact that counts)."""

    def fmt(self) -> dict[str, str]:
        return dict(self.values)


def steppers(item: BasketItem) -> tuple[str, ...]:
    return EDIT_STEPPERS.get(item.category, DEFAULT_STEPPERS)


def _sum(xs: list[float | None]) -> tuple[float, bool]:
    """(sum of the known ones, whether one is unknown)."""
    return sum(x for x in xs if x is not None), any(x is None for x in xs)


def _shown(total: float, unknown: bool, lang: str, unit: str = "") -> str:
    """"1,150 USD", "2 л", "300 сигарет", "500 USD + ?" (one value still unknown), "?" (none known yet): every
    unit in the traveler's language (Babel / CLDR plurals, kiosk.declaration.wording)."""
    if unknown and not total:
        return "?"
    if len(unit) == 3 and unit.isupper():  # money: whole units on screen (892.86 -> 893), exact in the check
        text = money(round(total), unit, lang)
    elif unit in MEASURES:
        text = measure(total, unit, lang)
    else:
        text = count(total, unit, lang)
    text = text.replace(" ", NBSP)  # "2 L" never splits
    return f"{text} + ?" if unknown else text


def _state(total: float, unknown: bool, limit: float) -> str:
    return "over" if total > limit else "unknown" if unknown else "within"


def _worst(*states: str) -> str:
    return "over" if "over" in states else "unknown" if "unknown" in states else "within"


def _rule(engine: RuleEngine, category: str, day: dt.date) -> Rule | None:
    rules = [r for r in engine.table.for_category(category, day) if r.kind != "duty"]
    return rules[0] if rules else None


def limit_lines(basket: tuple[BasketItem, ...], lang: str, engine: RuleEngine,
                day: dt.date | None = None) -> list[LimitLine]:
    """The running totals that concern this basket (none for an empty one)."""
    day = day or dt.date.today()
    cur = engine.table.currency
    out: list[LimitLine] = []
    by_rule: dict[str, list[BasketItem]] = {}
    rules: dict[str, Rule] = {}
    for b in basket:
        rule = _rule(engine, b.category, day)
        if rule is not None:
            by_rule.setdefault(rule.id, []).append(b)
            rules[rule.id] = rule
    for rid, items in by_rule.items():
        rule = rules[rid]
        th = rule.thresholds
        money = [None if b.value_usd is None else from_usd(b.value_usd, cur, engine.rates) for b in items]
        if rule.kind == "allowance":
            total, unknown = _sum(money)
            out.append(LimitLine("total_goods", (("total", _shown(total, unknown, lang, cur)),
                                                 ("limit", _shown(th["value"], False, lang, cur))),
                                 _state(total, unknown, th["value"])))
        elif rule.kind == "quantity_allowance" and items[0].category not in TOBACCO and "volume_ml" in th:
            ml, ml_unknown = _sum([b.volume_ml for b in items])
            value, v_unknown = _sum(money)
            per, unit = (1000, "L") if th["volume_ml"] >= 1000 else (1, "mL")  # perfume: 100 mL, not 0.1 L
            vals = [("litres", _shown(ml / per, ml_unknown, lang, unit)),
                    ("limit_l", _shown(th["volume_ml"] / per, False, lang, unit))]
            state = _state(ml, ml_unknown, th["volume_ml"])
            if "value" in th:
                vals += [("value", _shown(value, v_unknown, lang, cur)),
                         ("limit_value", _shown(th["value"], False, lang, cur))]
                state = _worst(state, _state(value, v_unknown, th["value"]))
            key = "total_alcohol" if "value" in th else "total_volume"
            out.append(LimitLine(key, (*vals, ("kind", items[0].category)), state))
        elif rule.kind == "quantity_allowance" and items[0].category in TOBACCO:
            out.append(_tobacco(rule, items, lang))
    return out


def _tobacco(rule: Rule, items: list[BasketItem], lang: str) -> LimitLine:
    kinds = list(dict.fromkeys(b.category for b in items))
    if len(kinds) > 1 and rule.one_kind_only:
        return LimitLine("tobacco_kinds", (("kinds", ",".join(kinds)),), "over")
    key = TOBACCO_KEY[kinds[0]]
    amounts: list[float | None] = []
    for b in items:
        if key == "tobacco_g":
            amounts.append(b.weight_g)
        elif key == "nicotine_ml":
            amounts.append(b.volume_ml)
        else:
            amounts.append(None if b.quantity is None else b.quantity * PER_UNIT.get(b.unit or "", 1.0))
    total, unknown = _sum(amounts)
    limit = rule.thresholds.get(key)
    if limit is None:
        return LimitLine("tobacco_kinds", (("kinds", kinds[0]),), "unknown")
    unit = TOBACCO_UNIT.get(key, "")
    return LimitLine("total_tobacco", (("kind", kinds[0]), ("total", _shown(total, unknown, lang, unit)),
                                       ("limit", _shown(limit, False, lang, unit))), _state(total, unknown, limit))
