"""The read-ahead both speech streams use (kiosk/tts/ahead.py): order, errors, stopping."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest

from kiosk.tts.ahead import ReadAhead


def test_items_come_in_order_and_an_error_reaches_the_consumer() -> None:
    def produce(put: Callable[[int], None], stopped: Callable[[], bool]) -> None:
        for i in range(5):
            put(i)
        raise ValueError("synthesis failed")

    got: list[int] = []
    with pytest.raises(ValueError, match="synthesis failed"):
        for x in ReadAhead(produce, maxsize=1, name="t"):
            got.append(x)
    assert got == [0, 1, 2, 3, 4]


def test_close_stops_the_producer_and_forgets_its_thread() -> None:
    done = threading.Event()
    threads: set[threading.Thread] = set()

    def produce(put: Callable[[int], None], stopped: Callable[[], bool]) -> None:
        n = 0
        while not stopped():
            put(n)
            n += 1
        done.set()

    ahead = ReadAhead(produce, maxsize=2, name="t", threads=threads)
    it = iter(ahead)
    assert [next(it), next(it), next(it)] == [0, 1, 2]
    assert len(threads) == 1
    ahead.close()
    assert done.wait(2.0)
    worker = next(iter(threads), None)
    if worker is not None:
        worker.join(2.0)
    assert threads == set()
