"""Shared test set-up. Tests use the real default models (installed by `pip install -e '.[models]'`)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from kiosk.assistant import Assistant

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Piper samples noise on every synthesis; tests synthesize their speech input, so make it reproducible
# (otherwise ~1 in 20 clips is heard differently by Whisper, e.g. "bag" -> "bed").
os.environ.setdefault("KIOSK_TTS_DETERMINISTIC", "1")

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"


def pytest_configure(config: pytest.Config) -> None:
    """KIOSK_TEST_DAYS_AHEAD=N runs the session with the system clock N days ahead (time-machine: `date.today()`,
    `datetime.now()`, `time.time()`), so a test or code path that assumes the day it runs fails
    (tests/test_clock.py runs the not-slow suite a year ahead this way)."""
    days = os.environ.get("KIOSK_TEST_DAYS_AHEAD", "").strip()
    if days:
        import datetime as dt

        import time_machine

        time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(days=int(days)), tick=True).start()


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """Where tests save files worth looking at (screenshots, synthesized audio): ./artifacts/."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(autouse=True)
def _fresh_settings(monkeypatch: pytest.MonkeyPatch):
    """Settings are read once per process; a test that changes KIOSK_* variables gets them re-read, before and
    after (monkeypatch.setenv re-reads through `reload_settings`)."""
    from kiosk.config import reload_settings

    real_setenv, real_delenv = monkeypatch.setenv, monkeypatch.delenv

    def setenv(name: str, value: str, prepend: str | None = None) -> None:
        real_setenv(name, value, prepend)
        reload_settings()

    def delenv(name: str, raising: bool = True) -> None:
        real_delenv(name, raising)
        reload_settings()

    monkeypatch.setattr(monkeypatch, "setenv", setenv)
    monkeypatch.setattr(monkeypatch, "delenv", delenv)
    reload_settings()
    yield
    monkeypatch.undo()
    reload_settings()


@pytest.fixture(autouse=True)
def _arrival_in_the_rates_week():
    """Answers depend on the arrival date (laws in force, whether this week's exchange rates are valid for a
    duty estimate). Tests run on a fixed day: the first day of the shipped reference rates (tests about other
    dates pass `arrival=` themselves), so they give the same answers next month."""
    from kiosk import clock
    from kiosk.rules import engine

    with clock.pinned(engine.load_rates().effective_date):
        yield


@pytest.fixture
def win(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """A kiosk window (no audio out) on the configured panel, offscreen, with this test's own session folder;
    speech stopped and the window shut down afterwards. The UI test modules share it."""
    from kiosk.pipeline import Pipeline
    from kiosk.ui.display import resolution
    from kiosk.ui.window import KioskWindow

    monkeypatch.setenv("KIOSK_SESSION_TMP", str(tmp_path))
    w = KioskWindow(Pipeline(play_audio=False))
    qtbot.addWidget(w)
    w.resize(*resolution())
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.stop_speech()
    w.shutdown()


@pytest.fixture()
def fresh_engine() -> Iterator[None]:
    """The rule engine's caches emptied before and after: a test that installs signed tables sees them."""
    from kiosk.rules import engine

    def clear() -> None:
        for cached in (engine._installed_tables, engine.load_table, engine.load_rates, engine.get_engine):
            cached.cache_clear()

    clear()
    yield
    clear()


@pytest.fixture(scope="module")
def rules_only() -> Assistant:
    """The assistant on the rules path alone (no LLM), one per test module."""
    from kiosk.assistant import Assistant

    return Assistant("KR", use_llm=False)
