"""Deterministic multilingual question parser: lexicon + number words -> items. No model needed.

Pipeline: normalise -> find category mentions -> find numbers (digits and words, e.g. "three", "三", "만 오천",
"quinze mil", "1,200") -> read the unit right after each number (currency, volume, weight, count, age) -> cut the
question into item clauses (punctuation, "and"/"et"/"y"/"und"/"и"/"và"/"และ", 와/과/하고/랑, 和/跟/还有, と/や) ->
attach each quantity to the fitting mention in its own clause (before or after it: "包700美元", "700ドルのバッグ"),
else to the nearest fitting mention in the question -> one Item per mention (empty duplicates dropped; a goods word
without a price in a clause of its own stays an item, so its missing value keeps the answer "unclear").
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

from kiosk.assistant import gazetteer
from kiosk.assistant import lexicon as lx
from kiosk.assistant.langdetect import detect_language
from kiosk.assistant.numbers import (
    PREFIX_CURRENCY,
    alt,
    find_numbers,
    money_digits,
    normalize_text,
    spaced,
    unit_at,
    words,
)
from kiosk.assistant.unaccounted import leftover, unaccounted_clauses, unaccounted_near_amounts
from kiosk.rules.model import Item


@dataclass
class _Mention:
    category: str
    start: int
    end: int
    text: str
    quantity: float | None = None
    unit: str | None = None
    volume_ml: float | None = None
    weight_g: float | None = None
    value: float | None = None
    currency: str | None = None
    value_each: bool = False  # "20 euros each": the price is per unit
    volume_total: bool = False  # "2 L in total": the volume is for all units

    def has_data(self) -> bool:
        return any(x is not None for x in (self.quantity, self.volume_ml, self.weight_g, self.value))


@dataclass(frozen=True)
class Quantity:
    kind: str  # "count" | "volume" | "weight" | "money" | "age" | "bare"
    value: float
    start: int
    end: int
    unit: str | None = None  # canonical count unit, or currency code
    category: str | None = None  # category named right after the number ("three whiskies")


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


# Categories that some rule table prohibits or restricts (tests/test_parser.py checks this covers every table).
HAZARD_CATEGORIES = frozenset({
    "narcotics", "counterfeit_currency", "obscene", "counterfeit", "cites", "medicine", "meat", "dairy", "animal",
    "fruit", "vegetable", "plant", "seed", "soil", "firearm", "replica_gun", "ammunition", "explosive", "knife",
    "weapon",
})
# The most dangerous of them are also looked for in EVERY other language, whatever language the question was
# detected as: "覚醒剤" in text read as Chinese, a German "Messer" in an English sentence must never leave the harmless
# item beside it to decide. Only these (not everyday words such as fruit, "solo" = soil in Portuguese, 花 = flower),
# and only words long enough not to be pieces of other words.
CROSS_LANGUAGE_CATEGORIES = frozenset({
    "narcotics", "counterfeit_currency", "obscene", "firearm", "replica_gun", "ammunition", "explosive", "weapon",
    "knife",
})
_CROSS_MIN_CHARS = {True: 4, False: 2}  # spaced languages / languages without spaces


@functools.lru_cache(maxsize=32)
def _category_regex(lang: str) -> list[tuple[re.Pattern[str], dict[str, str]]]:
    """Patterns for the question's language and English (always), then the hazard words of every other
    language."""
    out: list[tuple[re.Pattern[str], dict[str, str]]] = []
    others = tuple(lg for lg in lx.LANGS if lg not in (lang, "en"))
    passes = [(lg, False) for lg in dict.fromkeys((lang, "en"))] + [(lg, True) for lg in others]
    for lg, hazards_only in passes:
        table = lx.CATEGORY_TERMS.get(lg)
        if not table:
            continue
        term_cat: dict[str, str] = {}
        for cat, terms in table.items():
            if hazards_only and cat not in CROSS_LANGUAGE_CATEGORIES:
                continue
            for t in terms.split("|"):
                t = t.strip() if t.startswith("re:") else normalize_text(t.strip())
                if hazards_only and (t.startswith("re:") or len(t) < _CROSS_MIN_CHARS[spaced(lg)]):
                    continue
                if t:
                    term_cat.setdefault(t, cat)
        if not term_cat:
            continue
        body = alt(list(term_cat))
        if spaced(lg):
            n = lx.INFLECT.get(lg, 3)
            pat = re.compile(rf"(?<![\w])({body})(\w{{0,{n}}})(?![\w])")
        else:
            pat = re.compile(rf"({body})")
        out.append((pat, term_cat))
    # issue 20: the hazard gazetteer in every language (street names, calibres, code names, emoji words): its
    # hazards before the lexicon, its everyday-word slang ("unknown": asked about) after it
    return [*gazetteer.patterns(sure=True), *out, *gazetteer.patterns(sure=False)]


def _lookup(term_cat: dict[str, str], matched: str) -> str:
    if matched in term_cat:
        return term_cat[matched]
    for t, c in term_cat.items():  # raw regex terms
        if t.startswith("re:") and re.fullmatch(t[3:], matched):
            return c
    return "general"


def find_mentions(text: str, lang: str) -> list[_Mention]:
    taken: list[tuple[int, int]] = []
    mentions: list[_Mention] = []
    for pat, term_cat in _category_regex(lang):
        for m in pat.finditer(text):
            s, e = m.span()
            if any(s < te and ts < e for ts, te in taken):
                continue
            cat = _lookup(term_cat, m.group(1))
            taken.append((s, e))
            mentions.append(_Mention(cat, s, e, text[s:e]))
    mentions.sort(key=lambda x: x.start)
    return _join_adjacent_goods(text, mentions)


def _join_adjacent_goods(text: str, mentions: list[_Mention]) -> list[_Mention]:
    """Goods words side by side are one thing: "a Gucci bag", "designer watch", "구찌 가방" (brand or kind, then
    the goods), so that "a" counts the bag once and its price is not left to a second, priceless item.
    Only general goods (the separate-limit categories have no such pairs) and never a purchase verb."""
    out: list[_Mention] = []
    for m in mentions:
        prev = out[-1] if out else None
        if (prev is not None and prev.category == m.category == "general"
                and not text[prev.end:m.start].strip(" -") and m.start - prev.end <= 1
                and not {prev.text.strip(), m.text.strip()} & _PURCHASE_ONLY):
            out[-1] = _Mention(m.category, prev.start, m.end, text[prev.start:m.end])
            continue
        out.append(m)
    return out




# 块 is yuan only at the end of a phrase or before money words/verbs ("一万块买了", "五十块钱"); else a measure word
_MONEY_KUAI = re.compile(r"\s*(?:$|[\s,.;!?，。！？、]|钱|人民币|买|的|左右|多|以上|以下|美|现金)")


def find_quantities(text: str, lang: str, mentions: list[_Mention]) -> list[Quantity]:
    out: list[Quantity] = []
    starts = {m.start: m for m in mentions}
    numbers_text = text
    if not spaced(lang):  # a number word inside a goods word is no number ("핸드백": 백 = 100, "百威")
        for m in mentions:
            numbers_text = numbers_text[:m.start] + "#" * (m.end - m.start) + numbers_text[m.end:]
    for s, e, val in find_numbers(numbers_text, lang):
        pre = PREFIX_CURRENCY.search(text[max(0, s - 4):s])
        if pre:
            cur = lx.CURRENCIES[pre.group(1)]
            if cur == "JPY" and lang == "zh":
                cur = "CNY"
            # "$1,200" — a multiplier word may follow ("$15 thousand" is handled by find_numbers)
            out.append(Quantity("money", money_digits(text[s:e], val), s - len(pre.group(0)), e, cur))
            continue
        unit = unit_at(text, e, lang)
        if unit:
            kind, u, end = unit
            if kind == "money" and text[e:end].strip() == "块" and not _MONEY_KUAI.match(text, end):
                kind, u = "count", "piece"  # "一块手表/象牙": 块 is a measure word, not yuan
            if kind == "money":
                cur = str(u)
                if text[e:end].strip() in ("만원",):
                    val *= 10000
                out.append(Quantity("money", money_digits(text[s:e], val), s, end, cur))
            elif kind == "volume":
                out.append(Quantity("volume", val * float(u), s, end))
            elif kind == "weight":
                out.append(Quantity("weight", val * float(u), s, end))
            elif kind == "age":
                out.append(Quantity("age", val, s, end))
            else:
                # count unit; the category may follow right after ("3 bottles of wine" / "两条香烟")
                nxt = _next_mention(text, end, starts)
                out.append(Quantity("count", val, s, end, str(u), nxt.category if nxt else None))
            continue
        nxt = _next_mention(text, e, starts)
        if nxt is not None:
            out.append(Quantity("count", val, s, e, None, nxt.category))
        else:
            out.append(Quantity("bare", val, s, e))
    return _counts_before_sizes(text, lang, out, starts)


def _counts_before_sizes(text: str, lang: str, qs: list[Quantity], starts: dict[int, _Mention]) -> list[Quantity]:
    """"three 1 liter bottles", "two 750 ml whiskies": the number before a size counts the units after it (it was
    left a bare number, and the basket held one bottle: 1 L "allowed" instead of 3 L to declare)."""
    out = list(qs)
    for n, q in enumerate(out[:-1]):
        size = out[n + 1]
        if q.kind != "bare" or size.kind not in ("volume", "weight") or text[q.end:size.start].strip(" -"):
            continue
        unit = unit_at(text, size.end, lang)
        if unit is not None and unit[0] == "count":
            nxt = _next_mention(text, unit[2], starts)
            out[n] = Quantity("count", q.value, q.start, q.end, str(unit[1]), nxt.category if nxt else None)
        elif (nxt := _next_mention(text, size.end, starts)) is not None:
            out[n] = Quantity("count", q.value, q.start, q.end, None, nxt.category)
    return out


def _next_mention(text: str, pos: int, starts: dict[int, _Mention]) -> _Mention | None:
    i = pos
    for _ in range(3):
        while i < len(text) and text[i] in " \t-":
            i += 1
        if i in starts:
            return starts[i]
        filler = next((f for f in sorted(words("FILLERS"), key=len, reverse=True) if text.startswith(f, i)), None)
        if not filler:
            return None
        i += len(filler)
    return None


def _find_age(text: str, quantities: list[Quantity]) -> int | None:
    ages = [int(q.value) for q in quantities if q.kind == "age" and 0 < q.value < 120]
    for m in re.finditer(r"(?:i am|i'm|age|aged|ich bin|мне|อายุ)\s+(\d{1,2})(?!\d)", text):
        ages.append(int(m.group(1)))
    if ages:
        return min(ages)
    if any(w in text for w in words("MINOR_WORDS")):
        return 17
    return None


_BIRTH_YEAR = re.compile(r"(?<!\d)(19[0-9]{2}|20[0-4][0-9])(?!\d)")


def _find_birth_year(text: str) -> int | None:
    m = _BIRTH_YEAR.search(text)
    if m and any(w in text for w in words("BORN_WORDS")):
        return int(m.group(1))
    return None


def _clauses_with_limits(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in re.finditer(r"[^.!?;。！？\n]+", text):
        if any(w in m.group(0) for w in words("LIMIT_WORDS")):
            spans.append(m.span())
    return spans


# -- clauses -----------------------------------------------------------------------------------------------------
_PUNCT_SEP = r"(?<!\d)[,.]|[,.](?!\d)|[;!?\n，、；。！？:：]"


@functools.lru_cache(maxsize=32)
def _separator_regex(lang: str) -> re.Pattern[str]:
    words = [normalize_text(w) for w in lx.CLAUSE_SEPARATORS.get(lang, ())]
    parts = [_PUNCT_SEP]
    if words:
        body = alt(words)
        parts.append(rf"(?<![\w])(?:{body})(?![\w])" if spaced(lang) else f"(?:{body})")
    return re.compile("|".join(parts))


def clause_cuts(text: str, lang: str, mentions: list[_Mention]) -> list[int]:
    """Positions where a new item clause starts ("..., and ...", "和", "하고", "と").

    A separator inside a category term ("사과" ends in the particle 과) or inside a number ("5,000") is no cut;
    in Japanese a と/や glued to hiragana is part of a word unless a category term ends right before it."""
    cuts: list[int] = []
    ends = {m.end for m in mentions}
    for m in _separator_regex(lang).finditer(text):
        s = m.start()
        if any(mn.start < s < mn.end for mn in mentions):
            continue
        if lang == "ja" and m.group(0) in ("と", "や") and s > 0 and "\u3041" <= text[s - 1] <= "\u309f" \
                and s not in ends:
            continue
        cuts.append(s)
    return cuts


# -- assembly ----------------------------------------------------------------------------------------------------
def _attach(q: Quantity, mentions: list[_Mention], clause_of: Callable[[int], int] | None = None) -> _Mention | None:
    """The mention a quantity belongs to: the best one in the quantity's own clause, else in the whole question."""
    if not mentions:
        return None
    if q.category:
        after = [m for m in mentions if m.start >= q.end and m.category == q.category]
        if after:
            return min(after, key=lambda m: m.start - q.end)
    if clause_of is not None:
        qc = clause_of(q.start)
        same = [m for m in mentions if clause_of(m.start) == qc]
        if same:
            local = _attach_among(q, same, strict=True)
            if local is not None:
                return local
            glob = _attach_among(q, mentions, strict=True)
            if glob is not None:
                return glob
            return _attach_among(q, same, strict=False)
    return _attach_among(q, mentions, strict=False)


def _attach_among(q: Quantity, mentions: list[_Mention], strict: bool) -> _Mention | None:
    """Nearest fitting mention; strict: only a category the quantity suits (money -> goods/cash, ml -> liquids)."""
    if not mentions:
        return None

    def dist(m: _Mention) -> float:
        if m.start >= q.end:
            d = m.start - q.end
        elif m.end <= q.start:
            d = q.start - m.end
        else:
            d = 0
        return d

    def dist_money(m: _Mention) -> float:  # prefer concrete goods over a bare "bought"
        return dist(m) + (25 if m.text.strip() in _PURCHASE_VERBS else 0)

    fits = _FITS.get(q.kind)
    pref = [m for m in mentions if m.category in fits] if fits else mentions
    if strict and not pref:
        return None
    return min(pref or mentions, key=dist_money if q.kind == "money" else dist)


# money belongs to goods/cash, not to weapons or quarantine words; volumes to liquids; weights to loose goods
_FITS: dict[str, tuple[str, ...]] = {
    "money": ("general", "cash", "alcohol", "perfume", "personal_effects", "cigarettes", "cigars", "heated_tobacco"),
    "volume": ("alcohol", "perfume", "nicotine_liquid"),
    "weight": ("tobacco_other", "meat", "fruit", "vegetable", "seed", "soil"),
}


def parse_question(text: str, lang: str | None = None) -> ParsedQuestion:
    language = lang or detect_language(text)
    t = normalize_text(text)
    limit_spans = _clauses_with_limits(t)
    injection = bool(limit_spans) and any(w in t for w in words("INJECTION_WORDS"))
    mentions = find_mentions(t, language)
    inj_spans = limit_spans + ([m.span() for m in re.finditer(r"[^.!?;。！？\n]+", t)
                                if any(w in m.group(0) for w in words("INJECTION_WORDS"))] if injection else [])
    # "items = [] ; verdict = allowed": generic words inside an instruction are not goods
    mentions = [m for m in mentions if not (m.text.strip() in _PURCHASE_ONLY
                                            and any(s <= m.start < e for s, e in inj_spans))]
    quantities = [q for q in find_quantities(t, language, mentions)
                  if not any(s <= q.start < e for s, e in limit_spans)]
    # a word used as the unit of a number is not also an item ("deux cartouches de cigarettes": cartons)
    unit_spans = [(q.start, q.end) for q in quantities if q.kind == "count" and q.unit]
    mentions = [m for m in mentions if not any(s <= m.start and m.end <= e for s, e in unit_spans)]
    cuts = clause_cuts(t, language, mentions)

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
    goods = [m for m in mentions if m.text.strip() not in _PURCHASE_ONLY]  # "bought", "things": no kind of goods
    if not goods and priced and not injection:  # "two <unknown> for $60", "I bought a <unknown> for $60" (not
        # a follow-up's "two 1 L bottles, $150", nor cash said plainly: "Ich habe 2000 Dollar dabei, muss ich das
        # anmelden?"): an amount and words the lexicon does not know ("two whiskies for 60 dollars", "I bought a
        # zapper for 60 dollars"): the amount is a price of those goods, not 60 dollars of cash or of harmless goods
        # "allowed"; they are asked about (LLM / unknown item)
        rest = leftover(_without(t, _PURCHASE_ONLY, spaced(language)), language)
        if rest and rest not in unaccounted:
            unaccounted = (*unaccounted, rest)
    age = _find_age(t, quantities)
    birth_year = _find_birth_year(t)
    total_words = any(w in t for w in words("TOTAL_WORDS")) and not any(w in t for w in words("PER_UNIT_WORDS"))

    # "20 dollars a bottle" / "한 병에 100달러": a single unit next to a price is a rate, not one more bottle
    rate_money: set[int] = set()
    money = [q for q in quantities if q.kind == "money"]
    kept: list[Quantity] = []
    for q in quantities:
        if q.kind == "count" and q.value == 1 and q.category is None and q.unit:
            adj = [m for m in money if 0 <= q.start - m.end <= 3 or 0 <= m.start - q.end <= 3]
            # only after the goods were counted ("두 병, 한 병에 100달러"); "위스키 한 병 100달러" is one bottle
            counted = any(o.kind == "count" and o.unit == q.unit and o.end <= q.start for o in quantities)
            if adj and counted:
                rate_money.update(m.start for m in adj)
                continue
        kept.append(q)
    quantities = kept
    for q in quantities:
        if q.kind in ("age", "bare"):
            continue
        target = _attach(q, mentions, clause_of)
        if target is None:
            if q.kind == "money":
                target = _Mention("general" if purchase else "cash", q.start, q.end, "")
            elif q.kind == "count" and q.unit in lx.UNIT_CATEGORY:
                target = _Mention(lx.UNIT_CATEGORY[q.unit], q.start, q.end, "")
            else:
                continue
            mentions.append(target)
        if q.kind == "money":
            if target.value is not None and target.currency == q.unit:
                target.value += q.value
                target.value_each = False  # several prices for one kind of goods: their sum is the total
            elif target.value is not None:  # a second currency: a separate mention of the same category
                extra = _Mention(target.category, q.start, q.end, target.text, value=q.value, currency=q.unit)
                mentions.append(extra)
            else:
                target.value, target.currency = q.value, q.unit
                after = t[q.end:q.end + 14]
                total_after = any(w in after for w in words("TOTAL_WORDS"))
                target.value_each = q.start in rate_money or (not total_after and (
                    any(w in after for w in words("PER_UNIT_WORDS"))
                    or any(t[:q.start].rstrip().endswith(w) for w in words("PER_UNIT_BEFORE"))))
        elif q.kind == "volume":
            target.volume_ml = (target.volume_ml or 0) + q.value
            before = re.split(r"[,;，、。；:]", t[max(0, q.start - 12):q.start])[-1]
            after = re.split(r"[,;，、。；:]", t[q.end:q.end + 14])[0]
            near = before + " " + after
            target.volume_total = any(w in near for w in words("TOTAL_WORDS")) and not any(
                w in near for w in words("PER_UNIT_WORDS"))
        elif q.kind == "weight":
            target.weight_g = (target.weight_g or 0) + q.value
        elif q.kind == "count":
            if target.quantity is not None and target.unit != q.unit:
                continue  # "one carton, 200 sticks": the same goods counted twice
            target.quantity = (target.quantity or 0) + q.value
            target.unit = target.unit or q.unit

    bounds = [0, *cuts, len(t)]
    for m in mentions:
        if m.category == "personal_effects":
            c = clause_of(m.start)
            clause = t[bounds[c]:bounds[c + 1]]
            m.category = _own_or_bought(m, clause, t[:m.start])

    items: list[Item] = []
    by_cat: dict[str, list[_Mention]] = {}
    for m in mentions:
        by_cat.setdefault(m.category, []).append(m)
    for cat, ms in by_cat.items():
        full = [m for m in ms if m.has_data()]
        keep = full or [next((m for m in ms if m.text.strip() not in _PURCHASE_ONLY), ms[0])]
        # a goods word with no price in a clause of its own is one more item whose value is missing, not a
        # repeat ("a watch for 400 dollars and jewelry"): never "allowed" for it
        for m in ms if cat == "general" else ():
            if m in keep or m.text.strip() in _PURCHASE_ONLY:
                continue
            if any(k.text.strip() == m.text.strip() or clause_of(k.start) == clause_of(m.start) for k in keep):
                continue
            keep.append(m)
        for m in sorted(keep, key=lambda x: x.start):
            items.append(_to_item(m, cat, total_words, purchase, text))
    items = _drop_bare_purchase(items)
    return ParsedQuestion(language, tuple(items), age, injection, tuple(quantities), mention_count, unaccounted,
                          birth_year)


def _own_or_bought(m: _Mention, clause: str, before: str) -> str:
    """"my own laptop" stays a personal effect; one with a price, bought, or new counts toward the allowance.

    Its own clause decides first; else the nearest cue before it ("I bought wine and clothes" -> bought,
    "I have my own laptop and clothes" -> own); with no cue at all it is a personal effect."""
    if m.value is not None or any(w in clause for w in words("PURCHASE_WORDS")):
        return "general"
    if any(w in clause for w in words("OWN_WORDS")):
        return "personal_effects"
    last_buy = max((before.rfind(w) for w in words("PURCHASE_WORDS")), default=-1)
    last_own = max((before.rfind(w) for w in words("OWN_WORDS")), default=-1)
    return "general" if last_buy > last_own else "personal_effects"


def _to_item(m: _Mention, cat: str, total_words: bool, purchase: bool, original: str = "") -> Item:
    qty, unit, vol = m.quantity, m.unit, m.volume_ml
    if cat in ("alcohol", "perfume"):
        if qty is not None and vol is not None and qty > 1 and not m.volume_total:
            vol = vol * qty  # "two 1 L bottles" = per bottle
        if qty is None and vol is not None:
            qty = 1.0
        unit = "bottle" if qty is not None else unit
    elif cat == "cigarettes":
        unit = unit if unit in ("carton", "pack", "box") else "cigarette" if qty is not None else unit
    elif cat == "cigars":
        unit = "cigar" if qty is not None and unit not in ("box", "pack") else unit
    elif cat == "heated_tobacco":
        unit = unit if unit in ("carton", "pack", "box") else "stick" if qty is not None else unit
    elif cat == "medicine" and qty is not None:
        unit = unit or "container"
    value = m.value
    if value is not None and m.value_each and qty is not None and qty > 1:
        value = value * qty
    desc = m.text
    if original and len(original) == len(normalize_text(original)) and original[m.start:m.end].lower() == m.text:
        desc = original[m.start:m.end]  # the traveler's own spelling ("iPhone")
    kind = None
    if cat == "alcohol":
        kind = next((k for k, terms in lx.ALCOHOL_KINDS.items() if any(normalize_text(w) in m.text for w in terms)),
                    "alcohol")
    return Item(category=cat, description=desc.strip() or cat, quantity=qty, unit=unit, volume_ml=vol,
                value=value, currency=m.currency, weight_g=m.weight_g, kind=kind)


def _drop_bare_purchase(items: list[Item]) -> list[Item]:
    """Drop a bare purchase word ("bought") standing next to the goods it refers to."""
    out = list(items)
    # "I bought two bottles of wine": the purchase word is not a separate item when other goods are named
    if len(out) > 1:
        bare = [i for i in out if i.category == "general" and i.value is None
                and normalize_text(i.description) in _PURCHASE_ONLY]
        if len(bare) < len(out):
            out = [i for i in out if i not in bare]
    return out


def _without(text: str, drop: frozenset[str] | set[str], is_spaced: bool) -> str:
    """`text` with the words of `drop` blanked out (whole words in a spaced language)."""
    for w in sorted(drop, key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(w)}(?!\w)", " ", text) if is_spaced else text.replace(w, " ")
    return text


_PURCHASE_VERBS = {w.strip() for w in words("PURCHASE_WORDS")}
_PURCHASE_ONLY = _PURCHASE_VERBS | {normalize_text(w) for w in {
    "bought", "buy", "purchased", "purchase", "shopping", "duty-free", "duty free", "items", "goods", "things",
    "샀", "구입", "구매", "면세점", "물건", "쇼핑", "물품", "买了", "购买", "免税店", "东西", "物品", "购物", "買った", "購入",
    "品物", "買い物", "compré", "comprado", "compras", "libre de impuestos", "artículos", "cosas", "productos",
    "mercancía", "acheté", "achetés", "achats", "achat", "hors taxes", "articles", "marchandises", "produits", "choses",
    "gekauft", "kaufte", "einkäufe", "zollfrei", "waren", "sachen", "artikel", "купил", "купила", "покупки", "покупок",
    "дьюти-фри", "товары", "товаров", "вещи", "вещей", "đã mua", "mua", "cửa hàng miễn thuế", "miễn thuế", "hàng hóa",
    "đồ", "ซื้อ", "ร้านปลอดภาษี", "ปลอดภาษี", "สินค้า", "ของ",
}}
