"""`kiosk ask` contract: one JSON object per question, --batch with models loaded once, real GGUF model."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.cli import main

KEYS = {"language", "verdict", "answer", "items", "rules", "estimated_duty_krw"}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    rc = main(list(argv))
    out = capsys.readouterr()
    return rc, out.out, out.err


@pytest.mark.slow
def test_ask_json_real_model(capsys: pytest.CaptureFixture[str]) -> None:
    rc, out, _ = run(capsys, "ask", "I bought a handbag for 1,200 euros in Paris", "--json")
    assert rc == 0
    obj = json.loads(out)
    assert set(obj) == KEYS
    assert obj["verdict"] == "declare" and obj["language"] == "en"
    assert obj["items"][0]["value_usd"] == pytest.approx(1290.32, abs=0.01)
    # a question the lexicon cannot read goes through the real GGUF model and is never "allowed"
    rc, out, _ = run(capsys, "ask", "Tengo una Beretta en la maleta", "--lang", "es", "--json")
    obj = json.loads(out)
    assert rc == 0 and set(obj) == KEYS and obj["language"] == "es" and obj["verdict"] != "allowed"


def test_ask_text_output_and_options(capsys: pytest.CaptureFixture[str]) -> None:
    rc, out, _ = run(capsys, "ask", "위스키 세 병 가지고 왔어요", "--no-llm")
    assert rc == 0 and out.startswith("[declare]") and "세관 직원의 판단이 최종입니다" in out
    rc, out, _ = run(capsys, "ask", "Four bottles of whisky", "--jurisdiction", "JP", "--no-llm", "--json")
    assert json.loads(out)["rules"][0]["id"] == "jp.alcohol"
    rc, _, err = run(capsys, "ask", "hi", "--jurisdiction", "XX", "--json")
    assert rc == 2 and "XX" in err
    rc, _, err = run(capsys, "ask", "--json")
    assert rc == 2


def test_ask_batch(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = [
        {"text": "我带了三瓶酒。"},
        {"text": "J'ai 12 000 euros en espèces.", "lang": "fr"},
        {"text": "Only my own clothes and my laptop.", "lang": "en"},
        {"text": "¿Puedo traer jamón ibérico?", "lang": "es"},
    ]
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n\nnot json\n", encoding="utf-8")
    rc, out, _ = run(capsys, "ask", "--batch", str(src), "--json", "--no-llm")
    objs = [json.loads(line) for line in out.splitlines()]
    assert rc == 1  # one bad line reported, the rest answered
    assert [o.get("verdict") for o in objs[:4]] == ["declare", "declare", "allowed", "restricted"]
    assert [o.get("language") for o in objs[:4]] == ["zh", "fr", "en", "es"]
    assert all(set(o) == KEYS for o in objs[:4]) and "error" in objs[4]
    rc, _, err = run(capsys, "ask", "--batch", str(tmp_path / "missing.jsonl"), "--json")
    assert rc == 2 and "cannot read" in err


def test_ask_subprocess_entry_point() -> None:
    proc = subprocess.run([sys.executable, "-m", "kiosk", "ask", "I have 15,000 dollars cash", "--json", "--no-llm"],
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["verdict"] == "declare"
