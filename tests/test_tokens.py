"""Issue 20 item 1: lexicon words match on tokens in languages without spaces (and on eojeol + particle in Korean):
a word inside another word is no mention, a compound's head still is; hazards are never lost to segmenting."""

from __future__ import annotations

import pytest

from kiosk.assistant.mentions import find_mentions
from kiosk.assistant.numbers import normalize_text
from kiosk.assistant.tokens import on_tokens, segmenter
from kiosk.languages import LANGUAGES, token_matcher


def cats(text: str, lang: str) -> set[str]:
    return {m.category for m in find_mentions(normalize_text(text), lang)}


def test_matching_on_tokens_is_its_own_language_fact() -> None:
    assert LANGUAGES["ko"].spaced and token_matcher("ko") == "eojeol"  # writes spaces, still matches on tokens
    assert {lg: token_matcher(lg) for lg in ("zh", "ja", "th")} == {"zh": "jieba", "ja": "sudachi", "th": "pythainlp"}
    assert token_matcher("en") == token_matcher("de") == "" and token_matcher("xx-unknown") == ""
    assert segmenter("en") is None


@pytest.mark.parametrize(("lang", "text", "not_there"), [
    ("zh", "我在土耳其买了一条围巾", "soil"),          # 土 (soil) inside 土耳其 (Turkey)
    ("zh", "我在药妆店买了化妆品", "medicine"),        # 药 inside 药妆店 (drugstore)
    ("zh", "两包花生糖", "plant"),                    # 花 inside 花生 (peanut)
    ("ja", "お土産にお菓子を買いました", "soil"),       # 土 inside お土産 (souvenir)
    ("ja", "いろんな種類のお菓子", "seed"),             # 種 inside 種類 (kind)
    ("th", "ฉันเดินทางมากับครอบครัว", "soil"),          # ดิน inside เดินทาง (travel)
    ("th", "ผลิตภัณฑ์บำรุงผิว", "fruit"),                # ผล before a vowel sign in ผลิตภัณฑ์ (product)
    ("ko", "돈키호테에서 과자 샀어요", "cash"),          # 돈 starting 돈키호테 (a shop)
    ("ko", "약간 비싼 시계를 샀어요", "medicine"),       # 약 starting 약간 (a little)
    ("ko", "칼국수 라면 샀어요", "knife"),               # 칼 starting 칼국수 (noodles)
])
def test_a_word_inside_another_word_is_no_mention(lang: str, text: str, not_there: str) -> None:
    assert not_there not in cats(text, lang)


@pytest.mark.parametrize(("lang", "text", "there"), [
    ("zh", "我带了一把菜刀", "knife"),                 # the head of a compound: 菜刀 is a knife
    ("zh", "我带了一个小盆栽", "plant"),
    ("zh", "我带了牛肉干", "meat"),
    ("zh", "一个包四百美元", "general"),
    ("ja", "牛肉とナイフ", "meat"),
    ("ja", "大麻グミを持っています", "narcotics"),
    ("th", "มีไส้กรอก", "meat"),
    ("ko", "돈을 좀 가져왔어요", "cash"),                # before a particle
    ("ko", "용돈 50만원", "cash"),                     # the end of a compound
    ("ko", "약이 있어요", "medicine"),
    ("ko", "칼 있어요", "knife"),
])
def test_words_on_token_boundaries_and_compound_heads_are_found(lang: str, text: str, there: str) -> None:
    assert there in cats(text, lang)


def test_a_language_without_a_segmenter_matches_as_written() -> None:
    assert on_tokens("xyz", "en", 0, 1) and on_tokens("土耳其", "xx", 0, 1)


@pytest.mark.parametrize(("lang", "text", "category"), [
    ("en", "I have about 30 Slim Jims in my backpack", "meat"),
    ("de", "Eine Stange Marlboro", "cigarettes"),
    ("de", "Eine Schreckschusspistole", "replica_gun"),
    ("fr", "Des rillettes en conserve", "meat"),
    ("ru", "Тушёнка, две банки", "meat"),
    ("ja", "肉まんを持っています", "meat"),
    ("ja", "セブンスターを1カートン", "cigarettes"),
    ("vi", "Tôi mang bánh chưng", "meat"),
    ("en", "Everything But the Bagel seasoning", "seed"),
])
def test_brand_and_regional_names_carry_their_category(lang: str, text: str, category: str) -> None:
    """locales/lexicon/products.toml: names by brand or by local dish, in every language."""
    assert category in cats(text, lang)


@pytest.mark.parametrize(("lang", "text"), [("ko", "슬림핏 청바지 샀어요"), ("fr", "J'ai acheté un velo"),
                                            ("es", "Compré un café con leche")])
def test_brand_names_are_not_everyday_words(lang: str, text: str) -> None:
    assert not cats(text, lang) & {"cigarettes", "heated_tobacco", "tobacco_other", "nicotine_liquid"}


@pytest.mark.parametrize(("text", "category"), [("약병 두 개 있어요", "medicine"), ("술병이 세 개요", "alcohol"),
                                                ("약통에 넣었어요", "medicine")])
def test_a_korean_one_syllable_word_before_a_container_is_still_the_goods(text: str, category: str) -> None:
    assert category in cats(text, "ko")
