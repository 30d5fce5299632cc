"""Every word and number of a declared item in the traveler's language (Qt-free): counted units with CLDR plural
forms ("3 бутылки", "5 бутылок"), measures with Babel's CLDR unit names ("2 л", "1,5 L", "250 g"), amounts in the
locale's digits ("1.250.000 KRW"), category names, and the item line the form, the review screen and the PDF show.
No rule ids, no English unit words on a translated screen.

Counted units live in the UI catalogs as one string per unit, its plural forms by CLDR category:
`"u_bottle": "one:{n} bottle|other:{n} bottles"` (Russian adds `few:` and `many:`); a category the language does
not use falls back to `other`.
"""

from __future__ import annotations

from functools import cache

from babel import Locale
from babel.numbers import format_decimal
from babel.units import format_unit

from kiosk.declaration.model import DeclaredItem
from kiosk.i18n import tr
from kiosk.languages import get

NBSP = "\u00a0"
# the parser's and the picker's counted units -> catalog key
COUNT_UNITS = {"bottle": "u_bottle", "pack": "u_pack", "carton": "u_carton", "box": "u_box", "stick": "u_stick",
               "piece": "u_piece", "item": "u_piece", "container": "u_container", "cigarette": "u_cigarette",
               "cigar": "u_cigar"}
# measures -> CLDR unit ids (Babel)
MEASURES = {"L": "volume-liter", "l": "volume-liter", "mL": "volume-milliliter", "ml": "volume-milliliter",
            "g": "mass-gram", "kg": "mass-kilogram"}
# rule-engine categories -> catalog key of their name (anything else: "other goods")
CATEGORY_KEY = {"alcohol": "tile_alcohol", "perfume": "tile_perfume", "cigarettes": "tob_cigarettes",
                "cigars": "tob_cigars", "tobacco_other": "tob_tobacco_other", "nicotine_liquid": "tob_nicotine_liquid",
                "heated_tobacco": "tob_heated_tobacco", "cash": "tile_cash", "medicine": "tile_medicine",
                "animal": "tile_animals", "general": "cat_general", "meat": "cat_meat", "dairy": "cat_dairy",
                "fruit": "cat_fruit", "vegetable": "cat_vegetable", "plant": "cat_plant", "seed": "cat_plant",
                "soil": "cat_plant", "knife": "cat_knife", "weapon": "cat_knife", "firearm": "cat_firearm",
                "replica_gun": "cat_firearm", "ammunition": "cat_firearm", "narcotics": "cat_narcotics"}
# the tobacco allowance's threshold keys -> the unit its total is counted in
TOBACCO_COUNT = {"cigarettes": "cigarette", "cigars": "cigar", "heated_sticks": "stick"}
TOBACCO_MEASURE = {"tobacco_g": "g", "nicotine_ml": "mL"}


@cache
def _locale(lang: str) -> Locale:
    return Locale.parse(get(lang).locale)


def number(x: float, lang: str) -> str:
    """A number in the language's digits: 1,250,000 (en) / 1.250.000 (de) / 1 250 000 (ru, fr)."""
    v = float(x)
    return str(format_decimal(int(v) if v.is_integer() else round(v, 2), locale=_locale(lang)))


def plural_category(n: float, lang: str) -> str:
    """CLDR plural category of `n` in `lang`: one, few, many, other..."""
    v = float(n)
    return str(_locale(lang).plural_form(int(v) if v.is_integer() else v))


def _forms(lang: str, key: str) -> dict[str, str]:
    forms: dict[str, str] = {}
    for part in tr(lang, key).split("|"):
        cat, _, text = part.partition(":")
        forms[cat.strip()] = text
    return forms


def count(n: float, unit: str, lang: str) -> str:
    """"3 bottles", "3 бутылки", "5 бутылок", "3병": a counted unit in the right plural form; an unknown unit
    gets the number alone (never an English word on a translated screen)."""
    key = COUNT_UNITS.get(unit)
    if key is None:
        return number(n, lang)
    forms = _forms(lang, key)
    text = forms.get(plural_category(n, lang)) or forms.get("other") or "{n}"
    return text.format(n=number(n, lang)).replace(" ", NBSP)


def measure(value: float, unit: str, lang: str) -> str:
    """"2 L" / "2 л" / "1,5 L" / "250 g": Babel's CLDR short unit names."""
    cldr = MEASURES.get(unit)
    v = float(value)
    num = int(v) if v.is_integer() else round(v, 2)
    if cldr is None:
        return number(v, lang)
    return str(format_unit(num, cldr, length="short", locale=_locale(lang))).replace(" ", NBSP)


def volume(ml: float, lang: str) -> str:
    return measure(ml / 1000, "L", lang) if ml >= 1000 else measure(ml, "mL", lang)


def money(value: float, currency: str, lang: str) -> str:
    """"1,250,000 KRW" / "1.250.000 KRW": the locale's digits, the ISO code (whole units shown)."""
    v = float(value)
    shown = round(v) if abs(v) >= 100 else v
    return f"{number(shown, lang)}{NBSP}{currency}" if currency else number(shown, lang)


def category_name(category: str, lang: str) -> str:
    return tr(lang, CATEGORY_KEY.get(category, "tile_other"))


def amount(item: DeclaredItem, lang: str) -> str:
    """How much: "3 bottles", "2 L", "300 cigarettes" ('' when unknown)."""
    if item.quantity is None:
        return ""
    if item.unit in MEASURES:
        return measure(item.quantity, item.unit, lang)
    if not item.unit and item.quantity == 1 and item.category in ("general", "cash"):
        return ""
    return count(item.quantity, item.unit or "piece", lang)


def item_line(item: DeclaredItem, lang: str, owner: str = "", *, with_category: bool = False) -> str:
    """One declared item in `lang`: what (the traveler's words, else the category's name), how many, its value,
    "to be checked by the officer" when it is still open, whose it is. Never a rule id."""
    name = item.description or category_name(item.category, lang)
    if with_category and item.description and item.category:
        name = f"{name} ({category_name(item.category, lang)})"
    parts = [name, amount(item, lang)]
    if item.value is not None:
        parts.append(money(item.value, item.currency, lang))
    if item.to_check:
        parts.append(tr(lang, "to_check"))
    if owner:
        parts.append(owner)
    return " · ".join(p for p in parts if p)


def officer_line(item: DeclaredItem, owner: str = "") -> str:
    """The same item for the officer, in Korean: the category's Korean name, how many, its value."""
    parts = [category_name(item.category, "ko"), amount(item, "ko")]
    if item.value is not None:
        parts.append(money(item.value, item.currency, "ko"))
    if item.to_check:
        parts.append(tr("ko", "to_check"))
    if owner:
        parts.append(owner)
    return " · ".join(p for p in parts if p)
