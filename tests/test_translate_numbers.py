"""Numbers in a model translation must equal the source's; the phrasebook answers standard sentences first."""

from __future__ import annotations

import pytest

from kiosk.translate import Translation, TranslationService, number_mismatch, numbers_in


@pytest.mark.parametrize(("text", "lang", "values"), [
    ("10,000원 있습니다", "ko", [10000]),
    ("만 오천 달러", "ko", [15000]),
    ("I bought two bottles and a watch for 900 dollars", "en", [2, 900]),  # "a" is not a number to keep
    ("Tôi có 100.000 won", "vi", [100000]),
    ("الضريبة ١٢٠٬٠٠٠ وون", "ar", [120000]),
    ("कर ₹1,200 है", "hi", [1200]),
    ("ภาษี ๕๐๐ บาท", "th", [500]),
    ("Habari", "sw", []),
])
def test_numbers_in_every_script(text: str, lang: str, values: list[int]):
    assert sorted(numbers_in(text, lang).elements()) == values


def test_changed_number_is_a_mismatch_with_the_reason():
    # the example: "10,000" became "100,000" in Vietnamese
    assert number_mismatch("현금 10,000달러가 있습니다", "ko", "Tôi có 100.000 đô la tiền mặt", "vi") == \
        "numbers differ: source [10000], translation [100000]"
    assert number_mismatch("술 두 병", "ko", "two bottles of alcohol", "en") == ""
    assert number_mismatch("세금은 120,000원", "ko", "Thuế là 120.000 won", "vi") == ""


def test_model_translation_with_other_numbers_is_rejected():
    tr = Translation("Tôi có 100.000 đô la tiền mặt", "ko", "vi", "nllb", 0.9, False, 0.1)
    out = TranslationService.checked("현금 10,000달러가 있습니다", tr)
    assert (out.flagged, out.confidence, out.note) == (True, 0.1,
                                                       "numbers differ: source [10000], translation [100000]")
    same = Translation("Tôi có 10.000 đô la tiền mặt", "ko", "vi", "nllb", 0.9, False, 0.1)
    assert TranslationService.checked("현금 10,000달러가 있습니다", same) is same


@pytest.fixture(scope="module")
def phrasebook_only() -> TranslationService:
    return TranslationService(use_nllb=False, llm_model_id=None)


def test_officer_sentence_goes_through_the_phrasebook(phrasebook_only: TranslationService):
    tr = phrasebook_only.translate("짐을 전부 검색대 위에 올려 주세요.", "ko", "en")
    assert (tr.engine, tr.text, tr.flagged, tr.phrase_id) == (
        "phrasebook", "Please put your baggage on the inspection table.", False, "bag04")
    assert tr.note == "phrase bag04 (machine-written)"
    tr = phrasebook_only.translate("이 가루는 무엇입니까?", "ko", "sw")  # a language no model engine knows
    assert (tr.engine, tr.text) == ("phrasebook", "Unga huu ni nini?")
    tr = phrasebook_only.translate("세금은 12만 원입니다", "ko", "de")
    assert tr.text == "Der Zoll beträgt 120.000\u00a0₩."


def test_traveler_reply_goes_through_the_phrasebook_into_korean(phrasebook_only: TranslationService):
    tr = phrasebook_only.translate("ฉันไม่มีใบเสร็จ", "th", "ko")
    assert (tr.engine, tr.text, tr.phrase_id) == ("phrasebook", "영수증이 없습니다.", "trv31")


def test_unmatched_text_falls_through_and_is_flagged_without_an_engine(phrasebook_only: TranslationService):
    tr = phrasebook_only.translate("어제 부산에서 친구를 만났는데 그 친구가 선물을 줬어요", "ko", "en")
    assert tr.engine == "identity" and tr.flagged
