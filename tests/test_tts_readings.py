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
])
def test_korean_is_handed_to_the_voice_as_it_is_said(written: str, spoken: str) -> None:
    assert speakable(written, "ko") == spoken


def test_languages_without_a_table_are_read_as_written() -> None:
    assert readings("en") is None
    assert speakable("I have 2 bottles (1 L).", "en") == "I have 2 bottles (1 L)."
    assert readings("ko") is not None and "병" in readings("ko").native_counters  # type: ignore[union-attr]
