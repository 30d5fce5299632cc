"""Audio in/out: load/resample/save clips, microphone capture with VAD endpointing, playback.

No Qt here. Silero VAD comes from faster-whisper (`faster_whisper.vad`); capture and playback use sounddevice.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import soundfile as sf
import soxr

from kiosk.errors import KioskError

log = logging.getLogger(__name__)

__all__ = [
    "AudioClip",
    "AudioError",
    "MicrophoneUnavailable",
    "Recorder",
    "endpoint",
    "load_audio",
    "play",
    "resample",
    "save_wav",
]

ASR_RATE = 16000


class AudioError(KioskError):
    """A problem with audio input/output (unreadable, damaged, playback failed)."""

    code = "audio"


class MicrophoneUnavailable(AudioError):
    """No usable input (or output) device."""

    code = "no_microphone"
    message_key = "err_no_mic"


@dataclass(frozen=True)
class AudioClip:
    samples: np.ndarray  # float32 mono in [-1, 1]
    sample_rate: int

    @property
    def duration_s(self) -> float:
        return len(self.samples) / self.sample_rate if self.sample_rate > 0 else 0.0


def _as_clip(samples: np.ndarray, sample_rate: int) -> AudioClip:
    x = np.asarray(samples, dtype=np.float32)
    if x.ndim == 2:
        x = x.mean(axis=1, dtype=np.float32)
    x = np.nan_to_num(x.ravel(), nan=0.0, posinf=1.0, neginf=-1.0)
    return AudioClip(np.clip(x, -1.0, 1.0).astype(np.float32, copy=False), int(sample_rate))


def load_audio(path: str | Path) -> AudioClip:
    """Read WAV/FLAC/OGG (anything libsndfile reads) into a mono float32 clip at the file's own rate."""
    p = Path(path)
    if not p.is_file():
        raise AudioError(f"Audio file not found: {p.name}")
    if p.stat().st_size == 0:
        raise AudioError(f"The audio file {p.name} is empty.")
    try:
        data, rate = sf.read(str(p), dtype="float32", always_2d=True)
    except (sf.LibsndfileError, RuntimeError, ValueError, OSError) as exc:
        log.info("unreadable audio file (%d bytes): %s", p.stat().st_size, type(exc).__name__)
        raise AudioError(f"{p.name} is not a readable audio file (use WAV, FLAC or OGG).") from exc
    if data.shape[0] == 0:
        raise AudioError(f"The audio file {p.name} contains no sound samples.")
    if rate <= 0:
        raise AudioError(f"{p.name} has an invalid sample rate.")
    return _as_clip(data, rate)


def resample(clip: AudioClip, rate: int = ASR_RATE) -> AudioClip:
    """High-quality resampling (libsoxr)."""
    if clip.sample_rate == rate:
        return clip
    if len(clip.samples) == 0:
        return AudioClip(np.zeros(0, np.float32), rate)
    y = soxr.resample(clip.samples, clip.sample_rate, rate)
    return _as_clip(y, rate)


def save_wav(clip: AudioClip, path: str | Path) -> None:
    """16-bit PCM WAV."""
    try:
        sf.write(str(path), np.clip(clip.samples, -1.0, 1.0), clip.sample_rate, subtype="PCM_16")
    except (sf.LibsndfileError, RuntimeError, OSError) as exc:
        raise AudioError(f"Could not write audio file {Path(path).name}.") from exc


# ---- VAD endpointing ------------------------------------------------------------------------------

def _speech_spans(samples_16k: np.ndarray, threshold: float, min_speech_ms: int,
                  min_silence_ms: int) -> list[dict[str, int]]:
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    opts = VadOptions(threshold=threshold, min_speech_duration_ms=min_speech_ms,
                      min_silence_duration_ms=min_silence_ms, speech_pad_ms=0)
    audio = np.ascontiguousarray(samples_16k, dtype=np.float32)
    return list(get_speech_timestamps(audio, opts, sampling_rate=ASR_RATE))


def endpoint(samples_16k: np.ndarray, *, end_silence_ms: int = 700, threshold: float = 0.5,
             min_speech_ms: int = 250, pad_ms: int = 200, final: bool = True) -> tuple[int, int] | None:
    """Find the utterance in 16 kHz mono audio with Silero VAD.

    Returns (start, end) sample indexes (padded by `pad_ms`) spanning all speech, or None when there is no speech.
    With final=False (live capture) it also returns None until the speech has been followed by at least
    `end_silence_ms` of silence, i.e. until the speaker has finished.
    """
    x = np.asarray(samples_16k, dtype=np.float32).ravel()
    if len(x) < ASR_RATE // 10:
        return None
    spans = _speech_spans(x, threshold, min_speech_ms, end_silence_ms)
    if not spans:
        return None
    start, end = spans[0]["start"], spans[-1]["end"]
    if not final and len(x) - end < end_silence_ms * ASR_RATE // 1000:
        return None
    pad = pad_ms * ASR_RATE // 1000
    return max(0, start - pad), min(len(x), end + pad)


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
        sd = _sd()
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


def play(clip: AudioClip, stop: threading.Event | None = None) -> None:
    """Play a clip on the default output; returns when done or when `stop` is set."""
    if len(clip.samples) == 0:
        return
    sd = _sd()
    try:
        sd.query_devices(kind="output")
        sd.play(clip.samples, clip.sample_rate)
    except Exception as exc:
        raise MicrophoneUnavailable("No speaker/audio output found; the answer is shown on screen.") from exc
    deadline = time.monotonic() + clip.duration_s + 1.0
    try:
        while time.monotonic() < deadline:
            if stop is not None and stop.is_set():
                break
            time.sleep(0.05)
    finally:
        sd.stop()
