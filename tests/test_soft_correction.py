"""k20c (issue 20, k20b's left item): a count corrected in a later turn after an apology, without a comma or a
correction cue ("sorry only one carton", "すみません 一カートンでした", "아 죄송해요 한 보루예요"): the same goods and a
new count replace the count. An "also" word, a different item, or two items it could be leave the basket as it was
(never a reduction from a guess, never a wrong "allowed")."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.assistant import Assistant, Conversation

ARRIVAL = dt.date(2026, 11, 25)


def _run(assistant: Assistant, lang: str, turns: list[str]):  # type: ignore[no-untyped-def]
    conv = Conversation(assistant, arrival=ARRIVAL)
    for t in turns:
        ans = conv.ask(t, lang)
    return ans


@pytest.mark.parametrize(("lang", "turns"), [
    ("en", ["i have two cartons of cigarettes", "sorry only one carton"]),
    ("en", ["two cartons of cigarettes", "oops my mistake it is just one carton"]),
    ("ja", ["タバコを二カートン持っています", "すみません 一カートンだけです"]),
    ("ko", ["담배 두 보루 있어요", "아 죄송해요 한 보루예요"]),
    ("zh", ["我有两条烟", "不好意思 只有一条"]),
    ("de", ["ich habe zwei stangen zigaretten", "entschuldigung nur eine stange"]),
])
def test_apology_with_a_new_count_of_the_same_goods_replaces_it(rules_only: Assistant, lang: str,
                                                                turns: list[str]) -> None:
    ans = _run(rules_only, lang, turns)
    assert [b.quantity for b in ans.basket] == [1.0]
    assert ans.verdict == "allowed"


@pytest.mark.parametrize(("lang", "turns"), [
    ("en", ["i have three bottles of wine", "sorry i also have wine"]),
    ("en", ["i have three bottles of wine", "sorry and one bottle of wine"]),
    ("ja", ["ワインを三本持っています", "すみません ワインも一本あります"]),
    ("ko", ["와인 세 병 있어요", "죄송해요 와인도 한 병 있어요"]),
    ("zh", ["我有三瓶红酒", "不好意思 还有一瓶红酒"]),
])
def test_apology_with_also_adds_never_replaces(rules_only: Assistant, lang: str, turns: list[str]) -> None:
    ans = _run(rules_only, lang, turns)
    assert sum(b.quantity or 0 for b in ans.basket) >= 3.0
    assert ans.verdict != "allowed"


@pytest.mark.parametrize(("lang", "turns"), [
    ("en", ["i have three bottles of wine", "sorry only one carton of cigarettes"]),
    ("ja", ["ワインを三本持っています", "すみません タバコ一カートンです"]),
    ("ko", ["와인 세 병 있어요", "죄송해요 담배 한 보루예요"]),
])
def test_apology_with_a_different_item_replaces_nothing(rules_only: Assistant, lang: str, turns: list[str]) -> None:
    ans = _run(rules_only, lang, turns)
    wine = [b for b in ans.basket if b.category == "alcohol"]
    assert [b.quantity for b in wine] == [3.0]
    assert ans.verdict != "allowed"


@pytest.mark.parametrize(("lang", "turns"), [
    ("en", ["i have two cartons of cigarettes and my wife has two cartons", "sorry only one carton"]),
    ("ko", ["담배 두 보루 있고 아내도 두 보루 있어요", "죄송해요 한 보루예요"]),
    ("ja", ["タバコを二カートン、妻も二カートン持っています", "すみません 一カートンです"]),
])
def test_two_items_it_could_be_is_no_guess(rules_only: Assistant, lang: str, turns: list[str]) -> None:
    """Which carton is meant is not known: no reduction, so never a wrong "allowed"."""
    ans = _run(rules_only, lang, turns)
    assert ans.verdict != "allowed"


@pytest.mark.parametrize(("lang", "turns"), [
    ("en", ["i have one carton of cigarettes and my wife has two cartons", "sorry, only one carton", "yes"]),
    ("ko", ["담배 한 보루 있고 아내는 두 보루 있어요", "아니 한 보루예요", "네"]),
    ("zh", ["我有一条烟 我老婆有两条", "不对 一条", "是的"]),
])
def test_a_correction_cue_with_the_travelers_and_a_members_goods_is_no_guess(rules_only: Assistant, lang: str,
                                                                           turns: list[str]) -> None:
    """Before, the last item (the wife's) was cut to one carton, and "yes, she arrives with me" made it "allowed"
    though the traveler may have corrected their own count."""
    ans = _run(rules_only, lang, turns)
    assert ans.verdict != "allowed"
    assert sum(b.quantity or 0 for b in ans.basket) == 3.0
