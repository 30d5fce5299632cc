"""The `kiosk` entry point: every subcommand is there and explains itself."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from signed_mirror import sign_mirror, write_public_key

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


# ---- every expected failure: one line on stderr, a documented exit status ---------------------------------
def _fails(argv: list[str], status: int, line: str, capsys: pytest.CaptureFixture[str]) -> str:
    """Run `kiosk argv`; it must exit with `status` and print exactly one stderr line starting `error: ` and
    containing `line` (no traceback)."""
    assert main(argv) == status, argv
    err = capsys.readouterr().err.strip().splitlines()
    errors = [e for e in err if not e.startswith(("WARNING", "INFO", "  "))]
    assert len(errors) == 1 and errors[0].startswith("error: "), err
    assert line in errors[0], errors[0]
    assert "Traceback" not in "\n".join(err)
    return errors[0]


def _root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


@pytest.fixture()
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A 64 KiB tmpfs: a real full disk (needs root to mount; else the test is skipped, saying why)."""
    mnt = tmp_path / "tiny"
    mnt.mkdir()
    if not _root() or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mnt)],
                                     capture_output=True).returncode != 0:
        pytest.skip("cannot mount a 64 KiB tmpfs here (needs root): the /dev/full cases cover a full disk")
    yield mnt
    subprocess.run(["umount", str(mnt)], check=False)


def test_cli_input_failures(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.wav"
    bad.write_text("not audio")
    empty = tmp_path / "empty.wav"
    empty.write_bytes(b"")
    _fails(["transcribe", str(tmp_path / "none.wav")], 2, "Audio file not found: none.wav", capsys)
    _fails(["transcribe", str(tmp_path)], 2, "is a directory, not an audio file", capsys)
    _fails(["transcribe", str(bad)], 2, "bad.wav is not a readable audio file", capsys)
    _fails(["transcribe", str(empty)], 2, "empty.wav is empty", capsys)
    _fails(["interpret", str(tmp_path)], 2, "is a directory, not an audio file", capsys)
    _fails(["interpret", str(tmp_path / "none.wav")], 2, "audio file not found", capsys)
    _fails(["translate", "Hi", "--from", "en", "--to", "xx"], 2, "unsupported language 'xx'", capsys)
    _fails(["say", "hi", "--lang", "xx-klingon", "-o", str(tmp_path / "x.wav")], 2, "unsupported language", capsys)
    _fails(["say", "  ", "--lang", "en", "-o", str(tmp_path / "x.wav")], 2, "nothing to say", capsys)
    _fails(["models", "verify", "no-such-model"], 2, "unknown model id(s): no-such-model", capsys)
    _fails(["models", "install", "--from", str(tmp_path / "nowhere")], 2, "mirror folder not found", capsys)
    if not _root():  # root reads anything: permission denied on input only exists for other users
        locked = tmp_path / "locked.wav"
        locked.write_bytes(bad.read_bytes())
        locked.chmod(0)
        _fails(["transcribe", str(locked)], 2, "locked.wav", capsys)


def test_cli_output_failures(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    say = ["say", "Welcome to Korea.", "--lang", "en", "-o"]
    _fails([*say, str(tmp_path)], 4, "it is a directory (give a file name", capsys)
    _fails([*say, str(tmp_path / "no" / "x.wav")], 4, "does not exist", capsys)
    _fails([*say, "/dev/full"], 4, "cannot write /dev/full: No space left on device", capsys)
    if _root():  # sysfs refuses new files even to root (read-only where /sys is mounted so)
        line = _fails([*say, "/sys/kiosk-test.wav"], 4, "cannot write /sys/kiosk-test.wav: ", capsys)
        assert line.endswith(("Permission denied", "Read-only file system")), line
    else:
        ro = tmp_path / "ro"
        ro.mkdir(mode=0o500)
        _fails([*say, str(ro / "x.wav")], 4, "permission denied", capsys)
    # translate/interpret -o: the translation is printed, the failed WAV is not a success
    assert main(["translate", "Please open your bag.", "--from", "en", "--to", "en", "-o", "/dev/full"]) == 4
    cap = capsys.readouterr()
    assert cap.out.strip() == "Please open your bag."
    assert "error: could not speak the translation: cannot write /dev/full: No space left on device" in cap.err


def test_cli_full_disk_leaves_no_half_file(tiny_disk: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tiny_disk / "long.wav"
    _fails(["say", "Welcome to Korea. " * 5, "--lang", "en", "-o", str(out)], 4,
           f"cannot write {out}: No space left on device", capsys)
    assert not out.exists()


def test_cli_models_install_on_a_full_disk_keeps_nothing_half_done(tiny_disk: Path, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    mirror = tmp_path / "mirror"
    (mirror / "pack-a").mkdir(parents=True)
    data = os.urandom(300_000)
    (mirror / "pack-a" / "model.bin").write_bytes(data)
    (mirror / "manifest.json").write_text(json.dumps({"version": 1, "models": [{
        "id": "pack-a", "kind": "mt", "languages": ["*"],
        "files": [{"path": "model.bin", "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}]}]}))
    sign_mirror(mirror)
    monkeypatch.setenv("KIOSK_KEYS_DIR", str(write_public_key(tmp_path / "keys")))
    monkeypatch.setenv("KIOSK_HOME", str(tiny_disk))
    _fails(["models", "install", "--from", str(mirror)], 4,
           "No space left on device); free space and run the install again", capsys)
    assert not (tiny_disk / "models" / "pack-a").exists()


def test_cli_kiosk_home_is_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    home = tmp_path / "home"
    home.write_text("")
    monkeypatch.setenv("KIOSK_HOME", str(home))
    for argv in (["models", "list"], ["models", "verify"], ["models", "install", "--from", str(tmp_path)]):
        _fails(argv, 4, f"the kiosk's model folder {home}", capsys)
    assert "a file is in the way" in (_fails(["models", "list"], 4, "Fix: set KIOSK_HOME to a writable folder",
                                             capsys))


@pytest.fixture()
def tables(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A rule-table folder of our own (the real rates.toml beside whatever kr.toml the test writes)."""
    import shutil

    from kiosk.rules import engine

    shutil.copy(engine.TABLES_DIR / "rates.toml", tmp_path / "rates.toml")
    monkeypatch.setattr(engine, "TABLES_DIR", tmp_path)
    for cached in (engine.load_table, engine.load_rates, engine.get_engine):
        cached.cache_clear()
    yield tmp_path
    monkeypatch.undo()
    for cached in (engine.load_table, engine.load_rates, engine.get_engine):
        cached.cache_clear()


def test_cli_invalid_rule_table(tables: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from kiosk.rules import engine

    real = (Path(engine.__file__).parent / "tables" / "kr.toml").read_text(encoding="utf-8")
    (tables / "kr.toml").write_text(real.replace('kind = "prohibited"', 'kind = "maybe"', 1), encoding="utf-8")
    _fails(["ask", "I have cocaine", "--no-llm"], 2, "the rule table for 'KR' is invalid", capsys)
    engine.load_table.cache_clear()
    (tables / "kr.toml").write_text("jurisdiction = 'KR\n", encoding="utf-8")
    _fails(["ask", "I have cocaine", "--no-llm"], 2, "the rule table for 'KR' is invalid (TOMLDecodeError)", capsys)


def test_unexpected_errors_are_one_line_internal_errors() -> None:
    from kiosk.cli import EXIT_CODES, as_kiosk_error
    from kiosk.errors import CODES

    assert set(EXIT_CODES) == set(CODES)  # every error code has its documented exit status
    err = as_kiosk_error(RuntimeError("boom\nwith a second line"))
    assert (err.code, str(err)) == ("internal", "internal error (RuntimeError); run with -v for the traceback")
    assert EXIT_CODES[err.code] == 70
    assert as_kiosk_error(OSError(28, "No space left on device", "/x")).code == "storage"
    assert as_kiosk_error(ModuleNotFoundError("no", name="piper")).code == "unavailable"


def test_app_cleans_crashed_session_files_before_the_window_in_every_mode(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A crashed run left a session folder; `kiosk app` (windowed too) removes it before any window exists."""
    import kiosk.ui.app as ui_app
    from kiosk.session import Session, leftover_session_dirs

    monkeypatch.setenv("KIOSK_SESSION_TMP", str(tmp_path))
    for mode in (["--windowed"], ["--fullscreen"], ["--windowed", "--officer"]):
        crashed = Session()
        crashed.temp_file(".wav").write_bytes(b"RIFF")  # the crash: never wiped
        assert leftover_session_dirs() == [crashed.tmp_dir]
        seen: list[list[Path]] = []

        def window(seen: list[list[Path]] = seen, **kwargs: object) -> int:
            seen.append(leftover_session_dirs())  # what is on disk when the window would open
            return 0

        monkeypatch.setattr(ui_app, "run_app", window)
        assert main(["app", *mode]) == 0
        assert seen == [[]], mode
    # the app also started the low-priority full integrity check of the models (stopped here: a test run)
    import threading

    from kiosk.registry import default_registry

    checks = [t for t in threading.enumerate() if t.name == "model-integrity"]
    assert checks and all(t.daemon for t in checks)
    default_registry().stop_background_verify()
    for t in checks:
        t.join(timeout=10)
        assert not t.is_alive()
