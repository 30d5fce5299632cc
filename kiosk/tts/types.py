"""The records text to speech hands out (VoiceChoice, SpeechChunk), its error, and what every engine offers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np

from kiosk.errors import KioskError


class TTSError(KioskError):
    """Speech cannot be produced (the answer stays on screen)."""

    code = "speech_output"


@dataclass(frozen=True)
class VoiceChoice:
    """The voice that speaks a language."""

    lang: str
    engine: str  # "piper" | "kokoro" | "espeak-ng"
    voice: str
    sample_rate: int


@dataclass(frozen=True)
class SpeechChunk:
    """One synthesized phrase or sentence of a streamed answer."""

    text: str
    samples: np.ndarray  # float32 mono in [-1, 1]
    sample_rate: int
    index: int
    # False when the chunk is a phrase cut from the middle of a sentence: play/join the next chunk right
    # after it (no sentence pause)
    sentence_end: bool = True


class Engine(Protocol):
    """A loaded voice: text in, float32 mono samples out."""

    sample_rate: int

    def synth(self, text: str, rate: float) -> np.ndarray: ...


def trim(audio: np.ndarray, rate: int, thresh: float = 0.01) -> np.ndarray:
    """Cut leading/trailing silence, keeping a 30 ms natural edge."""
    idx = np.flatnonzero(np.abs(audio) > thresh)
    if len(idx) == 0:
        return audio
    pad = int(0.03 * rate)
    return audio[max(0, idx[0] - pad): idx[-1] + pad]
