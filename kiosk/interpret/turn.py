"""One turn of an interpretation: who spoke, what was heard, its translation, how sure the kiosk is."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from kiosk.asr.types import Transcript
from kiosk.audio import AudioClip
from kiosk.interpret.hazards import Hazard

Side = Literal["officer", "traveler"]
SIDES: tuple[str, ...] = ("officer", "traveler")
# Shown instead of passing a doubtful transcription/translation on silently.
REPEAT_MESSAGE = "Please repeat: the kiosk is not sure it understood."


@dataclass(frozen=True)
class Turn:
    side: str  # "officer" | "traveler"
    original: str
    translation: str
    source_lang: str
    target_lang: str
    confidence: float
    flagged: bool
    engine: str  # "nllb" | "llm" | "whisper" | "identity"
    timestamp: datetime
    audio: AudioClip | None = None  # for replay; never exported
    note: str = ""  # why it was flagged / which fallback was used (no personal data)
    asr_seconds: float = 0.0
    translate_seconds: float = 0.0
    hazards: tuple[Hazard, ...] = ()  # hazard words the traveler said, shown to the officer in Korean
    system: bool = False  # the kiosk's own message (e.g. "please repeat"), not words of either person

    @property
    def trust(self) -> str:
        """How far to trust what the listener reads: "system" (the kiosk asks to repeat instead), "standard" (a
        phrasebook sentence), "same" (no translation needed), "machine" (a model's translation, may be wrong)."""
        if self.flagged or self.system:
            return "system"
        if self.engine == "phrasebook":
            return "standard"
        return "same" if self.engine == "identity" else "machine"

    @property
    def checked(self) -> bool:
        """A phrasebook sentence whose translation a translator has checked (its review note says so)."""
        return self.engine == "phrasebook" and "reviewed-by:" in self.note

    @property
    def message(self) -> str:
        """What the UI shows the listener: the translation, or a request to repeat."""
        return REPEAT_MESSAGE if self.flagged else self.translation

    def to_dict(self) -> dict[str, Any]:
        return {
            "side": self.side, "original": self.original, "translation": self.translation,
            "source_lang": self.source_lang, "target_lang": self.target_lang,
            "confidence": round(self.confidence, 4), "flagged": self.flagged, "engine": self.engine,
            "timestamp": self.timestamp.isoformat(), "note": self.note,
            "asr_seconds": round(self.asr_seconds, 3), "translate_seconds": round(self.translate_seconds, 3),
            "hazards": [h.to_dict() for h in self.hazards], "system": self.system,
        }



def transcript_confidence(tr: Transcript) -> float:
    """0..1 from Whisper: language probability times the mean token probability of the segments."""
    segs = tr.segments
    if not tr.text.strip() or not segs:
        return 0.0
    total = sum(max(s.end - s.start, 0.01) for s in segs)
    logprob = sum(s.avg_logprob * max(s.end - s.start, 0.01) for s in segs) / total
    return max(0.0, min(1.0, math.exp(logprob) * max(tr.language_probability, 0.0) ** 0.5))
