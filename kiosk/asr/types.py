"""What speech recognition hands out: a Transcript of Segments, with Whisper's confidence heuristics."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.asr.confidence import CALIBRATED, TRANSLATE, Confidence, assess, signals
from kiosk.errors import KioskError

# Confidence thresholds (Whisper's own hallucination heuristics plus a language-id floor).
MIN_LANGUAGE_PROBABILITY = 0.5
MAX_NO_SPEECH_PROB = 0.6
MIN_AVG_LOGPROB = -1.0


class TranscriptionError(KioskError, ValueError):
    """A request speech recognition cannot serve (unknown task or language hint); the text is operator-facing."""

    code = "bad_input"


@dataclass(frozen=True)
class Segment:
    """One stretch of recognized speech."""

    start: float
    end: float
    text: str
    avg_logprob: float
    no_speech_prob: float
    word_probs: tuple[float, ...] = ()  # the recognised words' probabilities (punctuation left out), when the
    # decoder computed them (faster-whisper's word alignment); empty: unknown. Used by the confidence model.


@dataclass(frozen=True)
class Transcript:
    """What was heard, in which language, and how sure Whisper is."""

    text: str
    language: str  # ISO 639-1 ("" when nothing was heard)
    language_probability: float
    duration_s: float  # audio duration considered
    segments: tuple[Segment, ...]
    model: str
    seconds: float  # processing time
    truncated: bool = False  # the recording held more speech than MAX_SPEECH_SECONDS: the rest was not transcribed
    language_given: bool = False  # the language was set (chosen on screen), not detected
    task: str = "transcribe"  # or "translate" (Whisper's speech -> English)
    dropped_s: float = 0.0  # seconds of speech not transcribed (beyond MAX_SPEECH_SECONDS); 0 unless truncated
    settled: bool = True  # False: a speculative (single greedy decode) transcript that Whisper's full decoding
    # would have redone at a higher temperature, or that hit its token cap: never to be used as the final text

    @property
    def assessment(self) -> Confidence:
        """Whether to act on this transcript, from Whisper's own signals (thresholds calibrated on real speech:
        benchmarks/calibrate_confidence.py), and the first reason not to."""
        sig = signals(self.segments, self.language, self.language_probability, self.duration_s,
                      language_given=self.language_given)
        # the fitted model was fitted on transcription, not on the translate task: that keeps Whisper's own bounds
        return assess(sig, TRANSLATE, models=()) if self.task == "translate" else assess(sig, CALIBRATED)

    @property
    def confident(self) -> bool:
        """False when the kiosk should ask the traveler to repeat (or to choose their language)."""
        return bool(self.text.strip()) and self.assessment.ok
