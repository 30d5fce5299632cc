"""Parser stages 3-4: numbers (digits and words) with the unit right after each (currency, volume, weight, count,
age); ages, birth years, and the clauses that talk about limits (where an injected "limit" is no amount)."""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass

from kiosk.assistant import lexicon as lx
from kiosk.assistant.mentions import Mention
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
from kiosk.config import settings


@dataclass(frozen=True)
class Quantity:
    kind: str  # "count" | "volume" | "weight" | "money" | "age" | "bare"
    value: float
    start: int
    end: int
    unit: str | None = None  # canonical count unit, or currency code
    category: str | None = None  # category named right after the number ("three whiskies")



# 块 is yuan only at the end of a phrase or before money words/verbs ("一万块买了", "五十块钱"); else a measure word
_MONEY_KUAI = re.compile(r"\s*(?:$|[\s,.;!?，。！？、]|钱|人民币|买|的|左右|多|以上|以下|美|现金)")


_THAI_ONE_AFTER = re.compile(
    "(" + "|".join(sorted(map(re.escape, lx.COUNT_UNITS.get("th", {})), key=len, reverse=True)) + ")(หนึ่ง)(?!ร้อย|พัน|หมื่น|แสน|ล้าน)")


def find_quantities(text: str, lang: str, mentions: list[Mention]) -> list[Quantity]:
    out: list[Quantity] = []
    starts = {m.start: m for m in mentions}
    if lang == "th":  # "บุหรี่คอตตอนหนึ่ง": a classifier before หนึ่ง is "one <classifier>" (same length: spans hold)
        text = _THAI_ONE_AFTER.sub(r"\2\1", text)
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
                end = _same_currency_after(text, end, cur)  # "五百块人民币": one amount, no cash word left over
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
        if lang == "ru" and 0 < val < 10 and not float(val).is_integer() and text[s:e].startswith(("ноль", "нуль")):
            out.append(Quantity("volume", val * 1000, s, e))  # "по ноль семь": a bottle's litres, said as Russians do
            continue
        nxt = _next_mention(text, e, starts)
        if nxt is not None:
            out.append(Quantity("count", val, s, e, None, nxt.category))
        else:
            out.append(Quantity("bare", val, s, e))
    return _counts_before_sizes(text, lang, _bare_units(text, lang, out), starts)


@functools.lru_cache(maxsize=32)
def _bare_unit_regex(lang: str) -> tuple[re.Pattern[str], dict[str, float]] | None:
    with (settings().locales_dir / "lexicon" / "multipliers.toml").open("rb") as fh:
        table = {normalize_text(k): float(v) for k, v in tomllib.load(fh).get("bare_units", {}).get(lang, {}).items()}
    if not table:
        return None
    return re.compile(rf"(?<![\w.,])({alt(list(table))})(?!\w)"), table


def _bare_units(text: str, lang: str, qs: list[Quantity]) -> list[Quantity]:
    """"Литр коньяка", "по литру", "пол-литра": a volume unit said in the singular without a number is one of it
    (locales/lexicon/multipliers.toml `[bare_units]`: only forms that cannot be plural or vague)."""
    found = _bare_unit_regex(lang)
    if found is None:
        return qs
    pat, table = found
    out = list(qs)
    for m in pat.finditer(text):
        if any(q.start <= m.start() < q.end or (q.end <= m.start() and not text[q.end:m.start()].strip())
               for q in qs):
            continue  # a number said before it already read it ("два литра")
        out.append(Quantity("volume", table[m.group(1)], m.start(), m.end()))
    return sorted(out, key=lambda q: q.start)


def _counts_before_sizes(text: str, lang: str, qs: list[Quantity], starts: dict[int, Mention]) -> list[Quantity]:
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


def _next_mention(text: str, pos: int, starts: dict[int, Mention]) -> Mention | None:
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
    for q in quantities:  # "i am seventeen": a number said in words right after "I am" (issue 20 item 3)
        head = re.sub(r"[\s,]+$", "", text[max(0, q.start - 16):q.start])
        if q.kind == "bare" and 0 < q.value < 120 and float(q.value).is_integer() and any(
                re.search(rf"(?<!\w){re.escape(w)}$", head) for w in words("AGE_BEFORE")):
            ages.append(int(q.value))
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


def _same_currency_after(text: str, end: int, cur: str) -> int:
    """The end of an amount, past a currency word of the same currency said right after its unit ("五百块人民币",
    "500 dollars usd"): that word names the amount's currency, never cash of its own."""
    rest = text[end:]
    gap = len(rest) - len(rest.lstrip(" "))
    words = sorted((w for w, c in lx.CURRENCIES.items() if c == cur and len(w) > 1), key=len, reverse=True)
    for w in words:
        if rest[gap:gap + len(w)].lower() == w and not rest[gap + len(w):gap + len(w) + 1].isalpha():
            return end + gap + len(w)
    return end
