"""Audio clips: load (WAV/FLAC/OGG), resample (libsoxr), save (16-bit WAV)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soundfile as sf
import soxr

from kiosk.audio.errors import AudioError

log = logging.getLogger(__name__)

ASR_RATE = 16000


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
    missing = wav_missing_bytes(p)
    if missing:
        declared, present = missing
        raise AudioError(f"The audio file {p.name} is damaged (truncated: {present} of {declared} bytes of sound; "
                         "record or copy it again).")
    return _as_clip(data, rate)


def wav_missing_bytes(path: Path) -> tuple[int, int] | None:
    """For a RIFF/WAVE file whose `data` chunk declares more bytes than the file holds (a copy or recording cut
    short — libsndfile then silently reads the shorter part): (declared, present). None when whole or not a WAV.
    A size of 0 or 0xFFFFFFFF (written by streaming recorders before they know it) counts as unknown, not cut."""
    with path.open("rb") as fh:
        head = fh.read(12)
        if len(head) < 12 or head[:4] != b"RIFF" or head[8:12] != b"WAVE":
            return None
        size = path.stat().st_size
        while True:
            chunk = fh.read(8)
            if len(chunk) < 8:
                return None
            cid, n = chunk[:4], int.from_bytes(chunk[4:], "little")
            if cid == b"data":
                present = size - fh.tell()
                return (n, present) if 0 < n < 0xFFFFFFFF and n > present else None
            fh.seek(n + (n & 1), 1)


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
