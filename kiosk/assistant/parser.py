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
import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from kiosk.assistant import lexicon as lx
from kiosk.assistant.langdetect import detect_language
from kiosk.rules.model import Item

_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_DOT_THOUSANDS = {"de", "es", "fr", "vi", "ru", "pt", "it", "id"}
_MAX_NUMBER = 1e15  # absurdly long numerals are clamped (still "over" every threshold), never inf
_DIGITS = r"\d+(?:[.,\u00a0\u202f' ]\d{3})*(?:[.,]\d+)?"


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


@functools.lru_cache(maxsize=64)
def _words(name: str) -> tuple[str, ...]:
    """A cue-word list of the lexicon, normalised like the question text (NFKC changes e.g. Thai ำ)."""
    return tuple(normalize_text(w) for w in getattr(lx, name))


def normalize_text(text: str) -> str:
    t = unicodedata.normalize("NFKC", text).translate(_THAI_DIGITS)
    t = t.replace("’", "'").replace("‘", "'")
    return t.lower()


# -- regex builders ---------------------------------------------------------------------------------------------
def _alt(terms: list[str]) -> str:
    parts = []
    for t in sorted({t for t in terms if t}, key=len, reverse=True):
        parts.append(t[3:] if t.startswith("re:") else re.escape(t))
    return "|".join(parts)


def _spaced(lang: str) -> bool:
    return lang in lx.SPACED


@functools.lru_cache(maxsize=32)
def _category_regex(lang: str) -> list[tuple[re.Pattern[str], dict[str, str]]]:
    """Patterns for the question's language and English (always)."""
    out: list[tuple[re.Pattern[str], dict[str, str]]] = []
    for lg in dict.fromkeys((lang, "en")):
        table = lx.CATEGORY_TERMS.get(lg)
        if not table:
            continue
        term_cat: dict[str, str] = {}
        for cat, terms in table.items():
            for t in terms.split("|"):
                t = t.strip() if t.startswith("re:") else normalize_text(t.strip())
                if t:
                    term_cat.setdefault(t, cat)
        body = _alt(list(term_cat))
        if _spaced(lg):
            n = lx.INFLECT.get(lg, 3)
            pat = re.compile(rf"(?<![\w])({body})(\w{{0,{n}}})(?![\w])")
        else:
            pat = re.compile(rf"({body})")
        out.append((pat, term_cat))
    return out


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
    return mentions


# -- numbers -----------------------------------------------------------------------------------------------------
def parse_digits(s: str, lang: str) -> float:
    s = re.sub(r"[\u00a0\u202f' ]", "", s)
    if "," in s and "." in s:
        dec = "," if s.rfind(",") > s.rfind(".") else "."
        other = "." if dec == "," else ","
        s = s.replace(other, "").replace(dec, ".")
    elif "," in s:
        parts = s.split(",")
        s = s.replace(",", "") if len(parts) > 2 or len(parts[1]) == 3 else s.replace(",", ".")
    elif "." in s:
        parts = s.split(".")
        if len(parts) > 2 or (len(parts[1]) == 3 and lang in _DOT_THOUSANDS):
            s = s.replace(".", "")
    return float(s)


@functools.lru_cache(maxsize=32)
def _number_regex(lang: str) -> tuple[re.Pattern[str], dict[str, tuple[float, str]]]:
    words = dict(lx.NUMBER_WORDS.get(lang, {}))
    if lang != "en" and _spaced(lang):
        words.update({k: v for k, v in lx.NUMBER_WORDS["en"].items() if k in ("million", "k")})
    if lang in ("zh", "ja", "ko", "th"):
        words.setdefault("k", (1000, "b"))
    extra = []
    if lang == "ko":
        units = "병|갑|보루|개비|개피|개|상자|박스|통|팩|리터|킬로|마리|잔|캔|봉지|스틱|대|살"
        extra.append(rf"(?:열|스물|스무)?\s?(?:하나|다섯|여섯|일곱|여덟|아홉|한|두|둘|세|셋|네|넷)(?=\s?(?:{units}))")
        extra.append(rf"(?:열|스물|스무)(?=\s?(?:{units}))")
        extra.append(r"[일이삼사오육칠팔구](?=\s?[십백천만억])")
        extra.append(r"(?<=[십백천만억])[일이삼사오육칠팔구](?![가-힣])")
        extra.append(r"(?<=[십백천만억]\s)[일이삼사오육칠팔구](?![가-힣])")
    parts = [_DIGITS] + extra + ([_alt(list(words))] if words else [])
    return re.compile("|".join(f"(?:{p})" for p in parts)), words


def _ko_native(tok: str) -> float | None:
    tok = tok.replace(" ", "")
    total = 0.0
    for prefix, val in (("스물", 20), ("스무", 20), ("열", 10)):
        if tok.startswith(prefix):
            total += val
            tok = tok[len(prefix):]
            break
    if tok:
        if tok not in lx.KO_NATIVE:
            return None
        total += lx.KO_NATIVE[tok]
    return total or None


def _combine(tokens: list[tuple[float, str]]) -> float:
    total = section = current = 0.0
    for v, kind in tokens:
        if kind == "d":
            current += v
        elif kind == "s":
            section += (current or 1) * v
            current = 0
        else:
            total += ((section + current) or 1) * v
            section = current = 0
    return total + section + current


def find_numbers(text: str, lang: str) -> list[tuple[int, int, float]]:
    """Number expressions (start, end, value): digits, number words, mixtures ("1만5천", "15 mil")."""
    pat, words = _number_regex(lang)
    toks: list[tuple[int, int, float, str]] = []
    for m in pat.finditer(text):
        s, e = m.span()
        tok = m.group(0)
        if not tok.strip():
            continue
        if re.fullmatch(_DIGITS, tok):
            toks.append((s, e, parse_digits(tok, lang), "d"))
        elif tok in words:
            v, k = words[tok]
            toks.append((s, e, v, k))
        elif lang == "ko" and tok[-1] in lx.KO_SINO and len(tok.strip()) == 1:
            toks.append((s, e, float(lx.KO_SINO[tok.strip()]), "d"))
        elif lang == "ko":
            nv = _ko_native(tok)
            if nv is not None:
                toks.append((s, e, nv, "d"))
    if _spaced(lang):  # word numbers must be whole words (or glued to other number words: "zweitausend")
        runs: list[list[tuple[int, int, float, str]]] = []
        for t in toks:
            if runs and runs[-1][-1][1] == t[0]:
                runs[-1].append(t)
            else:
                runs.append([t])
        keep = []
        for run in runs:
            s, e = run[0][0], run[-1][1]
            before = text[s - 1] if s > 0 else " "
            after = text[e] if e < len(text) else " "
            first_word = re.fullmatch(_DIGITS, text[run[0][0]:run[0][1]]) is None
            last_word = re.fullmatch(_DIGITS, text[run[-1][0]:run[-1][1]]) is None
            if (first_word and before.isalpha()) or (last_word and after.isalpha()):
                continue
            keep += run
        toks = keep
    connectors = lx.CONNECTORS.get(lang, ())
    groups: list[list[tuple[int, int, float, str]]] = []
    for t in toks:
        if groups:
            gap = text[groups[-1][-1][1]:t[0]].strip(" -")
            if gap == "" or gap in connectors:
                prev = groups[-1][-1]
                prev_is_digit = re.fullmatch(_DIGITS, text[prev[0]:prev[1]]) is not None
                cur_is_digit = re.fullmatch(_DIGITS, text[t[0]:t[1]]) is not None
                # join "twenty five", "1万5千", "15 mil", "만 오천"; never "2 3" or "a 100"
                if t[3] != "d" or prev[3] != "d" or not (prev_is_digit or cur_is_digit):
                    groups[-1].append(t)
                    continue
        groups.append([t])
    out = []
    for g in groups:
        if all(k != "d" for *_, k in g) and len(g) == 1 and g[0][2] < 1000:
            continue  # a lone "hundred"/"十" with nothing else is not a quantity
        value = _combine([(v, k) for _, _, v, k in g])
        out.append((g[0][0], g[-1][1], min(value, _MAX_NUMBER) if math.isfinite(value) else _MAX_NUMBER))
    return out


@functools.lru_cache(maxsize=32)
def _unit_regex(lang: str) -> tuple[re.Pattern[str], dict[str, tuple[str, str | float]]]:
    table: dict[str, tuple[str, str | float]] = {}
    for lg in dict.fromkeys((lang, "en")):
        for k, v in lx.COUNT_UNITS.get(lg, {}).items():
            table.setdefault(k, ("count", v))
    for k, f in lx.VOLUME_UNITS.items():
        table.setdefault(k, ("volume", f))
    for k, f in lx.WEIGHT_UNITS.items():
        table.setdefault(k, ("weight", f))
    for k, c in lx.CURRENCIES.items():
        table.setdefault(k, ("money", c))
    for k in lx.AGE_WORDS:
        table.setdefault(k, ("age", 1.0))
    table = {normalize_text(k): v for k, v in table.items()}
    body = _alt(list(table))
    # ASCII/Cyrillic words may not be the prefix of a longer word ("l" in "large"); inflections for ru.
    # A short Latin unit standing as its own word may not start a longer word either ("a laptop" is not 1 L).
    pat = re.compile(rf"({body})(?:(?<=[a-zа-яё])[a-zа-яё]{{0,3}})?(?![a-zа-яё])"
                     rf"|({body})(?!(?<=\b[a-z])[a-z])(?!(?<=\b[a-z]{{2}})[a-z])")
    return pat, table


def _unit_at(text: str, pos: int, lang: str) -> tuple[str, str | float, int] | None:
    pat, table = _unit_regex(lang)
    i = pos
    for _ in range(3):
        while i < len(text) and text[i] in " \t-":
            i += 1
        m = pat.match(text, i)
        if m:
            key = m.group(1) or m.group(2)
            kind, val = table[key]
            return kind, val, m.end()
        filler = next((f for f in sorted(_words("FILLERS"), key=len, reverse=True)
                       if text.startswith(f, i) and (not f[-1].isalpha() or not text[i + len(f):i + len(f) + 1].isalpha())),
                      None)
        if filler is None:
            return None
        i += len(filler)
    return None


_PREFIX_CURRENCY = re.compile(r"(us\$|hk\$|nt\$|a\$|c\$|s\$|\$|€|£|¥|₩|฿|₫|₽|usd|eur|krw|jpy|cny|rmb|gbp|thb|vnd|rub)\s?$")


def find_quantities(text: str, lang: str, mentions: list[_Mention]) -> list[Quantity]:
    out: list[Quantity] = []
    starts = {m.start: m for m in mentions}
    numbers_text = text
    if not _spaced(lang):  # a number word inside a goods word is no number ("핸드백": 백 = 100, "百威")
        for m in mentions:
            numbers_text = numbers_text[:m.start] + "#" * (m.end - m.start) + numbers_text[m.end:]
    for s, e, val in find_numbers(numbers_text, lang):
        pre = _PREFIX_CURRENCY.search(text[max(0, s - 4):s])
        if pre:
            cur = lx.CURRENCIES[pre.group(1)]
            if cur == "JPY" and lang == "zh":
                cur = "CNY"
            # "$1,200" — a multiplier word may follow ("$15 thousand" is handled by find_numbers)
            out.append(Quantity("money", val, s - len(pre.group(0)), e, cur))
            continue
        unit = _unit_at(text, e, lang)
        if unit:
            kind, u, end = unit
            if kind == "money" and text[e:end].strip() == "块" and _next_mention(text, end, starts) is not None:
                kind, u = "count", "piece"  # "一块手表": 块 is the measure word of the watch, not yuan
            if kind == "money":
                cur = str(u)
                if text[e:end].strip() in ("만원",):
                    val *= 10000
                out.append(Quantity("money", val, s, end, cur))
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
    return out


def _next_mention(text: str, pos: int, starts: dict[int, _Mention]) -> _Mention | None:
    i = pos
    for _ in range(3):
        while i < len(text) and text[i] in " \t-":
            i += 1
        if i in starts:
            return starts[i]
        filler = next((f for f in sorted(_words("FILLERS"), key=len, reverse=True) if text.startswith(f, i)), None)
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
    if any(w in text for w in _words("MINOR_WORDS")):
        return 17
    return None


def _clauses_with_limits(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in re.finditer(r"[^.!?;。！？\n]+", text):
        if any(w in m.group(0) for w in _words("LIMIT_WORDS")):
            spans.append(m.span())
    return spans


# -- clauses -----------------------------------------------------------------------------------------------------
_PUNCT_SEP = r"(?<!\d)[,.]|[,.](?!\d)|[;!?\n，、；。！？:：]"


@functools.lru_cache(maxsize=32)
def _separator_regex(lang: str) -> re.Pattern[str]:
    words = [normalize_text(w) for w in lx.CLAUSE_SEPARATORS.get(lang, ())]
    parts = [_PUNCT_SEP]
    if words:
        body = _alt(words)
        parts.append(rf"(?<![\w])(?:{body})(?![\w])" if _spaced(lang) else f"(?:{body})")
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
    injection = bool(limit_spans) and any(w in t for w in ("ignore", "system", "limit is now", "override",
                                                           "무시", "忽略", "無視", "ignora", "ignorier",
                                                           "игнорир", "bỏ qua", "เพิกเฉย", "you are now",
                                                           "developer mode", "instruction"))
    mentions = find_mentions(t, language)
    quantities = [q for q in find_quantities(t, language, mentions)
                  if not any(s <= q.start < e for s, e in limit_spans)]
    # a word used as the unit of a number is not also an item ("deux cartouches de cigarettes": cartons)
    unit_spans = [(q.start, q.end) for q in quantities if q.kind == "count" and q.unit]
    mentions = [m for m in mentions if not any(s <= m.start and m.end <= e for s, e in unit_spans)]
    cuts = clause_cuts(t, language, mentions)

    def clause_of(pos: int) -> int:
        return bisect.bisect_right(cuts, pos)
    age = _find_age(t, quantities)
    total_words = any(w in t for w in _words("TOTAL_WORDS")) and not any(w in t for w in _words("PER_UNIT_WORDS"))
    purchase = any(w in t for w in _words("PURCHASE_WORDS"))

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
            elif target.value is not None:  # a second currency: a separate mention of the same category
                extra = _Mention(target.category, q.start, q.end, target.text, value=q.value, currency=q.unit)
                mentions.append(extra)
            else:
                target.value, target.currency = q.value, q.unit
                after = t[q.end:q.end + 14]
                total_after = any(w in after for w in _words("TOTAL_WORDS"))
                target.value_each = q.start in rate_money or (not total_after and (
                    any(w in after for w in _words("PER_UNIT_WORDS"))
                    or any(t[:q.start].rstrip().endswith(w) for w in _words("PER_UNIT_BEFORE"))))
        elif q.kind == "volume":
            target.volume_ml = (target.volume_ml or 0) + q.value
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
    return ParsedQuestion(language, tuple(items), age, injection, tuple(quantities))


def _own_or_bought(m: _Mention, clause: str, before: str) -> str:
    """"my own laptop" stays a personal effect; one with a price, bought, or new counts toward the allowance.

    Its own clause decides first; else the nearest cue before it ("I bought wine and clothes" -> bought,
    "I have my own laptop and clothes" -> own); with no cue at all it is a personal effect."""
    if m.value is not None or any(w in clause for w in _words("PURCHASE_WORDS")):
        return "general"
    if any(w in clause for w in _words("OWN_WORDS")):
        return "personal_effects"
    last_buy = max((before.rfind(w) for w in _words("PURCHASE_WORDS")), default=-1)
    last_own = max((before.rfind(w) for w in _words("OWN_WORDS")), default=-1)
    return "general" if last_buy > last_own else "personal_effects"


def _to_item(m: _Mention, cat: str, total_words: bool, purchase: bool, original: str = "") -> Item:
    qty, unit, vol = m.quantity, m.unit, m.volume_ml
    if cat in ("alcohol", "perfume"):
        if qty is not None and vol is not None and qty > 1 and not total_words:
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
    return Item(category=cat, description=desc.strip() or cat, quantity=qty, unit=unit, volume_ml=vol,
                value=value, currency=m.currency, weight_g=m.weight_g)


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


_PURCHASE_VERBS = {w.strip() for w in _words("PURCHASE_WORDS")}
_PURCHASE_ONLY = _PURCHASE_VERBS | {normalize_text(w) for w in {
    "bought", "buy", "purchased", "purchase", "shopping", "duty-free", "duty free", "items", "goods", "things",
    "샀", "구입", "구매", "면세점", "물건", "쇼핑", "물품", "买了", "购买", "免税店", "东西", "物品", "购物", "買った", "購入",
    "品物", "買い物", "compré", "comprado", "compras", "libre de impuestos", "artículos", "cosas", "productos",
    "mercancía", "acheté", "achetés", "achats", "achat", "hors taxes", "articles", "marchandises", "produits", "choses",
    "gekauft", "kaufte", "einkäufe", "zollfrei", "waren", "sachen", "artikel", "купил", "купила", "покупки", "покупок",
    "дьюти-фри", "товары", "товаров", "вещи", "вещей", "đã mua", "mua", "cửa hàng miễn thuế", "miễn thuế", "hàng hóa",
    "đồ", "ซื้อ", "ร้านปลอดภาษี", "ปลอดภาษี", "สินค้า", "ของ",
}}
