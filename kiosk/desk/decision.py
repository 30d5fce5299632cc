"""The officer's decision on a reviewed declaration: per item confirm or change the kiosk's verdict with a reason
code, and the final outcome. `Decision.record()` is what goes to the decision log: language, categories, amounts,
verdicts, rule ids, table version, kiosk id, times — no name, passport, face or free text (checked here)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from kiosk.desk.advice import ItemAdvice
from kiosk.desk.payload import DeskPayload
from kiosk.rules.model import SEVERITY, VERDICTS

# Reason codes (the list); "confirmed" only where the officer's verdict is the kiosk's.
REASONS: tuple[str, ...] = ("confirmed", "value_differs", "item_differs", "quantity_differs", "exemption_applies",
                            "rule_misapplied", "other")
# The final outcome at the desk.
OUTCOMES: tuple[str, ...] = ("cleared", "duty_assessed", "held_for_inspection", "detained")
RECORD_VERSION = "desk-decision/1"
_CODE = re.compile(r"^[A-Za-z0-9_.:/@+\-]{0,80}$")  # every string in a record is a code, never text


class DecisionError(ValueError):
    """A decision that cannot be recorded (a changed verdict without a reason, an unknown code...)."""


@dataclass(frozen=True)
class ItemDecision:
    """The officer's say on one item the kiosk advised on (`index` into the advice's items)."""

    index: int
    verdict: str
    reason: str = "confirmed"
    value: float | None = None
    """The value the officer established (in the item's currency), when it differs."""
    quantity: float | None = None
    rule_id: str = ""
    """The rule the officer applied, when not the kiosk's."""


@dataclass(frozen=True)
class Decision:
    payload: DeskPayload
    items: tuple[ItemDecision, ...]
    outcome: str
    decided_at: dt.datetime
    duty_krw: float | None = None
    desk_id: str = ""

    def __post_init__(self) -> None:
        advice = self.payload.advice
        if advice is None:
            raise DecisionError("no kiosk advice to decide on (unreadable or a plain declaration)")
        if self.outcome not in OUTCOMES:
            raise DecisionError(f"unknown outcome {self.outcome!r}")
        if sorted(d.index for d in self.items) != list(range(len(advice.items))):
            raise DecisionError("every item needs exactly one decision")
        for d in self.items:
            kiosk = advice.items[d.index]
            if d.verdict not in VERDICTS or d.reason not in REASONS:
                raise DecisionError(f"item {d.index}: unknown verdict or reason ({d.verdict}, {d.reason})")
            if d.reason == "confirmed" and (d.verdict != kiosk.verdict or d.value is not None
                                            or d.quantity is not None):
                raise DecisionError(f"item {d.index}: a changed item needs a reason code other than 'confirmed'")
            if d.rule_id and not _CODE.match(d.rule_id):
                raise DecisionError(f"item {d.index}: a rule id is a code, not text")

    def record(self) -> dict[str, Any]:
        """The log record (text-free)."""
        advice = self.payload.advice
        assert advice is not None  # checked in __post_init__
        items = [_item_record(advice.items[d.index], d) for d in sorted(self.items, key=lambda d: d.index)]
        rec: dict[str, Any] = {
            "v": RECORD_VERSION, "decided_at": self.decided_at.astimezone(dt.UTC).isoformat(timespec="seconds"),
            "payload": self.payload.digest, "status": self.payload.status, "kiosk": advice.kiosk_id,
            "table": advice.table_version, "lang": advice.language, "kiosk_verdict": advice.verdict,
            "outcome": self.outcome, "items": items,
        }
        if self.desk_id:
            rec["desk"] = self.desk_id
        if self.duty_krw is not None:
            rec["duty_krw"] = round(float(self.duty_krw))
        text_free(rec)
        return rec

    @property
    def changed(self) -> tuple[ItemDecision, ...]:
        advice = self.payload.advice
        assert advice is not None
        return tuple(d for d in self.items if d.reason != "confirmed")


def _num(x: float | None) -> float | int | None:
    if x is None:
        return None
    return int(x) if float(x).is_integer() else round(float(x), 2)


def _item_record(a: ItemAdvice, d: ItemDecision) -> dict[str, Any]:
    return {"category": a.category, "kind": a.kind, "owner": "me" if a.owner == "me" else "member",
            "quantity": _num(a.quantity), "unit": a.unit, "value": _num(a.value), "currency": a.currency,
            "value_usd": _num(a.value_usd), "volume_ml": _num(a.volume_ml),
            "kiosk_verdict": a.verdict, "kiosk_rule": a.rule_id, "assumed": bool(a.assumptions),
            "low_confidence": list(a.low_confidence),
            "officer_verdict": d.verdict, "reason": d.reason, "officer_rule": d.rule_id or a.rule_id,
            "officer_value": _num(d.value), "officer_quantity": _num(d.quantity)}


def text_free(obj: Any, where: str = "record") -> None:
    """Raise DecisionError when any string in obj is not a short code (names and free text never get logged)."""
    if isinstance(obj, Mapping):
        for k, v in obj.items():
            text_free(v, f"{where}.{k}")
    elif isinstance(obj, Sequence) and not isinstance(obj, str):
        for n, v in enumerate(obj):
            text_free(v, f"{where}[{n}]")
    elif isinstance(obj, str) and not _CODE.match(obj) and not _is_time(obj):
        raise DecisionError(f"{where} holds text, not a code: refused (no free text in the decision log)")


def _is_time(s: str) -> bool:
    try:
        dt.datetime.fromisoformat(s)
    except ValueError:
        return False
    return True


def direction(kiosk: str, officer: str) -> str:
    """"agree", "kiosk_milder" (the officer was stricter: the dangerous kind when the kiosk said allowed) or
    "kiosk_stricter" (over-declaration)."""
    if kiosk == officer:
        return "agree"
    return "kiosk_milder" if SEVERITY.get(kiosk, 1) < SEVERITY.get(officer, 1) else "kiosk_stricter"
