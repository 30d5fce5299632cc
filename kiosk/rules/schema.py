"""Pydantic schema of the rule tables (data files in kiosk/rules/tables/). Adding a jurisdiction is data only."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, model_validator

# Item categories the parser produces and the tables may reference.
CATEGORIES: tuple[str, ...] = (
    "general", "personal_effects", "alcohol", "cigarettes", "cigars", "tobacco_other", "nicotine_liquid",
    "heated_tobacco", "perfume", "cash", "narcotics", "counterfeit", "counterfeit_currency", "obscene",
    "firearm", "replica_gun", "ammunition", "explosive", "knife", "meat", "fruit", "vegetable", "plant",
    "seed", "soil", "animal", "medicine", "cites",
)
TOBACCO: tuple[str, ...] = ("cigarettes", "cigars", "tobacco_other", "nicotine_liquid", "heated_tobacco")

RuleKind = Literal["allowance", "quantity_allowance", "declare_over", "prohibited", "restricted", "allowed", "duty"]
# Threshold keys the engine understands (values are in the table's currency where they are money).
THRESHOLD_KEYS = {
    "value", "bottles", "volume_ml", "cigarettes", "cigars", "tobacco_g", "nicotine_ml", "heated_sticks",
    "containers", "flat_rate", "self_declaration_reduction", "reduction_cap", "undeclared_surcharge",
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
    effective_date: dt.date
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
        return self


class RuleTable(BaseModel):
    model_config = ConfigDict(extra="forbid")
    version: int
    jurisdiction: str = Field(pattern=r"^[A-Z]{2}$")
    name: str
    direction: Literal["arrival"] = "arrival"
    effective_date: dt.date
    currency: str = Field(pattern=r"^[A-Z]{3}$")  # currency of money thresholds
    duty_currency: str = Field(pattern=r"^[A-Z]{3}$")  # currency the duty estimate is given in
    rules: list[Rule]

    @model_validator(mode="after")
    def _unique(self) -> RuleTable:
        ids = [r.id for r in self.rules]
        if len(ids) != len(set(ids)):
            raise ValueError("duplicate rule ids")
        return self

    def by_kind(self, kind: str) -> list[Rule]:
        return [r for r in self.rules if r.kind == kind]

    def for_category(self, category: str) -> list[Rule]:
        return [r for r in self.rules if category in r.categories]


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
