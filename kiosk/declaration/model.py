"""The traveler customs declaration as a versioned pydantic model (its JSON schema is kiosk/declaration/schema.json)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

SCHEMA_VERSION = "kr-customs-declaration/2"  # /2: official-form fields, family members, item owners
SCHEMA_PATH = Path(__file__).resolve().parent / "schema.json"

ItemKind = Literal[
    "over_allowance",  # goods over the duty-free allowance (alcohol, tobacco, perfume, general goods)
    "cash",  # cash / securities over USD 10,000
    "restricted",  # firearms, knives, narcotics, medicines, other restricted or prohibited items
    "animal_plant",  # animals, plants, meat, fruit, seeds, dairy (quarantine)
    "for_sale",  # goods for sale, commercial samples, goods carried for others
]


Purpose = Literal["", "travel", "business", "family", "official", "other"]
PURPOSES: tuple[str, ...] = ("travel", "business", "family", "official", "other")


class Identity(BaseModel):
    """The declarant, as on the official form (여행자 휴대품 신고서)."""

    model_config = ConfigDict(extra="forbid")
    name: str = Field(default="", description="Full name as in the passport", max_length=120)
    date_of_birth: dt.date | None = Field(default=None, description="Date of birth (ISO 8601)")
    passport_no: str = Field(default="", description="Passport number (optional for Korean nationals)", max_length=20)
    nationality: str = Field(default="", description="Nationality (country name or ISO 3166 code)", max_length=60)
    korean_national: bool = Field(default=False, description="Korean national (the passport number is optional)")
    occupation: str = Field(default="", description="Occupation", max_length=60)
    address_kr: str = Field(default="", description="Address or hotel in Korea", max_length=200)
    phone: str = Field(default="", description="Phone number in Korea", max_length=30)


class FamilyMember(BaseModel):
    """An accompanying family member covered by this (one, family) declaration. Allowances are per person and
    cannot be pooled, so every member is listed with their own date of birth (the age-19 rule for alcohol and
    tobacco) and items name their owner."""

    model_config = ConfigDict(extra="forbid")
    name: str = Field(default="", description="Full name as in the passport", max_length=120)
    date_of_birth: dt.date | None = Field(default=None, description="Date of birth (ISO 8601)")
    relation: str = Field(default="", description="Relation to the declarant as the kiosk heard it, e.g. wife, son",
                          max_length=20)


class Trip(BaseModel):
    model_config = ConfigDict(extra="forbid")
    flight_no: str = Field(default="", description="Arriving flight number, e.g. KE082", max_length=12)
    travel_days: int | None = Field(default=None, ge=0, le=3650, description="Length of the trip abroad in days")
    countries_visited: list[str] = Field(default_factory=list, description="Countries visited on this trip")
    family_members: int = Field(default=0, ge=0, le=20, description="Accompanying family members covered by this declaration")
    purpose: Purpose = Field(default="", description="Purpose of the trip")


class DeclaredItem(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: ItemKind = Field(description="Which declaration question this item answers 'yes' to")
    category: str = Field(default="", description="Rule-engine category, e.g. alcohol, tobacco, cash, meat", max_length=40)
    description: str = Field(default="", description="What the item is, in the traveler's words", max_length=200)
    quantity: float | None = Field(default=None, ge=0)
    unit: str = Field(default="", max_length=20)
    value: float | None = Field(default=None, ge=0, description="Value in `currency`")
    currency: str = Field(default="", max_length=3)
    value_usd: float | None = Field(default=None, ge=0)
    rule_ids: list[str] = Field(default_factory=list, description="Rules cited for this item")
    owner: int = Field(default=0, ge=0, le=20, description="Whose item: 0 = the declarant, n = family member n")
    to_check: bool = Field(default=False, description="Not known to be within the allowance and still unresolved "
                                                      "(e.g. volume or value unknown): to be checked by the officer")

    @field_validator("currency")
    @classmethod
    def _upper(cls, v: str) -> str:
        return v.upper()


class Answers(BaseModel):
    """The five yes/no questions of the form (a 'yes' means the traveler must go to the red channel)."""

    model_config = ConfigDict(extra="forbid")
    over_allowance: bool = False
    cash_over_10k_usd: bool = False
    restricted_items: bool = False
    animals_plants_meat: bool = False
    goods_for_sale_or_others: bool = False


class Declaration(BaseModel):
    """Korean traveler customs declaration. `confirmed` is only ever set by the traveler's explicit confirmation."""

    schema_version: Literal["kr-customs-declaration/2"] = Field(default="kr-customs-declaration/2", alias="v")
    language: str = Field(default="en", description="Traveler's language (ISO 639-1)", max_length=3)
    identity: Identity = Field(default_factory=Identity)
    trip: Trip = Field(default_factory=Trip)
    answers: Answers = Field(default_factory=Answers)
    members: list[FamilyMember] = Field(default_factory=list, max_length=20,
                                        description="Accompanying family members (one form per family)")
    items: list[DeclaredItem] = Field(default_factory=list)
    confirmed: bool = Field(default=False, description="True only after the traveler explicitly confirmed the review screen")
    confirmed_at: dt.datetime | None = None
    truncated: bool = Field(default=False, description="QR payload only: item descriptions were shortened to fit")

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    @property
    def must_declare(self) -> bool:
        a = self.answers
        return any((a.over_allowance, a.cash_over_10k_usd, a.restricted_items, a.animals_plants_meat,
                    a.goods_for_sale_or_others))

    def confirm(self) -> Declaration:
        """A confirmed copy (call only from the traveler's explicit 'I confirm' action)."""
        return self.model_copy(update={"confirmed": True, "confirmed_at": dt.datetime.now(dt.UTC)})

    def to_compact_json(self) -> str:
        """The QR payload: compact JSON with the version key `v`, defaults omitted."""
        data = self.model_dump(mode="json", by_alias=True, exclude_defaults=True)
        data["v"] = SCHEMA_VERSION
        data["confirmed"] = self.confirmed
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Declaration:
        return cls.model_validate_json(text)


def json_schema() -> dict[str, object]:
    schema: dict[str, object] = {"$schema": "https://json-schema.org/draft/2020-12/schema"}
    schema.update(Declaration.model_json_schema(by_alias=True))
    schema["$id"] = "urn:customs-kiosk:schema:" + SCHEMA_VERSION  # a name, not a (placeholder) web address
    schema["title"] = "Korean traveler customs declaration (kiosk QR payload)"
    return schema


def write_schema(path: Path = SCHEMA_PATH) -> Path:
    path.write_text(json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path
