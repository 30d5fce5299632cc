"""Issue 20's honest evaluation set (tests/data/real/*.jsonl, loaded by benchmarks/realset.py; written from travelers'
posts and official pages before any tuning): its shape, and the safety invariant on all of it - never a wrong
"allowed", held-out part included. Accuracy figures are reported by benchmarks/bench_real.py, not asserted here
beyond the tuned part (the held-out part is never tuned on)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from kiosk.assistant import Assistant
from kiosk.languages import UI_LANGUAGES

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import bench_real  # noqa: E402
import realset  # noqa: E402


@pytest.fixture(scope="module")
def results() -> tuple[list[dict], list[dict]]:
    assistant = Assistant("KR", use_llm=False)
    return bench_real.run_questions(assistant), bench_real.run_conversations(assistant)


def test_the_set_is_large_sourced_and_has_a_held_out_part() -> None:
    qs = realset.load("questions")
    cs = realset.load("conversations")
    assert len(qs) >= 300 and len(cs) >= 40
    assert {q["lang"] for q in qs} == {c["lang"] for c in cs} == set(UI_LANGUAGES)
    assert all(q["source"] == "written" or q["source"].startswith("http") for q in qs + cs)
    assert sum(q["source"] != "written" for q in qs) >= len(qs) // 3  # 126 of 309 name a page
    assert sum(q["style"] == "asr" for q in qs) >= 30
    for rows in (qs, cs):
        assert 0.25 <= sum(r["split"] == "heldout" for r in rows) / len(rows) <= 0.35


def test_never_a_wrong_allowed(results: tuple[list[dict], list[dict]]) -> None:
    qs, cs = results
    wrong = [r["id"] for r in qs + cs if r["wrong_allowed"]]
    assert wrong == []


def test_tuned_part_stays_above_nine_in_ten(results: tuple[list[dict], list[dict]]) -> None:
    qs, cs = results
    tuned = [r for r in qs + cs if r["split"] == "tuned"]
    assert sum(r["ok"] for r in tuned) / len(tuned) >= 0.9


def test_the_fresh_outside_batch_is_sourced_split_and_never_a_wrong_allowed() -> None:
    """j20b's fresh batch (frozen before the kiosk ran on it): 10 languages, every case with a source and its
    LAW-KR rule, 30 % held out; never a wrong "allowed" on any part of it."""
    qs, cs = realset.load("fresh_questions"), realset.load("fresh_conversations")
    assert len(qs) >= 80 and len(cs) >= 8
    assert {q["lang"] for q in qs} == set(UI_LANGUAGES)
    assert all(r["source"] == "written" or r["source"].startswith("http") for r in qs + cs)
    assert all(q["rule"] for q in qs) and all(t["rule"] for c in cs for t in c["turns"])
    assert all(q["style"] == "asr" and not any(ch in q["text"] for ch in ".,?!") for q in qs)
    assert 0.25 <= sum(q["split"] == "heldout" for q in qs) / len(qs) <= 0.35
    assistant = Assistant("KR", use_llm=False)
    results = bench_real.run_questions(assistant, qs) + bench_real.run_conversations(assistant, cs)
    assert [r["id"] for r in results if r["wrong_allowed"]] == []


def test_outside_batch_4_is_sourced_all_held_out_and_never_a_wrong_allowed() -> None:
    """l20's outside batch 4 (frozen before the kiosk ran on it): 10 languages, every case with a source and its
    LAW-KR rule, speech-recognition style, all held out; never a wrong "allowed" on it."""
    qs, cs = realset.load("batch4_questions"), realset.load("batch4_conversations")
    assert len(qs) >= 60 and len(cs) >= 8
    assert {q["lang"] for q in qs} == {c["lang"] for c in cs} == set(UI_LANGUAGES)
    assert all(r["source"] == "written" or r["source"].startswith("http") for r in qs + cs)
    assert all(q["rule"] for q in qs) and all(t["rule"] for c in cs for t in c["turns"])
    assert all(q["style"].startswith("asr") and not any(ch in q["text"] for ch in ".,?!") for q in qs)
    assert all(r["split"] == "heldout" for r in qs + cs)
    assistant = Assistant("KR", use_llm=False)
    results = bench_real.run_questions(assistant, qs) + bench_real.run_conversations(assistant, cs)
    assert [r["id"] for r in results if r["wrong_allowed"]] == []


def test_outside_batch_5_is_sourced_and_all_held_out() -> None:
    """l20b's outside batch 5 (frozen before the kiosk ran on it): 10 languages, every case with a source and its
    LAW-KR rule, speech-recognition style, all held out; never a wrong "allowed" on it."""
    qs, cs = realset.load("batch5_questions"), realset.load("batch5_conversations")
    assert len(qs) >= 50 and len(cs) >= 6
    assert {q["lang"] for q in qs} == set(UI_LANGUAGES)
    assert all(r["source"] == "written" or r["source"].startswith("http") for r in qs + cs)
    assert all(q["rule"] for q in qs) and all(t["rule"] for c in cs for t in c["turns"])
    assert all(q["style"].startswith("asr") and not any(ch in q["text"] for ch in ".,?!") for q in qs)
    assert all(r["split"] == "heldout" for r in qs + cs)


def test_outside_batch_5_never_a_wrong_allowed() -> None:
    # its one wrong 'allowed' (a second cologne "y otra de cincuenta" not added) was fixed as a class by l20c
    # (assistant/another.py and the dropped-number net): batch 5 is no longer independent for that case
    qs, cs = realset.load("batch5_questions"), realset.load("batch5_conversations")
    assistant = Assistant("KR", use_llm=False)
    results = bench_real.run_questions(assistant, qs) + bench_real.run_conversations(assistant, cs)
    assert [r["id"] for r in results if r["wrong_allowed"]] == []
