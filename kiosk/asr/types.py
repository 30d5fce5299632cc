"""What speech recognition hands out: a Transcript of Segments, with Whisper's confidence heuristics."""

from __future__ import annotations

from dataclasses import dataclass

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
    truncated: bool = False  # input was longer than MAX_SECONDS and was cut

    @property
    def confident(self) -> bool:
        """False when the UI should ask the traveler to repeat."""
        if not self.text.strip() or not self.segments:
            return False
        if self.language_probability < MIN_LANGUAGE_PROBABILITY:
            return False
        total = sum(max(s.end - s.start, 0.01) for s in self.segments)
        no_speech = sum(s.no_speech_prob * max(s.end - s.start, 0.01) for s in self.segments) / total
        logprob = sum(s.avg_logprob * max(s.end - s.start, 0.01) for s in self.segments) / total
        return no_speech < MAX_NO_SPEECH_PROB and logprob > MIN_AVG_LOGPROB
