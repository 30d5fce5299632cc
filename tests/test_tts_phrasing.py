"""What each synthesis call says (kiosk.tts.phrasing): no model is loaded, so these run in the fast lane."""

from __future__ import annotations

from kiosk.tts.phrasing import CLAUSE_SPLIT_CHARS, clauses, plan_phrases, plan_sentences


def test_piper_and_espeak_speak_sentence_by_sentence() -> None:
    long = "This is a long sentence, with commas, many of them, " * 4 + "the end."
    plan = plan_sentences("Hello there. " + long, "en")
    assert plan == [
        ("Hello there.", True),
        ("This is a long sentence, with commas, many of them, This is a long sentence, with commas, many of them,",
         False),
        ("This is a long sentence, with commas, many of them, This is a long sentence, with commas, many of them, "
         "the end.", True),
    ]
    assert all(len(text) <= CLAUSE_SPLIT_CHARS for text, _ in plan)
    assert plan_sentences("  ... ", "en") == []


def test_kokoro_starts_with_a_short_phrase() -> None:
    text = "Veuillez présenter votre passeport et votre déclaration. Merci et bon séjour en Corée."
    assert plan_phrases(text, "fr") == [("Veuillez", False),
                                        ("présenter votre passeport et votre déclaration.", True),
                                        ("Merci et bon séjour en Corée.", True)]
    # short sentences stay whole: a very short tail said on its own loses its intonation
    assert plan_phrases("Please wait here. Thank you.", "en") == [("Please wait here.", True), ("Thank you.", True)]


def test_long_clauses_join_as_the_language_writes() -> None:
    zh = "第一，" * 50
    assert clauses(zh, "zh") == ["第一，" * 40, "第一，" * 10]  # no spaces put into Chinese
    ko = ("가방을 열어 주세요, " * 12).strip()
    assert clauses(ko, "ko") == ["가방을 열어 주세요, " * 9 + "가방을 열어 주세요,", "가방을 열어 주세요, 가방을 열어 주세요,"]
