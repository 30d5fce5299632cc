"""Finds slot values in a transcript before fuzzy matching: money, dates, counts, items and places.

Numbers come from the kiosk's deterministic multilingual number parser (kiosk.assistant.parser: digits, "만 오천",
"two", "三"), plus Sino-Korean numerals before a counter ("칠 번", "십 분"). Money is a number next to a currency
word or sign; a date is "3월 5일"; other numbers are counts. Items and places are the phrasebook's own names in
that language plus the extra words of locales/phrases/match/<lang>.toml. Each found value keeps its span so the
matcher can replace it by a placeholder: "술 두 병" -> "{item} {count}병".
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import tomllib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from kiosk import clock
from kiosk.assistant.parser import find_numbers
from kiosk.phrasebook.render import Money, Slots
from kiosk.phrasebook.store import Phrasebook

_SINO = {"일": 1, "이": 2, "삼": 3, "사": 4, "오": 5, "육": 6, "칠": 7, "팔": 8, "구": 9}
_SINO_RE = re.compile(r"(?<![가-힣])([일이삼사오육칠팔구]?십[일이삼사오육칠팔구]?|[일이삼사오육칠팔구])"
                      r"(?=\s?(?:번|분|층|일|월|개월|시|밀리))")
_DATE_KO = re.compile(r"(\d{1,2}|[일이삼사오육칠팔구십]+)\s?월\s?(\d{1,2}|[일이삼사오육칠팔구십]+)\s?일")
_PARSER_LANGS = frozenset({"ko", "en", "zh", "ja", "es", "fr", "ru", "vi", "th", "de", "it", "pt", "id"})
_DEFAULT_CURRENCIES = {"USD": ["$", "usd", "dollar", "dollars"], "EUR": ["€", "eur", "euro", "euros"],
                       "KRW": ["₩", "krw", "won"], "JPY": ["¥", "jpy", "yen"], "CNY": ["cny", "yuan", "元"]}


@dataclass(frozen=True)
class Found:
    """One slot value found in the text."""

    kind: str
    """count | money | date | item | place."""
    start: int
    """Start offset in the normalized text."""
    end: int
    """End offset (exclusive)."""
    value: object
    """int, Money, datetime.date or a term key."""


def _sino_value(tok: str) -> int:
    if "십" in tok:
        tens, _, ones = tok.partition("십")
        return _SINO.get(tens, 1) * 10 + _SINO.get(ones, 0)
    return _SINO[tok]


def _num(tok: str) -> int:
    return int(tok) if tok.isdigit() else _sino_value(tok)


@functools.lru_cache(maxsize=64)
def _extra_words(folder: str, lang: str) -> dict[str, dict[str, list[str]]]:
    path = Path(folder) / "match" / f"{lang}.toml"
    if not path.exists():
        return {}
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    return {k: {kk: [str(x) for x in vv] for kk, vv in v.items()} for k, v in data.items() if isinstance(v, dict)}


@functools.lru_cache(maxsize=128)
def _term_regex(book: Phrasebook, kind: str, lang: str) -> tuple[re.Pattern[str] | None, dict[str, str]]:
    words: dict[str, str] = {}
    extra = _extra_words(str(book.folder), lang).get(f"{kind}s", {})
    for key in book.term_keys(kind):
        entry = book.term(kind, key).texts.get(lang)
        names = ([entry.text] if entry else []) + extra.get(key, [])
        for name in names:
            words[name.lower()] = key
    if not words:
        return None, {}
    alts = sorted(words, key=len, reverse=True)
    # Korean: a name inside a longer word is not that item ("마약" is not "약"); particles may follow.
    head = r"(?<![가-힣])" if lang == "ko" else ""
    return re.compile(head + "(?:" + "|".join(re.escape(w) for w in alts) + ")"), words


@functools.lru_cache(maxsize=64)
def _currency_regex(folder: str, lang: str) -> tuple[re.Pattern[str], dict[str, str]]:
    table = _extra_words(folder, lang).get("currencies") or _DEFAULT_CURRENCIES
    words = {w.lower(): code for code, ws in table.items() for w in ws}
    alts = sorted(words, key=len, reverse=True)
    return re.compile("|".join(re.escape(w) for w in alts)), words


def _numbers(text: str, lang: str) -> list[tuple[int, int, float]]:
    found = find_numbers(text, lang) if lang in _PARSER_LANGS else [
        (m.start(), m.end(), float(m.group(0).replace(",", ""))) for m in re.finditer(r"\d+(?:,\d{3})*(?:\.\d+)?", text)]
    if lang == "ko":
        taken = [(s, e) for s, e, _ in found]
        for m in _SINO_RE.finditer(text):
            if not any(s < m.end() and m.start() < e for s, e in taken):
                found.append((m.start(), m.end(), float(_sino_value(m.group(1)))))
    return sorted(found)


def find_slots(book: Phrasebook, text: str, lang: str, today: dt.date | None = None) -> list[Found]:
    """Slot values in text (already normalized: lower case, NFKC), non-overlapping, in text order."""
    out: list[Found] = []

    def free(s: int, e: int) -> bool:
        return not any(f.start < e and s < f.end for f in out)

    if lang == "ko":
        today = today or clock.today()
        for m in _DATE_KO.finditer(text):
            month, day = _num(m.group(1)), _num(m.group(2))
            try:
                date = dt.date(today.year, month, day)
            except ValueError:
                continue
            if date < today:
                date = date.replace(year=today.year + 1)
            out.append(Found("date", m.start(), m.end(), date))
    cur_re, cur_words = _currency_regex(str(book.folder), lang)
    for s, e, value in _numbers(text, lang):
        if not free(s, e):
            continue
        after = cur_re.match(text, e + (1 if text[e:e + 1] == " " else 0))
        before = None
        for m in cur_re.finditer(text[max(0, s - 4):s]):
            if m.end() + max(0, s - 4) >= s - 1:
                before = m
        if after is not None:
            out.append(Found("money", s, after.end(), Money(Decimal(str(value)).normalize(), cur_words[after.group(0)])))
        elif before is not None:
            out.append(Found("money", max(0, s - 4) + before.start(), e,
                             Money(Decimal(str(value)).normalize(), cur_words[before.group(0)])))
        else:
            out.append(Found("count", s, e, int(value)))
    for kind in ("place", "item"):
        rx, words = _term_regex(book, kind, lang)
        if rx is None:
            continue
        for m in rx.finditer(text):
            if free(m.start(), m.end()):
                out.append(Found(kind, m.start(), m.end(), words[m.group(0)]))
    return sorted(out, key=lambda f: f.start)


def slots_of(found: list[Found], kinds: tuple[str, ...]) -> Slots:
    """The first value of each wanted kind as a Slots record."""
    first: dict[str, object] = {}
    for f in found:
        if f.kind in kinds and f.kind not in first:
            first[f.kind] = f.value
    count = first.get("count")
    money = first.get("money")
    date = first.get("date")
    return Slots(count=count if isinstance(count, int) else None,
                 money=money if isinstance(money, Money) else None,
                 item=str(first["item"]) if "item" in first else None,
                 place=str(first["place"]) if "place" in first else None,
                 date=date if isinstance(date, dt.date) else None)
