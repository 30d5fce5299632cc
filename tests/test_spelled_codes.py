"""Issue 20 item 0, one class: a code name spelled letter by letter ("m p 5", "p e - 4", "c.n 3", "x g 67") hides a
weapon or an explosive. Two or more letters standing alone are one word, never noise, in every language: a code the
kiosk does not know is asked about, never "allowed" (hypothesis, fixed seed, no model). Harmless letters stay."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from babel.numbers import list_currencies
from hypothesis import assume, given, seed, settings
from hypothesis import strategies as st

from kiosk.assistant import Assistant
from kiosk.assistant.parser import parse_question
from kiosk.languages import UI_LANGUAGES

_spec = importlib.util.spec_from_file_location("build_hostile", Path(__file__).parent / "data" / "build_hostile.py")
assert _spec is not None and _spec.loader is not None
B = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(B)

LETTERS = "abcdefghjkmnprstuvwxz"
STYLES = ("spaces", "hyphens", "dots", "letters_apart", "dotted_apart")


def spell(letters: str, digits: str, style: str) -> str:
    if style == "spaces":
        return " ".join(letters + digits)
    if style == "hyphens":
        return "-".join(letters) + " - " + digits
    if style == "dots":
        return ".".join(letters) + " " + digits
    if style == "letters_apart":
        return " ".join(letters) + " " + digits
    return ".".join(letters) + ". " + digits


@seed(20261207)
@settings(max_examples=300, deadline=None, database=None)
@given(letters=st.text(LETTERS, min_size=2, max_size=3), number=st.integers(1, 99), style=st.sampled_from(STYLES),
       lang=st.sampled_from(UI_LANGUAGES), carrier=st.integers(0, 9), amount=st.integers(0, 9),
       weight=st.integers(0, 9))
def test_a_spelled_code_is_never_allowed(rules_only: Assistant, letters: str, number: int, style: str, lang: str,
                                         carrier: int, amount: int, weight: int) -> None:
    # a currency code spelled out ("k r w 1": one won in cash) is money, rightly "allowed": not a hidden code
    assume(letters.upper() not in list_currencies())
    carriers, amounts, weights = B.CARRIERS[lang], B.AMOUNTS[lang], B.WEIGHTS[lang]
    text = carriers[carrier % len(carriers)].format(hz=spell(letters, str(number), style),
                                                    amt=amounts[amount % len(amounts)],
                                                    w=weights[weight % len(weights)])
    ans = rules_only.ask(text, lang=lang)
    assert ans.verdict != "allowed", (text, [(i.category, i.description) for i in ans.items])


@pytest.mark.parametrize(("text", "lang"), [
    ("三百ドルとm p 5を持っています", "ja"),
    ("máy tính xách tay và một ít p e - 4", "vi"),
    ("I have three hundred dollars and m p five", "en"),
    ("Ich habe 250 Euro und g.x 79 dabei", "de"),
    ("我有笔记本电脑和m u 1 1", "zh"),
    ("노트북이랑 b.b 72 있어요", "ko"),
    ("mon ordinateur et un peu de c.n 3", "fr"),
])
def test_the_code_is_asked_about(rules_only: Assistant, text: str, lang: str) -> None:
    assert parse_question(text, lang).unaccounted, text
    assert rules_only.ask(text, lang=lang).verdict == "unclear"


@pytest.mark.parametrize(("text", "lang"), [
    ("I have 300 u.s. dollars in cash", "en"),
    ("Tôi có 8.000 đô la tiền mặt.", "vi"),
    ("two 1 l bottles of wine, 50 dollars", "en"),
    ("y a mi madre un perfume de 40 dólares", "es"),
])
def test_harmless_letters_stay_accounted_for(text: str, lang: str) -> None:
    assert not parse_question(text, lang).unaccounted, text
