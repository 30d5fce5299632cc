"""Start the kiosk application: the QApplication, the window, signals (systemctl stop/restart wipe and quit)."""

from __future__ import annotations

import logging
import signal
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from kiosk.pipeline import Pipeline
from kiosk.ui.window import KioskWindow

log = logging.getLogger(__name__)


def run_app(*, fullscreen: bool = True, lang: str = "en", officer: bool = False, play_audio: bool = True,
            argv: list[str] | None = None) -> int:
    """Start the kiosk (blocks until the operator exits). Returns the exit code."""
    from kiosk import sdnotify

    # until the graceful handler below is set (the models' warm-up can take minutes), SIGTERM ends the process
    # at once: nothing of a traveler exists yet, and leftover session folders are wiped at the next start
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    app = QApplication.instance() or QApplication(argv or ["kiosk"])
    win = KioskWindow(Pipeline(play_audio=play_audio), kiosk_mode=fullscreen, lang=lang, officer_mode=officer,
                      warm_up=True)
    # Full screen on the output the compositor gives (cage: 1280x720 headless, a 4K panel, a rotated one): the
    # window never forces a geometry; each resize it gets (the first configure, a rotation, a re-plug) makes it
    # adopt that size and lay out again: portrait or landscape, pixels per millimetre (KioskWindow.resizeEvent).
    if fullscreen:
        win.follows_output = True
        win.showFullScreen()
    else:
        win.show()

    def stop(signum: int, frame: Any) -> None:  # systemctl stop / restart: wipe and quit cleanly
        log.info("signal %d: quitting", signum)
        win._allow_close = True
        win.close()
        QApplication.quit()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    heartbeat = QTimer()  # lets Python run its signal handlers while Qt's event loop is in C++
    heartbeat.start(500)
    heartbeat.timeout.connect(lambda: None)
    sdnotify.notify("READY=1")  # systemd (Type=notify): the window is up
    interval = sdnotify.watchdog_interval_s()
    watchdog = QTimer()  # on the main thread: a hung UI stops the pings and systemd restarts the kiosk
    if interval:
        watchdog.timeout.connect(lambda: sdnotify.notify("WATCHDOG=1"))
        watchdog.start(int(interval * 1000))
    return int(app.exec())  # type: ignore[union-attr]
