"""Run by tests/test_clock.py in a child pytest: prints the system date the session sees (not collected by
default: its name does not start with test_)."""

import datetime as dt


def test_print_today() -> None:
    print(f"TODAY={dt.date.today().isoformat()}")
