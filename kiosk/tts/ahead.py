"""Read-ahead: a producer runs in a background thread, at most `maxsize` items ahead of the consumer.

Speech is synthesized while the previous chunk plays (`Speaker.stream`, `PhraseCache.stream`). The producer gets
`put(item)` and `stopped()`; what it puts comes out of iteration in order, an exception it raises is raised to the
consumer, and `close()` (or a set `shutdown` event) stops it at its next `put`.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class _Raised:
    exc: BaseException


_END = object()


class ReadAhead(Generic[T]):
    """Starts `produce(put, stopped)` in a daemon thread at once (so it works while the caller does something
    else first). `threads`: a set the running thread is kept in (for a join at interpreter exit)."""

    def __init__(self, produce: Callable[[Callable[[T], None], Callable[[], bool]], None], *, maxsize: int,
                 name: str, shutdown: threading.Event | None = None,
                 threads: set[threading.Thread] | None = None) -> None:
        self._queue: queue.Queue[object] = queue.Queue(maxsize=maxsize)
        self._stop = threading.Event()
        self._shutdown = shutdown
        self._produce = produce
        self._threads = threads
        worker = threading.Thread(target=self._work, name=name, daemon=True)
        if threads is not None:
            threads.add(worker)
        worker.start()

    def stopped(self) -> bool:
        return self._stop.is_set() or (self._shutdown is not None and self._shutdown.is_set())

    def _put(self, item: object) -> None:
        while not self.stopped():
            try:
                self._queue.put(item, timeout=0.1)
                return
            except queue.Full:
                continue

    def _work(self) -> None:
        try:
            self._produce(self._put, self.stopped)
        except BaseException as exc:  # handed to the consumer, raised there
            self._put(_Raised(exc))
        finally:
            self._put(_END)
            if self._threads is not None:
                self._threads.discard(threading.current_thread())

    def __iter__(self) -> Iterator[T]:
        while True:
            item = self._queue.get()
            if item is _END:
                return
            if isinstance(item, _Raised):
                raise item.exc
            yield item  # type: ignore[misc]

    def close(self) -> None:
        self._stop.set()
