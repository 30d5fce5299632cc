"""Run pipeline work off the GUI thread (QThreadPool) and deliver what it yields on the GUI thread.

A *turn* job iterates one of the pipeline's event generators (`Pipeline.traveler_turn`, `interpret_turn`,
`read_aloud`) in the pool and hands every event to the screen, in order, through a queued Qt signal. A *call* job runs
one function (the declaration PDF, warming up the models) and hands back its result or a `Status`.

Every job owns two flags the pipeline understands: `stop` (cancel: a reset, a hush) and `end_speech` (push-to-talk
released: the recording ends and the turn goes on). `Runner.cancel_all()` sets `stop` on every job and *discards*
them: nothing a discarded job yields or returns reaches a screen any more (the previous traveler's answer cannot
re-appear after a reset).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal

from kiosk.errors import PipelineError, Status, to_status
from kiosk.events import Done, Failed, TurnEvent

log = logging.getLogger(__name__)

TurnFactory = Callable[[threading.Event, threading.Event], Iterator[TurnEvent]]
"""(stop, end_speech) -> the pipeline's event generator for one turn."""


class JobSignals(QObject):
    turn_event = Signal(object)  # one TurnEvent (turn jobs)
    done = Signal(object)  # the result (call jobs)
    failed = Signal(object)  # a kiosk.errors.Status (call jobs)
    finished = Signal()  # always last, whatever happened


class Job(QRunnable):
    """One piece of work in the pool: a turn (`turn` yields events) or a call (`call` returns a result)."""

    def __init__(self, name: str, *, turn: TurnFactory | None = None,
                 call: Callable[[threading.Event], Any] | None = None) -> None:
        super().__init__()
        self.name = name
        self._turn = turn
        self._call = call
        self.stop = threading.Event()
        self.end_speech = threading.Event()
        self.discarded = False
        self.signals = JobSignals()
        self.setAutoDelete(False)

    def run(self) -> None:
        try:
            if self._turn is not None:
                self._run_turn(self._turn)
            elif self._call is not None:
                self._run_call(self._call)
        finally:
            self._emit(self.signals.finished)

    def _run_turn(self, make: TurnFactory) -> None:
        try:
            for event in make(self.stop, self.end_speech):
                if not self._emit(self.signals.turn_event, event):
                    self.stop.set()  # the window is gone: let the pipeline stop at its next step
        except Exception as exc:  # the pipeline reports failures as events; this is the last line of defence
            log.exception("%s failed", self.name)
            self._emit(self.signals.turn_event, Failed(status=to_status(exc, self.name)))

    def _run_call(self, fn: Callable[[threading.Event], Any]) -> None:
        try:
            result = fn(self.stop)
        except PipelineError as err:
            self._emit(self.signals.failed, err.status)
            return
        except Exception as exc:  # never let a worker exception reach the GUI as a crash
            log.warning("%s failed (%s)", self.name, type(exc).__name__)
            self._emit(self.signals.failed, to_status(exc, self.name))
            return
        self._emit(self.signals.done, result)

    def _emit(self, signal: Any, *payload: object) -> bool:
        try:
            signal.emit(*payload)
        except RuntimeError:  # the window was closed while this job ran
            log.debug("%s finished after its window closed", self.name)
            return False
        return True


class Runner(QObject):
    """Owns the worker pool; keeps Python references to running jobs so their signals stay alive."""

    def __init__(self, parent: QObject | None = None, threads: int = 2) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(threads)
        self._jobs: set[Job] = set()

    def turn(self, make: TurnFactory, on_event: Callable[[TurnEvent], None], *, name: str = "turn") -> Job:
        """Run a pipeline turn; `on_event(event)` is called on the GUI thread for each event it yields."""
        job = Job(name, turn=make)
        job.signals.turn_event.connect(lambda ev, j=job: self._deliver(j, on_event, ev), Qt.ConnectionType.QueuedConnection)
        return self._start(job)

    def call(self, fn: Callable[[threading.Event], Any], *, name: str = "job",
             on_done: Callable[[Any], None] | None = None,
             on_failed: Callable[[Status], None] | None = None) -> Job:
        """Run `fn(stop)`; its result goes to `on_done`, a failure (as a Status) to `on_failed`, on the GUI thread."""
        job = Job(name, call=fn)
        queued = Qt.ConnectionType.QueuedConnection
        if on_done is not None:
            job.signals.done.connect(lambda r, j=job: self._deliver(j, on_done, r), queued)
        if on_failed is not None:
            job.signals.failed.connect(lambda s, j=job: self._deliver(j, on_failed, s), queued)
        return self._start(job)

    def _start(self, job: Job) -> Job:
        job.signals.finished.connect(lambda j=job: self._jobs.discard(j), Qt.ConnectionType.QueuedConnection)
        self._jobs.add(job)
        self.pool.start(job)
        return job

    @staticmethod
    def _deliver(job: Job, handler: Callable[[Any], None], payload: object) -> None:
        if not job.discarded:
            handler(payload)

    def busy(self) -> bool:
        return bool(self._jobs)

    def cancel(self, job: Job | None) -> None:
        """Stop one job and forget it: what it yields from now on is dropped."""
        if job is None:
            return
        job.stop.set()
        job.discarded = True
        if self.pool.tryTake(job):  # not started yet: drop it
            self._jobs.discard(job)

    def cancel_all(self) -> None:
        for job in list(self._jobs):
            self.cancel(job)

    def wait(self, msecs: int = 30000) -> bool:
        return self.pool.waitForDone(msecs)

    def shutdown(self, msecs: int = 30000) -> bool:
        """Stop what can be stopped and wait for the rest (call before the QApplication goes away)."""
        self.cancel_all()
        return self.wait(msecs)


def is_final(event: TurnEvent) -> bool:
    """The last event of a turn."""
    return isinstance(event, Done | Failed)
