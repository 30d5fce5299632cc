"""The kiosk's clock: one injectable day for every dated answer, stale exchange rates told to staff, and the
not-slow suite run with the system clock a year ahead (no test may depend on the day it runs)."""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
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


def test_rules_status_cli_says_rates_are_stale_a_year_on(capsys: pytest.CaptureFixture[str]) -> None:
    """`kiosk rules status` as staff run it, a year past the shipped rates."""
    from kiosk.cli import main

    rates = load_rates()
    with clock.pinned(rates.valid_until + dt.timedelta(days=365)):
        assert main(["rules", "status"]) == 1
    out = capsys.readouterr().out
    assert f"expired on {rates.valid_until.isoformat()}" in out and "duty estimates unavailable" in out


@pytest.mark.slow
def test_not_slow_suite_passes_a_year_ahead(tmp_path: Path) -> None:
    """The whole not-slow suite in a child pytest whose system clock runs 365 days ahead (KIOSK_TEST_DAYS_AHEAD,
    tests/conftest.py, time-machine). A test or a code path that assumes today's date fails here."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", KIOSK_TEST_DAYS_AHEAD="365")
    out = subprocess.run([sys.executable, "-m", "pytest", "-q", "-m", "not slow", "-p", "no:cacheprovider",
                          "--basetemp", str(tmp_path / "t"), "tests"],
                         capture_output=True, text=True, timeout=3000, cwd=ROOT, env=env)
    assert out.returncode == 0, out.stdout[-6000:] + out.stderr[-3000:]
    assert " passed" in out.stdout


def test_days_ahead_moves_the_system_clock() -> None:
    """What the year-ahead run relies on: KIOSK_TEST_DAYS_AHEAD moves date.today() in the child pytest."""
    child = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-s",
                            str(Path(__file__).with_name("clock_probe.py"))],
                           capture_output=True, text=True, timeout=300, cwd=ROOT,
                           env=dict(os.environ, KIOSK_TEST_DAYS_AHEAD="365"))
    assert child.returncode == 0, child.stdout[-3000:]
    seen = re.search(r"TODAY=(\d{4}-\d{2}-\d{2})", child.stdout)
    assert seen, child.stdout[-2000:]
    real = dt.date.today() - dt.timedelta(days=int(os.environ.get("KIOSK_TEST_DAYS_AHEAD") or 0))
    assert 364 <= (dt.date.fromisoformat(seen.group(1)) - real).days <= 366
