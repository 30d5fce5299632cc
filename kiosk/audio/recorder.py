"""Microphone capture that stops by itself when the speaker has finished (Silero VAD endpointing)."""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from kiosk.audio.clip import ASR_RATE, AudioClip, resample
from kiosk.audio.device import portaudio
from kiosk.audio.errors import MicrophoneUnavailable
from kiosk.audio.vad import endpoint

log = logging.getLogger(__name__)


def _level(block: np.ndarray) -> float:
    """Block loudness mapped to 0..1 (-60 dBFS .. 0 dBFS) for a level meter."""
    rms = float(np.sqrt(np.mean(np.square(block, dtype=np.float64)))) if len(block) else 0.0
    db = 20.0 * np.log10(max(rms, 1e-6))
    return float(min(1.0, max(0.0, (db + 60.0) / 60.0)))


def _sd() -> Any:
    try:
        import sounddevice
    except OSError as exc:  # PortAudio library missing
        raise MicrophoneUnavailable("Audio system unavailable (PortAudio is not installed).") from exc
    return sounddevice


class Recorder:
    """Microphone capture that stops by itself when the speaker has finished (Silero VAD)."""

    def __init__(self, sample_rate: int = ASR_RATE, max_seconds: float = 15.0, end_silence_ms: int = 700,
                 start_timeout_s: float = 8.0, device: int | str | None = None) -> None:
        self.sample_rate = sample_rate
        self.max_seconds = max_seconds
        self.end_silence_ms = end_silence_ms
        self.start_timeout_s = start_timeout_s
        self.device = device
        self.check_interval_s = 0.3

    def _check_device(self) -> Any:
        sd = portaudio()
        try:
            info = sd.query_devices(self.device, kind="input")
        except Exception as exc:  # sounddevice raises PortAudioError / ValueError for "no device"
            raise MicrophoneUnavailable(
                "No microphone found. Please use the touch screen or ask an officer for help.") from exc
        if not info or int(info.get("max_input_channels", 0)) < 1:
            raise MicrophoneUnavailable(
                "No microphone found. Please use the touch screen or ask an officer for help.")
        return sd

    def record_utterance(self, on_level: Callable[[float], None] | None = None,
                         stop: threading.Event | None = None) -> AudioClip:
        """Record one utterance. Returns the trimmed speech at 16 kHz (an empty clip if nobody spoke before
        `start_timeout_s`). `stop` ends the recording early; `on_level` gets a 0..1 level per block."""
        sd = self._check_device()
        blocks: queue.Queue[np.ndarray] = queue.Queue()

        def callback(indata: np.ndarray, frames: int, t: Any, status: Any) -> None:
            blocks.put(indata[:, 0].copy())

        chunks: list[np.ndarray] = []
        total = 0
        started = time.monotonic()
        last_check = started
        heard: tuple[int, int] | None = None
        try:
            stream = sd.InputStream(samplerate=self.sample_rate, channels=1, dtype="float32",
                                    device=self.device, callback=callback, blocksize=self.sample_rate // 20)
        except Exception as exc:
            raise MicrophoneUnavailable(
                "The microphone could not be opened. Please use the touch screen or ask an officer.") from exc
        with stream:
            while True:
                if stop is not None and stop.is_set():
                    break
                try:
                    block = blocks.get(timeout=0.2)
                except queue.Empty:
                    if time.monotonic() - started > self.max_seconds + 2:
                        raise MicrophoneUnavailable("The microphone stopped sending sound.") from None
                    continue
                chunks.append(block)
                total += len(block)
                if on_level is not None:
                    on_level(_level(block))
                now = time.monotonic()
                if total >= self.max_seconds * self.sample_rate:
                    break
                if now - last_check < self.check_interval_s:
                    continue
                last_check = now
                audio16 = self._to16(np.concatenate(chunks))
                heard = endpoint(audio16, end_silence_ms=self.end_silence_ms, final=False)
                if heard is not None:
                    break
                if now - started > self.start_timeout_s and endpoint(audio16) is None:
                    break
        audio16 = self._to16(np.concatenate(chunks)) if chunks else np.zeros(0, np.float32)
        span = endpoint(audio16, end_silence_ms=self.end_silence_ms)
        log.debug("recorded %.2fs, speech=%s", len(audio16) / ASR_RATE, span is not None)
        if span is None:
            return AudioClip(np.zeros(0, np.float32), ASR_RATE)
        return AudioClip(audio16[span[0]:span[1]].copy(), ASR_RATE)

    def _to16(self, x: np.ndarray) -> np.ndarray:
        return resample(AudioClip(x, self.sample_rate), ASR_RATE).samples
