"""Failure classes found on the tuned part of j20c's second outside batch (tests/data/real/outside_*.jsonl), each
tested with sentences of its own. Verdicts by shared/LAW-KR.md for arrival 2026-11-25 (rates of the rule tables:
1 USD = 1400 KRW = 0.93 EUR = 150 JPY = 7.2 CNY = 35 THB)."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.assistant import Assistant, Conversation, family, gazetteer
from kiosk.assistant.numbers import find_numbers, normalize_text
from kiosk.assistant.parser import parse_question

ARRIVAL = dt.date(2026, 11, 25)


def _conv(rules_only: Assistant, lang: str, *turns: str) -> Conversation:
    conv = Conversation(rules_only, arrival=ARRIVAL)
    for t in turns:
        conv.ask(t, lang)
    return conv


def _say(rules_only: Assistant, lang: str, *turns: str) -> str:
    conv = Conversation(rules_only, arrival=ARRIVAL)
    return [conv.ask(t, lang) for t in turns][-1].verdict


# 1. the goods named again with an amount and a past copula restate it (kiosk/rules_only/restate.py)
@pytest.mark.parametrize(("lang", "turns"), [
    ("ko", ("코트 백이십만 원에 샀어요", "아 코트는 오십만 원이었어요")),  # KRW 1.2 M = USD 857, then 357
    ("ja", ("バッグを十五万円で買いました", "すみません バッグは九万円でした")),
    ("fr", ("une montre à neuf cents dollars", "non la montre c'était cinq cents dollars")),
    ("en", ("a jacket for nine hundred dollars", "the jacket was five hundred dollars")),
    ("de", ("eine uhr für neunhundert euro", "die uhr war vierhundert euro")),
])
def test_a_restated_amount_replaces_the_first(rules_only: Assistant, lang: str, turns: tuple[str, str]) -> None:
    assert _say(rules_only, lang, turns[0]) == "declare"
    conv = _conv(rules_only, lang, *turns)
    goods = [b for b in conv.basket if b.category == "general"]
    assert len(goods) == 1 and conv.ask("", lang).verdict != "declare"


@pytest.mark.parametrize(("lang", "turns"), [
    ("en", ("a jacket for five hundred dollars", "the other jacket was four hundred dollars")),
    ("ko", ("코트 칠십만 원에 샀어요", "다른 코트도 칠십만 원이었어요")),
    ("fr", ("une montre à cinq cents dollars", "l'autre montre c'était quatre cents dollars")),
])
def test_another_of_the_same_goods_stays_a_second_item(rules_only: Assistant, lang: str,
                                                       turns: tuple[str, str]) -> None:
    assert _say(rules_only, lang, *turns) == "declare"  # both kept: USD 900 / KRW 1.4 M / USD 900


def test_cash_restated_by_its_currency(rules_only: Assistant) -> None:
    assert _say(rules_only, "ja", "現金は百万円持っています", "それとドルで六千ドルもあります") == "declare"
    assert _say(rules_only, "ja", "現金は百万円持っています", "それとドルで六千ドルもあります",
                "すみません ドルは二千ドルでした") == "allowed"  # USD 6,667 + 2,000


# 2. a lone scale word right before a unit is that number; vague amounts stay vague
@pytest.mark.parametrize(("lang", "text", "value"), [
    ("de", "hundert euro", 100.0), ("en", "hundred dollars", 100.0), ("fr", "cent euros", 100.0),
    ("ko", "백 달러", 100.0), ("ja", "百ドル", 100.0),
])
def test_a_lone_scale_word_before_a_unit(lang: str, text: str, value: float) -> None:
    assert [v for _, _, v in find_numbers(normalize_text(text), lang)] == [value]


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "couple hundred dollars"), ("en", "several hundred dollars"), ("de", "paar hundert euro"),
    ("en", "hundred of them"),
])
def test_vague_hundreds_are_no_number(lang: str, text: str) -> None:
    assert [v for _, _, v in find_numbers(normalize_text(text), lang) if v >= 100] == []


def test_hundred_millilitres_of_perfume_is_no_dog(rules_only: Assistant) -> None:
    conv = _conv(rules_only, "de", "eine flasche parfum hundert milliliter")
    assert [b.category for b in conv.basket] == ["perfume"]
    assert conv.basket[0].volume_ml == 100.0


# 3. a member's age said with a pronoun, in number words, cut out of the member's part
@pytest.mark.parametrize(("lang", "body", "age"), [
    ("de", " sie ist achtunddreißig und reist mit mir", 38), ("fr", " elle a trente cinq ans", 35),
    ("en", " she is forty five and", 45), ("es", " tiene cuarenta y dos años", 42),
])
def test_pronoun_age(lang: str, body: str, age: int) -> None:
    said = family.pronoun_age(normalize_text(body), lang)
    assert said is not None and said[0] == age


@pytest.mark.parametrize(("lang", "turns"), [
    ("de", ("zwei stangen zigaretten", "eine stange gehört meinem mann er ist fünfzig und reist mit mir")),
    ("fr", ("deux cartouches de cigarettes", "une cartouche est à mon mari il a cinquante ans il voyage avec moi")),
])
def test_a_share_moves_when_the_age_is_said_with_a_pronoun(rules_only: Assistant, lang: str,
                                                           turns: tuple[str, str]) -> None:
    conv = _conv(rules_only, lang, *turns)
    assert sorted((b.owner, b.quantity) for b in conv.basket) == [("husband", 1.0), ("me", 1.0)]
    assert conv.ask("", lang).verdict == "allowed"


# 4. a party said to travel together: members named later arrive too (no presence question)
@pytest.mark.parametrize(("lang", "turns"), [
    ("en", ("we are a family of three", "two cartons of cigarettes", "one is my husband's he is fifty")),
    ("ko", ("가족 세 명이서 왔어요", "담배 두 보루 샀어요", "한 보루는 남편 거예요 남편은 오십 살이에요")),
])
def test_a_party_said_together(rules_only: Assistant, lang: str, turns: tuple[str, ...]) -> None:
    assert _say(rules_only, lang, *turns) == "allowed"


def test_away_still_wins_over_together(rules_only: Assistant) -> None:
    assert _say(rules_only, "en", "we are a family of three", "two cartons of cigarettes",
                "one is my husband's he is fifty he stayed at home") == "declare"


# 5. shares split off the traveler's own goods ("give my son one more"; "each")
def test_one_more_for_another_member_comes_from_the_traveler(rules_only: Assistant) -> None:
    conv = _conv(rules_only, "ko", "가족 네 명이서 왔어요", "와인 세 병 샀어요 한 병에 칠백오십 미리고 각각 삼만 원이에요",
                 "남편은 오십 살이라 한 병 들고 나가요", "큰딸은 스물두 살이라 한 병 더 줄게요")
    assert sorted((b.owner, b.quantity) for b in conv.basket) == [("daughter", 1.0), ("husband", 1.0), ("me", 1.0)]


def test_each_member_takes_one_of_the_travelers_bottles(rules_only: Assistant) -> None:
    conv = _conv(rules_only, "en", "we are a family of three", "four bottles of wine 750 ml twenty dollars each",
                 "my wife she is forty and my son he is twenty will each carry one bottle")
    assert sum(b.quantity or 0 for b in conv.basket) == 4.0
    assert conv.ask("", "en").verdict == "allowed"


# 6. a per-unit word before a price ("각각 팔만 원", "それぞれ三千円")
@pytest.mark.parametrize(("lang", "text", "value"), [
    ("ko", "와인 세 병 각각 오만 원이에요", 150000.0), ("ja", "ワインを三本 それぞれ三千円", 9000.0),
])
def test_each_before_a_price(lang: str, text: str, value: float) -> None:
    items = parse_question(text, lang).items
    assert [it.value for it in items if it.category == "alcohol"] == [value]


# 7. a currency word after the amount's own currency is that amount ("五百块人民币")
def test_a_currency_word_after_the_amount(rules_only: Assistant) -> None:
    items = parse_question("红酒一瓶三百块人民币", "zh").items
    assert [(it.category, it.value) for it in items] == [("alcohol", 300.0)]


# 8. "we have" / "on a" is the traveler's (a member named before it does not take the goods)
def test_we_have_is_the_travelers(rules_only: Assistant) -> None:
    conv = _conv(rules_only, "fr", "on est deux adultes et un enfant de huit ans on a deux cartouches de cigarettes")
    assert [b.owner for b in conv.basket] == ["me"]


# 9. centilitres, presence words and Korean verb endings are accounted for
def test_centilitres() -> None:
    items = parse_question("trois bouteilles de vin de soixante quinze centilitres", "fr").items
    assert [it.volume_ml for it in items] == [2250.0]


@pytest.mark.parametrize(("lang", "turns"), [
    ("fr", ("un sac à cent dollars", "et des chaussures pour ma soeur à cinquante dollars elle est restée en france")),
    ("ko", ("가방 십만 원", "아빠 선물로 지갑 십만 원짜리요 아빠는 한국에 계세요")),
])
def test_presence_words_are_no_goods(rules_only: Assistant, lang: str, turns: tuple[str, str]) -> None:
    conv = _conv(rules_only, lang, *turns)
    assert all(b.category != "unknown" for b in conv.basket)
    assert conv.ask("", lang).verdict == "allowed"


# 10. Thai: a classifier before หนึ่ง is one of it ("บุหรี่คอตตอนหนึ่ง" = one carton), not a bare "one"
@pytest.mark.parametrize(("text", "quantity", "unit"), [
    ("เหล้าขวดหนึ่ง", 1.0, "bottle"), ("บุหรี่คอตตอนหนึ่ง", 1.0, "carton"), ("บุหรี่สองคอตตอน", 2.0, "carton"),
])
def test_thai_classifier_before_one(text: str, quantity: float, unit: str) -> None:
    assert [(it.quantity, it.unit) for it in parse_question(text, "th").items] == [(quantity, unit)]


def test_thai_one_carton_is_the_wifes(rules_only: Assistant) -> None:
    conv = _conv(rules_only, "th", "บุหรี่สองคอตตอน", "บุหรี่คอตตอนหนึ่งเป็นของภรรยา เธออายุห้าสิบ เดินทางมาด้วยกัน")
    assert sorted((b.owner, b.quantity) for b in conv.basket) == [("me", 1.0), ("wife", 1.0)]


# 11. a hazard term with digits is found when the digits are said as words ("c four", "delta eight")
@pytest.mark.parametrize(("term", "said"), [
    ("c-4", "c four"), ("ak47", "ak forty seven"), ("delta 8", "delta eight"), ("m16", "m sixteen"),
    ("9 mil", "9 mil"), ("80% lower", "80% lower"),  # "nine mil" may be nine million: no variant
])
def test_spoken_digits(term: str, said: str) -> None:
    assert gazetteer.spoken_digits(term) == said


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "a c four sample and two t shirts"), ("en", "twenty delta eight carts"),
    ("en", "an ak forty seven airsoft replica"), ("ko", "비비탄 총 하나랑 과자"), ("ko", "사향 조금이요"),
])
def test_spoken_hazards_are_never_allowed(rules_only: Assistant, lang: str, text: str) -> None:
    assert _say(rules_only, lang, text) in ("restricted", "prohibited")


def test_forty_seven_dollars_is_no_rifle(rules_only: Assistant) -> None:
    assert _say(rules_only, "en", "a t shirt for forty seven dollars") == "allowed"


@pytest.mark.parametrize(("lang", "text"), [
    ("fr", "ma femme elle a deux bouteilles"), ("es", "mi esposa tiene dos botellas"), ("ko", "남편은 두 병 가지고 있어요"),
    ("zh", "我老婆她两瓶"), ("vi", "vợ tôi cô ấy hai chai"), ("ru", "жене две бутылки"),
])
def test_a_count_after_a_pronoun_is_no_age(lang: str, text: str) -> None:
    assert all(p.age is None for p in family.split(normalize_text(text), lang))
