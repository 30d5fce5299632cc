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
