"""Multilingual lexicon, read from data files: locales/lexicon/<lang>.toml and locales/lexicon/common.toml.

Per language: category terms, count units, number words, clause separators, and the cue words of the conversation
(information questions, removal, correction, yes, function words). Common: volume/weight units, currencies and
cue words matched in any language. Terms match case-insensitively after NFKC normalisation; Latin/Cyrillic/
Vietnamese terms match whole words with a few letters of inflection, CJK/Thai terms as substrings. A term starting
with "re:" is a raw regular expression. Adding a language means adding a file.
"""

from __future__ import annotations

import functools
import re
import tomllib
from pathlib import Path
from typing import Any

from kiosk.config import settings

LANGS = ("en", "ko", "zh", "ja", "es", "fr", "de", "ru", "vi", "th")


def _dir() -> Path:
    return settings().locales_dir / "lexicon"


def _load(name: str) -> dict[str, Any]:
    with (_dir() / f"{name}.toml").open("rb") as fh:
        return tomllib.load(fh)


_COMMON = _load("common")
_PER_LANG = {lang: _load(lang) for lang in LANGS}

SPACED: tuple[str, ...] = tuple(lg for lg, d in _PER_LANG.items() if d["words"].get("spaced")) + ("pt", "it")
INFLECT: dict[str, int] = {lg: int(d["words"]["inflect"]) for lg, d in _PER_LANG.items() if "inflect" in d["words"]}
# Brand and regional product names (locales/lexicon/products.toml) belong to every language's terms
PRODUCTS: tuple[dict[str, Any], ...] = tuple(_load("products").get("product", ()))
# brands that stand before another goods word and belong to it ("chanel perfume")
BRAND_MODIFIERS: frozenset[str] = frozenset(str(n) for p in PRODUCTS if p.get("modifier") for n in p["names"])
_BY_CATEGORY: dict[str, list[str]] = {}
for _p in PRODUCTS:
    _BY_CATEGORY.setdefault(str(_p["category"]), []).extend(str(n) for n in _p["names"])
CATEGORY_TERMS: dict[str, dict[str, str]] = {
    lg: {cat: "|".join([*d["categories"].get(cat, ()), *_BY_CATEGORY.get(cat, ())])
         for cat in dict.fromkeys([*d["categories"], *_BY_CATEGORY])} for lg, d in _PER_LANG.items()}
COUNT_UNITS: dict[str, dict[str, str]] = {lg: dict(d.get("count_units", {})) for lg, d in _PER_LANG.items()}
NUMBER_WORDS: dict[str, dict[str, tuple[float, str]]] = {
    lg: {k: (float(v[0]), str(v[1])) for k, v in d["number_words"].items()}
    for lg, d in _PER_LANG.items() if "number_words" in d}
for _lg, _d in _PER_LANG.items():
    if "number_words_from" in _d["words"]:
        NUMBER_WORDS[_lg] = NUMBER_WORDS[_d["words"]["number_words_from"]]
CONNECTORS: dict[str, tuple[str, ...]] = {lg: tuple(d["words"].get("connectors", ())) for lg, d in _PER_LANG.items()}
CLAUSE_SEPARATORS: dict[str, tuple[str, ...]] = {
    lg: tuple(d["words"].get("clause_separators", ())) for lg, d in _PER_LANG.items()}

UNIT_CATEGORY: dict[str, str] = dict(_COMMON["unit_category"])
VOLUME_UNITS: dict[str, float] = {k: float(v) for k, v in _COMMON["volume_units"].items()}
WEIGHT_UNITS: dict[str, float] = {k: float(v) for k, v in _COMMON["weight_units"].items()}
CURRENCIES: dict[str, str] = dict(_COMMON["currencies"])
KO_SINO: dict[str, int] = dict(_COMMON["ko_sino"])
KO_NATIVE: dict[str, int] = dict(_COMMON["ko_native"])
ALCOHOL_KINDS: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in _COMMON.get("alcohol_kinds", {}).items()}

_CUES = _COMMON["cues"]
AGE_WORDS: tuple[str, ...] = tuple(_CUES["age"])
AGE_BEFORE: tuple[str, ...] = tuple(_CUES.get("age_before", ()))
MINOR_WORDS: tuple[str, ...] = tuple(_CUES["minor"])
PER_UNIT_WORDS: tuple[str, ...] = tuple(_CUES["per_unit"])
PER_UNIT_BEFORE: tuple[str, ...] = tuple(_CUES["per_unit_before"])
TOTAL_WORDS: tuple[str, ...] = tuple(_CUES["total"])
PURCHASE_WORDS: tuple[str, ...] = tuple(_CUES["purchase"])
PRICE_BEFORE: tuple[str, ...] = tuple(_CUES.get("price_before", ()))
LIMIT_WORDS: tuple[str, ...] = tuple(_CUES["limit"])
FILLERS: tuple[str, ...] = tuple(_CUES["fillers"])
OWN_WORDS: tuple[str, ...] = tuple(_CUES["own"])
CONDITION_WORDS: tuple[str, ...] = tuple(_CUES.get("condition", ()))
INJECTION_WORDS: tuple[str, ...] = tuple(_CUES.get("injection", ()))
BORN_WORDS: tuple[str, ...] = tuple(_CUES.get("born", ()))


_SPOKEN_MARKS = re.compile(r"[-'’]")
_APOSTROPHES = re.compile(r"['’]")


@functools.lru_cache(maxsize=512)
def cues(lang: str, name: str) -> tuple[str, ...]:
    """Conversation cue words of one language (info, remove, correct, yes, function), English always included."""
    out: list[str] = []
    for lg in dict.fromkeys((lang, "en")):
        d = _PER_LANG.get(lg, {})
        out += list(d.get("cues", {}).get(name, ()))
    # speech recognition writes no hyphens or apostrophes: "dois-je déclarer" is heard as "dois je déclarer", and
    # a contraction is written as one word: "what's" as "whats", "don't" as "dont"
    spoken = [v for w in out if (v := _SPOKEN_MARKS.sub(" ", w)) != w]
    joined = [v for w in out if (v := _APOSTROPHES.sub("", w)) != w]
    return tuple(dict.fromkeys(out + spoken + joined))


def words_list(lang: str, name: str) -> tuple[str, ...]:
    """A word list from a language's `[words]` table (e.g. Korean "particles"); empty when it has none."""
    return tuple(_PER_LANG.get(lang, {}).get("words", {}).get(name, ()))


def table(lang: str, name: str) -> dict[str, Any]:
    """A whole table of one language's file (e.g. `pronouns`); empty when it has none (no English fallback)."""
    return dict(_PER_LANG.get(lang, {}).get(name, {}))


def member_sex(relation: str) -> str | None:
    """"she" or "he" for a relation ("wife", "son") from common.toml `[member_sex]`; None for either ("child")."""
    return next((sex for sex, rels in _COMMON.get("member_sex", {}).items() if relation in rels), None)
