"""The `kiosk` entry point: every subcommand is there and explains itself."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.cli import build_parser, main

SUBCOMMANDS = ["models", "transcribe", "say", "ask", "translate", "interpret", "app"]


def test_help_lists_every_subcommand() -> None:
    text = build_parser().format_help()
    for name in SUBCOMMANDS:
        assert name in text, f"`kiosk --help` does not mention {name}"


@pytest.mark.parametrize("name", SUBCOMMANDS)
def test_each_subcommand_has_help(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main([name, "--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: kiosk " + name)
    assert len(out.splitlines()) >= 3


def test_python_dash_m_kiosk_works() -> None:
    res = subprocess.run([sys.executable, "-m", "kiosk", "--help"], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0
    assert "usage: kiosk" in res.stdout


def test_models_list_reports_every_default_model(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["models", "list"]) == 0
    out = capsys.readouterr().out
    for mid in ["whisper-base", "piper-en_US-joe-medium", "kokoro-82m", "smollm2-135m", "qwen2.5-0.5b"]:
        assert mid in out
        assert "ok" in next(line for line in out.splitlines() if line.startswith(mid))


@pytest.mark.slow
def test_translate_speaks_only_trustworthy_translations(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    import soundfile as sf

    out = tmp_path / "same.wav"
    assert main(["translate", "Please open your bag.", "--from", "en", "--to", "en", "-o", str(out), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["engine"] == "identity" and data["audio"] == str(out)
    audio, rate = sf.read(out)
    assert rate > 8000 and len(audio) > rate  # over a second of speech

    flagged = tmp_path / "flagged.wav"
    # the fallback LLM is not trusted into Korean: the result is flagged, so nothing is spoken
    assert main(["translate", "Please open your bag.", "--from", "en", "--to", "ko", "-o", str(flagged),
                 "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["flagged"] and data["audio"] is None and not flagged.exists()
