"""The models the kiosk's commands and turns use, routed through the configured servers (KIOSK_LLM_URL,
KIOSK_ASR_URI, KIOSK_TTS_URI) with the local model as fallback — with the same checks either way.

- `routed_llm(model_id)`: item extraction for the assistant (`.extract(text)` -> `kiosk.llm.Extraction`, whose
  `engine`/`fallback` say which model answered and why). The local model is loaded only when it is needed.
- `transcribe(...)` / `speaker_chooser()`: `kiosk transcribe` and `kiosk say` through the Wyoming servers.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
from typing import Any

from kiosk.config import settings
from kiosk.remote.factory import asr_chooser, llm_chooser, tts_chooser
from kiosk.remote.fallback import Used, WithFallback

log = logging.getLogger(__name__)


class RoutedLLM:
    """Item extraction: the LLM server first (KIOSK_LLM_URL), the local llama.cpp model as fallback. Both answers
    go through the same validation (`kiosk.llm.parse_llm_json`: known categories only, never a number)."""

    def __init__(self, model_id: str) -> None:
        from kiosk.llm import get_llm

        self.model_id = model_id
        self.chooser: WithFallback[Any] = llm_chooser(lambda: get_llm(model_id))

    @property
    def remote(self) -> bool:
        return self.chooser.remote is not None

    def warm_up(self) -> None:
        """Load and warm the local model only when no server is configured (else it loads on first fallback)."""
        if self.chooser.remote is None:
            self.chooser.local.warm_up()

    def extract(self, text: str) -> Any:
        from kiosk.metrics import StageLatency, observe

        used = self.chooser.run(lambda engine: engine.extract(text))
        if used.engine == "remote":  # the local model observes its own time
            observe(StageLatency("llm", used.seconds))
        return dataclasses.replace(used.value, engine=used.engine, fallback=used.reason)


@functools.lru_cache(maxsize=4)
def _routed(model_id: str, url: str) -> RoutedLLM:
    return RoutedLLM(model_id)


def routed_llm(model_id: str | None = None) -> Any:
    """The LLM the assistant asks: without KIOSK_LLM_URL exactly `kiosk.llm.get_llm(model_id)` (loaded now, so a
    missing model raises ModelUnavailable here); with it, a RoutedLLM (the local model loads on first fallback)."""
    from kiosk.llm import get_llm

    s = settings()
    model = model_id or s.llm_model
    if not s.llm_url:
        return get_llm(model)
    return _routed(model, s.llm_url)


def transcriber_chooser(model_id: str | None = None) -> WithFallback[Any]:
    """Speech recognition for a command: KIOSK_ASR_URI first, else the local Whisper `model_id`."""
    from kiosk.asr import get_transcriber

    return asr_chooser(lambda: get_transcriber(model_id or settings().asr_model))


def transcribe(chooser: WithFallback[Any], clip: Any, language: str | None, task: str,
               max_speech_s: float) -> Used[Any]:
    """One recording through the chooser. A Wyoming server transcribes (no translate task, no speech cap: those
    requests go to the local model, and the JSON says so)."""
    def call(engine: Any) -> Any:
        from kiosk.remote.wyoming_asr import RemoteTranscriber

        if isinstance(engine, RemoteTranscriber):
            return engine.transcribe(clip, language=language, task=task)
        return engine.transcribe(clip, language=language, task=task, max_speech_s=max_speech_s)

    return chooser.run(call)


def speaker_chooser() -> WithFallback[Any]:
    """Speech synthesis for a command: KIOSK_TTS_URI first, else the local voices."""
    from kiosk.tts import get_speaker

    return tts_chooser(get_speaker)


@dataclasses.dataclass(frozen=True)
class Spoken:
    """`kiosk say` through the chooser: the audio, the voice, which engine spoke and why not the server."""

    clip: Any
    voice: str
    engine: str  # "remote", "local", or "remote+local" (the server failed mid-answer; the local voice finished)
    fallback: str
    first_audio_s: float
    total_s: float


def say(chooser: WithFallback[Any], text: str, lang: str, rate: float = 1.0) -> Spoken:
    """Synthesize `text` with the TTS server first (sentence by sentence), the local voice for what it cannot say."""
    import time

    import numpy as np

    from kiosk.audio import AudioClip, resample
    from kiosk.remote.fallback import SpeechRecord, speech
    from kiosk.tts import join_chunks

    t0 = time.perf_counter()
    record = SpeechRecord()
    first: float | None = None
    chunks = []
    for chunk in speech(chooser, text, lang, rate, record):
        first = time.perf_counter() - t0 if first is None else first
        chunks.append(chunk)
    total = time.perf_counter() - t0
    engine = "+".join(record.engines) or "local"
    if not chunks:
        return Spoken(AudioClip(np.zeros(0, dtype=np.float32), 22050), "", engine, record.fallback, 0.0, total)
    sr = chunks[0].sample_rate
    same = [c if c.sample_rate == sr else dataclasses.replace(
        c, samples=resample(AudioClip(c.samples, c.sample_rate), sr).samples, sample_rate=sr) for c in chunks]
    voices = []
    if "remote" in record.engines and chooser.remote is not None:
        voices.append(f"wyoming {chooser.remote.voice_for(lang).voice}")
    if "local" in record.engines:
        choice = chooser.local.voice_for(lang)
        voices.append(f"{choice.engine} {choice.voice}")
    return Spoken(join_chunks(same, sr, rate), " + ".join(voices), engine, record.fallback, first or 0.0, total)
