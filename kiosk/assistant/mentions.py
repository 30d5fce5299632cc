"""Parser stage 2: find the lexicon's goods words (category mentions) in normalized text.

Patterns come from the question's language and English, then the most dangerous categories of every other language
(`CROSS_LANGUAGE_CATEGORIES`). Goods words side by side are joined ("Gucci bag").
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from kiosk.assistant import gazetteer
from kiosk.assistant import lexicon as lx
from kiosk.assistant.numbers import alt, find_numbers, normalize_text, spaced, words
from kiosk.assistant.tokens import on_tokens
from kiosk.languages import token_matcher


@dataclass
class Mention:
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
        head_min = lx.words_list(lg, "compound_head_min")
        if head_min and not hazards_only:  # German compounds end in their head: "Blumensamen" is seed
            # only the heads of categories with a rule of their own (seed, meat, knife, alcohol...): a general
            # goods word ends many verbs ("zurückbringen" holds "ring")
            heads = alt([t for t, c in term_cat.items() if not t.startswith("re:") and len(t) >= int(head_min[0])
                         and c not in ("general", "personal_effects")])
            n = lx.INFLECT.get(lg, 3)
            out.append((re.compile(rf"{_COMPOUND}({heads})(\w{{0,{n}}})(?![\w])"), term_cat))
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


def find_mentions(text: str, lang: str) -> list[Mention]:
    """Goods words of the lexicon in normalized `text`. The question's own language's words count only on token
    boundaries where the language needs it (kiosk.assistant.tokens: "土" is no soil in "土耳其"); the search then
    goes on one character later, so a word right inside the rejected piece is still found."""
    taken: list[tuple[int, int]] = []
    mentions: list[Mention] = []
    own = bool(token_matcher(lang)) and bool(lx.CATEGORY_TERMS.get(lang))
    own_ix = len(gazetteer.patterns(sure=True))  # the own language's lexicon follows the gazetteer's sure hazards
    gz_after = len(_category_regex(lang)) - len(gazetteer.patterns(sure=False))
    known = _known_words(lang)
    from_gazetteer: set[int] = set()  # indices (in taken/mentions) of the gazetteer's sure hazards
    compound = {i for i, (p, _) in enumerate(_category_regex(lang)) if p.pattern.startswith(_COMPOUND)}
    for n, (pat, term_cat) in enumerate(_category_regex(lang)):
        pos = 0
        while (m := pat.search(text, pos)) is not None:
            s, e = m.span()
            if n == own_ix and own and not on_tokens(text, lang, s, e):
                pos = s + 1
                continue
            if (own_ix <= n < gz_after and spaced(lang) and not any(c.isdigit() for c in m.group(0))
                    and any(ns <= s and e <= ne for ns, ne in _number_spans(text, lang))):
                pos = max(e, s + 1)  # a number word holds no lexicon word ("neunhundert" holds no "hund"); the
                continue  # gazetteer's slang is kept ("an eighth")
            if n in compound and m.group(0) in _function_set(lang):
                pos = max(e, s + 1)  # a compound head inside a known word ("mitbringen" holds no "ring")
                continue
            if (n < own_ix or n >= gz_after) and (m.lastindex or 0) >= 2 and m.group(2) and m.group(0) in known:
                pos = max(e, s + 1)  # a gazetteer term with an ending that makes a known word ("dab" + "ei")
                continue
            pos = max(e, s + 1)
            over = [i for i, (ts, te) in enumerate(taken) if s < te and ts < e]
            # a lexicon term that holds a gazetteer word ("foie gras" holds "gras") is that term; a gazetteer
            # term that holds a lexicon word ("nose candy") was found first and stays
            if over and not (own_ix <= n < gz_after and all(
                    i in from_gazetteer and s <= taken[i][0] and taken[i][1] <= e and e - s > taken[i][1] - taken[i][0]
                    for i in over)):
                continue
            for i in sorted(over, reverse=True):
                del taken[i], mentions[i]
            from_gazetteer = {i - sum(1 for o in over if o < i) for i in from_gazetteer if i not in over}
            if n < own_ix:
                from_gazetteer.add(len(taken))
            cat = _lookup(term_cat, m.group(1))
            taken.append((s, e))
            mentions.append(Mention(cat, s, e, text[s:e]))
    mentions.sort(key=lambda x: x.start)
    return _join_adjacent_goods(text, mentions)


@functools.lru_cache(maxsize=4096)
def _number_spans(text: str, lang: str) -> tuple[tuple[int, int], ...]:
    return tuple((s, e) for s, e, _ in find_numbers(text, lang)) if lang in lx.LANGS else ()


_COMPOUND = r"(?<![\w])\w{2,}?"  # a compound's first part(s), before its head


@functools.lru_cache(maxsize=32)
def _function_set(lang: str) -> frozenset[str]:
    from kiosk.assistant.unaccounted import function_words

    return frozenset(function_words(lang))


@functools.lru_cache(maxsize=32)
def _known_words(lang: str) -> frozenset[str]:
    """Function and amount words of the language and English, and every goods word of the lexicon: a slang
    term plus an ending that spells one of them is that word (German "dabei" is no "dab", "Kette" no "ket")."""
    from kiosk.assistant.unaccounted import function_words

    goods = {normalize_text(t.strip()) for table in lx.CATEGORY_TERMS.values() for terms in table.values()
             for t in terms.split("|") if t.strip() and not t.startswith("re:")}
    return frozenset(function_words(lang)) | frozenset(function_words("en")) | frozenset(goods)


def _join_adjacent_goods(text: str, mentions: list[Mention]) -> list[Mention]:
    """Goods words of one category side by side are one thing: "a Gucci bag", "designer watch", "구찌 가방",
    "rượu whisky", "Marlboro cigarettes" (brand or kind, then the goods), so that "a" counts the bag once and its
    price or size is not left to a second item. Never a purchase verb."""
    out: list[Mention] = []
    for m in mentions:
        prev = out[-1] if out else None
        if (prev is not None and prev.category == m.category
                and not text[prev.end:m.start].strip(" -") and m.start - prev.end <= 1
                and not {prev.text.strip(), m.text.strip()} & PURCHASE_ONLY):
            out[-1] = Mention(m.category, prev.start, m.end, text[prev.start:m.end])
            continue
        if (prev is not None and not text[prev.end:m.start].strip() and m.start - prev.end <= 1
                and (prev.category == "general" and prev.text.strip() in _brands()
                     or m.category == "general" and m.text.strip() in _brands())):
            cat = m.category if prev.text.strip() in _brands() else prev.category  # "chanel perfume", "parfum dior"
            out[-1] = Mention(cat, prev.start, m.end, text[prev.start:m.end])
            continue
        out.append(m)
    return out




@functools.lru_cache(maxsize=1)
def _brands() -> frozenset[str]:
    return frozenset(normalize_text(b) for b in lx.BRAND_MODIFIERS)


PURCHASE_VERBS = {w.strip() for w in words("PURCHASE_WORDS")}
PURCHASE_ONLY = PURCHASE_VERBS | {normalize_text(w) for w in {
    "bought", "buy", "purchased", "purchase", "shopping", "duty-free", "duty free", "items", "goods", "things",
    "샀", "구입", "구매", "면세점", "물건", "쇼핑", "물품", "买了", "购买", "免税店", "东西", "物品", "购物", "買った", "購入",
    "品物", "買い物", "compré", "comprado", "compras", "libre de impuestos", "artículos", "cosas", "productos",
    "mercancía", "acheté", "achetés", "achats", "achat", "hors taxes", "articles", "marchandises", "produits", "choses",
    "gekauft", "kaufte", "einkäufe", "zollfrei", "waren", "sachen", "artikel", "купил", "купила", "покупки", "покупок",
    "дьюти-фри", "товары", "товаров", "вещи", "вещей", "đã mua", "mua", "cửa hàng miễn thuế", "miễn thuế", "hàng hóa",
    "đồ", "ซื้อ", "ร้านปลอดภาษี", "ปลอดภาษี", "สินค้า", "ของ",
}}
