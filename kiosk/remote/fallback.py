"""Remote first, local as fallback: one chooser per model kind, reporting which engine answered and why.

    asr = with_fallback(RemoteTranscriber(uri, timeout=2.0), get_transcriber, kind="asr")
    used = asr.run(lambda engine: engine.transcribe(clip, language))
    used.value   # the Transcript
    used.engine  # "remote" or "local"
    used.reason  # why the local one answered ("" when the remote one did)

The remote engine is asked first (it enforces its own short timeout). When it fails (RemoteUnavailable, a
connection or timeout error) the local engine answers and the remote one is skipped for `retry_after_s`, so a
server that is down does not cost every traveler the timeout. A refusal that is no outage (a language the
server has no voice for: `RemoteUnavailable.rest_s == 0`) only sends that one request to the local engine; a busy
server (its queue is full) rests for a couple of seconds. The local engine is built only when first needed.
Each run is counted in `kiosk.metrics` (kind, engine, latency; never the content).

`speech(chooser, text, lang, rate)` streams an answer's sentences from the TTS server and, when the server dies
mid-answer, speaks the rest with the local voice.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Generic, Literal, TypeVar

from kiosk.remote.errors import RemoteUnavailable

log = logging.getLogger(__name__)

E = TypeVar("E")
T = TypeVar("T")

EngineName = Literal["remote", "local"]
_FAILURES = (RemoteUnavailable, OSError, TimeoutError)


@dataclass(frozen=True)
class Used(Generic[T]):
    """A result and the engine that made it."""

    value: T
    engine: EngineName
    seconds: float
    reason: str = ""  # why the remote engine was not used ("" when it was); operator text, never user text

    def describe(self) -> dict[str, str]:
        """For JSON outputs: {"engine": "remote"|"local", "fallback": reason or ""}."""
        return {"engine": self.engine, "fallback": self.reason}


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

    def no_remote_reason(self) -> str:
        """Why a request would go to the local engine now ("" when the remote one would be asked)."""
        if self.remote is None:
            return self.problem or "no remote server configured"
        return "" if self.remote_ready() else self._down_reason

    def failed(self, exc: BaseException) -> str:
        """Record a remote failure (rests the server unless it is no outage); the reason for staff."""
        reason = exc.detail if isinstance(exc, RemoteUnavailable) else type(exc).__name__
        rest = exc.rest_s if isinstance(exc, RemoteUnavailable) and exc.rest_s is not None else self.retry_after_s
        if rest > 0:
            self._down_until = time.monotonic() + rest
            self._down_reason = f"resting after: {reason}"
            log.warning("%s: remote engine failed (%s); local model for %g s", self.kind, reason, rest)
        else:
            log.info("%s: remote engine cannot serve this request (%s); local model", self.kind, reason)
        return reason

    def try_remote(self, call: Callable[[E], T]) -> tuple[Used[T] | None, str]:
        """(the remote engine's result, "") or (None, why it was not used)."""
        from kiosk.metrics import EngineUsed, observe

        reason = self.no_remote_reason()
        if reason or self.remote is None:
            return None, reason
        t0 = time.perf_counter()
        try:
            value = call(self.remote)
        except _FAILURES as exc:
            return None, self.failed(exc)
        observe(EngineUsed(self.kind, "remote"))
        return Used(value, "remote", time.perf_counter() - t0), ""

    def run(self, call: Callable[[E], T]) -> Used[T]:
        """`call(remote)`, else `call(local)`. Errors of the local engine propagate unchanged."""
        from kiosk.metrics import EngineUsed, observe

        t0 = time.perf_counter()
        used, reason = self.try_remote(call)
        if used is not None:
            return used
        value = call(self.local)
        observe(EngineUsed(self.kind, "local", fallback=self.remote is not None))
        return Used(value, "local", time.perf_counter() - t0, reason)


def with_fallback(remote: E | None, local: Callable[[], E], kind: str = "", retry_after_s: float = 30.0
                  ) -> WithFallback[E]:
    """Remote engine first, then the local one (built by `local()` on first need)."""
    return WithFallback(remote, local, kind, retry_after_s)


@dataclass
class SpeechRecord:
    """What `speech()` used: the engines in order ("remote", "local") and why the local one spoke ("" if not)."""

    engines: list[str] = field(default_factory=list)
    fallback: str = ""


def speech(chooser: WithFallback[Any], text: str, lang: str, rate: float = 1.0,
           record: SpeechRecord | None = None) -> Iterator[Any]:
    """The answer's SpeechChunks: from the TTS server when it is up, else the local voice; a server that fails
    after the first sentence leaves the rest to the local voice (the answer is always finished). Observes the
    time to the first audio and the whole synthesis ("tts_first_audio", "tts")."""
    from kiosk.metrics import StageLatency, observe

    record = record if record is not None else SpeechRecord()
    t0 = time.perf_counter()
    used = chooser.run(lambda engine: engine.stream(text, lang, rate=rate))
    record.engines.append(used.engine)
    record.fallback = used.reason if chooser.remote is not None else ""
    chunks: Iterator[Any] = used.value
    said, index, first = 0, 0, True
    while True:
        try:
            chunk = next(chunks, None)
        except _FAILURES as exc:
            if record.engines[-1] != "remote":
                raise
            record.fallback = "mid-answer: " + chooser.failed(exc)
            rest = text[said:].strip()
            log.warning("tts server failed mid-answer; the local voice finishes (%d characters left)", len(rest))
            chunks = chooser.local.stream(rest, lang, rate=rate)
            record.engines.append("local")
            continue
        if chunk is None:
            break
        if first:
            observe(StageLatency("tts_first_audio", time.perf_counter() - t0, lang))
            first = False
        if record.engines[-1] == "remote":
            said = _advance(text, said, chunk.text)
        if chunk.index != index:
            chunk = dataclasses.replace(chunk, index=index)
        index += 1
        yield chunk
    observe(StageLatency("tts", time.perf_counter() - t0, lang))


def _advance(text: str, pos: int, sentence: str) -> int:
    at = text.find(sentence.strip(), pos)
    return at + len(sentence.strip()) if at >= 0 else pos
