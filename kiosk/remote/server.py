"""`kiosk serve`: this kiosk's own Whisper and voices as a Wyoming service (one URI for both).

A desk PC or a stronger box on the LAN runs `kiosk serve --uri tcp://0.0.0.0:10300`; kiosks point
KIOSK_ASR_URI/KIOSK_TTS_URI at it. Speech recognition answers with Wyoming's Transcript plus, in its `context`,
Whisper's language probability and per-segment scores (`{"kiosk": {...}}`), so the client keeps the kiosk's
"please repeat" thresholds. Synthesis answers AudioStart/AudioChunk.../AudioStop per request (16-bit mono).
Nothing is logged beyond sizes and timings; no audio or text is kept after a request.

Under load (kiosk.remote.workqueue): each kind has `Limits.workers` workers and a queue of `Limits.queue`; a
request beyond it gets Wyoming's Error with code "busy" at once (the kiosk answers locally, and rests the server
for 2 s), a request whose kiosk has disconnected or waited past `max_wait_s` is dropped before the model runs.
A client that leaves while it is being answered ends its connection quietly (no task error). Every request is
counted in kiosk.metrics (`kiosk_serve_requests{kind,outcome}`, queue wait, serve time, queue depth).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from kiosk.asr import MAX_SECONDS
from kiosk.audio import AudioClip
from kiosk.errors import KioskError
from kiosk.languages import UI_LANGUAGES
from kiosk.remote.workqueue import Busy, Gone, Limits, WorkQueue
from kiosk.remote.wyoming_asr import pcm16

log = logging.getLogger(__name__)

VERSION = "1"
_CHUNK_SAMPLES = 2048


@dataclass
class Engines:
    """What the server offers; each loads lazily on first use (kiosk.asr.get_transcriber, kiosk.tts.get_speaker)."""

    transcriber: Callable[[], Any] | None
    speaker: Callable[[], Any] | None
    asr_model: str = "whisper-base"
    limits: Limits = field(default_factory=Limits)


def _info(engines: Engines) -> Any:
    from wyoming.info import AsrModel, AsrProgram, Attribution, Info, TtsProgram, TtsVoice

    attribution = Attribution(name="customs-kiosk", url="https://example.invalid/customs-kiosk")
    asr = []
    if engines.transcriber is not None:
        from faster_whisper.tokenizer import _LANGUAGE_CODES

        asr = [AsrProgram(name="customs-kiosk-asr", attribution=attribution, installed=True,
                          description="faster-whisper as configured on the kiosk", version=VERSION,
                          models=[AsrModel(name=engines.asr_model, attribution=attribution, installed=True,
                                           description="Whisper (CTranslate2 int8)", version=None,
                                           languages=sorted(_LANGUAGE_CODES))])]
    tts = []
    if engines.speaker is not None:
        tts = [TtsProgram(name="customs-kiosk-tts", attribution=attribution, installed=True,
                          description="the kiosk's voices (piper, Kokoro, espeak-ng)", version=VERSION,
                          voices=[TtsVoice(name=f"kiosk-{lang}", attribution=attribution, installed=True,
                                           description=f"kiosk voice for {lang}", version=None, languages=[lang])
                                  for lang in UI_LANGUAGES])]
    return Info(asr=asr, tts=tts)


def _to_float(data: bytes, width: int, channels: int) -> np.ndarray:
    x = np.frombuffer(data[: len(data) - len(data) % (width * channels)], dtype="<i2").astype(np.float32) / 32768.0
    return x.reshape(-1, channels).mean(axis=1) if channels > 1 else x


def make_handler(engines: Engines) -> Callable[[asyncio.StreamReader, asyncio.StreamWriter], Any]:
    from wyoming.asr import Transcribe, Transcript
    from wyoming.audio import AudioChunk, AudioStart, AudioStop
    from wyoming.error import Error
    from wyoming.event import Event
    from wyoming.info import Describe
    from wyoming.server import AsyncEventHandler
    from wyoming.tts import Synthesize

    info_event = _info(engines).event()
    queues = {"asr": WorkQueue("asr", engines.limits), "tts": WorkQueue("tts", engines.limits)}

    class KioskHandler(AsyncEventHandler):
        def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            super().__init__(reader, writer)
            self.language: str | None = None
            self.fmt: tuple[int, int, int] = (16000, 2, 1)
            self.audio = bytearray()

        def gone(self) -> bool:
            """The client has closed its side (its timeout passed): nobody is waiting for this answer."""
            return self.reader.at_eof() or self.writer.is_closing()

        async def handle_event(self, event: Event) -> bool:
            try:
                return await self._handle(event)
            except (ConnectionError, OSError) as exc:  # the client left mid-answer: end quietly
                log.info("client left (%s)", type(exc).__name__)
                return False
            except Exception:  # a bug: logged here, never an unretrieved task exception
                log.exception("request failed")
                return False

        async def _work(self, kind: str, error_cls: Any, fn: Callable[..., Any], *args: Any) -> Any:
            """fn(*args) through the kind's queue; None (and the client told, when it is still there) when the
            request is refused or dropped."""
            try:
                return await queues[kind].run(fn, *args, gone=self.gone)
            except Busy:
                await self.write_event(error_cls(text="server busy", code="busy").event())
            except Gone:
                log.info("dropped a %s request: its client left or waited too long", kind)
            return None

        async def _handle(self, event: Event) -> bool:
            if Describe.is_type(event.type):
                await self.write_event(info_event)
            elif Transcribe.is_type(event.type):
                self.language = Transcribe.from_event(event).language
            elif AudioStart.is_type(event.type):
                start = AudioStart.from_event(event)
                self.fmt, self.audio = (start.rate, start.width, start.channels), bytearray()
            elif AudioChunk.is_type(event.type):
                rate, width, channels = self.fmt
                if len(self.audio) < MAX_SECONDS * rate * width * channels:
                    self.audio += AudioChunk.from_event(event).audio
            elif AudioStop.is_type(event.type):
                await self._transcribe(Transcript, Error)
            elif Synthesize.is_type(event.type):
                await self._synthesize(Synthesize.from_event(event), AudioStart, AudioChunk, AudioStop, Error)
            return True

        async def _transcribe(self, transcript_cls: Any, error_cls: Any) -> None:
            rate, width, channels = self.fmt
            if engines.transcriber is None:
                await self.write_event(error_cls(text="no speech recognition here", code="unavailable").event())
                return
            if width != 2:
                await self.write_event(error_cls(text="16-bit audio only", code="bad_input").event())
                return
            clip = AudioClip(_to_float(bytes(self.audio), width, channels), rate)
            self.audio = bytearray()
            try:
                tr = await self._work("asr", error_cls, lambda: engines.transcriber().transcribe(  # type: ignore[misc]
                    clip, self.language))
            except (KioskError, ValueError) as exc:
                code = exc.code if isinstance(exc, KioskError) else "bad_input"
                await self.write_event(error_cls(text=type(exc).__name__, code=code).event())
                return
            if tr is None:
                return
            ctx = {"kiosk": {"language_probability": tr.language_probability, "model": tr.model,
                             "segments": [{"start": s.start, "end": s.end, "text": s.text,
                                           "avg_logprob": s.avg_logprob, "no_speech_prob": s.no_speech_prob}
                                          for s in tr.segments]}}
            log.info("served asr: %.2fs audio in %.2fs", tr.duration_s, tr.seconds)
            await self.write_event(transcript_cls(text=tr.text, language=tr.language or None, context=ctx).event())

        async def _synthesize(self, req: Any, start_cls: Any, chunk_cls: Any, stop_cls: Any, error_cls: Any) -> None:
            if engines.speaker is None:
                await self.write_event(error_cls(text="no speech synthesis here", code="unavailable").event())
                return
            voice = req.voice
            lang = (voice.language if voice and voice.language else
                    (voice.name or "").removeprefix("kiosk-") if voice and voice.name else "en")
            try:
                clip = await self._work("tts", error_cls, lambda: engines.speaker().synthesize(  # type: ignore[misc]
                    req.text, lang))
            except (KioskError, ValueError) as exc:
                code = exc.code if isinstance(exc, KioskError) else "bad_input"
                await self.write_event(error_cls(text=type(exc).__name__, code=code).event())
                return
            if clip is None:
                return
            fmt = {"rate": clip.sample_rate, "width": 2, "channels": 1}
            await self.write_event(start_cls(**fmt).event())
            for i in range(0, len(clip.samples), _CHUNK_SAMPLES):
                await self.write_event(chunk_cls(audio=pcm16(clip.samples[i:i + _CHUNK_SAMPLES]), **fmt).event())
            await self.write_event(stop_cls().event())
            log.info("served tts: %.2fs audio", clip.duration_s)

    return KioskHandler


async def serve_wyoming(uri: str, engines: Engines) -> None:
    """Run the Wyoming server until cancelled."""
    from wyoming.server import AsyncServer

    server = AsyncServer.from_uri(uri)
    log.info("kiosk serve on %s (asr=%s, tts=%s)", uri, engines.transcriber is not None, engines.speaker is not None)
    await server.run(make_handler(engines))
