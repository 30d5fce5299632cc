"""The hazard gazetteer (locales/lexicon/hazards.toml): street names, abbreviations, brands, calibres, explosive
code names and emoji that hide a prohibited or restricted item, as data with a category and a source.

Its terms are looked for in every language after the lexicon's own (kiosk/assistant/parser.py): a word the lexicon
knows as harmless goods keeps its meaning; a gazetteer word of category "unknown" (slang that is also an everyday
word: "coke", "ice", "candy") makes the answer "unclear" with a question, never "allowed".
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass

from kiosk.config import settings

UNSPACED = re.compile(r"[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u9fff\uac00-\ud7a3\u0e00-\u0e7f]")
INFLECT = 2  # letters of ending after a whole-word term ("glocks", "pistolas")
# a whole word in a script with spaces ends at anything but a letter or digit of such a script: "和kush", "とglock"
# (Chinese, Japanese, Korean and Thai letters around a Latin word are no part of it)
SPACED_CHAR = r"[^\W\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u9fff\uac00-\ud7a3\u0e00-\u0e7f]"
_CROSS = ("narcotics", "counterfeit_currency", "obscene", "firearm", "replica_gun", "ammunition", "explosive",
          "weapon", "knife")


@dataclass(frozen=True)
class Group:
    category: str
    source: str
    terms: tuple[str, ...]


@dataclass(frozen=True)
class Gazetteer:
    sources: dict[str, str]
    groups: tuple[Group, ...]
    emoji: dict[str, str]
    harmless_emoji: frozenset[str]

    def terms(self) -> dict[str, str]:
        """term -> category (the first group naming a term wins; plain terms lower-cased)."""
        out: dict[str, str] = {}
        for g in self.groups:
            for t in g.terms:
                out.setdefault(t if t.startswith("re:") else t.lower(), g.category)
        return out


@functools.lru_cache(maxsize=1)
def load() -> Gazetteer:
    with (settings().locales_dir / "lexicon" / "hazards.toml").open("rb") as fh:
        data = tomllib.load(fh)
    groups = tuple(Group(str(g["category"]), str(g["source"]), tuple(str(t) for t in g["terms"]))
                   for g in data.get("group", ()))
    emoji = {k.replace("\ufe0f", ""): str(v) for k, v in data.get("emoji", {}).items()}
    harmless = frozenset(data.get("harmless_emoji", {}).get("chars", "").replace("\ufe0f", ""))
    return Gazetteer(dict(data.get("sources", {})), groups, emoji, harmless)


def plain_terms() -> frozenset[str]:
    """The gazetteer's plain (non-regex) terms, "unknown" slang included: the words look-alike spellings hide."""
    return frozenset(t for t in load().terms() if not t.startswith("re:"))


@functools.lru_cache(maxsize=2)
def patterns(sure: bool) -> tuple[tuple[re.Pattern[str], dict[str, str]], ...]:
    """Mention patterns in the parser's form (term in group 1): whole words with a short ending in scripts with
    spaces, substrings in Korean/Chinese/Japanese/Thai. sure=True: the hazard words (looked for before the
    lexicon, so that "nose candy" is not the harmless "candy"); False: the "unknown" words (after it, so that a
    word the lexicon knows as harmless keeps its meaning)."""
    from kiosk.assistant.numbers import alt, normalize_text

    spaced: dict[str, str] = {}
    unspaced: dict[str, str] = {}
    from kiosk.assistant import lexicon as lx

    terms = {t: c for t, c in load().terms().items() if (c != "unknown") == sure}
    for table in lx.CATEGORY_TERMS.values() if sure else ():  # the lexicon's hazard words, in every language
        for cat, words in table.items():
            if cat in _CROSS:
                for w in (w.strip() for w in words.split("|")):
                    # two letters only when not plain ASCII ("nỏ" is a crossbow; "ar" is no word of its own),
                    # in every script (a Japanese "包丁" in Chinese text is no "包" bag)
                    if w and not w.startswith("re:") and (len(w) >= 3 or (len(w) == 2 and not w.isascii())):
                        terms.setdefault(w.lower(), cat)
    for term, cat in list(terms.items()):  # "c4" is also heard as "c four", "delta 8" as "delta eight"
        if not term.startswith("re:") and (said := spoken_digits(term)) != term:
            terms.setdefault(said, cat)
    for term, cat in terms.items():
        t = term if term.startswith("re:") else normalize_text(term).strip()
        if t:
            (unspaced if UNSPACED.search(t) else spaced).setdefault(t, cat)
    out = []
    if spaced:
        out.append((re.compile(rf"(?<!{SPACED_CHAR})({alt(list(spaced))})({SPACED_CHAR}{{0,{INFLECT}}})"
                               rf"(?!{SPACED_CHAR})"), spaced))
    if unspaced:
        out.append((re.compile(f"({alt(list(unspaced))})"), unspaced))
    return tuple(out)


_ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def _en_words(n: int) -> str:
    return _ONES[n] if n < 20 else _TENS[n // 10] + ("" if n % 10 == 0 else " " + _ONES[n % 10])


def spoken_digits(term: str) -> str:
    """A term with digits as speech recognition writes it in English ("c-4" -> "c four", "ak47" -> "ak forty
    seven"); the term itself when it has no letter (a bare ".38" said as "thirty eight" would be any amount), a
    number of three digits or more, or a word that can make the number an amount ("nine mil")."""
    if not re.search(r"[a-z]", term) or not re.search(r"\d", term) or re.search(r"\d{3}", term):
        return term
    said = re.sub(r"\s*-?\s*(\d{1,2})\s*-?\s*", lambda m: f" {_en_words(int(m.group(1)))} ", term)
    said = re.sub(r"\s+", " ", said).strip()
    return term if _AMOUNT_AFTER.search(term) else said


_AMOUNT_AFTER = re.compile(r"\d\s*(?:mil|k|m|grand|%)(?![a-z])")  # "nine mil" is also nine million: no variant
