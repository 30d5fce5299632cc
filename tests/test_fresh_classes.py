"""Failure classes found on the tuned part of j20b's fresh outside batch (tests/data/real/fresh_*.jsonl), each
tested here with sentences of its own (not the batch's). Verdicts by shared/LAW-KR.md for arrival 2026-11-25."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.assistant import Assistant, Conversation
from kiosk.assistant.numbers import find_numbers, normalize_text

ARRIVAL = dt.date(2026, 11, 25)


def _say(rules_only: Assistant, lang: str, *turns: str) -> str:
    conv = Conversation(rules_only, arrival=ARRIVAL)
    verdict = ""
    for t in turns:
        verdict = conv.ask(t, lang).verdict
    return verdict


@pytest.mark.parametrize(("lang", "text", "verdict"), [
    ("de", "eine jacke für dreihundert euro", "allowed"),  # "dreihundert" holds no "hund" (a dog)
    ("de", "ein mantel für neunhundert euro", "declare"),  # USD 968 > 800
    ("fr", "une veste à vingt euros", "allowed"),  # "vingt" holds no "vin"
])
def test_a_number_word_holds_no_goods_word(rules_only: Assistant, lang: str, text: str, verdict: str) -> None:
    assert _say(rules_only, lang, text) == verdict


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "a dior perfume thirty ml"), ("ko", "샤넬 향수 삼십 미리"), ("fr", "un parfum dior de trente millilitres"),
])
def test_a_brand_before_a_goods_word_is_that_goods(rules_only: Assistant, lang: str, text: str) -> None:
    assert _say(rules_only, lang, text) == "allowed"  # one perfume of 30 mL (100 mL allowed), not a second item


def test_a_brand_alone_is_still_asked_and_never_hides_a_hazard(rules_only: Assistant) -> None:
    assert _say(rules_only, "en", "gucci") == "unclear"
    assert _say(rules_only, "en", "a gucci knife with a twenty centimetre blade") == "restricted"


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "two boxes of allergy pills"), ("es", "dos cajas de medicamentos para el asma"),
    ("ru", "две упаковки таблеток от кашля"), ("de", "zwei packungen tabletten gegen kopfschmerzen"),
])
def test_what_a_medicine_is_for_is_accounted_for(rules_only: Assistant, lang: str, text: str) -> None:
    assert _say(rules_only, lang, text) in ("allowed", "restricted")  # up to 6 containers: guidance


def test_an_unknown_word_beside_an_amount_is_still_asked(rules_only: Assistant) -> None:
    assert _say(rules_only, "en", "two boxes for allergy and three kilos of zorblax") == "unclear"


@pytest.mark.parametrize(("lang", "text"), [
    ("fr", "qu est ce que je dois déclarer"), ("fr", "est ce qu il y a une limite pour l alcool"),
    ("en", "what do i need to declare"),
])
def test_cues_heard_without_hyphens_or_apostrophes(rules_only: Assistant, lang: str, text: str) -> None:
    assert _say(rules_only, lang, text) == "info"


def test_russian_a_thousand_and_a_hundred_said_alone(rules_only: Assistant) -> None:
    assert _say(rules_only, "ru", "купила сумку за тысячу долларов") == "declare"
    assert _say(rules_only, "ru", "куртка за сотню долларов") == "allowed"


@pytest.mark.parametrize(("lang", "text"), [("zh", "我带了一些凤爪"), ("zh", "有两包卤味"), ("ko", "족발 가져왔어요")])
def test_braised_meat_snacks_are_meat(rules_only: Assistant, lang: str, text: str) -> None:
    assert _say(rules_only, lang, text) == "restricted"


@pytest.mark.parametrize(("lang", "turn"), [
    ("en", "two cartons of cigarettes and one of them is my husbands he is here with me"),
    ("vi", "hai cây thuốc lá một cây là của chồng tôi anh ấy đi cùng tôi"),
    ("fr", "deux cartouches de cigarettes une est à mon mari il est avec moi"),
    ("de", "zwei stangen zigaretten eine gehört meinem mann er reist mit mir"),
    ("zh", "两条烟 一条是我老公的 他跟我一起"),
])
def test_a_share_said_in_the_same_turn_goes_to_the_member(rules_only: Assistant, lang: str, turn: str) -> None:
    assert _say(rules_only, lang, turn) == "allowed"  # one carton each, both arriving


def test_a_share_of_a_member_at_home_stays_the_travelers(rules_only: Assistant) -> None:
    assert _say(rules_only, "fr", "deux cartouches de cigarettes une est à mon mari il n est pas avec moi") == "declare"


@pytest.mark.parametrize(("lang", "turns"), [
    ("en", ("i bought three bottles of gin", "each one is seven hundred ml")),
    ("ko", ("와인 세 병 샀어요", "한 병에 칠백오십 미리예요")),
    ("ja", ("ワインを三本買いました", "一本七百五十ミリリットルです")),
])
def test_a_size_said_later_is_each_ones(rules_only: Assistant, lang: str, turns: tuple[str, str]) -> None:
    assert _say(rules_only, lang, *turns) == "declare"  # 3 x 700+ mL > 2 L: never read as one bottle


@pytest.mark.parametrize(("lang", "text", "value"), [
    ("de", "null komma sieben fünf liter", 0.75), ("en", "zero point seven five litres", 0.75),
    ("es", "cero coma siete cinco litros", 0.75), ("vi", "không phẩy bảy lăm lít", 0.75),
    ("fr", "un virgule cinq litre", 1.5),
])
def test_decimals_said_digit_by_digit(lang: str, text: str, value: float) -> None:
    assert [v for _, _, v in find_numbers(normalize_text(text), lang)] == [value]


def test_one_and_two_is_no_decimal() -> None:
    assert [v for _, _, v in find_numbers(normalize_text("one and two"), "en")] != [1.2]


@pytest.mark.parametrize(("lang", "turns"), [
    ("es", ("una chaqueta de quinientos euros", "perdón la chaqueta era de doscientos euros")),
    ("de", ("eine jacke für neunhundert euro", "nein die jacke war zweihundert euro")),
])
def test_a_price_corrected_with_a_copula(rules_only: Assistant, lang: str, turns: tuple[str, str]) -> None:
    assert _say(rules_only, lang, *turns) == "allowed"


@pytest.mark.parametrize(("lang", "text", "verdict"), [
    ("fr", "je dois déclarer du jambon", "restricted"), ("en", "what do i have to declare i have two cartons", "declare"),
])
def test_an_information_cue_with_goods_is_answered_for_the_goods(rules_only: Assistant, lang: str, text: str,
                                                                 verdict: str) -> None:
    assert _say(rules_only, lang, text) == verdict


@pytest.mark.parametrize(("lang", "text", "kinds"), [
    ("fr", "deux lèvres", ["bare"]), ("de", "eine gehört", ["bare"]), ("vi", "hai lít rượu", ["volume"]),
    ("de", "500 g käse", ["weight"]), ("zh", "500g牛肉", ["weight"]),
])
def test_a_unit_never_starts_a_word_with_an_accented_letter(lang: str, text: str, kinds: list[str]) -> None:
    from kiosk.assistant.parser import parse_question

    assert [q.kind for q in parse_question(text, lang).quantities] == kinds


@pytest.mark.parametrize("text", ["two boxes of zorblax pills", "three containers of qwerple"])
def test_an_unknown_name_beside_a_box_count_is_asked(rules_only: Assistant, text: str) -> None:
    assert _say(rules_only, "en", text) == "unclear"  # a drug nickname outside the gazetteer is no medicine


@pytest.mark.parametrize("text", ["two boxes of tylenol", "two boxes of vitamin c", "two boxes of cold medicine"])
def test_known_medicine_by_the_box_is_answered(rules_only: Assistant, text: str) -> None:
    assert _say(rules_only, "en", text) in ("allowed", "restricted")
