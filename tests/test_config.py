"""One config: every setting has one environment variable, documented in the README and kiosk.env.example."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from kiosk.config import PROJECT_ROOT, ConfigError, documentation, env_var, reload_settings, settings

ROOT = Path(__file__).resolve().parent.parent


def test_every_variable_is_documented_in_readme_and_env_example() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = (ROOT / "packaging" / "kiosk.env.example").read_text(encoding="utf-8")
    for var, _default, doc in documentation():
        assert f"`{var}`" in readme, f"{var} missing from README's settings table"
        assert re.search(rf"^#?{var}=", example, re.M), f"{var} missing from packaging/kiosk.env.example"
        assert doc, f"{var} has no description"


def test_no_module_reads_kiosk_variables_itself() -> None:
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "kiosk").rglob("*.py")
                 if p.name != "config.py" and re.search(r"environ(\.get)?\(?\[?[\"']KIOSK_", p.read_text("utf-8"))]
    assert offenders == []


def test_environment_overrides_and_defaults(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert settings().asr_model == "whisper-base" and settings().llm_model == "qwen2.5-0.5b"
    assert settings().models_dir == PROJECT_ROOT / "models"
    monkeypatch.setenv(env_var("llm_threads"), "1")
    monkeypatch.setenv("KIOSK_HOME", str(tmp_path))
    monkeypatch.setenv("KIOSK_USE_LLM", "0")
    s = settings()
    assert s.llm_threads == 1 and s.home == tmp_path and s.use_llm is False


def test_invalid_value_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(os.environ, "KIOSK_LLM_THREADS", "0")
    with pytest.raises(ConfigError, match="KIOSK_LLM_THREADS: Input should be greater than or equal to 1") as exc:
        reload_settings()
    assert exc.value.code == "bad_input" and "kiosk config" in exc.value.fix


def test_readme_table_and_env_example_are_generated(capsys: pytest.CaptureFixture[str]) -> None:
    from kiosk.cli import main

    assert main(["config", "--markdown"]) == 0
    table = capsys.readouterr().out
    assert table in (ROOT / "README.md").read_text(encoding="utf-8"), "README table: run `kiosk config --markdown`"
    assert main(["config", "--env-example"]) == 0
    assert capsys.readouterr().out == (ROOT / "packaging" / "kiosk.env.example").read_text(encoding="utf-8")
