"""The typed events of a turn. The pipeline yields them; the Qt UI and the CLI only render them.

Every event carries `t`, seconds on the monotonic clock (`time.monotonic()`) when it happened, so a renderer can
measure each stage, and `to_json()` for `kiosk converse --json` (no audio samples; text only where the renderer
shows it to the same person who said it).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from kiosk.errors import Status

if TYPE_CHECKING:
    from kiosk.asr import Transcript
    from kiosk.assistant import Answer
    from kiosk.audio import AudioClip
    from kiosk.declaration import Declaration
    from kiosk.interpret import Turn
    from kiosk.rules.model import Item
    from kiosk.tts import SpeechChunk

Side = Literal["traveler", "officer"]


def _now() -> float:
    return time.monotonic()


@dataclass(frozen=True, kw_only=True)
class Event:
    """Base of every pipeline event."""

    t: float = field(default_factory=_now)
    """Monotonic time of the event, seconds."""

    @property
    def kind(self) -> str:
        return type(self).__name__

    def payload(self) -> dict[str, Any]:
        return {}

    def to_json(self) -> dict[str, Any]:
        return {"event": self.kind, "t": round(self.t, 4), **self.payload()}


@dataclass(frozen=True, kw_only=True)
class Listening(Event):
    """The microphone is open for `side`; speech is awaited."""

    side: Side = "traveler"

    def payload(self) -> dict[str, Any]:
        return {"side": self.side}


@dataclass(frozen=True, kw_only=True)
class Recorded(Event):
    """An utterance was captured (kept in the session until reset)."""

    audio: AudioClip
    side: Side = "traveler"

    def payload(self) -> dict[str, Any]:
        return {"side": self.side, "seconds": round(self.audio.duration_s, 3)}


@dataclass(frozen=True, kw_only=True)
class Thinking(Event):
    """Speech is being recognized / the answer is being made."""

    side: Side = "traveler"
    step: str = "understand"

    def payload(self) -> dict[str, Any]:
        return {"side": self.side, "step": self.step}


@dataclass(frozen=True, kw_only=True)
class Heard(Event):
    """What the speech recognizer heard, and the language the session now uses."""

    transcript: Transcript
    language: str
    """The language decided for the session (the detected one, or the one chosen on screen)."""
    confirmed: bool = False
    """Recognition was unsure of these words and the traveler confirmed them ("yes, that's right" after
    CheckHeard): the turn is answered as speech and recorded as confirmed (the officer's desk shows it)."""

    def payload(self) -> dict[str, Any]:
        tr = self.transcript
        out = {"text": tr.text, "language": self.language, "detected": tr.language,
               "language_probability": round(tr.language_probability, 4), "asr_seconds": round(tr.seconds, 3)}
        if self.confirmed:
            out["confirmed"] = True
        return out


@dataclass(frozen=True, kw_only=True)
class CheckHeard(Event):
    """Speech recognition is not sure of the words (but heard some, in a kiosk language): instead of "please
    repeat", show what was heard and the facts in it that decide the verdict (item, count, volume, amount, whose),
    with one touch "yes, that's right" — answered by `Pipeline.traveler_turn(session, heard=transcript)` — or say
    it again. Nothing was answered or recorded in the conversation yet; the turn ends after this event."""

    transcript: Transcript
    language: str
    facts: tuple[Item, ...]
    """The items parsed from the heard words (empty when none: then the words alone are shown)."""
    reason: str
    """Why recognition is unsure (kiosk.asr.confidence reason, e.g. "low_logprob")."""

    def payload(self) -> dict[str, Any]:
        return {"text": self.transcript.text, "language": self.language, "reason": self.reason,
                "facts": [f.to_json() for f in self.facts]}


@dataclass(frozen=True, kw_only=True)
class Answered(Event):
    """The rule-grounded answer for the whole conversation so far."""

    answer: Answer

    def payload(self) -> dict[str, Any]:
        return {"answer": self.answer.to_json()}


@dataclass(frozen=True, kw_only=True)
class Translated(Event):
    """One interpretation turn: original + translation (or a flagged request to repeat)."""

    turn: Turn

    def payload(self) -> dict[str, Any]:
        return {"turn": self.turn.to_dict()}


@dataclass(frozen=True, kw_only=True)
class Speaking(Event):
    """One synthesized chunk of the reply, ready (and, when the pipeline plays audio, being played)."""

    chunk: SpeechChunk
    lang: str

    def payload(self) -> dict[str, Any]:
        c = self.chunk
        return {"index": c.index, "lang": self.lang, "seconds": round(len(c.samples) / c.sample_rate, 3)}


@dataclass(frozen=True, kw_only=True)
class Drafted(Event):
    """The declaration drafted from the basket: every item not clearly within the allowance is on it."""

    declaration: Declaration
    needed: bool
    """A form is needed (something to declare, or a verdict still open); False: the green channel."""
    allowance: tuple[float, str] | None = None
    """Each person's own duty-free allowance in force (value, currency), for a family's form."""

    def payload(self) -> dict[str, Any]:
        return {"needed": self.needed, "items": len(self.declaration.items)}


@dataclass(frozen=True, kw_only=True)
class Done(Event):
    """The turn is over. `result` is the Answer (traveler turn, basket edit), the Turn (interpretation) or the
    Declaration (declaration draft), None if stopped."""

    result: Answer | Turn | Declaration | None = None
    stopped: bool = False

    def payload(self) -> dict[str, Any]:
        return {"stopped": self.stopped}


@dataclass(frozen=True, kw_only=True)
class Failed(Event):
    """The turn ended in a failure the person is told about (message_key) and the operator can fix (detail/fix)."""

    status: Status

    def payload(self) -> dict[str, Any]:
        return {"status": self.status.to_dict()}


TurnEvent = (Listening | Recorded | Thinking | Heard | CheckHeard | Answered | Translated | Speaking | Drafted | Done
             | Failed)
