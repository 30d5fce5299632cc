"""Bounded work for `kiosk serve`: a few workers per kind, a short queue, back-pressure, and no work for a kiosk
that has left.

One Whisper transcription uses every core it is given, so more concurrent requests only make each slower: past
the workers, requests wait in a queue of `queue` places; a request beyond it is refused at once with "busy" (the
kiosk answers locally now instead of after its timeout). A request whose client has disconnected (its timeout
passed), or that waited longer than `max_wait_s` (its kiosk gave up anyway), is dropped before any model runs.
Every request is counted (`kiosk.metrics.Served`: ok = answered, busy = refused, gone = dropped before it ran or
answered after its client left, error) and the depth is a gauge.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from kiosk.metrics import QueueDepth, Served, default_metrics, observe

log = logging.getLogger(__name__)

T = TypeVar("T")
_POLL_S = 0.05


@dataclass(frozen=True)
class Limits:
    """How much work of one kind the server takes on at once."""

    workers: int = 1  # requests of a kind run at the same time (1: Whisper already uses every core)
    queue: int = 4  # requests that may wait for a worker; one more is refused "busy"
    max_wait_s: float = 3.0  # a request that waited this long is dropped (the kiosk's timeout has passed)

    def __post_init__(self) -> None:
        if self.workers < 1 or self.queue < 0 or not self.max_wait_s > 0:
            raise ValueError(f"bad limits: workers {self.workers} (>= 1), queue {self.queue} (>= 0), "
                             f"max wait {self.max_wait_s} s (> 0)")


class Busy(Exception):
    """The queue is full: refuse now (back-pressure)."""


class Gone(Exception):
    """The client left, or waited past max_wait_s: the work is dropped."""


class WorkQueue:
    """Requests of one kind (asr/tts) for a pool of `limits.workers` threads. Use from one event loop."""

    def __init__(self, kind: str, limits: Limits) -> None:
        self.kind = kind
        self.limits = limits
        self.pending = 0  # waiting + running
        self._sem: asyncio.Semaphore | None = None
        default_metrics().touch_serve(kind)  # every series exists from the start (0), so alerts see rates

    async def run(self, fn: Callable[..., T], *args: Any, gone: Callable[[], bool] = lambda: False) -> T:
        """`fn(*args)` in a worker thread once one is free. Raises Busy (queue full), Gone (client left or
        waited too long); the function's own exceptions propagate (counted as "error")."""
        lim = self.limits
        if self._sem is None:
            self._sem = asyncio.Semaphore(lim.workers)
        if self.pending >= lim.workers + lim.queue:
            observe(Served(self.kind, "busy"))
            raise Busy
        self.pending += 1
        observe(QueueDepth(self.kind, self.pending))
        t0 = time.monotonic()
        try:
            slot = asyncio.ensure_future(self._sem.acquire())  # one waiter, kept in line while the client is there
            while not slot.done():
                await asyncio.wait({slot}, timeout=_POLL_S)
                if not slot.done() and (gone() or time.monotonic() - t0 > lim.max_wait_s):
                    slot.cancel()
                    with contextlib.suppress(asyncio.CancelledError):
                        await slot
                    if not slot.cancelled():  # it was granted meanwhile: give it back
                        self._sem.release()
                    observe(Served(self.kind, "gone", time.monotonic() - t0))
                    raise Gone
            try:
                waited = time.monotonic() - t0
                if gone() or waited > lim.max_wait_s:
                    observe(Served(self.kind, "gone", waited))
                    raise Gone
                t1 = time.monotonic()
                try:
                    result = await asyncio.to_thread(fn, *args)
                except Exception:
                    observe(Served(self.kind, "error", waited, time.monotonic() - t1))
                    raise
                if gone():  # answered too late: the kiosk has given up and answered locally
                    observe(Served(self.kind, "gone", waited, time.monotonic() - t1))
                    raise Gone
                observe(Served(self.kind, "ok", waited, time.monotonic() - t1))
                return result
            finally:
                self._sem.release()
        finally:
            self.pending -= 1
            observe(QueueDepth(self.kind, self.pending))
