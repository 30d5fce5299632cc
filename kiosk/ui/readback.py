"""What the traveler confirms when speech recognition is unsure of the words (Qt-free): the facts of the heard words
that decide the verdict — what, how many, how much (volume, weight), what it is worth, whose — one line per item,
and the sentence the kiosk says to read them back ("I heard: whisky, 3 bottles. Is that right?").

The facts are the kiosk's own parse of the heard words (`CheckHeard.facts`: `kiosk.assistant.parser`); numbers and
units are written in the traveler's language by `kiosk.declaration.wording` (the form's and the basket's words);
the sentences are templates in the UI catalogs (`check_fact`, `check_readback`, `check_readback_words`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from babel.lists import format_list

from kiosk.assistant import family
from kiosk.declaration import wording
from kiosk.i18n import tr
from kiosk.rules.model import Item
from kiosk.rules.party import ME

NBSP = "\u00a0"
# how the parts of one fact are said one after the other ("3 bottles, 150 USD"; "2병 150 USD")
PART_SEP = {"ja": "、", "zh": "，", "th": " ", "ko": " "}


@dataclass(frozen=True)
class FactLine:
    """One item of the heard words, in the traveler's language."""

    item: str  # the traveler's word for it ("whisky", "위스키"), else the category's name
    parts: tuple[str, ...]  # how many, how much, its value ("3 bottles", "1.5 L", "150 USD"); may be empty
    owner: str = ""  # whose, when not the traveler's own ("your wife"); "" for the traveler's

    def details(self) -> str:
        """The facts after the item's name, for the screen: "3 bottles · 150 USD · your wife"."""
        return " · ".join([*self.parts, *([self.owner] if self.owner else [])])


def _count(item: Item, lang: str) -> str:
    if item.quantity is None:
        return ""
    if item.unit in wording.MEASURES:
        return wording.measure(item.quantity, item.unit, lang)
    if item.quantity == 1 and not item.unit and item.category in ("general", "cash"):
        return ""  # "one" of goods or cash says nothing
    return wording.count(item.quantity, item.unit or "piece", lang)


def fact_line(item: Item, lang: str) -> FactLine:
    parts = [_count(item, lang)]
    if item.volume_ml is not None:
        parts.append(wording.volume(item.volume_ml, lang))
    if item.weight_g is not None:
        kg = item.weight_g >= 1000
        parts.append(wording.measure(item.weight_g / 1000 if kg else item.weight_g, "kg" if kg else "g", lang))
    if item.value is not None and item.currency:
        parts.append(wording.money(item.value, item.currency, lang))
    owner = "" if item.owner == ME else family.label(item.owner, lang)
    name = item.description.strip() or wording.category_name(item.category, lang)
    return FactLine(name, tuple(p for p in parts if p), owner)


def fact_lines(facts: Sequence[Item], lang: str) -> list[FactLine]:
    return [fact_line(f, lang) for f in facts]


def _said(line: FactLine, lang: str) -> str:
    """One fact as said aloud: "whisky, 3 bottles"; the name is left out when the amount already names it
    ("200 cigarettes", not "cigarettes, 200 cigarettes")."""
    parts = [p.replace(NBSP, " ") for p in (*line.parts, *([line.owner] if line.owner else []))]
    amount = PART_SEP.get(lang, ", ").join(parts)
    if not amount:
        return line.item
    if line.item.casefold() in amount.casefold():
        return amount
    return tr(lang, "check_fact", item=line.item, amount=amount)


def readback(words: str, facts: Sequence[Item], lang: str) -> str:
    """The sentence that reads back the facts that decide the verdict (the heard words when none were found)."""
    lines = fact_lines(facts, lang)
    if not lines:
        return tr(lang, "check_readback_words", words=words.strip().rstrip(".。!！?？ "))
    try:
        said = format_list([_said(ln, lang) for ln in lines], locale=lang)
    except (KeyError, ValueError):  # a locale without list patterns
        said = ", ".join(_said(ln, lang) for ln in lines)
    return tr(lang, "check_readback", facts=said)
