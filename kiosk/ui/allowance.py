"""The basket's running totals against the limits, for the ask screen (Qt-free).

The totals are the rule engine's own (`Answer.totals`, kiosk.rules.model.Total: computed with the check, from the
rule table in force on the arrival date): the general allowance (goods without a separate limit, USD 800 in Korea),
alcohol (litres and value), perfume, tobacco (one kind only). This module only words them in the traveler's
language (Babel / CLDR plurals); nothing here adds anything up or decides a verdict.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kiosk.assistant import BasketItem
from kiosk.declaration.wording import MEASURES, count, measure, money
from kiosk.rules.model import Total

NBSP = "\u00a0"
EDIT_STEPPERS: dict[str, tuple[str, ...]] = {  # what a traveler may correct on an item of a category
    "alcohol": ("quantity", "volume", "value"), "perfume": ("quantity", "volume", "value"),
    "cash": ("value",), "general": ("value",), "personal_effects": ("value",), "nicotine_liquid": ("volume",),
}
DEFAULT_STEPPERS = ("quantity",)
_TOBACCO_MEASURES = ("cigarettes", "cigars", "heated_sticks", "tobacco_g", "nicotine_ml")


@dataclass(frozen=True)
class LimitLine:
    """One running total: catalog key, its placeholder values (formatted), and where it stands."""

    key: str
    values: tuple[tuple[str, str], ...]
    state: str
    """"within", "over" or "unknown" (an item without the fact that counts)."""
    min_age: int | None = None
    """Set when the person is under the rule's age limit (no allowance at all)."""

    def fmt(self) -> dict[str, str]:
        return dict(self.values)


def steppers(item: BasketItem) -> tuple[str, ...]:
    return EDIT_STEPPERS.get(item.category, DEFAULT_STEPPERS)


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


def _worst(*states: str) -> str:
    return "over" if "over" in states else "unknown" if "unknown" in states else "within"


def _text(t: Total, lang: str, limit: bool = False) -> str:
    if t.measure == "volume_ml":  # litres from 1 L up (the alcohol limit: 2 L), millilitres below (perfume)
        per, unit = (1000, "L") if t.limit >= 1000 else (1, "mL")
        return _shown(t.limit / per if limit else t.total / per, not limit and t.unknown, lang, unit)
    return _shown(t.limit if limit else t.total, not limit and t.unknown, lang, t.unit)


def limit_lines(totals: Sequence[Total], lang: str, owner: str | None = None) -> list[LimitLine]:
    """The running totals that concern this basket (`owner`: one person's only), worded in `lang`."""
    groups: dict[tuple[str, str], list[Total]] = {}
    for t in totals:
        if owner is None or t.owner == owner:
            groups.setdefault((t.owner, t.rule_id), []).append(t)
    out: list[LimitLine] = []
    for group in groups.values():
        by = {t.measure: t for t in group}
        state = _worst(*(t.state for t in group))
        age = next((t.min_age for t in group if t.min_age is not None), None)
        first = group[0]
        if "kinds" in by:
            out.append(LimitLine("tobacco_kinds", (("kinds", ",".join(by["kinds"].kinds)),), state, age))
        elif any(m in by for m in _TOBACCO_MEASURES):
            t = next(by[m] for m in _TOBACCO_MEASURES if m in by)
            out.append(LimitLine("total_tobacco", (("kind", t.category), ("total", _text(t, lang)),
                                                   ("limit", _text(t, lang, limit=True))), state, age))
        elif "volume_ml" in by:
            vol = by["volume_ml"]
            vals = [("litres", _text(vol, lang)), ("limit_l", _text(vol, lang, limit=True))]
            if "value" in by:
                vals += [("value", _text(by["value"], lang)), ("limit_value", _text(by["value"], lang, limit=True))]
            key = "total_alcohol" if "value" in by else "total_volume"
            out.append(LimitLine(key, (*vals, ("kind", first.category)), state, age))
        elif "value" in by and first.category != "cash":  # cash is declared over its threshold, not an allowance
            v = by["value"]
            out.append(LimitLine("total_goods", (("total", _text(v, lang)), ("limit", _text(v, lang, limit=True))),
                                 state, age))
    return out
