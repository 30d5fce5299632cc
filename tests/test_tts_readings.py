"""kiosk.tts.readings: what the Korean voice is handed (issue 22 item 4: "위스키 두 병" came back "위스킷 두평")."""

from __future__ import annotations

import pytest

from kiosk.tts.readings import readings, speakable


@pytest.mark.parametrize(("written", "spoken"), [
    ("위스키 2병과 담배 1보루가 있습니다.", "위스키 두 병과 담배 한 보루가 있습니다."),  # native numbers before counters
    ("궐련 20개비", "궐련 스무 개비"),
    ("궐련 200개비", "궐련 이백 개비"),  # 100 and more: Sino-Korean
    ("3번 창구로 가세요.", "삼번 창구로 가세요."),  # 번 is a number here, not "times"
    ("향수: 60ml까지.", "향수. 육십 밀리리터까지."),  # ":" packs two facts: a sentence end
    ("총 800 USD까지", "총 팔백 미국 달러까지"),
    ("현금을 US$800 가지고 있습니다.", "현금을 팔백 미국 달러 가지고 있습니다."),  # currency before the number
    ("합계 10,000 USD 초과", "합계 만 미국 달러 초과"),
    ("세액의 30%", "세액의 삼십 퍼센트"),
    ("만 19세 이상", "만 십구세 이상"),
    ("대마 제품(CBD·THC 제품 포함)은 반입 금지입니다.", "대마 제품, 씨비디, 티에이치씨 제품 포함은 반입 금지입니다."),
    ("신고할 물품이 없습니다.", "신고할 물품이 없습니다."),  # nothing to change
    # k22c: more counters, Sino words that begin like a counter, decimals, money, clock, irregular numbers
    ("1병", "한 병"), ("2병", "두 병"), ("3병", "세 병"), ("4병", "네 병"), ("5병", "다섯 병"), ("10병", "열 병"),
    ("11병", "열한 병"), ("19병", "열아홉 병"), ("21개비", "스물한 개비"), ("99개", "아흔아홉 개"),
    ("100병", "백 병"), ("2보루", "두 보루"), ("3보루", "세 보루"), ("10갑", "열 갑"), ("2명", "두 명"),
    ("20살", "스무 살"), ("3마리", "세 마리"), ("2켤레", "두 켤레"), ("2 병", "두 병"),
    ("위스키 2병이랑 담배 3보루", "위스키 두 병이랑 담배 세 보루"),
    ("3개월", "삼개월"), ("2개국", "삼개국".replace("삼", "이")),  # Sino words beginning like 개
    ("3시", "세 시"), ("3시간", "세 시간"), ("2배", "두 배"), ("3가지", "세 가지"),
    ("10:30에 출발합니다.", "열 시 삼십 분에 출발합니다."), ("9:05", "아홉 시 오 분"), ("12:00", "열두 시"),
    ("2026년 6월 10일", "이천이십육년 유월 십일"), ("10월", "시월"), ("16월", "십육월"),
    ("1만 달러", "만 달러"), ("11만 원", "십일만 원"), ("1천만 원", "천만 원"),
    ("2,000달러", "이천 달러"), ("$2,000", "이천 달러"), ("USD 800", "팔백 미국 달러"), ("KRW 10,000", "만 원"),
    ("₩1,000,000", "백만 원"), ("10,000,000원", "천만 원"), ("EUR 50", "오십 유로"),
    ("750ml", "칠백오십 밀리리터"), ("750 mL", "칠백오십 밀리리터"), ("1L", "일 리터"), ("2 L", "이 리터"),
    ("1.5리터", "일 점 오 리터"), ("1.5L", "일 점 오 리터"), ("0.5kg", "영 점 오 킬로그램"), ("250g", "이백오십 그램"),
    ("3.5%", "삼 점 오 퍼센트"), ("1.5병", "일 점 오 병"),  # a decimal count stays Sino-Korean
    ("19세", "십구세"), ("3번", "삼번"), ("3층", "삼층"), ("1인당", "일인당"),
])
def test_korean_is_handed_to_the_voice_as_it_is_said(written: str, spoken: str) -> None:
    assert speakable(written, "ko") == spoken


def test_languages_without_a_table_are_read_as_written() -> None:
    assert readings("en") is None
    assert speakable("I have 2 bottles (1 L).", "en") == "I have 2 bottles (1 L)."
    assert readings("ko") is not None and "병" in readings("ko").native_counters  # type: ignore[union-attr]
