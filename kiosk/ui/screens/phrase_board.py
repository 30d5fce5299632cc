"""The phrase board's logic, without Qt: the visit's recents and favourites, search (literal, then the matcher),
starting values for slots, the sentence as shown and said, cards filled in or asking for their slots."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from kiosk import clock
from kiosk.i18n import tr
from kiosk.phrasebook import Money, Phrase, Phrasebook, Slots, phrase_language, render
from kiosk.phrasebook.match import Matcher
from kiosk.phrasebook.model import placeholders
from kiosk.phrasebook.render import slot_text

OFFICER_LANG = "ko"
RECENT_MAX = 12
CURRENCIES = ("USD", "KRW", "EUR", "JPY", "CNY", "GBP", "THB", "VND", "PHP", "RUB", "AUD", "HKD")
MONEY_STEP = {"KRW": 10_000, "JPY": 1_000, "VND": 100_000, "PHP": 100, "RUB": 1_000, "THB": 100}

def display_text(book: Phrasebook, phrase: Phrase, lang: str, slots: Slots) -> str:
    """The rendered sentence for the screen: in a right-to-left language an amount of money is isolated as a
    left-to-right run (U+2066 ... U+2069), so that 'US$' is not split by the bidi algorithm ('$US 1,500')."""
    text = render(book, phrase, lang, slots)
    if "money" in phrase.slots and slots.money is not None and phrase_language(lang).rtl:
        money = slot_text(book, "money", slots, lang).strip("\u200e\u200f")
        text = text.replace(money, "\u2066" + money + "\u2069", 1)
    return text


def template_text(phrase: Phrase) -> str:
    """The Korean sentence with its slots shown as [수량], [금액] ... (what the officer taps)."""
    text = phrase.text(OFFICER_LANG)
    for name in placeholders(text):
        text = text.replace("{" + name + "}", f"[{tr(OFFICER_LANG, f'phrase_slot_{name}')}]")
    return text


def slot_ask(missing: Sequence[str]) -> str:
    """'수량 입력 필요': what a card says when slots are still to be set (empty when none)."""
    if not missing:
        return ""
    names = ", ".join(tr(OFFICER_LANG, f"phrase_slot_{k}") for k in missing)
    return tr(OFFICER_LANG, "phrase_slot_ask", slots=names)


def card_text(book: Phrasebook, phrase: Phrase, slots: Slots) -> tuple[str, str]:
    """A card's Korean text and its slot request: filled in when every slot has a value, else the template with
    [수량] and a request to set them."""
    missing = [k for k in phrase.slots if k not in slots.given()]
    if not missing:
        return render(book, phrase, OFFICER_LANG, slots), ""
    return template_text(phrase), slot_ask(missing)


@dataclass
class BoardState:
    """What the officer used during this visit: recent phrases (newest first) and favourites (in tap order)."""

    recents: list[str] = field(default_factory=list)
    """Phrase ids, newest first, at most RECENT_MAX."""
    favourites: list[str] = field(default_factory=list)
    """Phrase ids the officer starred."""
    traveler_lang: str | None = None
    """The traveler language picked on the board (None: the session's language)."""

    def used(self, phrase_id: str) -> None:
        self.recents = [phrase_id, *(p for p in self.recents if p != phrase_id)][:RECENT_MAX]

    def toggle_favourite(self, phrase_id: str) -> bool:
        """Star or unstar; returns whether it is a favourite now."""
        if phrase_id in self.favourites:
            self.favourites.remove(phrase_id)
            return False
        self.favourites.append(phrase_id)
        return True

    def clear(self) -> None:
        self.recents.clear()
        self.favourites.clear()
        self.traveler_lang = None


@dataclass(frozen=True)
class Said:
    """A phrase as shown to the traveler."""

    phrase_id: str
    slots: Slots
    lang: str
    text: str
    """The sentence in the traveler's language (as recorded and spoken)."""
    shown: str
    """The same for the screen (bidi isolates in right-to-left languages)."""
    korean: str
    """The same sentence in Korean."""
    review: str
    """Review state of the traveler-language text."""


def default_slots(book: Phrasebook, phrase: Phrase, given: Slots | None = None) -> Slots:
    """The given values, and a starting value for every other slot of the phrase (the officer adjusts them)."""
    g = given or Slots()
    need = set(phrase.slots)
    return Slots(
        count=g.count if g.count is not None else (1 if "count" in need else None),
        money=g.money if g.money is not None else (Money(Decimal(100), "USD") if "money" in need else None),
        item=g.item if g.item is not None else (book.term_keys("item")[0] if "item" in need else None),
        place=g.place if g.place is not None else (book.term_keys("place")[0] if "place" in need else None),
        date=g.date if g.date is not None else (clock.today() if "date" in need else None),
    )


def search(book: Phrasebook, matcher: Matcher, text: str, limit: int = 12) -> list[tuple[str, Slots]]:
    """Officer phrases for typed text: literal hits in the Korean (or English) text first, then the matcher's top 3
    with the slot values it found ('세금 12만원' -> val.. with money 120,000 KRW)."""
    needle = "".join(text.split()).lower()
    if not needle:
        return []
    out: list[tuple[str, Slots]] = []
    for p in book.by_side("officer"):
        hay = [p.texts[k].text for k in (OFFICER_LANG, "en") if k in p.texts]
        if any(needle in "".join(h.split()).lower() for h in hay):
            out.append((p.id, Slots()))
    literal = {pid for pid, _ in out}
    found = [(c.phrase_id, c.slots) for c in matcher.match(text).candidates if c.phrase_id not in literal]
    return (out + found)[:limit]
