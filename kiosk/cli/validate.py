"""Checks at the command line's boundary: a value the kiosk cannot use is one clear error (exit 2), never a
silently wrong answer. Used for command options (`argparse` types) and for the fields of `ask --batch` lines.

Each check returns the clean value or raises `InputError` (code "bad_input") with a one-line reason.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
from collections.abc import Callable
from typing import Any

from kiosk.errors import KioskError

MAX_AGE = 130
RATE_RANGE = (0.5, 2.0)
"""Speaking rates a voice is intelligible at (0.8 is the accessibility mode's)."""
MAX_DAYS_AHEAD = 366
"""An arrival further ahead is a typo: the rule tables and exchange rates cannot answer for it."""


class InputError(KioskError):
    """A command-line value or batch field the kiosk cannot use."""

    code = "bad_input"


def language(code: str) -> str:
    """A supported language code, normalized ('KO-kr' -> 'ko'); UnsupportedLanguage (exit 2) otherwise."""
    from kiosk import languages

    return languages.normalize(code)


def age(value: object) -> int:
    if isinstance(value, str):  # from the command line
        try:
            value = int(value.strip())
        except ValueError:
            raise InputError("age must be a whole number of years") from None
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(f"age must be a whole number of years, not {_show(value)}")
    if not 0 <= value <= MAX_AGE:
        raise InputError(f"age must be between 0 and {MAX_AGE}, not {value}")
    return value


def rate(value: object) -> float:
    try:
        x = math.nan if isinstance(value, bool) else float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        x = math.nan
    lo, hi = RATE_RANGE
    if not math.isfinite(x) or not lo <= x <= hi:
        raise InputError(f"speaking rate must be a number from {lo} to {hi} (1.0 normal, 0.8 slower), "
                         f"not {_show(value, text=True)}")
    return x


def seconds(value: object) -> float:
    """A positive, finite duration in seconds."""
    try:
        x = math.nan if isinstance(value, bool) else float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        x = math.nan
    if not math.isfinite(x) or x <= 0:
        raise InputError(f"seconds must be a positive number, not {_show(value, text=True)}")
    return x


def date(value: object) -> dt.date:
    if not isinstance(value, str):
        raise InputError(f"arrival must be a date YYYY-MM-DD, not {_show(value)}")
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise InputError(f"arrival must be a date YYYY-MM-DD, not {_show(value, text=True)}") from None


def arrival(day: dt.date | None, table: Any) -> dt.date | None:
    """An arrival day the rule table answers for: on or after the day from which every one of its rules is in
    force in some version, and at most a year ahead of today."""
    if day is None:
        return None
    from kiosk.rules import engine

    first: dict[str, dt.date] = {}
    for r in table.rules:
        first[r.id] = min(first.get(r.id, r.effective_from), r.effective_from)
    covered = max(first.values()) if first else dt.date.min
    if day < covered:
        raise InputError(f"arrival {day.isoformat()} is before the {table.jurisdiction} rule table covers "
                         f"(from {covered.isoformat()}): the kiosk cannot answer for that day")
    latest = engine.today() + dt.timedelta(days=MAX_DAYS_AHEAD)
    if day > latest:
        raise InputError(f"arrival {day.isoformat()} is more than a year ahead (latest {latest.isoformat()})")
    return day


def session_id(value: object) -> str:
    """A batch conversation's id: a non-empty string, keyed exactly as given (`123` and `"123"` never merge)."""
    if not isinstance(value, str):
        raise InputError(f'"session" must be a non-empty string, not {_show(value)}')
    if not value.strip():
        raise InputError('"session" must be a non-empty string (an empty id would join unrelated travelers)')
    return value


def arg(check: Callable[[Any], Any]) -> Callable[[str], Any]:
    """`check` as an argparse `type=`: its InputError becomes argparse's one-line usage error (exit 2)."""
    def convert(text: str) -> Any:
        try:
            return check(text)
        except KioskError as exc:
            raise argparse.ArgumentTypeError(exc.detail) from None

    convert.__name__ = check.__name__
    return convert


def _show(value: object, text: bool = False) -> str:
    """What a bad value was, without echoing free text (a batch line may hold personal words); `text`: a short
    string is shown (a number or a date as typed)."""
    if text and isinstance(value, str) and len(value) <= 16 and value.isprintable():
        return repr(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        shown = repr(value)
        return shown if len(shown) <= 24 else shown[:21] + "..."
    if value is None:
        return "null"
    return {bool: "true/false", str: "that text", list: "a list", dict: "an object"}.get(type(value), "that")
