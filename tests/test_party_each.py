"""Issue 20 (b): "one bottle each" said about a counted, unnamed travelling party ("we are three, one bottle of
whisky each"): the traveler keeps one share, each companion holds the same share against their own allowance, and a
companion's unsaid age is asked about (never a wrong "allowed"); no share is read when the counts do not agree."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.assistant import Assistant, Conversation
from kiosk.assistant.numbers import normalize_text
from kiosk.assistant.party_each import party_size
from kiosk.rules.party import ME

DAY = dt.date(2026, 11, 25)


@pytest.mark.parametrize(("lang", "text", "size"), [
    ("en", "we are three", 3), ("en", "there are four of us", 4), ("ko", "저희 셋이 왔어요", 3),
    ("de", "wir sind zu dritt", 3), ("fr", "nous sommes trois", 3), ("es", "somos dos", 2), ("ru", "нас трое", 3),
    ("ja", "三人で来ました", 3), ("zh", "我们三个人", 3), ("en", "we are going home", None),
])
def test_the_party_size_is_read(lang: str, text: str, size: int | None) -> None:
    assert party_size(normalize_text(text), lang) == size


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "we are three, three bottles of whisky, one each, one litre each, 100 dollars each"),
    ("ko", "저희 셋이 같은 비행기로 왔고 위스키 세 병 있어요. 1리터짜리 한 병에 100달러, 한 사람당 한 병씩이에요."),
    ("fr", "nous sommes trois, une bouteille de whisky chacun, un litre, cent dollars"),
    ("es", "somos tres, una botella de whisky cada uno, un litro, cien dólares"),
    ("ru", "нас трое, по одной бутылке виски, литр, сто долларов"),
    ("zh", "我们三个人，每人一瓶白酒"),
])
def test_one_each_spreads_over_the_party(rules_only: Assistant, lang: str, text: str) -> None:
    ans = Conversation(rules_only, arrival=DAY).ask(text, lang)
    alcohol = [b for b in ans.basket if b.category == "alcohol"]
    assert sorted(b.quantity or 0 for b in alcohol) == [1, 1, 1]
    assert len({b.owner for b in alcohol}) == 3 and any(b.owner == ME for b in alcohol)
    assert ans.verdict == "unclear"  # the companions' ages are not said: asked, never presumed adult


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "we are three, five bottles of whisky each"),  # no share agrees with the counts: all the traveler's
    ("en", "i have three bottles of whisky, one each for my friends at home"),  # gifts: no party is counted
])
def test_no_share_without_a_consistent_party(rules_only: Assistant, lang: str, text: str) -> None:
    ans = Conversation(rules_only, arrival=DAY).ask(text, lang)
    assert all(b.owner == ME for b in ans.basket) and ans.verdict != "allowed"
