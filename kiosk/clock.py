"""The kiosk's clock: the one place that says what day and time it is.

Answers depend on the date (the law in force on the arrival day, whether this week's exchange rates allow a duty
estimate), so code never calls `date.today()` itself: it asks this module, and tests pin the day with
`pinned(day)` (tests/conftest.py pins every test to the reference week of the shipped rates).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterator

__all__ = ["now", "pinned", "today"]

_pinned: Callable[[], dt.date] | None = None


def today() -> dt.date:
    """The local date: the pinned day inside `pinned(...)`, else the system's."""
    return _pinned() if _pinned is not None else dt.date.today()


def now() -> dt.datetime:
    """The current time, timezone-aware (UTC). Not pinned: timestamps record when something really happened."""
    return dt.datetime.now(dt.UTC)


@contextlib.contextmanager
def pinned(day: dt.date | Callable[[], dt.date]) -> Iterator[None]:
    """Within the block, `today()` is `day` (a date, or a function giving one)."""
    global _pinned
    before = _pinned
    _pinned = day if callable(day) else (lambda: day)
    try:
        yield
    finally:
        _pinned = before
