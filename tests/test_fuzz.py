"""Fuzz (hypothesis, fixed seed) of the number parser and of `Assistant.ask` without a model: whatever the
text around it, they never raise, numbers stay finite and bounded, and a prohibited item in the question never
comes back "allowed"."""

from __future__ import annotations

import math
import re

import pytest
from hypothesis import assume, given, seed, settings
from hypothesis import strategies as st

from kiosk.assistant import Assistant
from kiosk.assistant.parser import _DIGITS, find_numbers, parse_digits
from kiosk.languages import UI_LANGUAGES

# A prohibited item in each kiosk language (kr.prohibited.* rules), as a traveler would name it.
PROHIBITED = [
    ("en", "cocaine"), ("en", "counterfeit money"), ("en", "fake handbag"), ("en", "pornography"),
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


def _hits_known_bug(text: str) -> bool:
    """True when the text holds a numeral that `parse_digits` cannot read (BUG, see
    test_mixed_separator_numeral_does_not_crash): such inputs are set aside until the parser is fixed."""
    for m in re.finditer(_DIGITS, text):
        try:
            parse_digits(m.group(0), "en")
            parse_digits(m.group(0), "de")
        except ValueError:
            return True
    return False


junk = st.one_of(st.text(_ALPHABET, max_size=40), st.text(max_size=40))
langs = st.sampled_from(list(UI_LANGUAGES))


@seed(20261125)
@settings(max_examples=400, deadline=None, database=None)
@given(junk, langs)
def test_number_parser_never_raises_and_stays_finite(text: str, lang: str) -> None:
    assume(not _hits_known_bug(text))
    for start, end, value in find_numbers(text, lang):
        assert 0 <= start < end <= len(text)
        assert math.isfinite(value) and value >= 0


@seed(20261125)
@settings(max_examples=300, deadline=None, database=None)
@given(st.from_regex(_DIGITS, fullmatch=True), langs)
def test_parse_digits_reads_every_numeral_the_tokenizer_finds(s: str, lang: str) -> None:
    assume(not _hits_known_bug(s))
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
    assume(not _hits_known_bug(before + after))
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
    assume(not _hits_known_bug(text))
    ans = assistant.ask(text, lang=lang, age=age)
    assert ans.verdict in ("allowed", "unclear", "declare", "restricted", "prohibited")
    assert ans.answer


@pytest.mark.xfail(strict=True, raises=ValueError,
                   reason="BUG found by the fuzz test (kiosk/assistant/parser.py, not this branch's area): "
                          "parse_digits() raises on a numeral with both separators and a repeated decimal mark, so "
                          "`kiosk ask` crashes; when fixed, this XPASSes: drop the xfail and _hits_known_bug")
def test_mixed_separator_numeral_does_not_crash(assistant: Assistant) -> None:
    ans = assistant.ask("I carry 1.000,000.000 won in cash", lang="en")
    assert ans.verdict != "allowed"
