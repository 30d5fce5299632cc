"""Loader of the real-phrasing evaluation sets: tests/data/real/<name>.jsonl, one case a line (README.md there)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "real"


def path(name: str) -> Path:
    """The file of set `name` ("questions", "conversations", "fresh_questions", "fresh_conversations")."""
    return DATA / f"{name}.jsonl"


def load(name: str, split: str | None = None) -> list[dict[str, Any]]:
    """The cases of set `name` in file order; only those of `split` ("tuned" / "heldout") when given."""
    rows = [json.loads(x) for x in path(name).read_text(encoding="utf-8").splitlines() if x.strip()]
    return [r for r in rows if split is None or r["split"] == split]
