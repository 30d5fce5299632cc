"""`kiosk app`: start the touch-screen kiosk."""

from __future__ import annotations

import argparse
import logging

from kiosk.languages import UI_LANGUAGES

log = logging.getLogger(__name__)
INTEGRITY_CHECK_DELAY_S = 60.0  # after start-up and the models' warm-up


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("app", help="start the kiosk user interface",
                       description="Start the PySide6 kiosk. Fullscreen kiosk mode (no way out to the desktop; "
                                   "operator exit: Ctrl+Alt+Shift+Q and the PIN in KIOSK_OPERATOR_PIN) is the default.")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--fullscreen", dest="fullscreen", action="store_true", default=True,
                      help="kiosk mode: fullscreen, frameless, cannot be closed (default)")
    mode.add_argument("--windowed", dest="fullscreen", action="store_false",
                      help="a normal window (development, demos)")
    p.add_argument("--lang", choices=UI_LANGUAGES, help="language of the attract screen (default: KIOSK_LANG, en)")
    p.add_argument("--officer", action="store_true",
                   help="start on the officer interpretation screen (a desk device between officer and traveler)")
    p.add_argument("--mute", action="store_true", help="do not play speech (the text is still shown)")
    p.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    from kiosk.config import ConfigError, jurisdiction_problem, settings
    from kiosk.registry import default_registry
    from kiosk.session import purge_leftovers
    from kiosk.ui.app import run_app  # Qt is imported only when the app really starts

    if problem := jurisdiction_problem():  # the kiosk would answer from no table: refuse to start (exit 2)
        raise ConfigError(f"invalid setting: KIOSK_JURISDICTION: {problem}")
    # Every mode, before any window: a crashed session's temp files (audio, forms) must not outlive it.
    removed = purge_leftovers()
    if removed:
        log.warning("removed %d session folder(s) left by a crashed run", removed)
    # Full sha256 of every model, in a low-priority thread once the kiosk is up; a mismatch makes the model
    # unusable (its fallback takes over) and raises an operator alert (kiosk.registry.alerts).
    default_registry().verify_in_background(start_delay_s=INTEGRITY_CHECK_DELAY_S)
    from kiosk.updates import RulesWatcher

    RulesWatcher().start()  # a rules version installed meanwhile (the update timer) is used without a restart
    _start_metrics()
    from kiosk.updates.rates import announce_rates

    announce_rates()  # stale exchange rates: a warning in the log and kiosk_rates_valid 0
    return run_app(fullscreen=args.fullscreen, lang=args.lang or settings().lang, officer=args.officer,
                   play_audio=not args.mute)


def _start_metrics() -> None:
    """The staff Prometheus endpoint (KIOSK_METRICS_HOST:KIOSK_METRICS_PORT, loopback by default; port 0 = off),
    fed by the pipeline's turn events and the model-integrity alerts. No text, audio or identity ever."""
    from kiosk.config import settings
    from kiosk.metrics import serve, watch_models

    # kiosk_model_ok: 1 for each verified model (read once the models are assembled), 0 on any integrity alert
    watch_models(delay_s=INTEGRITY_CHECK_DELAY_S)
    if not settings().metrics_port:
        return
    try:
        serve()
    except OSError as exc:  # port taken: the kiosk runs on, staff see it in the log
        log.error("metrics endpoint not started on port %d (%s)", settings().metrics_port, exc.strerror or exc)
