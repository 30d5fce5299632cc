"""`kiosk ask` contract: one JSON object per question, --batch with models loaded once, real GGUF model."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.cli import main

KEYS = {"language", "verdict", "answer", "items", "rules", "estimated_duty_krw", "basket", "question", "confirm",
        "engine", "llm"}


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
    for path in ("../kiosk/rules/tables/kr", "/tmp/evil.toml", "kr.toml"):  # ids of installed tables only
        rc, out, err = run(capsys, "ask", "I have cannabis", "--jurisdiction", path, "--json")
        assert rc == 2 and out == "" and "no rule table" in err
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
    assert [o.get("verdict") for o in objs[:4]] == ["unclear", "declare", "allowed", "restricted"]
    assert [o.get("language") for o in objs[:4]] == ["zh", "fr", "en", "es"]
    assert all(set(o) == KEYS | {"line"} for o in objs[:4]) and "error" in objs[4]
    assert [o["line"] for o in objs] == [1, 2, 3, 4, 6]  # blank line 5 skipped, numbers kept
    rc, _, err = run(capsys, "ask", "--batch", str(tmp_path / "missing.jsonl"), "--json")
    assert rc == 2 and "cannot read" in err


def test_ask_subprocess_entry_point() -> None:
    proc = subprocess.run([sys.executable, "-m", "kiosk", "ask", "I have 15,000 dollars cash", "--json", "--no-llm"],
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["verdict"] == "declare"


def test_ask_batch_sessions(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = [
        {"session": "a", "text": "I bought a jacket for 500 dollars.", "lang": "en"},
        {"session": "b", "text": "위스키가 있어요.", "lang": "ko"},
        {"session": "a", "text": "I also bought shoes for 400 dollars.", "lang": "en"},
        {"session": "b", "text": "1리터짜리 두 병이고, 합쳐서 150달러예요."},
        {"text": "I also bought shoes for 400 dollars.", "lang": "en"},
    ]
    src = tmp_path / "in.jsonl"
    body = "\n".join(json.dumps(x, ensure_ascii=False) for x in lines).encode("utf-8")
    src.write_bytes(b"\xef\xbb\xbf" + body + b"\n{\"text\": \"\xff\xfe bad\"}\n" + b"[" * 5000 + b"\n")
    rc, out, _ = run(capsys, "ask", "--batch", str(src), "--json", "--no-llm")
    objs = [json.loads(line) for line in out.splitlines()]
    assert rc == 1 and [o["line"] for o in objs] == [1, 2, 3, 4, 5, 6, 7]
    assert [o.get("verdict") for o in objs[:5]] == ["allowed", "unclear", "declare", "allowed", "allowed"]
    assert len(objs[2]["basket"]) == 2 and objs[2]["session"] == "a"  # the session's whole basket
    assert objs[1]["question"] and objs[3]["question"] is None
    assert "error" in objs[5] and "error" in objs[6]  # bad UTF-8, nesting: the others are still answered
    utf16 = tmp_path / "u16.jsonl"
    utf16.write_text(json.dumps({"text": "I have 15,000 dollars cash"}) + "\n", encoding="utf-16")
    rc, out, _ = run(capsys, "ask", "--batch", str(utf16), "--json", "--no-llm")
    assert rc == 0 and json.loads(out)["verdict"] == "declare"


def test_chat_in_the_terminal() -> None:
    turns = "I have whisky.\nTwo bottles of one litre, 150 dollars in total.\n/basket\n/remove i1\n/quit\n"
    proc = subprocess.run([sys.executable, "-m", "kiosk", "chat", "--no-llm", "--lang", "en"], input=turns,
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout.splitlines()
    assert out[0].startswith("[unclear]") and "Please tell me" in out[0]
    assert any(line.startswith("[allowed]") for line in out)
    assert any("i1  whisky [alcohol]" in line and "-> allowed" in line for line in out)
    assert any(line.startswith("[unclear] Removed from your list: whisky.") for line in out)
