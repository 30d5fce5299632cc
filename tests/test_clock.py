"""The kiosk's clock: one injectable day for every dated answer, stale exchange rates told to staff, and the
not-slow suite run with the system clock a year ahead (no test may depend on the day it runs)."""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk import clock
from kiosk.metrics import default_metrics
from kiosk.rules.engine import get_engine, load_rates
from kiosk.rules.model import Item
from kiosk.rules.party import evaluate_party
from kiosk.updates.rates import announce_rates, rates_status, rates_valid

ROOT = Path(__file__).resolve().parent.parent


def test_pinned_day_nests_and_restores() -> None:
    outer = clock.today()  # conftest pins every test to the shipped rates' first day
    assert outer == load_rates().effective_date
    with clock.pinned(dt.date(2031, 1, 2)):
        assert clock.today() == dt.date(2031, 1, 2)
        with clock.pinned(lambda: dt.date(2040, 5, 6)):
            assert clock.today() == dt.date(2040, 5, 6)
        assert clock.today() == dt.date(2031, 1, 2)
    assert clock.today() == outer
    assert clock.now().tzinfo is not None


def test_every_dated_path_reads_the_one_clock() -> None:
    """The engine, a family's evaluation and the rates check all take the day from kiosk.clock (a family's once
    read the system date: the duty estimate vanished when the shipped rates expired)."""
    rates = load_rates()
    eng = get_engine("KR")
    handbag = Item("general", "handbag", value=1200, currency="USD")
    inside = rates.effective_date + dt.timedelta(days=1)
    after = rates.valid_until + dt.timedelta(days=400)
    with clock.pinned(inside):
        assert rates_valid(rates)
        assert eng.evaluate([handbag]).estimated_duty is not None
        assert evaluate_party(eng, [handbag], {}).combined.estimated_duty is not None
    with clock.pinned(after):
        assert not rates_valid(rates) and rates_status(rates) == f"expired on {rates.valid_until.isoformat()}"
        assert eng.evaluate([handbag]).estimated_duty is None
        assert evaluate_party(eng, [handbag], {}).combined.estimated_duty is None


def _sample(name: str) -> float:
    """One unlabelled sample of the kiosk's metrics as Prometheus scrapes them."""
    from prometheus_client.parser import text_string_to_metric_families

    for fam in text_string_to_metric_families(default_metrics().render().decode()):
        for sample in fam.samples:
            if sample.name == name:
                return float(sample.value)
    raise AssertionError(f"{name} not exported")


def test_stale_rates_are_told_to_staff(caplog: pytest.LogCaptureFixture) -> None:
    rates = load_rates()
    stale = rates.valid_until + dt.timedelta(days=365)
    with caplog.at_level(logging.INFO, logger="kiosk.updates.rates"):
        assert announce_rates(stale) is False
    warning = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert warning and f"expired on {rates.valid_until.isoformat()}" in warning[0].getMessage()
    assert "no duty estimates" in warning[0].getMessage()
    end = dt.datetime.combine(rates.valid_until + dt.timedelta(days=1), dt.time(), dt.UTC).timestamp()
    assert _sample("kiosk_rates_valid_until_timestamp_seconds") == end
    with clock.pinned(stale):
        assert _sample("kiosk_rates_valid") == 0.0
    assert _sample("kiosk_rates_valid") == 1.0  # the pinned reference week
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="kiosk.updates.rates"):
        assert announce_rates(rates.effective_date) is True
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


def test_rules_status_cli_says_rates_are_stale_a_year_on() -> None:
    """`kiosk rules status` as staff run it, with the system clock a year past the shipped rates (faketime)."""
    faketime = shutil.which("faketime")
    assert faketime, "faketime is installed by `bash packaging/setup.sh test` (Debian package faketime)"
    rates = load_rates()
    day = rates.valid_until + dt.timedelta(days=365)
    out = subprocess.run([faketime, "-f", f"@{day.isoformat()} 12:00:00", sys.executable, "-m", "kiosk", "rules",
                          "status"],
                         capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert out.returncode == 1, out.stdout + out.stderr
    assert f"expired on {rates.valid_until.isoformat()}" in out.stdout
    assert "duty estimates unavailable" in out.stdout


@pytest.mark.slow
def test_not_slow_suite_passes_a_year_ahead(tmp_path: Path) -> None:
    """The whole not-slow suite, in a child process whose system clock (and its children's: CLI subprocesses,
    servers) runs 365 days ahead via libfaketime. A test or a code path that assumes today's date fails here."""
    faketime = shutil.which("faketime")
    assert faketime, "faketime is installed by `bash packaging/setup.sh test` (Debian package faketime)"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", FAKETIME_DONT_FAKE_MONOTONIC="1")
    out = subprocess.run([faketime, "-f", "+365d", sys.executable, "-m", "pytest", "-q", "-m", "not slow",
                          "-p", "no:cacheprovider", "-x", "--basetemp", str(tmp_path / "t"), "tests"],
                         capture_output=True, text=True, timeout=1800, cwd=ROOT, env=env)
    assert out.returncode == 0, out.stdout[-6000:] + out.stderr[-3000:]
    assert " passed" in out.stdout
