"""Live reload: a running kiosk takes up a newly installed rules version without a restart.

`RulesWatcher` (started by `kiosk app`) looks at the installed version every `interval_s` seconds (a symlink
read: free). When `kiosk rules install` (the systemd timer) or `kiosk rules rollback` has switched it, the new
tables are verified and loaded, and every rule engine in the process answers from them from its next evaluation
(the engines are updated in place, so conversations already open see the new tables too). A version that does
not verify is not used: the built-in tables answer and staff get the alert (as at start-up).
"""

from __future__ import annotations

import gc
import logging
import threading
from dataclasses import dataclass

from kiosk.updates.store import current_version

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Reloaded:
    version: str | None  # the installed version now in use (None: the built-in tables)
    engines: int  # rule engines updated in place


def reload_rules() -> Reloaded:
    """Drop the cached tables, verify and load the installed version, and update every live RuleEngine."""
    from kiosk.rules import engine as rules

    for cached in (rules._installed_tables, rules.load_table, rules.load_rates):
        cached.cache_clear()
    folder = rules.tables_dir()  # verifies the installed version (falls back to the built-in tables, with an alert)
    rates = rules.load_rates()
    live = [o for o in gc.get_objects() if isinstance(o, rules.RuleEngine)]
    for eng in live:
        eng.table = rules.load_table(eng.table.jurisdiction)
        eng.rates = rates
    version = folder.name if folder != rules.TABLES_DIR else None
    log.info("rules reloaded: %s (%d engines)", version or "built-in tables", len(live))
    return Reloaded(version, len(live))


class RulesWatcher:
    """Polls the installed rules version; reloads when it changes. `stop()` ends the thread."""

    def __init__(self, interval_s: float = 30.0) -> None:
        self.interval_s = interval_s
        self.seen = current_version()
        self._stop = threading.Event()
        self.thread = threading.Thread(target=self._run, name="rules-watcher", daemon=True)
        self.reloads = 0

    def start(self) -> RulesWatcher:
        self.thread.start()
        return self

    def check(self) -> Reloaded | None:
        """Reload now if the installed version changed since the last look."""
        now = current_version()
        if now == self.seen:
            return None
        log.info("installed rules changed: %s -> %s", self.seen or "built-in", now or "built-in")
        self.seen = now
        self.reloads += 1
        return reload_rules()

    def _run(self) -> None:
        while not self._stop.wait(self.interval_s):
            try:
                self.check()
            except Exception:  # a reload must never take the kiosk down: the old tables keep answering
                log.exception("rules reload failed; the tables in use stay")

    def stop(self) -> None:
        self._stop.set()
