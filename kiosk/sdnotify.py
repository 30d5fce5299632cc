"""systemd's notify protocol (sd_notify(3)) without libsystemd: READY=1, WATCHDOG=1, STOPPING=1, STATUS=...

The kiosk unit runs `Type=notify`, `NotifyAccess=all` (the app is a child of cage) and `WatchdogSec=60`: the
app says READY=1 once its window is up and WATCHDOG=1 every third of WatchdogSec from a timer on the Qt main
thread, so a hung UI stops the pings and systemd kills and restarts the kiosk. Outside systemd (no
$NOTIFY_SOCKET) every call is a no-op.
"""

from __future__ import annotations

import os
import socket


def notify(state: str) -> bool:
    """Send one state line to systemd; False when not run by systemd (or the socket is gone)."""
    addr = os.environ.get("NOTIFY_SOCKET", "")
    if not addr:
        return False
    if addr.startswith("@"):  # abstract namespace
        addr = "\0" + addr[1:]
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as s:
            s.sendto(state.encode("utf-8"), addr)
        return True
    except OSError:
        return False


def watchdog_interval_s() -> float | None:
    """How often to send WATCHDOG=1 (a third of WatchdogSec), or None when no watchdog is configured."""
    try:
        usec = int(os.environ.get("WATCHDOG_USEC", "0"))
    except ValueError:
        return None
    return usec / 3e6 if usec > 0 else None
