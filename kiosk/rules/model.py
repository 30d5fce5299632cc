"""Boundary dataclasses shared by the rule engine and the assistant (no Qt, no models)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

VERDICTS: tuple[str, ...] = ("allowed", "unclear", "declare", "restricted", "prohibited")
SEVERITY: dict[str, int] = {v: i for i, v in enumerate(VERDICTS)}


def most_severe(verdicts: list[str] | tuple[str, ...]) -> str:
    return max(verdicts, key=SEVERITY.__getitem__) if verdicts else "unclear"


@dataclass(frozen=True)
class Item:
    category: str
    description: str
    quantity: float | None = None
    unit: str | None = None
    volume_ml: float | None = None  # in total
    value: float | None = None  # in total
    currency: str | None = None
    value_usd: float | None = None
    weight_g: float | None = None
    source: str = "lexicon"  # "lexicon" | "llm" | "unknown" (an unrecognised noun phrase)
    kind: str | None = None  # finer kind for assumptions, e.g. alcohol "wine" / "spirits"
    owner: str = "me"  # whose item: "me" (the traveler at the kiosk) or a family member's id ("wife", "son")

    def to_json(self) -> dict[str, Any]:
        owner = {} if self.owner == "me" else {"owner": self.owner}  # a family member's item names its owner
        return {**owner,
            "category": self.category, "description": self.description, "quantity": _num(self.quantity),
            "unit": self.unit, "volume_ml": _num(self.volume_ml), "value": _num(self.value),
            "currency": self.currency, "value_usd": None if self.value_usd is None else round(self.value_usd, 2),
        }


def _num(x: float | None) -> float | int | None:
    if x is None:
        return None
    return int(x) if float(x).is_integer() else round(x, 4)


@dataclass(frozen=True)
class Total:
    """How far one person's items are from one limit of a rule: the running total the screen shows beside the basket
    ("Alcohol: 1.5 L of 2 L"). Computed by the engine with the check itself, never a second time elsewhere."""

    rule_id: str
    category: str  # the category of the items it counts ("general", "alcohol", "cigarettes", ...)
    measure: str  # "value" | "volume_ml" | "bottles" | "cigarettes" | "cigars" | "heated_sticks" | "tobacco_g" |
    # "nicotine_ml" | "kinds" (two tobacco kinds: only one is duty-free)
    total: float  # of the items whose fact is known
    limit: float
    unit: str  # a currency code ("USD"), "mL", "g", or a counted unit ("cigarette", "stick")
    unknown: bool = False  # an item lacks the fact that counts
    state: str = "within"  # "within" | "over" | "unknown" -- as the finding decided (a minor is "over" at any amount)
    owner: str = "me"
    min_age: int | None = None  # set when the person is under the rule's age: no allowance at all
    kinds: tuple[str, ...] = ()  # measure "kinds": the tobacco kinds carried


@dataclass(frozen=True)
class Finding:
    """One reason behind a verdict: a rule, what happened, and the numbers for the explanation template."""

    verdict: str
    rule_id: str | None
    key: str  # "ok" | "over" | "minor" | "missing" | "prohibited" | "restricted" | "allowed" | "unknown" | "one_kind"
    params: tuple[tuple[str, Any], ...] = ()
    missing: tuple[str, ...] = ()
    items: tuple[int, ...] = ()  # indexes of the evaluated items this finding is about
    assumption: str | None = None  # "bottle_within" | "bottles_over": a typical size was assumed (say so)
    totals: tuple[Total, ...] = ()  # the running totals against the rule's limits, for the screen


@dataclass(frozen=True)
class Evaluation:
    verdict: str
    findings: tuple[Finding, ...]
    rule_ids: tuple[str, ...]
    estimated_duty: float | None  # in the table's duty currency
    duty_currency: str
    estimated_duty_krw: float | None
    undeclared_surcharge: float | None  # extra owed (duty currency) if dutiable goods are not declared
    missing: tuple[str, ...]
    items: tuple[Item, ...]
    item_verdicts: tuple[str, ...] = ()  # one per item: the verdict of the finding(s) about it
    arrival: dt.date | None = None  # the date whose rules were applied
    rates_expired: bool = False  # a duty estimate was due but this week's exchange rates are not in force

    @property
    def totals(self) -> tuple[Total, ...]:
        """Every running total of the findings (a family's: each person's own, never added up)."""
        return tuple(t for f in self.findings for t in f.totals)
