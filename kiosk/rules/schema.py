"""Pydantic schema of the rule tables (data files in kiosk/rules/tables/). Adding a jurisdiction is data only.

A rule id may appear several times with non-overlapping `effective_from`/`effective_to` periods (the law's
history); the engine uses the version in force on the traveler's arrival date. Every rule names its article.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, model_validator

# Item categories the parser produces and the tables may reference.
CATEGORIES: tuple[str, ...] = (
    "general", "personal_effects", "alcohol", "cigarettes", "cigars", "tobacco_other", "nicotine_liquid",
    "heated_tobacco", "perfume", "cash", "narcotics", "counterfeit", "counterfeit_currency", "obscene",
    "firearm", "replica_gun", "ammunition", "explosive", "knife", "weapon", "meat", "dairy", "fruit", "vegetable",
    "plant", "seed", "soil", "animal", "medicine", "cites",
)
TOBACCO: tuple[str, ...] = ("cigarettes", "cigars", "tobacco_other", "nicotine_liquid", "heated_tobacco")

# allowance: value total (general goods); quantity_allowance: separate limits (alcohol, tobacco, perfume);
# declare_over: declare above a value (cash); declare: always declare, the officer decides (e.g. one counterfeit
# item for personal use); prohibited / restricted / allowed; duty: bookkeeping for the duty estimate.
RuleKind = Literal["allowance", "quantity_allowance", "declare_over", "declare", "prohibited", "restricted",
                   "allowed", "duty"]
# Threshold keys the engine understands (values are in the table's currency where they are money).
THRESHOLD_KEYS = {
    "value", "bottles", "volume_ml", "cigarettes", "cigars", "tobacco_g", "nicotine_ml", "heated_sticks",
    "containers", "flat_rate", "self_declaration_reduction", "reduction_cap", "undeclared_surcharge",
    "repeat_surcharge", "blade_cm", "fine_krw", "criminal_value", "fine_max_krw",
}


class Source(BaseModel):
    model_config = ConfigDict(extra="forbid")
    law: str = Field(min_length=3)
    url: HttpUrl


class Rule(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[a-z]{2}\.[a-z_.]+$")
    kind: RuleKind
    title: str
    categories: list[str] = Field(default_factory=list)
    thresholds: dict[str, float] = Field(default_factory=dict)
    min_age: int | None = None
    age_by_calendar_year: bool = False  # whoever reaches min_age during the arrival year qualifies
    one_kind_only: bool = False  # tobacco: with two or more kinds only one kind is exempt
    whole_item_taxed: bool = False  # over a separate limit the whole item is taxable, not only the excess
    effective_from: dt.date
    effective_to: dt.date | None = None  # last day in force; None = in force
    article: str = Field(min_length=3)
    source: Source
    template: str  # key of the explanation in locales/rules/<lang>.toml [rule] table

    @model_validator(mode="after")
    def _check(self) -> Rule:
        unknown = set(self.categories) - set(CATEGORIES)
        if unknown:
            raise ValueError(f"rule {self.id}: unknown categories {sorted(unknown)}")
        bad = set(self.thresholds) - THRESHOLD_KEYS
        if bad:
            raise ValueError(f"rule {self.id}: unknown threshold keys {sorted(bad)}")
        if self.kind in ("allowance", "declare_over") and "value" not in self.thresholds:
            raise ValueError(f"rule {self.id}: {self.kind} needs a 'value' threshold")
        if self.effective_to is not None and self.effective_to < self.effective_from:
            raise ValueError(f"rule {self.id}: effective_to before effective_from")
        return self

    def in_force(self, day: dt.date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)

    @property
    def effective_date(self) -> dt.date:
        """Start of this version (kept for readers of the former field name)."""
        return self.effective_from


class Assumptions(BaseModel):
    """Typical sizes the kiosk may assume and say aloud ("one bottle of wine is within 2 L"); not law."""

    model_config = ConfigDict(extra="forbid")
    # alcohol kind -> [smallest, largest] common bottle size in mL
    bottle_ml: dict[str, tuple[float, float]] = Field(default_factory=dict)


# Categories no table may ever answer differently (관세법 제234조: narcotics, counterfeit currency, obscene material).
ALWAYS_PROHIBITED = frozenset({"narcotics", "counterfeit_currency", "obscene"})
# Categories no table may ever call "allowed" (weapons, quarantine, CITES, medicine, counterfeit brand goods).
NEVER_ALLOWED = ALWAYS_PROHIBITED | frozenset({
    "firearm", "replica_gun", "ammunition", "explosive", "knife", "weapon", "meat", "dairy", "animal", "fruit",
    "vegetable", "plant", "seed", "soil", "cites", "medicine", "counterfeit",
})


class RuleTable(BaseModel):
    model_config = ConfigDict(extra="forbid")
    version: int
    jurisdiction: str = Field(pattern=r"^[A-Z]{2}$")
    name: str
    direction: Literal["arrival"] = "arrival"
    effective_date: dt.date  # date of this edition of the table
    currency: str = Field(pattern=r"^[A-Z]{3}$")  # currency of money thresholds
    duty_currency: str = Field(pattern=r"^[A-Z]{3}$")  # currency the duty estimate is given in
    assumptions: Assumptions = Field(default_factory=Assumptions)
    rules: list[Rule]

    @model_validator(mode="after")
    def _never_allowed(self) -> RuleTable:
        """A table (even a validly signed one) can never make a prohibited category anything but prohibited, nor
        a restricted one allowed: a tampered or mistaken table must not turn narcotics into "allowed"."""
        for r in self.rules:
            for cat in r.categories:
                if cat in ALWAYS_PROHIBITED and r.kind != "prohibited":
                    raise ValueError(f"rule {r.id}: category {cat!r} must be kind 'prohibited', not {r.kind!r}")
                if cat in NEVER_ALLOWED and r.kind == "allowed":
                    raise ValueError(f"rule {r.id}: category {cat!r} can never be 'allowed'")
        return self

    @model_validator(mode="after")
    def _periods(self) -> RuleTable:
        by_id: dict[str, list[Rule]] = {}
        for r in self.rules:
            by_id.setdefault(r.id, []).append(r)
        for rid, versions in by_id.items():
            versions = sorted(versions, key=lambda r: r.effective_from)
            for a, b in zip(versions, versions[1:], strict=False):
                if a.effective_to is None or a.effective_to >= b.effective_from:
                    raise ValueError(f"rule {rid}: overlapping versions ({a.effective_from}, {b.effective_from})")
        return self

    def in_force(self, day: dt.date) -> list[Rule]:
        return [r for r in self.rules if r.in_force(day)]

    def by_kind(self, kind: str, day: dt.date | None = None) -> list[Rule]:
        rules = self.rules if day is None else self.in_force(day)
        return [r for r in rules if r.kind == kind]

    def for_category(self, category: str, day: dt.date | None = None) -> list[Rule]:
        rules = self.rules if day is None else self.in_force(day)
        return [r for r in rules if category in r.categories]


class ExchangeRates(BaseModel):
    """Dated (weekly) customs exchange rates: units of each currency per 1 USD."""

    model_config = ConfigDict(extra="forbid")
    effective_date: dt.date
    valid_until: dt.date
    source: Source
    per_usd: dict[str, float]

    @model_validator(mode="after")
    def _check(self) -> ExchangeRates:
        if self.per_usd.get("USD") != 1.0:
            raise ValueError("per_usd must contain USD = 1.0")
        if any(v <= 0 for v in self.per_usd.values()):
            raise ValueError("exchange rates must be positive")
        if self.valid_until < self.effective_date:
            raise ValueError("valid_until before effective_date")
        return self
