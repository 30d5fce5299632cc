"""Remote first, local as fallback: one chooser per model kind, reporting which engine answered.

    asr = with_fallback(RemoteTranscriber(uri, timeout=2.0), get_transcriber, kind="asr")
    used = asr.run(lambda engine: engine.transcribe(clip, language))
    used.value   # the Transcript
    used.engine  # "remote" or "local"

The remote engine is asked first (it enforces its own short timeout). When it fails (RemoteUnavailable, a
connection or timeout error) the local engine answers and the remote one is skipped for `retry_after_s`, so a
server that is down does not cost every traveler the timeout. The local engine is built only when first needed.
Each run is counted in `kiosk.metrics` (kind, engine; never the content).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, Literal, TypeVar

from kiosk.remote.errors import RemoteUnavailable

log = logging.getLogger(__name__)

E = TypeVar("E")
T = TypeVar("T")

EngineName = Literal["remote", "local"]


@dataclass(frozen=True)
class Used(Generic[T]):
    """A result and the engine that made it."""

    value: T
    engine: EngineName
    seconds: float
    reason: str = ""  # why the remote engine was not used ("" when it was); operator text, never user text


class WithFallback(Generic[E]):
    """Chooser between an optional remote engine and a lazily-built local one."""

    def __init__(self, remote: E | None, local: Callable[[], E], kind: str, retry_after_s: float = 30.0,
                 problem: str = "") -> None:
        self.remote = remote
        self.problem = problem  # why there is no remote engine (a misconfigured address), for staff
        self._local_factory = local
        self._local: E | None = None
        self.kind = kind
        self.retry_after_s = retry_after_s
        self._down_until = 0.0
        self._down_reason = ""
        self._lock = threading.Lock()

    @property
    def local(self) -> E:
        with self._lock:
            if self._local is None:
                self._local = self._local_factory()
            return self._local

    def remote_ready(self) -> bool:
        """True when a remote engine is configured and not resting after a failure."""
        return self.remote is not None and time.monotonic() >= self._down_until

    def run(self, call: Callable[[E], T]) -> Used[T]:
        """`call(remote)`, else `call(local)`. Errors of the local engine propagate unchanged."""
        from kiosk.metrics import EngineUsed, observe

        t0 = time.perf_counter()
        reason = (self.problem or "no remote server configured") if self.remote is None else self._down_reason
        if self.remote is not None and self.remote_ready():
            try:
                value = call(self.remote)
            except (RemoteUnavailable, OSError, TimeoutError) as exc:
                reason = exc.detail if isinstance(exc, RemoteUnavailable) else type(exc).__name__
                self._down_until = time.monotonic() + self.retry_after_s
                self._down_reason = f"resting after: {reason}"
                log.warning("%s: remote engine failed (%s); using the local model", self.kind, reason)
            else:
                observe(EngineUsed(self.kind, "remote"))
                return Used(value, "remote", time.perf_counter() - t0)
        value = call(self.local)
        observe(EngineUsed(self.kind, "local", fallback=self.remote is not None))
        return Used(value, "local", time.perf_counter() - t0, reason)


def with_fallback(remote: E | None, local: Callable[[], E], kind: str = "", retry_after_s: float = 30.0
                  ) -> WithFallback[E]:
    """Remote engine first, then the local one (built by `local()` on first need)."""
    return WithFallback(remote, local, kind, retry_after_s)
