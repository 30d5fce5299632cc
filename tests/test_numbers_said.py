"""Issue 20 item 2: numbers as people say them, read by the kiosk's one number reader (kiosk/assistant/numbers.py):
multiplier abbreviations, decimals said in words, Sino-Korean decimals, vague amounts left unread (asked)."""

from __future__ import annotations

import pytest

from kiosk.assistant import Assistant
from kiosk.assistant.numbers import find_numbers, normalize_text


def values(text: str, lang: str) -> list[float]:
    return [v for _, _, v in find_numbers(normalize_text(text), lang)]


@pytest.mark.parametrize(("text", "lang", "value"), [
    ("$1.2M", "en", 1.2e6), ("1.2m dollars", "en", 1.2e6), ("2 mil dollars", "en", 2e6), ("1.2 bn won", "en", 1.2e9),
    ("12 grand", "en", 12000), ("1,2 Mio. Euro", "de", 1.2e6), ("1,2 млн рублей", "ru", 1.2e6),
    ("2 mil dólares", "es", 2000),                            # Spanish "mil" is a thousand
    ("one point five liters", "en", 1.5), ("un virgule cinq litre", "fr", 1.5), ("eins komma fünf", "de", 1.5),
    ("uno coma cinco", "es", 1.5), ("一点五升", "zh", 1.5), ("二点五リットル", "ja", 2.5), ("một phẩy năm lít", "vi", 1.5),
    ("หนึ่งจุดห้าลิตร", "th", 1.5), ("일점오 리터", "ko", 1.5), ("삼점오", "ko", 3.5), ("2점5", "ko", 2.5),
    ("quatre-vingt-dix-neuf", "fr", 99), ("veintitrés", "es", 23), ("полтора литра", "ru", 1.5), ("ふたつ", "ja", 2),
])
def test_said_numbers(text: str, lang: str, value: float) -> None:
    assert value in values(text, lang)


@pytest.mark.parametrize(("text", "lang"), [("2 m of fabric", "en"), ("3 b", "en"), ("I'm here", "en")])
def test_m_and_b_multiply_only_beside_a_currency(text: str, lang: str) -> None:
    assert all(v < 1000 for v in values(text, lang))


@pytest.mark.parametrize(("text", "lang"), [
    ("I have thousands of dollars", "en"), ("miles de dólares", "es"), ("тысячи долларов", "ru"),
    ("수천 달러 있어요", "ko"), ("几千美元", "zh"), ("数千ドル", "ja"), ("hàng nghìn đô la", "vi"),
    ("several hundred dollars", "en"),
])
def test_a_vague_amount_is_asked_never_allowed(text: str, lang: str) -> None:
    assert values(text, lang) == [] or all(v < 10 for v in values(text, lang))
    assert Assistant("KR", use_llm=False).ask(text, lang).verdict == "unclear"


@pytest.mark.parametrize(("text", "lang"), [("이천 달러", "ko"), ("两千美元", "zh"), ("две тысячи долларов", "ru"),
                                            ("two thousand dollars", "en")])
def test_a_said_amount_is_still_read(text: str, lang: str) -> None:
    assert 2000 in values(text, lang)


def test_a_japanese_sho_bottle_is_one_point_eight_liters() -> None:
    """一升瓶 (1.8 L) read as a Chinese 升 (1 L): two bottles were 2 L, "allowed", where 3.6 L must be declared."""
    ans = Assistant("KR", use_llm=False).ask("日本酒の一升瓶を2本持っています", "ja")
    (item,) = ans.items
    assert (item.quantity, item.volume_ml) == (2, 3600) and ans.verdict == "declare"


@pytest.mark.parametrize(("text", "lang", "value"), [
    ("two and a half thousand dollars", "en", 2500), ("one and a half thousand euros", "en", 1500),
    ("a grand and a half", "en", 1500), ("1.5k dollars", "en", 1500), ("two and a half liters", "en", 2.5),
    ("two litres and a half of whisky", "en", 2.5), ("anderthalb tausend Euro", "de", 1500),
    ("zweieinhalbtausend Euro", "de", 2500), ("zweieinhalb Liter", "de", 2.5),
    ("две с половиной тысячи долларов", "ru", 2500), ("полторы тысячи долларов", "ru", 1500),
    ("mil quinientos dólares", "es", 1500), ("dos litros y medio", "es", 2.5), ("deux mille et demi", "fr", 2500),
    ("un litre et demi de vin", "fr", 1.5), ("한 천오백 달러", "ko", 1500), ("千五百ドル", "ja", 1500),
    ("一千五百美元", "zh", 1500), ("hai nghìn rưỡi đô", "vi", 2500), ("một lít rưỡi", "vi", 1.5),
    ("พันครึ่งดอลลาร์", "th", 1500), ("สองลิตรครึ่ง", "th", 2.5),
])
def test_and_a_half_is_one_number(text: str, lang: str, value: float) -> None:
    """"two and a half thousand" is 2,500 (it was read as 3 and 1,000): one number, never a smaller one."""
    assert values(text, lang) == [value]


@pytest.mark.parametrize(("text", "lang", "verdict"), [
    ("I have two and a half thousand dollars in cash", "en", "allowed"),
    ("two litres and a half of whisky", "en", "declare"),
    ("у меня двенадцать с половиной тысяч долларов наличными", "ru", "declare"),
    ("Ich habe zwölfeinhalbtausend Euro in bar", "de", "declare"),
])
def test_and_a_half_reaches_the_verdict(text: str, lang: str, verdict: str) -> None:
    assert Assistant("KR", use_llm=False).ask(text, lang).verdict == verdict
