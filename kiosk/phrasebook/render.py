"""Fill a phrase's {slots} for one language: numbers, money and dates through Babel (CLDR), items and places from
the phrasebook's own term table. Nothing here is translated by a model."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from decimal import Decimal

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal

from kiosk.phrasebook.languages import phrase_language
from kiosk.phrasebook.model import Phrase, PhrasebookError, placeholders
from kiosk.phrasebook.store import Phrasebook


@dataclass(frozen=True)
class Money:
    """An amount of money in one currency."""

    amount: Decimal
    """The amount (exact decimal)."""
    currency: str
    """ISO 4217 code (USD, KRW, EUR ...)."""

    def to_dict(self) -> dict[str, str]:
        return {"amount": format(self.amount.normalize(), "f"), "currency": self.currency}


@dataclass(frozen=True)
class Slots:
    """Values for a phrase's typed slots; None = not given."""

    count: int | None = None
    """A plain number (bottles, days, minutes, counter number ...)."""
    money: Money | None = None
    """An amount with its currency."""
    item: str | None = None
    """An item key of the catalog (alcohol, watch ...)."""
    place: str | None = None
    """A place key of the catalog (exit, inspection_room ...)."""
    date: dt.date | None = None
    """A calendar date."""

    def given(self) -> tuple[str, ...]:
        return tuple(f.name for f in fields(self) if getattr(self, f.name) is not None)

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {}
        if self.count is not None:
            out["count"] = self.count
        if self.money is not None:
            out["money"] = self.money.to_dict()
        if self.item is not None:
            out["item"] = self.item
        if self.place is not None:
            out["place"] = self.place
        if self.date is not None:
            out["date"] = self.date.isoformat()
        return out


# Values used by the lint to check that every placeholder renders in every language.
SAMPLE_SLOTS = Slots(count=3, money=Money(Decimal(800), "USD"), item="alcohol", place="exit",
                     date=dt.date(2026, 12, 24))


def format_money(money: Money, locale: str) -> str:
    """'$800' / '800 $' / '₩1,500,000' per locale; whole amounts without '.00'."""
    if money.amount == money.amount.to_integral_value():
        pattern = Locale.parse(locale).currency_formats["standard"].pattern.replace(".00", "")
        return format_currency(money.amount, money.currency, format=pattern, locale=locale, currency_digits=False)
    return format_currency(money.amount, money.currency, locale=locale)


def slot_text(book: Phrasebook, name: str, slots: Slots, lang: str) -> str:
    """The text for one slot in one language; PhrasebookError when the value is missing or unknown."""
    loc = phrase_language(lang).locale
    if name == "count" and slots.count is not None:
        return format_decimal(slots.count, locale=loc)
    if name == "money" and slots.money is not None:
        return format_money(slots.money, loc)
    if name == "date" and slots.date is not None:
        return format_date(slots.date, format="long", locale=loc)
    if name in ("item", "place"):
        key = slots.item if name == "item" else slots.place
        if key is not None:
            term = book.term(name, key)
            entry = term.texts.get(phrase_language(lang).code)
            if entry is None:
                raise PhrasebookError(f"{name} '{key}' has no '{lang}' name")
            return entry.text
    raise PhrasebookError(f"no value for slot {{{name}}}")


def plural_category(count: int | None, lang: str) -> str | None:
    """The CLDR plural category of a count in a phrasebook language (ar: 3 -> 'few', 11 -> 'many')."""
    if count is None:
        return None
    return str(Locale.parse(phrase_language(lang).locale).plural_form(abs(count)))


def render(book: Phrasebook, phrase: Phrase, lang: str, slots: Slots | None = None) -> str:
    """The phrase in lang with its slots filled (PhrasebookError if a slot value is missing). A {count} picks the
    template of its CLDR plural category where the language file gives one (Entry.plural)."""
    code = phrase_language(lang).code
    slots = slots or Slots()
    category = plural_category(slots.count, code) if "count" in phrase.slots else None
    template = phrase.entry(code).for_count(category)
    out = template
    for name in placeholders(template):
        out = out.replace("{" + name + "}", slot_text(book, name, slots, code), 1)
    return out
