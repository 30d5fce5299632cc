"""kiosk.tts.ko_pron: Korean handed to the engine as it is pronounced (표준 발음법), because espeak-ng reads every
batchim as written ("합니다" /hɐpnidɐ/). Cases from the standard's own examples (국립국어원 표준 발음법 제9-23항)."""

from __future__ import annotations

import pytest

from kiosk.tts.ko_pron import pronounce
from kiosk.tts.readings import engine_text


@pytest.mark.parametrize(("written", "said"), [
    ("합니다", "함니다"), ("국내", "궁내"), ("있습니다", "이씀니다"), ("없습니다", "업씀니다"),  # nasalization
    ("심리", "심니"), ("국립", "궁닙"), ("협력", "혐녁"),  # ㄹ after ㅁ/ㅇ/stops
    ("신라", "실라"), ("칼날", "칼랄"),  # liquidization
    ("이것을", "이거슬"), ("없어", "업써"), ("읽어", "일거"), ("앉아", "안자"), ("많아", "마나"), ("좋아", "조아"),
    ("같이", "가치"), ("굳이", "구지"),  # palatalization
    ("좋고", "조코"), ("축하", "추카"), ("입학", "이팍"), ("급히", "그피"), ("좋습니다", "조씀니다"),
    ("놓는", "논는"), ("않습니다", "안씀니다"),
    ("밖", "박"), ("값", "갑"), ("닭", "닥"), ("없다", "업따"), ("학교", "학꾜"),
    ("결제하셨습니까?", "결제하셔씀니까?"), ("영수증이 있습니다.", "영수증이 이씀니다."),
    ("신고할 물품이 없습니다.", "신고할 물푸미 업씀니다."),
    ("희망", "히망"), ("주의사항", "주이사항"), ("직원의", "지궈네"), ("의자", "의자"),  # ㅢ
    ("사과", "사과"), ("위스키 두 병", "위스키 두 병"), ("가방", "가방"),  # nothing to change
])
def test_hangul_is_rewritten_as_pronounced(written: str, said: str) -> None:
    assert pronounce(written) == said


def test_other_characters_are_kept_and_words_are_separate() -> None:
    assert pronounce("USD 800, 합니다!") == "USD 800, 함니다!"
    assert pronounce("밥 먹어") == "밥 머거"  # no assimilation across a space
    assert pronounce("") == ""


def test_only_the_korean_engine_text_is_rewritten() -> None:
    assert engine_text("합니다", "ko") == "함니다"  # voices/readings.toml: pronounce = true
    assert engine_text("합니다", "ja") == "합니다"
    assert engine_text("I have 2 bottles.", "en") == "I have 2 bottles."
