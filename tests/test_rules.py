"""Rule engine: every threshold exactly at / just under / just over, sums across items, minors, currency, tables."""

from __future__ import annotations

import datetime as dt
import tomllib

import pytest
from pydantic import ValidationError

from kiosk.rules import (
    Item,
    RuleTable,
    UnknownJurisdiction,
    available_jurisdictions,
    from_usd,
    get_engine,
    load_rates,
    load_table,
    most_severe,
    to_usd,
)
from kiosk.rules.engine import TABLES_DIR

KR = get_engine("KR")


def verdict(*items: Item, age: int | None = None, engine=KR) -> str:
    return engine.evaluate(list(items), age=age).verdict


def usd(cat: str, value: float, **kw) -> Item:
    return Item(cat, cat, value=value, currency="USD", **kw)


def wine(n: float, ml: float, value: float) -> Item:
    return Item("alcohol", "wine", quantity=n, unit="bottle", volume_ml=ml, value=value, currency="USD")


def test_tables_validate_and_have_sources() -> None:
    assert {"KR", "JP"} <= set(available_jurisdictions())
    for code in available_jurisdictions():
        table = load_table(code)
        assert table.jurisdiction == code
        for rule in table.rules:
            assert rule.source.law and str(rule.source.url).startswith("https://")
            assert isinstance(rule.effective_date, dt.date)
            assert rule.template


def test_schema_rejects_bad_tables() -> None:
    data = tomllib.loads((TABLES_DIR / "kr.toml").read_text(encoding="utf-8"))
    bad = dict(data, rules=[dict(data["rules"][0], thresholds={"valeu": 800})])
    with pytest.raises(ValidationError):
        RuleTable.model_validate(bad)
    bad = dict(data, rules=[dict(data["rules"][0], categories=["spaceships"])])
    with pytest.raises(ValidationError):
        RuleTable.model_validate(bad)
    with pytest.raises(ValidationError):
        RuleTable.model_validate(dict(data, rules=data["rules"] + data["rules"][:1]))
    with pytest.raises(UnknownJurisdiction):
        load_table("XX")


def test_rates_dated_and_conversion() -> None:
    rates = load_rates()
    assert rates.effective_date <= rates.valid_until
    assert (rates.valid_until - rates.effective_date).days <= 7  # weekly table
    assert to_usd(1200, "EUR") == pytest.approx(1200 / rates.per_usd["EUR"])
    assert to_usd(1400, "KRW") == pytest.approx(1400 / rates.per_usd["KRW"])
    for cur in ("KRW", "EUR", "JPY", "CNY", "THB", "VND", "RUB", "GBP"):
        assert to_usd(from_usd(100, cur) or 0, cur) == pytest.approx(100)
    assert to_usd(100, "XYZ") is None


@pytest.mark.parametrize(("value", "expected"), [(799.99, "allowed"), (800, "allowed"), (800.01, "declare")])
def test_basic_allowance_boundary(value: float, expected: str) -> None:
    assert verdict(usd("general", value)) == expected


def test_basic_allowance_sums_items_and_currencies() -> None:
    assert verdict(usd("general", 500), usd("general", 300)) == "allowed"
    assert verdict(usd("general", 500), usd("general", 300.5)) == "declare"
    krw = Item("general", "bag", value=800 * load_rates().per_usd["KRW"], currency="KRW")
    assert verdict(krw) == "allowed"
    assert verdict(krw, usd("general", 1)) == "declare"
    assert verdict(Item("general", "bag")) == "unclear"  # no price -> ask, never "allowed"


def test_duty_estimate_simplified() -> None:
    ev = KR.evaluate([usd("general", 1800)])
    krw = load_rates().per_usd["KRW"]
    duty = 1000 * 0.2 * krw  # flat 20% on the excess
    expected = duty - min(duty * 0.3, 200_000)  # self-declaration reduction, capped
    assert ev.verdict == "declare"
    assert ev.estimated_duty_krw == pytest.approx(expected, abs=1)
    assert ev.undeclared_surcharge == pytest.approx(duty * 0.4, abs=1)
    big = KR.evaluate([usd("general", 20800)])  # reduction hits the KRW 200,000 cap
    assert big.estimated_duty_krw == pytest.approx(20000 * 0.2 * krw - 200_000, abs=1)
    assert KR.evaluate([usd("general", 100)]).estimated_duty_krw == 0


@pytest.mark.parametrize(("bottles", "ml", "value", "expected"), [
    (2, 2000, 400, "allowed"), (1, 750, 50, "allowed"), (3, 1500, 100, "declare"), (2, 2001, 100, "declare"),
    (2, 1999, 399.99, "allowed"), (2, 1500, 400.01, "declare"),
])
def test_alcohol_boundaries(bottles: int, ml: float, value: float, expected: str) -> None:
    assert verdict(wine(bottles, ml, value)) == expected


def test_alcohol_sums_items_minors_and_missing_info() -> None:
    assert verdict(wine(1, 1000, 200), wine(1, 1000, 200)) == "allowed"
    assert verdict(wine(1, 1000, 200), wine(1, 1000, 201)) == "declare"
    assert verdict(wine(2, 1000, 100), wine(1, 500, 10)) == "declare"
    assert verdict(wine(1, 750, 30), age=18) == "declare"
    assert verdict(wine(1, 750, 30), age=19) == "allowed"
    ev = KR.evaluate([Item("alcohol", "wine", quantity=2, unit="bottle")])
    assert ev.verdict == "unclear" and set(ev.missing) == {"volume", "value"}
    assert verdict(Item("alcohol", "wine", quantity=3, unit="bottle")) == "declare"  # over whatever the rest


@pytest.mark.parametrize(("cat", "kw", "expected"), [
    ("cigarettes", {"quantity": 200, "unit": "cigarette"}, "allowed"),
    ("cigarettes", {"quantity": 201, "unit": "cigarette"}, "declare"),
    ("cigarettes", {"quantity": 1, "unit": "carton"}, "allowed"),
    ("cigarettes", {"quantity": 10, "unit": "pack"}, "allowed"),
    ("cigarettes", {"quantity": 11, "unit": "pack"}, "declare"),
    ("cigars", {"quantity": 50, "unit": "cigar"}, "allowed"),
    ("cigars", {"quantity": 51, "unit": "cigar"}, "declare"),
    ("tobacco_other", {"weight_g": 250}, "allowed"),
    ("tobacco_other", {"weight_g": 251}, "declare"),
    ("nicotine_liquid", {"volume_ml": 20}, "allowed"),
    ("nicotine_liquid", {"volume_ml": 20.5}, "declare"),
    ("heated_tobacco", {"quantity": 200, "unit": "stick"}, "allowed"),
    ("heated_tobacco", {"quantity": 201, "unit": "stick"}, "declare"),
    ("cigarettes", {}, "unclear"),
])
def test_tobacco_boundaries(cat: str, kw: dict, expected: str) -> None:
    assert verdict(Item(cat, cat, **kw)) == expected


def test_tobacco_one_kind_and_minor() -> None:
    cig = Item("cigarettes", "c", quantity=1, unit="pack")
    assert verdict(cig, Item("cigars", "c", quantity=1, unit="cigar")) == "declare"
    assert verdict(cig, age=16) == "declare"
    assert verdict(cig, age=19) == "allowed"


@pytest.mark.parametrize(("ml", "expected"), [(99, "allowed"), (100, "allowed"), (101, "declare")])
def test_perfume_boundary(ml: float, expected: str) -> None:
    assert verdict(Item("perfume", "p", quantity=1, volume_ml=ml)) == expected
    assert verdict(Item("perfume", "p", quantity=1)) == "unclear"


@pytest.mark.parametrize(("value", "expected"), [(9999.99, "allowed"), (10000, "allowed"), (10000.01, "declare")])
def test_cash_boundary(value: float, expected: str) -> None:
    assert verdict(usd("cash", value)) == expected


def test_cash_sums_all_currencies() -> None:
    rates = load_rates()
    eur = Item("cash", "cash", value=5000 * rates.per_usd["EUR"], currency="EUR")
    jpy = Item("cash", "cash", value=5000 * rates.per_usd["JPY"], currency="JPY")
    assert verdict(eur, jpy) == "allowed"  # exactly 10,000
    assert verdict(eur, jpy, usd("cash", 1)) == "declare"
    assert verdict(Item("cash", "cash")) == "unclear"
    assert verdict(Item("cash", "cash", value=100, currency="XYZ")) == "unclear"  # unknown currency: ask


@pytest.mark.parametrize("cat", ["narcotics", "counterfeit", "counterfeit_currency", "obscene"])
def test_prohibited(cat: str) -> None:
    assert verdict(Item(cat, cat)) == "prohibited"
    assert verdict(Item(cat, cat), usd("general", 10), Item("meat", "ham")) == "prohibited"


@pytest.mark.parametrize("cat", ["firearm", "replica_gun", "ammunition", "explosive", "knife", "meat", "fruit",
                                 "vegetable", "plant", "seed", "soil", "animal", "cites"])
def test_restricted_never_allowed(cat: str) -> None:
    assert verdict(Item(cat, cat)) == "restricted"
    assert verdict(Item(cat, cat, quantity=1, value=1, currency="USD")) == "restricted"


def test_medicine_personal_use() -> None:
    assert verdict(Item("medicine", "m", quantity=6)) == "allowed"
    assert verdict(Item("medicine", "m", quantity=7)) == "restricted"
    assert verdict(Item("medicine", "m")) == "unclear"


def test_personal_effects_and_severity_order() -> None:
    assert verdict(Item("personal_effects", "own clothes")) == "allowed"
    assert verdict() == "unclear"
    assert most_severe(["allowed", "declare", "unclear"]) == "declare"
    assert most_severe(["declare", "restricted", "allowed"]) == "restricted"
    assert most_severe(["restricted", "prohibited"]) == "prohibited"
    assert most_severe(["allowed", "unclear"]) == "unclear"


def test_second_jurisdiction_is_data_only() -> None:
    jp = get_engine("JP")
    yen = load_rates().per_usd["JPY"]
    assert verdict(Item("general", "bag", value=200_000, currency="JPY"), engine=jp) == "allowed"
    assert verdict(Item("general", "bag", value=200_001, currency="JPY"), engine=jp) == "declare"
    assert verdict(usd("general", 200_000 / yen + 1), engine=jp) == "declare"
    assert verdict(wine(3, 2280, 100), engine=jp) == "allowed"  # JP: 3 bottles, no value cap
    assert verdict(wine(3, 2280, 100)) == "declare"  # KR: 2 bottles
    assert verdict(wine(1, 750, 10), age=19, engine=jp) == "declare"  # JP: 20+
    assert verdict(Item("cash", "c", value=1_000_001, currency="JPY"), engine=jp) == "declare"
    assert verdict(Item("narcotics", "cbd"), engine=jp) == "prohibited"
