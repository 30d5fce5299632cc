"""`kiosk report`: per-language accuracy, ASR error and latency on the project's evaluation sets."""

from __future__ import annotations

from kiosk.report.evalsets import LangRow, SetResult, error_rate, run_questions, run_speech
from kiosk.report.render import to_markdown, write_report

__all__ = ["LangRow", "SetResult", "error_rate", "run_questions", "run_speech", "to_markdown", "write_report"]
