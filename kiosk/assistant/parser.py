"""Deterministic multilingual question parser: lexicon + number words -> items. No model needed.

Pipeline, one module per stage: normalise (numbers) -> find category mentions (mentions) -> find numbers (digits
and words, e.g. "three", "三", "만 오천", "quinze mil", "1,200") and read the unit right after each number
(currency, volume, weight, count, age) (quantities) -> cut the question into item clauses (punctuation,
"and"/"et"/"y"/"und"/"и"/"và"/"และ", 와/과/하고/랑, 和/跟/还有, と/や) and attach each quantity to the fitting mention in
its own clause (before or after it: "包700美元", "700ドルのバッグ"), else to the nearest fitting mention in the
question (clauses) -> one Item per mention (assemble: empty duplicates dropped; a goods word without a price in a
clause of its own stays an item, so its missing value keeps the answer "unclear").
"""

from __future__ import annotations

import bisect
import functools
import re
import tomllib
from dataclasses import dataclass

from kiosk.assistant.accents import restore
from kiosk.assistant.assemble import _without, assign, drop_rates, to_items
from kiosk.assistant.clauses import attach, clause_cuts
from kiosk.assistant.langdetect import detect_language
from kiosk.assistant.mentions import (
    CROSS_LANGUAGE_CATEGORIES,
    HAZARD_CATEGORIES,
    PURCHASE_ONLY,
    Mention,
    find_mentions,
)
from kiosk.assistant.numbers import find_numbers, normalize_text, spaced, words
from kiosk.assistant.quantities import (
    Quantity,
    _clauses_with_limits,
    _find_age,
    _find_birth_year,
    find_quantities,
)
from kiosk.assistant.unaccounted import leftover, unaccounted_clauses, unaccounted_near_amounts
from kiosk.config import settings
from kiosk.rules.model import Item

_Mention = Mention  # former names (the stages lived in this module)
_PURCHASE_ONLY = PURCHASE_ONLY
_attach = attach

__all__ = ["CROSS_LANGUAGE_CATEGORIES", "HAZARD_CATEGORIES", "Mention", "ParsedQuestion", "Quantity", "clause_cuts",
           "find_mentions", "find_numbers", "find_quantities", "parse_question"]


@dataclass(frozen=True)
class ParsedQuestion:
    language: str
    items: tuple[Item, ...]
    age: int | None
    injection: bool
    quantities: tuple[Quantity, ...]
    mentions: int = 0  # goods words found in the text (not counting items made up from a bare amount)
    unaccounted: tuple[str, ...] = ()  # clauses naming something the lexicon does not know
    birth_year: int | None = None


def parse_question(text: str, lang: str | None = None) -> ParsedQuestion:
    language = lang or detect_language(text)
    text = restore(text, language)  # accents dropped by speech recognition (es, fr, de)
    t = normalize_text(text)
    limit_spans = _clauses_with_limits(t)
    injection = bool(limit_spans) and any(w in t for w in words("INJECTION_WORDS"))
    mentions = find_mentions(t, language)
    inj_spans = limit_spans + ([m.span() for m in re.finditer(r"[^.!?;。！？\n]+", t)
                                if any(w in m.group(0) for w in words("INJECTION_WORDS"))] if injection else [])
    # "items = [] ; verdict = allowed": generic words inside an instruction are not goods
    mentions = [m for m in mentions if not (m.text.strip() in PURCHASE_ONLY
                                            and any(s <= m.start < e for s, e in inj_spans))]
    quantities = [q for q in find_quantities(t, language, mentions)
                  if not any(s <= q.start < e for s, e in limit_spans)]
    # a word used as the unit of a number is not also an item ("deux cartouches de cigarettes": cartons)
    unit_spans = [(q.start, q.end) for q in quantities if q.kind == "count" and q.unit]
    mentions = [m for m in mentions if not any(s <= m.start and m.end <= e for s, e in unit_spans)]
    # a money word right after an amount is part of it ("三千块钱", "a bag for 500 dollars cash"), not a second thing
    # of cash; in a clause of its own beside other goods it stays, so the amount stays cash ("drei Flaschen Whisky
    # und 2000 Euro Bargeld" made the 2000 EUR the whisky's price and lost the cash); glued to the amount, only in a
    # clause begun by a word
    pre = clause_cuts(t, language, sorted(mentions, key=lambda m: m.start))
    goods_clauses = {bisect.bisect_right(pre, o.start) for o in mentions if o.category != "cash"}

    def stays_cash(m: Mention, glued: bool) -> bool:  # glued: "两瓶白酒和三千块钱" is cash, "衣服，三千块钱" a price
        here = bisect.bisect_right(pre, m.start)
        return (bool(goods_clauses) and here not in goods_clauses
                and (not glued or (here > 0 and t[pre[here - 1]].isalpha())))

    mentions = [m for m in mentions if not (m.category == "cash" and any(
        q.kind == "money" and 0 <= m.start - q.end <= 1 and not stays_cash(m, m.start == q.end) for q in quantities))]
    alone = _currency_alone(t, language, mentions, quantities)  # "$500 and some euros": how many euros?
    cuts = clause_cuts(t, language, sorted(mentions + alone, key=lambda m: m.start))

    def clause_of(pos: int) -> int:
        return bisect.bisect_right(cuts, pos)
    mention_count = len(mentions)
    unaccounted = unaccounted_clauses(t, language, cuts, mentions, quantities, inj_spans)
    # issue 20: every word beside an amount is accounted for, or the answer is at most "unclear"
    unaccounted = tuple(dict.fromkeys((*unaccounted, *unaccounted_near_amounts(t, language, cuts, mentions,
                                                                                quantities, inj_spans))))
    kinds = {q.kind for q in quantities}
    purchase = any(w in t for w in words("PURCHASE_WORDS"))
    priced = kinds == {"money", "bare"} or (purchase and "money" in kinds and kinds <= {"money", "bare", "count"})
    goods = [m for m in mentions if m.text.strip() not in PURCHASE_ONLY]  # "bought", "things": no kind of goods
    if not goods and priced and not injection:  # "two <unknown> for $60", "I bought a <unknown> for $60" (not
        # a follow-up's "two 1 L bottles, $150", nor cash said plainly: "Ich habe 2000 Dollar dabei, muss ich das
        # anmelden?"): an amount and words the lexicon does not know ("two whiskies for 60 dollars", "I bought a
        # zapper for 60 dollars"): the amount is a price of those goods, not 60 dollars of cash or of harmless goods
        # "allowed"; they are asked about (LLM / unknown item)
        rest = leftover(_without(t, PURCHASE_ONLY, spaced(language)), language)
        if rest and rest not in unaccounted:
            unaccounted = (*unaccounted, rest)
    quantities, rate_money = drop_rates(quantities)
    assign(t, quantities, mentions, clause_of, purchase, rate_money, language)
    mentions = sorted(mentions + alone, key=lambda m: m.start)  # after the amounts found their goods
    items = to_items(t, text, mentions, cuts, clause_of, purchase)
    return ParsedQuestion(language, tuple(items), _find_age(t, quantities), injection, tuple(quantities),
                          mention_count, unaccounted, _find_birth_year(t))


@functools.lru_cache(maxsize=32)
def _currency_regex(lang: str) -> re.Pattern[str] | None:
    with (settings().locales_dir / "lexicon" / "accounted.toml").open("rb") as fh:
        names = tomllib.load(fh).get("currency_alone", {}).get(lang, [])
    if not names:
        return None
    body = "|".join(re.escape(normalize_text(n)) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)" if spaced(lang) else f"(?:{body})")


def _currency_alone(t: str, lang: str, mentions: list[Mention], quantities: list[Quantity]) -> list[Mention]:
    """A currency named with no amount of its own (accounted.toml [currency_alone]): cash of unknown amount."""
    pat = _currency_regex(lang)
    if pat is None:
        return []
    taken = [(m.start, m.end) for m in mentions] + [(q.start, q.end) for q in quantities]
    return [Mention("cash", m.start(), m.end(), m.group(0)) for m in pat.finditer(t)
            if not any(s < m.end() and m.start() < e for s, e in taken)]

