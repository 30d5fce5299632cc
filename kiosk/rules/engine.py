"""Deterministic rule engine: items -> verdict, findings, duty estimate. All thresholds come from the tables."""

from __future__ import annotations

import functools
import logging
import tomllib
from pathlib import Path
from typing import Any

from kiosk.errors import KioskError
from kiosk.rules.model import Evaluation, Finding, Item, most_severe
from kiosk.rules.schema import TOBACCO, ExchangeRates, Rule, RuleTable

log = logging.getLogger(__name__)
TABLES_DIR = Path(__file__).resolve().parent / "tables"

# Tobacco units -> the threshold key and how many of that key one unit holds.
_TOBACCO_KEY = {"cigarettes": "cigarettes", "cigars": "cigars", "tobacco_other": "tobacco_g",
                "nicotine_liquid": "nicotine_ml", "heated_tobacco": "heated_sticks"}
_PER_UNIT = {"carton": 200.0, "pack": 20.0, "cigarette": 1.0, "stick": 1.0, "cigar": 1.0, "box": 20.0}


class UnknownJurisdiction(KioskError, ValueError):
    code = "bad_input"

    def __init__(self, jurisdiction: str) -> None:
        self.jurisdiction = jurisdiction
        super().__init__(f"no rule table for jurisdiction '{jurisdiction}' "
                         f"(have: {', '.join(available_jurisdictions())})")


def available_jurisdictions() -> tuple[str, ...]:
    return tuple(sorted(p.stem.upper() for p in TABLES_DIR.glob("*.toml") if p.stem != "rates"))


@functools.lru_cache(maxsize=8)
def load_table(jurisdiction: str = "KR") -> RuleTable:
    path = TABLES_DIR / f"{jurisdiction.strip().lower()}.toml"
    if not path.is_file() or path.stem == "rates":
        raise UnknownJurisdiction(jurisdiction)
    with path.open("rb") as fh:
        return RuleTable.model_validate(tomllib.load(fh))


@functools.lru_cache(maxsize=1)
def load_rates() -> ExchangeRates:
    with (TABLES_DIR / "rates.toml").open("rb") as fh:
        return ExchangeRates.model_validate(tomllib.load(fh))


def to_usd(value: float, currency: str, rates: ExchangeRates | None = None) -> float | None:
    r = (rates or load_rates()).per_usd.get(currency.upper())
    return None if r is None else value / r


def from_usd(value_usd: float, currency: str, rates: ExchangeRates | None = None) -> float | None:
    r = (rates or load_rates()).per_usd.get(currency.upper())
    return None if r is None else value_usd * r


def with_usd(item: Item, rates: ExchangeRates | None = None) -> Item:
    """Fill value_usd from value + currency using the dated weekly table."""
    if item.value is None or item.currency is None:
        return item
    from dataclasses import replace
    return replace(item, value_usd=to_usd(item.value, item.currency, rates))


class RuleEngine:
    def __init__(self, jurisdiction: str = "KR") -> None:
        self.table = load_table(jurisdiction)
        self.rates = load_rates()

    # -- helpers ---------------------------------------------------------------------------------------
    def _money(self, usd: float | None) -> float | None:
        return None if usd is None else from_usd(usd, self.table.currency, self.rates)

    def rule(self, rule_id: str) -> Rule:
        return next(r for r in self.table.rules if r.id == rule_id)

    def _rule_for(self, category: str) -> Rule | None:
        rules = self.table.for_category(category)
        # duty rules are bookkeeping, not a verdict source
        rules = [r for r in rules if r.kind != "duty"]
        return rules[0] if rules else None

    # -- evaluation ------------------------------------------------------------------------------------
    def evaluate(self, items: list[Item] | tuple[Item, ...], age: int | None = None) -> Evaluation:
        items = tuple(with_usd(i, self.rates) for i in items)
        findings: list[Finding] = []
        if not items:
            findings.append(Finding("unclear", None, "no_items", missing=("item",)))
        groups: dict[str, list[Item]] = {}
        for it in items:
            groups.setdefault(it.category, []).append(it)
        tobacco_kinds = [c for c in groups if c in TOBACCO]
        dutiable_other = False
        general_excess: float | None = None
        for category, its in groups.items():
            rule = self._rule_for(category)
            if rule is None:
                findings.append(Finding("unclear", None, "unknown", (("category", category),), ("officer",)))
                continue
            if rule.kind == "prohibited":
                findings.append(Finding("prohibited", rule.id, "prohibited", (("category", category),)))
            elif rule.kind == "restricted":
                findings.append(self._restricted(rule, category, its))
            elif rule.kind == "allowed":
                findings.append(Finding("allowed", rule.id, "allowed"))
            elif rule.kind == "declare_over":
                findings.append(self._declare_over(rule, its))
            elif rule.kind == "allowance":
                f, excess = self._allowance(rule, its)
                findings.append(f)
                general_excess = excess
            elif rule.kind == "quantity_allowance":
                if category in TOBACCO and category != tobacco_kinds[0]:
                    continue  # evaluated together with the first tobacco kind
                f = self._quantity(rule, category, its, groups, tobacco_kinds, age)
                findings.append(f)
                dutiable_other |= f.verdict == "declare"
        verdict = most_severe([f.verdict for f in findings])
        duty, duty_krw, surcharge = self._duty(verdict, general_excess, dutiable_other)
        missing: list[str] = []
        for f in findings:
            if f.verdict == "unclear":
                missing += [m for m in f.missing if m not in missing]
        rule_ids = tuple(dict.fromkeys(f.rule_id for f in findings if f.rule_id))
        if general_excess and general_excess > 0:
            duty_rule = self.table.by_kind("duty")
            rule_ids += tuple(r.id for r in duty_rule if r.id not in rule_ids)
        log.debug("evaluated %d items -> %s (%d findings)", len(items), verdict, len(findings))
        return Evaluation(verdict, tuple(findings), rule_ids, duty, self.table.duty_currency, duty_krw, surcharge,
                          tuple(missing), items)

    def _restricted(self, rule: Rule, category: str, its: list[Item]) -> Finding:
        limit = rule.thresholds.get("containers")
        if limit is not None:  # e.g. medicines: personal-use quantity is fine, more needs a permit
            qty = [i.quantity for i in its]
            if any(q is None for q in qty):
                return Finding("unclear", rule.id, "missing", (("containers", limit),), ("quantity",))
            if sum(q for q in qty if q is not None) <= limit:
                return Finding("allowed", rule.id, "ok", (("containers", limit),))
        return Finding("restricted", rule.id, "restricted", (("category", category),))

    def _declare_over(self, rule: Rule, its: list[Item]) -> Finding:
        limit = rule.thresholds["value"]
        known = [self._money(i.value_usd) for i in its]
        total = sum(v for v in known if v is not None)
        params: tuple[tuple[str, Any], ...] = (("limit", limit), ("total", total), ("currency", self.table.currency))
        if total > limit:
            return Finding("declare", rule.id, "over", params)
        if any(v is None for v in known):
            return Finding("unclear", rule.id, "missing", params, ("amount",))
        return Finding("allowed", rule.id, "ok", params)

    def _allowance(self, rule: Rule, its: list[Item]) -> tuple[Finding, float | None]:
        limit = rule.thresholds["value"]
        known = [self._money(i.value_usd) for i in its]
        total = sum(v for v in known if v is not None)
        params: tuple[tuple[str, Any], ...] = (("limit", limit), ("total", total), ("currency", self.table.currency))
        if total > limit:
            return Finding("declare", rule.id, "over", params), total - limit
        if any(v is None for v in known):
            return Finding("unclear", rule.id, "missing", params, ("value",)), None
        return Finding("allowed", rule.id, "ok", params), 0.0

    def _quantity(self, rule: Rule, category: str, its: list[Item], groups: dict[str, list[Item]],
                  tobacco_kinds: list[str], age: int | None) -> Finding:
        th = rule.thresholds
        base: tuple[tuple[str, Any], ...] = (("min_age", rule.min_age),)
        if rule.min_age is not None and age is not None and age < rule.min_age:
            return Finding("declare", rule.id, "minor", base)
        if category in TOBACCO:
            if len(tobacco_kinds) > 1:
                return Finding("declare", rule.id, "one_kind", base)
            key = _TOBACCO_KEY[category]
            limit = th.get(key)
            if limit is None:
                return Finding("unclear", rule.id, "unknown", (("category", category),), ("officer",))
            amounts: list[float | None] = []
            for i in its:
                if key in ("tobacco_g",):
                    amounts.append(i.weight_g)
                elif key == "nicotine_ml":
                    amounts.append(i.volume_ml)
                elif i.quantity is None:
                    amounts.append(None)
                else:
                    amounts.append(i.quantity * _PER_UNIT.get(i.unit or "", 1.0))
            total = sum(a for a in amounts if a is not None)
            params = base + ((key, limit), ("total", total))
            if total > limit:
                return Finding("declare", rule.id, "over", params)
            if any(a is None for a in amounts):
                return Finding("unclear", rule.id, "missing", params, ("quantity",))
            return Finding("allowed", rule.id, "ok", params)
        # alcohol / perfume: bottles, total volume, total value
        checks: list[tuple[str, float, float | None]] = []
        if "bottles" in th:
            qs = [i.quantity for i in its]
            checks.append(("bottles", th["bottles"], None if any(q is None for q in qs) else sum(q or 0 for q in qs)))
        if "volume_ml" in th:
            vs = [i.volume_ml for i in its]
            checks.append(("volume_ml", th["volume_ml"], None if any(v is None for v in vs) else sum(v or 0 for v in vs)))
        if "value" in th:
            ms = [self._money(i.value_usd) for i in its]
            checks.append(("value", th["value"], None if any(m is None for m in ms) else sum(m or 0 for m in ms)))
        params = base + tuple((k, lim) for k, lim, _ in checks) + (("currency", self.table.currency),)
        if any(v is not None and v > lim for _, lim, v in checks):
            return Finding("declare", rule.id, "over", params)
        unknown = tuple(k for k, _, v in checks if v is None)
        if unknown:
            names = {"bottles": "quantity", "volume_ml": "volume", "value": "value"}
            return Finding("unclear", rule.id, "missing", params, tuple(names[k] for k in unknown))
        return Finding("allowed", rule.id, "ok", params)

    def _duty(self, verdict: str, general_excess: float | None,
              dutiable_other: bool) -> tuple[float | None, float | None, float | None]:
        """Simplified traveler duty: flat rate on the excess over the allowance, self-declaration reduction (capped).

        Alcohol/tobacco/perfume special rates are out of scope: then no estimate (None)."""
        if verdict == "allowed":
            return 0.0, 0.0, 0.0
        if not general_excess or general_excess <= 0 or dutiable_other:
            return None, None, None
        duty_rules = self.table.by_kind("duty")
        if not duty_rules:
            return None, None, None
        th = duty_rules[0].thresholds
        excess_usd = to_usd(general_excess, self.table.currency, self.rates) or 0.0
        duty_dc = from_usd(excess_usd * th.get("flat_rate", 0.2), self.table.duty_currency, self.rates) or 0.0
        reduction = min(duty_dc * th.get("self_declaration_reduction", 0.0), th.get("reduction_cap", float("inf")))
        declared = round(duty_dc - reduction)
        surcharge = round(duty_dc * th.get("undeclared_surcharge", 0.0))
        krw = from_usd(to_usd(declared, self.table.duty_currency, self.rates) or 0.0, "KRW", self.rates)
        return float(declared), None if krw is None else float(round(krw)), float(surcharge)


@functools.lru_cache(maxsize=8)
def get_engine(jurisdiction: str = "KR") -> RuleEngine:
    return RuleEngine(jurisdiction.upper())
