"""Work done ahead, during the end-of-turn silence, on the transcript of a pause that may be the end.

While the recorder waits to be sure the traveler has finished (0.7 s after a complete sentence, 1.7 s when the
words do not show it: kiosk.audio.vad.EndpointConfig), the kiosk already knows what they said up to the pause
(kiosk.asr.streaming transcribes each pause). `AheadWorker` runs a function on that transcript in its own thread
(the pipeline computes the answer on a private copy of the conversation), so that when the silence confirms the
end, the answer is ready; when speech resumes, the work is discarded.

Discarded work leaves no trace: the function must not touch shared state (it works on copies), and every log
record emitted in its thread is held (`Ahead.held`) and either replayed when the work is used (`Ahead.commit`:
the logs then read as if it had run after the end) or dropped (`Ahead.discard`).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Ahead", "AheadWorker"]

log = logging.getLogger(__name__)
_local = threading.local()  # .held: the log records of the work running in this thread (None: not ahead work)


class _Hold(logging.Filter):
    """On every root handler: a record emitted by ahead work is held, not written."""

    def filter(self, record: logging.LogRecord) -> bool:
        held: list[logging.LogRecord] | None = getattr(_local, "held", None)
        if held is None:
            return True
        if not any(r is record for r in held[-4:]):  # the same record reaches every handler: hold it once
            held.append(record)
        return False


_HOLD = _Hold()


def _hold_logs() -> None:
    for handler in logging.getLogger().handlers:
        if _HOLD not in handler.filters:
            handler.addFilter(_HOLD)


@dataclass(eq=False)
class Ahead:
    """One piece of work done ahead: its value once `done`, the log records it emitted, and its fate."""

    key: object  # what it was computed from (the pause's transcript)
    work: Callable[[], Any]
    done: threading.Event = field(default_factory=threading.Event)
    value: Any = None
    error: BaseException | None = None
    held: list[logging.LogRecord] = field(default_factory=list)
    started: bool = False
    discarded: bool = False
    committed: bool = False
    claimed: bool = False  # handed to the turn, which commits or discards it (closing the worker does not)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def run(self) -> None:
        """Run the work (in the worker thread), unless it was discarded or `commit` already ran it."""
        with self._lock:
            if self.discarded or self.started:
                if self.discarded:
                    self.done.set()
                return
            self.started = True
        self._execute()

    def _execute(self) -> None:
        _local.held = self.held
        try:
            self.value = self.work()
        except Exception as exc:  # the turn computes it again after the end: nothing lost
            self.error = exc
        finally:
            _local.held = None
            self.done.set()

    def discard(self) -> None:
        """Speech resumed, the session was reset, or the turn ended otherwise: the work and its logs are dropped."""
        with self._lock:
            if self.committed:
                return
            self.discarded = True
            self.held.clear()

    def commit(self, timeout: float = 30.0) -> Any:
        """The value, for use (None when it failed or was discarded: compute it now). Waits for work already
        running (it started before the end, so waiting is never slower than starting again), runs work not
        started yet here and now (not behind older work in the worker); replays its held log records."""
        with self._lock:
            if self.discarded:
                return None
            inline = not self.started
            self.started = True
        if inline:
            self._execute()
        if not self.done.wait(timeout):
            self.discard()
            return None
        with self._lock:
            if self.discarded:
                return None
            self.committed = True
            records, self.held = self.held, []
        for record in records:
            logging.getLogger(record.name).handle(record)
        return self.value if self.error is None else None


class AheadWorker:
    """One thread that runs the newest `Ahead` submitted (an older one not started yet is discarded)."""

    def __init__(self, name: str = "asr-ahead") -> None:
        self._wake = threading.Condition()
        self._pending: Ahead | None = None
        self._closed = False
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def submit(self, key: object, work: Callable[[], Any]) -> Ahead:
        _hold_logs()
        ahead = Ahead(key, work)
        with self._wake:
            if self._pending is not None:
                self._pending.discard()
            self._pending = ahead
            self._wake.notify()
        return ahead

    def close(self) -> None:
        with self._wake:
            self._closed = True
            if self._pending is not None and not self._pending.claimed:
                self._pending.discard()
            self._pending = None
            self._wake.notify()

    def _run(self) -> None:
        while True:
            with self._wake:
                while self._pending is None and not self._closed:
                    self._wake.wait()
                if self._closed:
                    return
                ahead, self._pending = self._pending, None
            assert ahead is not None
            ahead.run()
