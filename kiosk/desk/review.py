"""The desk's review of one scanned declaration: per person, each item with the kiosk's verdict, the rule and
article, its assumptions and uncertain facts; and the officer's choices while deciding (Qt-free: the Review screen
renders it, the tests drive it)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from kiosk.desk.advice import ItemAdvice
from kiosk.desk.decision import Decision, ItemDecision
from kiosk.desk.payload import DeskPayload


@dataclass(frozen=True)
class PersonItems:
    owner: str
    """"me" or the family member's id."""
    indexes: tuple[int, ...]
    """Positions in the advice's items."""


@dataclass
class Review:
    payload: DeskPayload
    verdicts: dict[int, str] = field(default_factory=dict)
    reasons: dict[int, str] = field(default_factory=dict)
    values: dict[int, float] = field(default_factory=dict)
    outcome: str = ""

    @property
    def items(self) -> tuple[ItemAdvice, ...]:
        return self.payload.advice.items if self.payload.advice is not None else ()

    @property
    def people(self) -> tuple[PersonItems, ...]:
        owners = list(dict.fromkeys(["me", *(i.owner for i in self.items)]))
        groups = [PersonItems(o, tuple(n for n, i in enumerate(self.items) if i.owner == o)) for o in owners]
        return tuple(g for g in groups if g.indexes)

    @property
    def can_decide(self) -> bool:
        """Only a readable payload with the kiosk's advice can be decided on here (an altered one too: the
        officer decides on what they see, and the log records the status)."""
        return self.payload.advice is not None

    def set_verdict(self, index: int, verdict: str, reason: str | None = None) -> None:
        """The officer's verdict for one item; back to the kiosk's verdict means confirmed."""
        kiosk = self.items[index].verdict
        self.verdicts[index] = verdict
        if verdict == kiosk and index not in self.values:
            self.reasons[index] = "confirmed"
        elif reason is not None:
            self.reasons[index] = reason
        elif self.reasons.get(index, "confirmed") == "confirmed":
            self.reasons[index] = "other"

    def set_reason(self, index: int, reason: str) -> None:
        self.reasons[index] = reason

    def suggested_outcome(self) -> str:
        verdicts = [self.verdicts.get(n, i.verdict) for n, i in enumerate(self.items)]
        if "prohibited" in verdicts:
            return "detained"
        if "restricted" in verdicts or "unclear" in verdicts:
            return "held_for_inspection"
        return "duty_assessed" if "declare" in verdicts else "cleared"

    def decision(self, decided_at: dt.datetime, *, duty_krw: float | None = None, desk_id: str = "") -> Decision:
        items = tuple(ItemDecision(n, self.verdicts.get(n, a.verdict), self.reasons.get(n, "confirmed"),
                                   value=self.values.get(n))
                      for n, a in enumerate(self.items))
        return Decision(self.payload, items, self.outcome or self.suggested_outcome(), decided_at,
                        duty_krw=duty_krw, desk_id=desk_id)
