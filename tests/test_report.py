"""`kiosk report`: per-language figures from the real evaluation sets, as Markdown, JSON and PNG."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from kiosk.assistant import Assistant
from kiosk.cli import main
from kiosk.report import error_rate, run_speech
from kiosk.report.evalsets import QUESTIONS, SPEECH


def test_report_on_the_question_set(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "-o", str(tmp_path), "--no-speech"]) == 0
    data = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    (qs,) = data["sets"]
    questions = [json.loads(x) for x in QUESTIONS.read_text(encoding="utf-8").splitlines() if x.strip()]
    assert qs["name"] == "questions" and qs["n"] == len(questions)
    per_lang = Counter(q["lang"] for q in questions)
    assert {r["language"]: r["n"] for r in qs["rows"]} == dict(per_lang)
    # the report's accuracy is exactly what the assistant gives, language by language
    assistant = Assistant(use_llm=False)
    hits = Counter(q["lang"] for q in questions if assistant.ask(q["text"], q["lang"]).verdict == q["expected_verdict"])
    for r in qs["rows"]:
        assert r["score"] == pytest.approx(hits[r["language"]] / r["n"])
        assert r["p50_ms"] <= r["p95_ms"]
    md = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "| language | n | accuracy | p50 ms | p95 ms | llm_share |" in md
    assert f"| ko | {per_lang['ko']} |" in md
    png = (tmp_path / "report.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 10_000
    assert "questions: accuracy overall" in capsys.readouterr().out


@pytest.fixture(scope="module")
def jfk_manifest(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The JFK recording alone (tests/data/speech holds 22 recordings in 8 languages)."""
    line = next(x for x in SPEECH.read_text(encoding="utf-8").splitlines() if '"en_jfk.wav"' in x)
    entry = json.loads(line)
    entry["file"] = str(SPEECH.parent / entry["file"])
    path = tmp_path_factory.mktemp("speech") / "manifest.jsonl"
    path.write_text(json.dumps(entry) + "\n", encoding="utf-8")
    return path


@pytest.mark.slow
def test_speech_set_on_real_recordings(jfk_manifest: Path) -> None:
    r = run_speech(jfk_manifest)
    assert r.n == 1 and [row.language for row in r.rows] == ["en"]
    assert r.rows[0].score == 0.0  # whisper-base transcribes JFK exactly (punctuation and case aside)
    assert r.rows[0].extra["language_id_ok"] == 1.0 and r.rows[0].extra["not_confident"] == 0.0
    assert r.rows[0].extra["rtf"] > 0  # speed is a benchmark's to measure (2-core load makes it > 1), not a test's


def test_error_rates() -> None:
    assert error_rate("I have two bottles.", "i have 2 bottles", "en") == 0.25
    assert error_rate("Ask not, what!", "ask not what", "en") == 0.0
    assert error_rate("你好世界", "你好世", "zh") == 0.25
    assert error_rate("술 두 병", "술두병", "ko") == 0.0  # Korean by character: spacing is not an error
    assert error_rate("", "", "en") == 0.0 and error_rate("", "noise", "en") == 1.0


def test_missing_sets_are_clear_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "-o", str(tmp_path), "--questions", str(tmp_path / "none.jsonl"), "--no-speech"]) == 2
    assert "no evaluation set found" in capsys.readouterr().err
    assert main(["report", "-o", str(tmp_path), "--speech", str(tmp_path / "none.jsonl")]) == 2
    assert "no speech manifest" in capsys.readouterr().err


@pytest.mark.slow
def test_speech_set_behind_a_dead_server_reports_the_fallback(monkeypatch: pytest.MonkeyPatch,
                                                              jfk_manifest: Path) -> None:
    from remote_servers import free_port

    monkeypatch.setenv("KIOSK_ASR_URI", f"tcp://127.0.0.1:{free_port()}")
    r = run_speech(jfk_manifest, remote=True)
    (row,) = r.rows
    assert row.score == 0.0 and row.extra["local_fallback"] == 1.0
    assert "behind the remote ASR server" in r.notes[0]
