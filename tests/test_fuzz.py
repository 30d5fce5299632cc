"""Fuzz (hypothesis, fixed seed) of the number parser and of `Assistant.ask` without a model: whatever the
text around it, they never raise, numbers stay finite and bounded, and a prohibited item in the question never
comes back "allowed"."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, seed, settings
from hypothesis import strategies as st

from kiosk.assistant import Assistant
from kiosk.assistant.numbers import DIGITS as _DIGITS
from kiosk.assistant.numbers import parse_digits
from kiosk.assistant.parser import find_numbers
from kiosk.languages import UI_LANGUAGES

# A prohibited item in each kiosk language (kr.prohibited.* rules), as a traveler would name it.
PROHIBITED = [
    # a fake handbag is not here: counterfeit brand goods in a small personal quantity are "declare, the officer
    # decides" (관세법 제235조, LAW-KR.md), tested in test_rules/test_conversation
    ("en", "cocaine"), ("en", "counterfeit money"), ("en", "pornography"),
    ("ko", "마약"), ("ko", "대마"), ("zh", "大麻"), ("ja", "覚醒剤"), ("es", "cocaína"), ("fr", "cannabis"),
    ("de", "Kokain"), ("ru", "кокаин"), ("vi", "cần sa"), ("th", "กัญชา"),
]

# Text in every script the kiosk meets, digits, separators and number words included.
_ALPHABET = st.sampled_from(list(
    "abcdefghijklmnopqrstuvwxyz0123456789 .,'-$€£¥₩%/\u00a0\u202f\t\n"
    "일이삼사오육칠팔구십백천만억병갑보루개한두세네열스물"
    "一二三四五六七八九十百千万億两瓶条个"
    "éèàçñüöäßмиллионтысячадва"
    "หนึ่งสองสามร้อยพันหมื่น"
    "mộthaibatrămnghìn"
))


junk = st.one_of(st.text(_ALPHABET, max_size=40), st.text(max_size=40))
langs = st.sampled_from(list(UI_LANGUAGES))


@seed(20261125)
@settings(max_examples=400, deadline=None, database=None)
@given(junk, langs)
def test_number_parser_never_raises_and_stays_finite(text: str, lang: str) -> None:
    for start, end, value in find_numbers(text, lang):
        assert 0 <= start < end <= len(text)
        assert math.isfinite(value) and value >= 0


@seed(20261125)
@settings(max_examples=300, deadline=None, database=None)
@given(st.from_regex(_DIGITS, fullmatch=True), langs)
def test_parse_digits_reads_every_numeral_the_tokenizer_finds(s: str, lang: str) -> None:
    assert parse_digits(s, lang) >= 0  # any Unicode digits, any grouping; huge numerals are clamped later


@pytest.fixture(scope="module")
def assistant() -> Assistant:
    return Assistant("KR", use_llm=False)


@seed(20261125)
@settings(max_examples=250, deadline=None, database=None)
@given(junk, st.sampled_from(PROHIBITED), junk, st.booleans())
def test_ask_never_allows_a_prohibited_item(assistant: Assistant, before: str, item: tuple[str, str], after: str,
                                            give_lang: bool) -> None:
    lang, term = item
    ans = assistant.ask(f"{before} . {term} . {after}", lang=lang if give_lang else None)
    assert ans.verdict != "allowed"
    if give_lang:
        assert ans.verdict == "prohibited"
        assert any(r.id.startswith("kr.prohibited.") for r in ans.rules)


@seed(20261125)
@settings(max_examples=250, deadline=None, database=None)
@given(junk, st.one_of(st.none(), st.sampled_from(["xx", "", "EN", "zh-TW", "pt"])), st.one_of(st.none(),
       st.integers(-5, 500)))
def test_ask_never_raises_on_any_text(assistant: Assistant, text: str, lang: str | None, age: int | None) -> None:
    ans = assistant.ask(text, lang=lang, age=age)
    assert ans.verdict in ("info", "allowed", "unclear", "declare", "restricted", "prohibited")
    assert ans.answer


def test_mixed_separator_numeral_does_not_crash(assistant: Assistant) -> None:
    """Found by the fuzz test: a numeral no convention reads is taken as all its digits (never a crash)."""
    assert parse_digits("1.000,000.000", "en") == 1_000_000_000
    ans = assistant.ask("I carry 1.000,000.000 won in cash", lang="en")
    assert ans.verdict == "declare"
