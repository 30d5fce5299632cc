"""k20c (issue 20, k20b's left item): a number word inside a fixed word is no count (一 of 一起, 一定, 一样, 一般, 一下;
Japanese 一緒, 一番; Korean 한번, 한참), so a share moved to a member in a later turn is taken; a numeral with a
unit or counter right after it stays a count (一条, 一升瓶, 一カートン, 한 보루, 三人)."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.assistant import Assistant, Conversation
from kiosk.assistant.numbers import numbers

ARRIVAL = dt.date(2026, 11, 25)


@pytest.mark.parametrize(("lang", "text"), [
    ("zh", "我们一起到的"), ("zh", "我一定要申报吗"), ("zh", "和上次一样"), ("zh", "请看一下"), ("zh", "一般来说"),
    ("zh", "他一直在我旁边"), ("zh", "万一超了怎么办"), ("zh", "我买了一些烟"),
    ("ja", "妻と一緒に旅行しています"), ("ja", "一番安いのはどれ"), ("ja", "一応聞きます"),
    ("ko", "한번 확인해 주세요"), ("ko", "한참 기다렸어요"),
])
def test_number_word_inside_a_fixed_word_is_no_count(lang: str, text: str) -> None:
    assert numbers(text, lang) == []


@pytest.mark.parametrize(("lang", "text", "value"), [
    ("zh", "一条烟", 1.0), ("zh", "一瓶红酒", 1.0), ("zh", "一起买了三瓶酒", 3.0), ("zh", "一共两条", 2.0),
    ("zh", "一千美元", 1000.0), ("ja", "一升瓶", 1.0), ("ja", "タバコを一カートン", 1.0), ("ja", "三人で来ました", 3.0),
    ("ja", "一万円", 10000.0), ("ko", "담배 한 보루", 1.0),
])
def test_a_counted_number_stays(lang: str, text: str, value: float) -> None:
    assert value in [v for _, _, v in numbers(text, lang)]


@pytest.mark.parametrize(("lang", "turns"), [
    ("zh", ["我带了两条香烟", "其中一条是我丈夫的 我们一起坐飞机来的"]),
    ("zh", ["我有两条烟", "一条是我老公的 他一直和我在一起"]),
    ("ja", ["タバコを二カートン持っています", "一カートンは主人の物です 主人と一緒に来ました"]),
    ("ko", ["담배 두 보루 가지고 왔어요", "한 보루는 남편 거예요 남편이랑 같이 왔어요 한번 봐주세요"]),
])
def test_share_moved_to_a_member_in_a_later_turn_with_a_fixed_word(rules_only: Assistant, lang: str,
                                                                  turns: list[str]) -> None:
    conv = Conversation(rules_only, arrival=ARRIVAL)
    for t in turns:
        ans = conv.ask(t, lang)
    owners = sorted((b.owner, b.quantity) for b in ans.basket)
    assert owners == [("husband", 1.0), ("me", 1.0)]
    # one carton each: allowed when the husband's arrival is understood, else the kiosk asks; never "declare"
    assert ans.verdict in ("allowed", "unclear")


@pytest.mark.parametrize(("lang", "turns"), [
    ("zh", ["我带了两条香烟", "其中一条是我丈夫的 他跟我一起来的"]),
    ("ja", ["タバコを二カートン持っています", "一カートンは夫のです 一緒に来ました"]),
    ("ko", ["담배 두 보루 있어요", "한 보루는 남편 거예요 같이 왔어요"]),
])
def test_share_moved_and_arrival_said_is_allowed(rules_only: Assistant, lang: str, turns: list[str]) -> None:
    conv = Conversation(rules_only, arrival=ARRIVAL)
    for t in turns:
        ans = conv.ask(t, lang)
    assert sorted((b.owner, b.quantity) for b in ans.basket) == [("husband", 1.0), ("me", 1.0)]
    assert ans.verdict == "allowed"


def test_three_cartons_one_husbands_together_still_declares(rules_only: Assistant) -> None:
    """The fixed word only stops a false count: the traveler keeps two cartons, over the allowance."""
    conv = Conversation(rules_only, arrival=ARRIVAL)
    conv.ask("我有三条烟", "zh")
    ans = conv.ask("一条是我老公的 他跟我一起来的", "zh")
    assert ans.verdict != "allowed"
    assert sorted((b.owner, b.quantity) for b in ans.basket) == [("husband", 1.0), ("me", 2.0)]
