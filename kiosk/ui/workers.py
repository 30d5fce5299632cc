"""Run pipeline calls off the GUI thread (QThreadPool) and deliver results through Qt signals."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal

from kiosk.pipeline import PipelineError, Status, to_status

log = logging.getLogger(__name__)

Report = Callable[[str, object], None]


class JobSignals(QObject):
    progress = Signal(str, object)  # progress events: ("state", "thinking"), ("transcript", Transcript), ...
    done = Signal(object)
    failed = Signal(object)  # kiosk.pipeline.Status


class Job(QRunnable):
    """fn(report, stop, *args) runs in the pool; `report(kind, payload)` emits JobSignals.progress on the GUI side."""

    def __init__(self, fn: Callable[..., Any], *args: Any, name: str = "job") -> None:
        super().__init__()
        self.fn = fn
        self.args = args
        self.name = name
        self.stop = threading.Event()
        self.signals = JobSignals()
        self.setAutoDelete(False)

    def _report(self, kind: str, payload: object = "") -> None:
        if not self.stop.is_set() or kind == "state":
            try:
                self.signals.progress.emit(kind, payload)
            except RuntimeError:
                self.stop.set()

    def run(self) -> None:
        try:
            result = self.fn(self._report, self.stop, *self.args)
        except PipelineError as err:
            self._emit(self.signals.failed, err.status)
            return
        except Exception as exc:  # never let a worker exception reach the GUI as a crash
            log.exception("%s failed", self.name)
            self._emit(self.signals.failed, to_status(exc, self.name))
            return
        self._emit(self.signals.done, result)

    def _emit(self, signal: Any, payload: object) -> None:
        try:
            signal.emit(payload)
        except RuntimeError:  # the window was closed while this job ran
            log.debug("%s finished after its window closed", self.name)


class Runner(QObject):
    """Owns the worker pool; keeps Python references to running jobs so their signals stay alive."""

    def __init__(self, parent: QObject | None = None, threads: int = 2) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(threads)
        self._jobs: set[Job] = set()

    def start(self, fn: Callable[..., Any], *args: Any, name: str = "job",
              on_event: Callable[[str, object], None] | None = None,
              on_done: Callable[[object], None] | None = None,
              on_failed: Callable[[Status], None] | None = None) -> Job:
        job = Job(fn, *args, name=name)
        queued = Qt.ConnectionType.QueuedConnection  # always delivered on the GUI thread
        job.signals.done.connect(lambda _r, j=job: self._jobs.discard(j), queued)
        job.signals.failed.connect(lambda _s, j=job: self._jobs.discard(j), queued)
        if on_event:
            job.signals.progress.connect(on_event, queued)
        if on_done:
            job.signals.done.connect(on_done, queued)
        if on_failed:
            job.signals.failed.connect(on_failed, queued)
        self._jobs.add(job)
        self.pool.start(job)
        return job

    def busy(self) -> bool:
        return bool(self._jobs)

    def cancel_all(self) -> None:
        for job in list(self._jobs):
            job.stop.set()
            if self.pool.tryTake(job):  # not started yet: drop it
                self._jobs.discard(job)

    def wait(self, msecs: int = 30000) -> bool:
        return self.pool.waitForDone(msecs)

    def shutdown(self, msecs: int = 30000) -> bool:
        """Stop what can be stopped and wait for the rest (call before the QApplication goes away)."""
        self.cancel_all()
        return self.wait(msecs)
