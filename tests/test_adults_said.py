"""Issue 20 item 3 (k20b): a companion's age question answered with "we are all adults" / "다 성인이에요" / "tous
adultes" settles the ages asked for (the party's shares become "allowed" when within each one's allowance); a turn
that undoes it ("not all adults", "sauf mon fils", "미성년") settles nothing, and the kiosk asks on."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.assistant import Assistant, Conversation
from kiosk.assistant.adults import adults_said
from kiosk.assistant.numbers import normalize_text

DAY = dt.date(2026, 11, 25)

_PARTY = {
    "en": "we are three, three bottles of whisky, one each, one litre each, 100 dollars each",
    "ko": "저희 셋이 같은 비행기로 왔고 위스키 세 병 있어요. 1리터짜리 한 병에 100달러, 한 사람당 한 병씩이에요.",
    "fr": "nous sommes trois, une bouteille de whisky chacun, un litre, cent dollars",
    "es": "somos tres, una botella de whisky cada uno, un litro, cien dólares",
}


@pytest.mark.parametrize(("lang", "reply"), [
    ("en", "we are all adults"), ("en", "yes they're adults"), ("ko", "다 성인이에요"), ("ko", "모두 성인입니다"),
    ("fr", "oui nous sommes tous adultes"), ("fr", "tous majeurs"), ("es", "todos somos adultos"),
])
def test_all_adults_settles_the_companions_ages(rules_only: Assistant, lang: str, reply: str) -> None:
    conv = Conversation(rules_only, arrival=DAY)
    first = conv.ask(_PARTY[lang], lang)
    assert first.verdict == "unclear" and first.question  # a companion's birth year is asked
    ans = conv.ask(reply, lang)
    assert ans.verdict == "allowed" and ans.question is None
    assert len([b for b in ans.basket if b.category == "alcohol"]) == 3


@pytest.mark.parametrize(("lang", "reply"), [
    ("en", "we are not all adults"), ("en", "all adults except my son"), ("ko", "다 성인은 아니에요"),
    ("fr", "tous adultes sauf ma fille"), ("es", "no todos son adultos"),
])
def test_an_undone_answer_settles_nothing(rules_only: Assistant, lang: str, reply: str) -> None:
    conv = Conversation(rules_only, arrival=DAY)
    conv.ask(_PARTY[lang], lang)
    ans = conv.ask(reply, lang)
    assert ans.verdict != "allowed"


@pytest.mark.parametrize(("lang", "text", "said"), [
    ("en", "we are all adults", "all"), ("en", "she is an adult", "one"), ("de", "wir sind alle erwachsen", "all"),
    ("ru", "все взрослые", "all"), ("zh", "都是成年人", "all"), ("ja", "全員大人です", "all"),
    ("vi", "đều là người lớn", "all"), ("th", "เป็นผู้ใหญ่ทุกคน", "all"), ("ko", "성인이에요", "one"),
    ("de", "nicht alle sind erwachsen", None), ("zh", "不是都成年了", None), ("en", "two bottles of wine", None),
])
def test_the_adult_answer_is_read_in_every_language(lang: str, text: str, said: str | None) -> None:
    assert adults_said(normalize_text(text), lang) == said


def test_one_adult_settles_only_the_one_asked(rules_only: Assistant) -> None:
    conv = Conversation(rules_only, arrival=DAY)
    conv.ask(_PARTY["en"], "en")
    ans = conv.ask("he is an adult", "en")
    assert ans.verdict == "unclear" and ans.question  # the second companion's birth year is still asked
    assert conv.ask("she is an adult", "en").verdict == "allowed"
