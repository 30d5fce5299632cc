"""systemd units in packaging/: hardened (systemd-analyze security), the kiosk's watchdog wired to the app's
sd_notify pings, and the pings themselves over a real notify socket."""

from __future__ import annotations

import configparser
import re
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

from kiosk import sdnotify

PACKAGING = Path(__file__).resolve().parent.parent / "packaging"
UNITS = ["customs-kiosk.service", "kiosk-serve.service", "kiosk-llm.service", "customs-kiosk-rules-update.service"]


def unit(name: str) -> configparser.RawConfigParser:
    cfg = configparser.RawConfigParser(strict=False, interpolation=None)
    cfg.optionxform = str  # type: ignore[assignment,method-assign]
    cfg.read(PACKAGING / name, encoding="utf-8")
    return cfg


def test_kiosk_unit_has_watchdog_stop_timeout_and_sandbox() -> None:
    svc = unit("customs-kiosk.service")["Service"]
    assert (svc["Type"], svc["NotifyAccess"], svc["WatchdogSec"], svc["TimeoutStopSec"]) == ("notify", "all", "60", "10")
    assert svc["ProtectSystem"] == "strict" and svc["CapabilityBoundingSet"] == ""
    assert "MemoryMax" in svc and "RestrictAddressFamilies" in svc and "SystemCallFilter" in svc


def test_rules_timer_runs_the_idempotent_install() -> None:
    svc = unit("customs-kiosk-rules-update.service")["Service"]
    assert "kiosk rules install --from ${KIOSK_RULES_MIRROR}" in svc["ExecStart"] and svc["Type"] == "oneshot"
    timer = unit("customs-kiosk-rules-update.timer")["Timer"]
    assert timer["OnUnitActiveSec"] == "15min" and timer["RandomizedDelaySec"]


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="no systemd-analyze")
@pytest.mark.parametrize("name", UNITS)
def test_units_are_rated_ok_by_systemd_analyze_security(name: str) -> None:
    out = subprocess.run(["systemd-analyze", "security", "--offline=true", str(PACKAGING / name)],
                         capture_output=True, text=True, timeout=60)
    level = re.search(r"Overall exposure level for \S+: ([\d.]+) (\w+)", out.stdout)
    assert level, out.stdout[-500:] + out.stderr[-500:]
    assert float(level.group(1)) <= 2.5 and level.group(2) == "OK", level.group(0)


def test_sd_notify_reaches_the_socket(monkeypatch: pytest.MonkeyPatch) -> None:
    # a short directory of its own: an AF_UNIX path may not pass 107 bytes, and pytest's tmp_path can (nested runs)
    short = Path(tempfile.mkdtemp(prefix="sdn", dir="/tmp"))
    path = short / "notify.sock"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as srv:
        srv.bind(str(path))
        srv.settimeout(5)
        monkeypatch.setenv("NOTIFY_SOCKET", str(path))
        monkeypatch.setenv("WATCHDOG_USEC", "60000000")
        assert sdnotify.notify("READY=1") and srv.recv(64) == b"READY=1"
        assert sdnotify.notify("WATCHDOG=1") and srv.recv(64) == b"WATCHDOG=1"
        assert sdnotify.watchdog_interval_s() == 20.0
    monkeypatch.delenv("NOTIFY_SOCKET")
    monkeypatch.delenv("WATCHDOG_USEC")
    assert not sdnotify.notify("READY=1") and sdnotify.watchdog_interval_s() is None
    shutil.rmtree(short, ignore_errors=True)
