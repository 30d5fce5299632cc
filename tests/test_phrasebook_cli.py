"""`kiosk phrases list|match|say|lint|export` from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import soundfile as sf

from kiosk.cli import main


def test_lint_is_clean_and_prints_the_coverage_table(capsys: pytest.CaptureFixture[str]):
    assert main(["phrases", "lint", "--markdown"]) == 0
    cap = capsys.readouterr()
    assert cap.out.splitlines()[0].startswith("| language | officer (212) | traveler (84)")
    assert "| ko Korean (한국어) | 212 | 84 | 33 | 0 | 329 |" in cap.out
    assert cap.err.strip() == "42 languages, 296 phrases, 33 item/place names: 0 problem(s)"


def test_match_prints_phrase_slots_and_rendering(capsys: pytest.CaptureFixture[str]):
    assert main(["phrases", "match", "세금은 12만 원입니다", "--to", "en", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["confident"] is True and data["best"]["id"] == "dut06"
    assert data["best"]["slots"] == {"money": {"amount": "120000", "currency": "KRW"}}
    assert data["rendered"] == "The duty is ₩120,000."
    assert main(["phrases", "match", "저기 그 뭐냐 아까 말한 거"]) == 1
    assert "not confident: choose one of the phrases above" in capsys.readouterr().err


def test_list_one_category(capsys: pytest.CaptureFixture[str]):
    assert main(["phrases", "list", "--lang", "th", "--category", "cash", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 21 and rows[0]["id"] == "csh01" and rows[0]["th"] == "คุณพกเงินสดมาเท่าไร"
    assert main(["phrases", "list", "--category", "weather"]) == 2


def test_say_bad_input_is_a_clear_message(capsys: pytest.CaptureFixture[str]):
    assert main(["phrases", "say", "dut06", "--lang", "en"]) == 2
    assert "no value for slot {money}" in capsys.readouterr().err
    assert main(["phrases", "say", "dut06", "--lang", "en", "--money", "lots"]) == 2
    assert "--money must look like '800 USD'" in capsys.readouterr().err
    assert main(["phrases", "say", "zzz99", "--lang", "en"]) == 2
    assert "unknown phrase id 'zzz99'" in capsys.readouterr().err


@pytest.mark.slow
def test_say_renders_and_speaks(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    out = tmp_path / "dut04.wav"
    assert main(["phrases", "say", "dut04", "--lang", "en", "--money", "800 USD", "-o", str(out)]) == 0
    assert capsys.readouterr().out.strip() == "The duty-free allowance is $800 per person."
    audio, rate = sf.read(out)
    assert rate > 8000 and len(audio) > rate  # more than a second of speech


def test_export_gives_a_translator_sheet(capsys: pytest.CaptureFixture[str]):
    assert main(["phrases", "export", "--lang", "sw"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "id\tko\ten\ttext\treview" and len(lines) == 1 + 296 + 33
