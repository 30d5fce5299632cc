"""Speech recognition on a Wyoming server (`wyoming-faster-whisper` on a LAN box, or another kiosk's `kiosk serve`).

`RemoteTranscriber(uri, timeout).transcribe(audio, language)` returns the same `kiosk.asr.Transcript` as the local
`Transcriber`. The exchange is Wyoming's: Transcribe, AudioStart, AudioChunk..., AudioStop -> Transcript.

Confidence: a plain Wyoming server sends only the text (and sometimes its language). Then the transcript is one
segment with neutral scores, so it counts as confident when it is not empty (the server's own VAD and
hallucination filters apply); the language is the server's, else the hint, else the one detected from the text.
`kiosk serve` adds Whisper's language probability and per-segment scores in the Transcript's `context`, so the
kiosk's own "please repeat" thresholds apply unchanged.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any
from urllib.parse import urlparse

import numpy as np

from kiosk.asr import Segment, Transcript
from kiosk.audio import ASR_RATE, AudioClip, load_audio, resample
from kiosk.remote.errors import BUSY_REST_S, RemoteUnavailable

log = logging.getLogger(__name__)

CHUNK_SAMPLES = 1024  # 64 ms at 16 kHz, what Wyoming satellites send
_SILENCE_RMS = 1e-3  # same floor as the local Transcriber: silence is never sent


def pcm16(samples: np.ndarray) -> bytes:
    """float32 [-1, 1] -> little-endian 16-bit PCM."""
    return (np.clip(samples, -1.0, 1.0) * 32767.0).astype("<i2").tobytes()


def from_pcm16(data: bytes) -> np.ndarray:
    """Little-endian 16-bit PCM -> float32 [-1, 1]."""
    return np.frombuffer(data, dtype="<i2").astype(np.float32) / 32768.0


def check_uri(uri: str) -> str:
    """A Wyoming server address: tcp://HOST:PORT or unix://PATH. Raises RemoteUnavailable(code bad_input)."""
    parsed = urlparse(uri)
    try:
        ok = (parsed.scheme == "tcp" and bool(parsed.hostname) and parsed.port is not None) or (
            parsed.scheme == "unix" and bool(parsed.path))
    except ValueError:  # a port that is not a number
        ok = False
    if not ok:
        raise RemoteUnavailable(f"not a Wyoming server address: {uri!r} (tcp://HOST:PORT or unix://PATH)",
                                code="bad_input")
    return uri


def run_with_timeout(coro: Any, timeout: float, what: str) -> Any:
    """Run one client exchange to completion on a private event loop; RemoteUnavailable on timeout/refusal."""
    try:
        return asyncio.run(asyncio.wait_for(coro, timeout=timeout))
    except TimeoutError as exc:
        raise RemoteUnavailable(f"{what}: no answer within {timeout:g} s") from exc
    except (OSError, ConnectionError) as exc:
        raise RemoteUnavailable(f"{what}: {type(exc).__name__} ({exc.strerror or exc})") from exc
    except (ValueError, KeyError) as exc:  # a malformed event or URI
        raise RemoteUnavailable(f"{what}: bad answer ({type(exc).__name__})") from exc


def refusal(server: str, code: str | None) -> RemoteUnavailable:
    """A server's Error event: "busy" (its queue is full: back-pressure) rests it briefly; a refusal of this one
    request (no voice for its language, bad input) not at all: a missing voice is not an outage; anything else
    rests it for the configured retry time."""
    per_request = ("unsupported_language", "bad_input", "speech_output", "not_understood")
    rest = BUSY_REST_S if code == "busy" else 0.0 if code in per_request else None
    return RemoteUnavailable(f"{server} refused: {code}", rest_s=rest)


class RemoteTranscriber:
    """Whisper (or any Wyoming ASR) on another machine; same `transcribe()` as `kiosk.asr.Transcriber`."""

    def __init__(self, uri: str, timeout: float = 3.0) -> None:
        self.uri = check_uri(uri)
        self.timeout = timeout
        self.model_id = f"wyoming:{uri}"

    def transcribe(self, audio: AudioClip | str, language: str | None = None, task: str = "transcribe",
                   vad: bool = True) -> Transcript:
        """Transcribe on the server. Silence is answered locally (empty, not confident) without a round trip.
        Raises RemoteUnavailable when the server is down, slow or cannot do the task."""
        if task != "transcribe":
            raise RemoteUnavailable(f"{self.uri}: Wyoming ASR does not do task '{task}'", rest_s=0)
        t0 = time.perf_counter()
        clip = resample(audio if isinstance(audio, AudioClip) else load_audio(audio), ASR_RATE)
        samples = clip.samples
        duration = len(samples) / ASR_RATE
        hint = (language or "").strip().lower()
        if duration < 0.2 or float(np.sqrt(np.mean(np.square(samples, dtype=np.float64)))) < _SILENCE_RMS:
            return Transcript("", hint, 0.0, duration, (), self.model_id, time.perf_counter() - t0)
        text, lang, context = run_with_timeout(self._exchange(samples, hint or None), self.timeout,
                                               f"ASR server {self.uri}")
        text = " ".join(text.split())
        seconds = time.perf_counter() - t0
        if not text:
            return Transcript("", lang or hint, 0.0, duration, (), self.model_id, seconds)
        kiosk_ctx = context.get("kiosk") if isinstance(context, dict) else None
        if isinstance(kiosk_ctx, dict) and isinstance(kiosk_ctx.get("segments"), list):
            segments = tuple(Segment(float(s["start"]), float(s["end"]), str(s["text"]), float(s["avg_logprob"]),
                                     float(s["no_speech_prob"])) for s in kiosk_ctx["segments"])
            prob = float(kiosk_ctx.get("language_probability", 0.0))
        else:
            segments = (Segment(0.0, duration, text, 0.0, 0.0),)
            prob = 1.0
        if not lang:
            lang = hint
        if not lang:
            from kiosk.assistant.langdetect import detect_language

            lang = detect_language(text, default="")
            prob = min(prob, 0.5) if lang else 0.0
        log.info("remote asr %.2fs audio in %.2fs lang=%s chars=%d", duration, seconds, lang, len(text))
        return Transcript(text, lang, prob, duration, segments, self.model_id, seconds)

    async def _exchange(self, samples: np.ndarray, language: str | None) -> tuple[str, str, dict[str, Any]]:
        from wyoming.asr import Transcribe
        from wyoming.asr import Transcript as WyTranscript
        from wyoming.audio import AudioChunk, AudioStart, AudioStop
        from wyoming.client import AsyncClient
        from wyoming.error import Error

        fmt = {"rate": ASR_RATE, "width": 2, "channels": 1}
        async with AsyncClient.from_uri(self.uri) as client:
            await client.write_event(Transcribe(language=language).event())
            await client.write_event(AudioStart(**fmt).event())
            for i in range(0, len(samples), CHUNK_SAMPLES):
                await client.write_event(AudioChunk(audio=pcm16(samples[i:i + CHUNK_SAMPLES]), **fmt).event())
            await client.write_event(AudioStop().event())
            while True:
                event = await client.read_event()
                if event is None:
                    raise ConnectionError("the server closed the connection before the transcript")
                if Error.is_type(event.type):
                    raise refusal(f"ASR server {self.uri}", Error.from_event(event).code)
                if WyTranscript.is_type(event.type):
                    tr = WyTranscript.from_event(event)
                    return tr.text or "", (tr.language or "").lower(), dict(tr.context or {})
