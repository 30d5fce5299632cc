"""Boundary types of the translation layer (no Qt, no model imports)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from kiosk.errors import KioskError

Engine = Literal["phrasebook", "nllb", "m2m100", "marian", "llm", "whisper", "identity"]

# A translation whose confidence is below this is flagged: the kiosk asks to repeat instead of passing it on.
FLAG_BELOW = 0.35
# Longest input accepted in one call (characters). Longer input is refused with a clear message.
MAX_CHARS = 4000


class TranslationError(KioskError):
    """Translation cannot be done (bad input, unsupported language, unusable model). Message is user-safe."""

    code = "translation"


@dataclass(frozen=True)
class Translation:
    text: str
    source_lang: str  # ISO 639-1
    target_lang: str  # ISO 639-1
    engine: Engine
    confidence: float  # 0..1
    flagged: bool  # low confidence -> "please repeat"
    seconds: float
    note: str = ""  # why it was flagged or which fallback was used (no user text)
    phrase_id: str | None = None  # the phrasebook sentence, when engine == "phrasebook"

    def to_dict(self) -> dict[str, object]:
        return {
            "text": self.text, "source_lang": self.source_lang, "target_lang": self.target_lang,
            "engine": self.engine, "confidence": round(self.confidence, 4), "flagged": self.flagged,
            "seconds": round(self.seconds, 4), "note": self.note, "phrase_id": self.phrase_id,
        }
