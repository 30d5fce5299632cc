"""Replay the officers' disagreements (disagreements.jsonl from `kiosk report --decisions`) against a rule table:
the evaluation set the next rule or lexicon update must pass. Each case is one item (category, amounts) with the
officer's verdict as the expected one; a case whose reason is about the traveler's facts (value, quantity or item
differed) is replayed with the officer's established value or quantity."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.rules.engine import RuleEngine
from kiosk.rules.model import Item


@dataclass(frozen=True)
class ReplayResult:
    n: int
    passed: int
    failures: tuple[dict[str, Any], ...]
    """The cases the table still answers differently from the officer (with "got")."""


def load_cases(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def case_item(case: Mapping[str, Any]) -> Item:
    value = case.get("officer_value") if case.get("officer_value") is not None else case.get("value")
    qty = case.get("officer_quantity") if case.get("officer_quantity") is not None else case.get("quantity")
    return Item(category=str(case["category"]), description="", quantity=qty, unit=case.get("unit") or None,
                volume_ml=case.get("volume_ml"), value=value, currency=case.get("currency") or None,
                kind=case.get("kind") or None)


def replay(cases: list[dict[str, Any]], engine: RuleEngine) -> ReplayResult:
    failures = []
    for case in cases:
        ev = engine.evaluate([case_item(case)])
        got = ev.item_verdicts[0] if ev.item_verdicts else ev.verdict
        if got != case["expected_verdict"]:
            failures.append({**case, "got": got})
    return ReplayResult(len(cases), len(cases) - len(failures), tuple(failures))
