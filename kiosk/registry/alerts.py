"""Operator alerts: problems staff must act on (a model found corrupt at run time...), shown on the staff screen.

An `Alert` has a stable `code`, the model it concerns, when it was raised, an operator-facing detail and the fix.
`AlertBoard` is a thread-safe list of the active alerts: raising one writes one log line (no personal data: only
model ids and file names) and calls every subscribed hook (the metrics exporter, the staff screen's refresh);
raising the same code for the same model again only refreshes it. `alert_board()` is the process-wide board.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

log = logging.getLogger(__name__)

ALERT_CODES: dict[str, str] = {
    "model_corrupt": "a model's files failed the integrity check at run time; the fallback is used",
    "model_missing": "a model's files disappeared at run time; the fallback is used",
    "rules_unverified": "the installed rule-table update failed its signature check; the built-in tables answer",
}


@dataclass(frozen=True)
class Alert:
    """One problem an operator must look at."""

    code: str
    """Stable machine code, a key of ALERT_CODES (metric label)."""
    model_id: str
    """The model concerned."""
    detail: str
    """What was found (file name, check), for the operator."""
    fix: str = ""
    """What fixes it."""
    time: datetime = field(default_factory=lambda: datetime.now(UTC))
    """When it was (last) raised, UTC."""

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "model_id": self.model_id, "detail": self.detail, "fix": self.fix,
                "time": self.time.isoformat(timespec="seconds")}


AlertHook = Callable[[Alert], None]


class AlertBoard:
    """Thread-safe list of active alerts, with hooks called on each new or refreshed alert."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._alerts: dict[tuple[str, str], Alert] = {}
        self._hooks: list[AlertHook] = []

    def raise_alert(self, code: str, model_id: str, detail: str, fix: str = "") -> Alert:
        if code not in ALERT_CODES:
            raise ValueError(f"unknown alert code {code!r}")
        alert = Alert(code, model_id, detail, fix)
        with self._lock:
            self._alerts[(code, model_id)] = alert
            hooks = list(self._hooks)
        log.error("OPERATOR ALERT %s model=%s: %s%s", code, model_id, detail, f" (fix: {fix})" if fix else "")
        for hook in hooks:
            try:
                hook(alert)
            except Exception:  # a broken display or exporter must not stop the alert itself
                log.exception("alert hook failed")
        return alert

    def active(self) -> list[Alert]:
        """The active alerts, oldest first."""
        with self._lock:
            return sorted(self._alerts.values(), key=lambda a: a.time)

    def clear(self, model_id: str | None = None, code: str | None = None) -> int:
        """Forget alerts (all, or those of a model and/or code) once dealt with; returns how many."""
        with self._lock:
            keys = [k for k in self._alerts
                    if (code is None or k[0] == code) and (model_id is None or k[1] == model_id)]
            for k in keys:
                del self._alerts[k]
        return len(keys)

    def subscribe(self, hook: AlertHook) -> Callable[[], None]:
        """Call `hook(alert)` on every alert raised from now on; returns the function that unsubscribes."""
        with self._lock:
            self._hooks.append(hook)

        def unsubscribe() -> None:
            with self._lock:
                if hook in self._hooks:
                    self._hooks.remove(hook)

        return unsubscribe


_board = AlertBoard()


def alert_board() -> AlertBoard:
    """The process-wide alert board (the staff screen reads it; the registry writes it)."""
    return _board
