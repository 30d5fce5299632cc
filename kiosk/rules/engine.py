"""Deterministic rule engine: items -> verdict, findings, duty estimate. All thresholds come from the tables.

The rules applied are the versions in force on the traveler's arrival date (default: today).
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import tomllib
from dataclasses import replace
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from kiosk import clock
from kiosk.errors import KioskError
from kiosk.rules.model import Evaluation, Finding, Item, Total, most_severe
from kiosk.rules.schema import TOBACCO, ExchangeRates, Rule, RuleTable
from kiosk.updates.rates import rates_valid

log = logging.getLogger(__name__)
TABLES_DIR = Path(__file__).resolve().parent / "tables"
_NOT_TABLES = {"rates"}

# Tobacco units -> the threshold key and how many of that key one unit holds.
TOBACCO_KEY = {"cigarettes": "cigarettes", "cigars": "cigars", "tobacco_other": "tobacco_g",
               "nicotine_liquid": "nicotine_ml", "heated_tobacco": "heated_sticks"}
PER_UNIT = {"carton": 200.0, "pack": 20.0, "cigarette": 1.0, "stick": 1.0, "cigar": 1.0, "box": 20.0}
# what each tobacco threshold counts in, for the running totals on screen
TOBACCO_TOTAL_UNIT = {"cigarettes": "cigarette", "cigars": "cigar", "heated_sticks": "stick", "tobacco_g": "g",
                      "nicotine_ml": "mL"}


class UnknownJurisdiction(KioskError, ValueError):
    code = "bad_input"

    def __init__(self, jurisdiction: str, problem: str | None = None) -> None:
        self.jurisdiction = jurisdiction
        super().__init__(problem or f"no rule table for jurisdiction '{jurisdiction}' "
                                    f"(have: {', '.join(available_jurisdictions())})")


def today() -> dt.date:
    """The arrival date when none is given: the kiosk's clock (kiosk.clock; tests pin it)."""
    return clock.today()


def tables_dir() -> Path:
    """The folder the tables are read from: the installed signed update (`kiosk rules install`), verified once
    per process, else the tables shipped with the kiosk. An installed update that no longer verifies is not used:
    the built-in tables answer and staff get an alert."""
    return _installed_tables() or TABLES_DIR


@functools.lru_cache(maxsize=1)
def _installed_tables() -> Path | None:
    from kiosk.updates import UpdateError, active_rules_dir

    try:
        return active_rules_dir()
    except UpdateError as exc:
        from kiosk.registry.alerts import alert_board

        log.error("installed rule tables fail verification (%s); using the built-in tables", exc.detail)
        alert_board().raise_alert("rules_unverified", "rules", exc.detail, fix="kiosk rules rollback")
        return None


def available_jurisdictions() -> tuple[str, ...]:
    return tuple(sorted(p.stem.upper() for p in tables_dir().glob("*.toml") if p.stem not in _NOT_TABLES))


@functools.lru_cache(maxsize=8)
def load_table(jurisdiction: str = "KR") -> RuleTable:
    """The installed, schema-valid table of a jurisdiction id ("KR"); never a path."""
    code = jurisdiction.strip()
    if not code.isalpha() or len(code) != 2 or code.upper() not in available_jurisdictions():
        raise UnknownJurisdiction(jurisdiction)
    path = tables_dir() / f"{code.lower()}.toml"
    try:
        with path.open("rb") as fh:
            return RuleTable.model_validate(tomllib.load(fh))
    except (OSError, tomllib.TOMLDecodeError, ValidationError) as exc:
        raise UnknownJurisdiction(jurisdiction, f"the rule table for '{code.upper()}' is invalid "
                                                f"({type(exc).__name__}); reinstall the kiosk") from exc


@functools.lru_cache(maxsize=1)
def load_rates() -> ExchangeRates:
    rates = tables_dir() / "rates.toml"
    with (rates if rates.exists() else TABLES_DIR / "rates.toml").open("rb") as fh:
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
    return replace(item, value_usd=to_usd(item.value, item.currency, rates))


def _total(xs: list[float | None]) -> float | None:
    return None if any(x is None for x in xs) else sum(x or 0.0 for x in xs)


class RuleEngine:
    def __init__(self, jurisdiction: str = "KR") -> None:
        self.table = load_table(jurisdiction)
        self.rates = load_rates()

    # -- helpers ---------------------------------------------------------------------------------------
    def _money(self, usd: float | None) -> float | None:
        return None if usd is None else from_usd(usd, self.table.currency, self.rates)

    def rule(self, rule_id: str, day: dt.date | None = None) -> Rule:
        """The version of a rule in force on `day` (default today; the latest version if none is)."""
        versions = [r for r in self.table.rules if r.id == rule_id]
        when = day or today()
        return next((r for r in versions if r.in_force(when)), max(versions, key=lambda r: r.effective_from))

    def rules_in_force(self, day: dt.date | None = None) -> list[Rule]:
        return self.table.in_force(day or today())

    def _rule_for(self, category: str, day: dt.date) -> Rule | None:
        rules = [r for r in self.table.for_category(category, day) if r.kind != "duty"]
        return rules[0] if rules else None

    # -- evaluation ------------------------------------------------------------------------------------
    def evaluate(self, items: list[Item] | tuple[Item, ...], age: int | None = None,
                 arrival: dt.date | None = None, birth_year: int | None = None,
                 assume_adult: bool = True) -> Evaluation:
        """One person's items against that person's own allowances. `assume_adult=False` (a child or sibling
        whose age is unknown): an age rule asks for the birth year instead of assuming an adult."""
        day = arrival or today()
        items = tuple(with_usd(i, self.rates) for i in items)
        findings: list[Finding] = []
        if not items:
            findings.append(Finding("unclear", None, "no_items", missing=("item",)))
        groups: dict[str, list[int]] = {}
        for n, it in enumerate(items):
            groups.setdefault(it.category, []).append(n)
        tobacco_kinds = [c for c in groups if c in TOBACCO]
        dutiable_other = False
        general_excess: float | None = None
        for category, idx in groups.items():
            its = [items[i] for i in idx]
            rule = self._rule_for(category, day)
            ix = tuple(idx)
            if rule is None:
                findings.append(Finding("unclear", None, "unknown", (("category", category),), ("what",), ix))
            elif rule.kind == "prohibited":
                findings.append(Finding("prohibited", rule.id, "prohibited", (("category", category),), (), ix))
            elif rule.kind == "restricted":
                findings.append(replace(self._restricted(rule, category, its), items=ix))
            elif rule.kind == "declare":
                findings.append(Finding("declare", rule.id, "declare", (("category", category),), (), ix))
            elif rule.kind == "allowed":
                findings.append(Finding("allowed", rule.id, "allowed", (), (), ix))
            elif rule.kind == "declare_over":
                findings.append(replace(self._declare_over(rule, its), items=ix))
            elif rule.kind == "allowance":
                f, excess = self._allowance(rule, its)
                findings.append(replace(f, items=ix))
                general_excess = excess
            elif rule.kind == "quantity_allowance":
                if category in TOBACCO and category != tobacco_kinds[0]:
                    continue  # evaluated together with the first tobacco kind
                if category in TOBACCO:
                    ix = tuple(i for c in tobacco_kinds for i in groups[c])
                f = self._quantity(rule, category, its, tobacco_kinds, age, day, birth_year, assume_adult)
                findings.append(replace(f, items=ix))
                dutiable_other |= f.verdict == "declare"
        findings = [self._with_totals(f, items, day) for f in findings]
        verdict = most_severe([f.verdict for f in findings])
        duty, duty_krw, surcharge = self._duty(verdict, general_excess, dutiable_other, day)
        # a duty estimate needs the customs exchange rates of the arrival week: none from out-of-date rates
        rates_expired = bool(duty) and not rates_valid(self.rates, day)
        if rates_expired:
            duty, duty_krw, surcharge = None, None, None
        missing: list[str] = []
        for f in findings:
            if f.verdict == "unclear":
                missing += [m for m in f.missing if m not in missing]
        rule_ids = tuple(dict.fromkeys(f.rule_id for f in findings if f.rule_id))
        if general_excess and general_excess > 0:
            rule_ids += tuple(r.id for r in self.table.by_kind("duty", day) if r.id not in rule_ids)
        per_item = ["allowed"] * len(items)
        for f in findings:
            for i in f.items:
                per_item[i] = most_severe([per_item[i], f.verdict]) if per_item[i] != "allowed" else f.verdict
        log.debug("evaluated %d items on %s -> %s (%d findings)", len(items), day, verdict, len(findings))
        return Evaluation(verdict, tuple(findings), rule_ids, duty, self.table.duty_currency, duty_krw, surcharge,
                          tuple(missing), items, tuple(per_item), day, rates_expired)

    def _with_totals(self, f: Finding, items: tuple[Item, ...], day: dt.date) -> Finding:
        """The finding with its running totals against the rule's limits (the screen shows them beside the
        basket): the same sums as the check, of the facts known so far, with `unknown` where one is missing and
        the state the finding decided (a traveler under the age limit is over at any amount)."""
        if f.rule_id is None or not f.items:
            return f
        rule = self.rule(f.rule_id, day)
        its = [items[i] for i in f.items]
        th, owner, category = rule.thresholds, its[0].owner, its[0].category
        out: list[Total] = []

        def add(measure: str, xs: list[float | None], limit: float, unit: str) -> None:
            total = sum(x for x in xs if x is not None)
            unknown = any(x is None for x in xs)
            state = "over" if total > limit else "unknown" if unknown else "within"
            out.append(Total(rule.id, category, measure, total, limit, unit, unknown, state, owner))

        money = [self._money(i.value_usd) for i in its]
        if rule.kind in ("allowance", "declare_over") and "value" in th:
            add("value", money, th["value"], self.table.currency)
        elif rule.kind == "quantity_allowance" and category in TOBACCO:
            kinds = tuple(dict.fromkeys(i.category for i in its))
            key = TOBACCO_KEY.get(kinds[0], "")
            if (len(kinds) > 1 and rule.one_kind_only) or key not in th:
                out.append(Total(rule.id, category, "kinds", float(len(kinds)), 1.0, "", False,
                                 "over" if len(kinds) > 1 else "unknown", owner, kinds=kinds))
            else:
                amounts = [i.weight_g if key == "tobacco_g" else i.volume_ml if key == "nicotine_ml" else
                           None if i.quantity is None else i.quantity * PER_UNIT.get(i.unit or "", 1.0) for i in its]
                add(key, amounts, th[key], TOBACCO_TOTAL_UNIT[key])
        elif rule.kind == "quantity_allowance":
            if "volume_ml" in th:
                add("volume_ml", [i.volume_ml for i in its], th["volume_ml"], "mL")
            if "value" in th:
                add("value", money, th["value"], self.table.currency)
        if not out:
            return f
        if f.key == "minor":  # no allowance under the age limit: over at any amount
            out = [replace(t, state="over", min_age=rule.min_age) for t in out]
        elif f.verdict == "declare" and all(t.state != "over" for t in out):  # e.g. bottles assumed over
            out = [replace(t, state="over") for t in out]
        elif f.verdict == "unclear":
            out = [replace(t, state="unknown") if t.state == "within" else t for t in out]
        return replace(f, totals=tuple(out))

    def _restricted(self, rule: Rule, category: str, its: list[Item]) -> Finding:
        limit = rule.thresholds.get("containers")
        if limit is not None:  # e.g. medicines: personal-use quantity is fine, more needs a permit
            qty = _total([i.quantity for i in its])
            if qty is None:
                return Finding("unclear", rule.id, "missing", (("containers", limit),), ("quantity",))
            if qty <= limit:
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

    @staticmethod
    def _age_ok(rule: Rule, age: int | None, day: dt.date, birth_year: int | None,
                assume_adult: bool = True) -> bool | None:
        """True/False: the traveler does/does not reach the rule's age; None: the birth year decides."""
        if rule.min_age is None:
            return True
        if birth_year is not None:
            years = day.year - birth_year
            return years >= rule.min_age if rule.age_by_calendar_year else (years - 1 >= rule.min_age or None)
        if age is None:
            return True if assume_adult else None  # an adult is assumed (the officer sees them); a child is asked
        if age >= rule.min_age:
            return True
        if rule.age_by_calendar_year and age == rule.min_age - 1:
            return None  # qualifies if the birthday in this calendar year makes them min_age
        return False

    def _quantity(self, rule: Rule, category: str, its: list[Item], tobacco_kinds: list[str], age: int | None,
                  day: dt.date, birth_year: int | None, assume_adult: bool = True) -> Finding:
        th = rule.thresholds
        base: tuple[tuple[str, Any], ...] = (("min_age", rule.min_age),)
        age_ok = self._age_ok(rule, age, day, birth_year, assume_adult)
        if age_ok is False:
            return Finding("declare", rule.id, "minor", base)
        if age_ok is None:
            return Finding("unclear", rule.id, "missing", base, ("birth_year",))
        if category in TOBACCO:
            return self._tobacco(rule, category, its, tobacco_kinds, base)
        # alcohol / perfume: bottles, total volume (typical bottle sizes assumed when unsaid), total value
        checks: list[tuple[str, float, float | None, float | None]] = []  # key, limit, low, high
        assumed = False
        if "bottles" in th:
            q = _total([i.quantity for i in its])
            checks.append(("bottles", th["bottles"], q, q))
        if "volume_ml" in th:
            lows: list[float | None] = []
            highs: list[float | None] = []
            for i in its:
                if i.volume_ml is not None:
                    lows.append(i.volume_ml)
                    highs.append(i.volume_ml)
                    continue
                size = self.table.assumptions.bottle_ml.get(i.kind or category) if category == "alcohol" else None
                if size is None or i.quantity is None:
                    lows.append(None)
                    highs.append(None)
                else:
                    assumed = True
                    lows.append(i.quantity * size[0])
                    highs.append(i.quantity * size[1])
            checks.append(("volume_ml", th["volume_ml"], _total(lows), _total(highs)))
        if "value" in th:
            m = _total([self._money(i.value_usd) for i in its])
            checks.append(("value", th["value"], m, m))
        params = base + tuple((k, lim) for k, lim, _, _ in checks) + (("currency", self.table.currency),)
        over = [k for k, lim, low, _ in checks if low is not None and low > lim]
        if over:
            return Finding("declare", rule.id, "over", params,
                           assumption="bottles_over" if assumed and over == ["volume_ml"] else None)
        unknown = tuple(k for k, lim, _, high in checks if high is None or high > lim)
        if unknown:
            names = {"bottles": "quantity", "volume_ml": "volume", "value": "value"}
            return Finding("unclear", rule.id, "missing", params, tuple(names[k] for k in unknown))
        return Finding("allowed", rule.id, "ok", params, assumption="bottle_within" if assumed else None)

    @staticmethod
    def _tobacco(rule: Rule, category: str, its: list[Item], tobacco_kinds: list[str],
                 base: tuple[tuple[str, Any], ...]) -> Finding:
        th = rule.thresholds
        if len(tobacco_kinds) > 1 and rule.one_kind_only:
            return Finding("declare", rule.id, "one_kind", base)
        key = TOBACCO_KEY[category]
        limit = th.get(key)
        if limit is None:
            return Finding("unclear", rule.id, "unknown", (("category", category),), ("officer",))
        amounts: list[float | None] = []
        for i in its:
            if key == "tobacco_g":
                amounts.append(i.weight_g)
            elif key == "nicotine_ml":
                amounts.append(i.volume_ml)
            elif i.quantity is None:
                amounts.append(None)
            else:
                amounts.append(i.quantity * PER_UNIT.get(i.unit or "", 1.0))
        total = sum(a for a in amounts if a is not None)
        params = base + ((key, limit), ("total", total))
        if total > limit:
            return Finding("declare", rule.id, "over", params)
        if any(a is None for a in amounts):
            return Finding("unclear", rule.id, "missing", params, ("quantity",))
        return Finding("allowed", rule.id, "ok", params)

    def _duty(self, verdict: str, general_excess: float | None, dutiable_other: bool,
              day: dt.date) -> tuple[float | None, float | None, float | None]:
        """Simplified traveler duty: flat rate on the excess over the allowance, self-declaration reduction (capped).

        Alcohol/tobacco/perfume special rates are out of scope: then no estimate (None)."""
        if verdict == "allowed":
            return 0.0, 0.0, 0.0
        if not general_excess or general_excess <= 0 or dutiable_other:
            return None, None, None
        duty_rules = self.table.by_kind("duty", day)
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
    return RuleEngine(jurisdiction.strip().upper())
