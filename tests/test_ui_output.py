"""The full-screen kiosk lays out for the output it is given (issue 25 item 6): the size the compositor gives the
window decides portrait/landscape and pixels per millimetre; nothing forces a geometry on the compositor. The real
session under cage at three output sizes: tests/test_cage_session.py."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from kiosk.pipeline import Pipeline
from kiosk.ui.display import adopt_output, px_per_mm, resolution
from kiosk.ui.window import KioskWindow


@pytest.fixture()
def follower(qtbot: Any) -> Iterator[KioskWindow]:
    win = KioskWindow(Pipeline(play_audio=False))
    qtbot.addWidget(win)
    win.follows_output = True  # as run_app sets it for the full-screen kiosk
    win.show()
    qtbot.waitExposed(win)
    yield win
    adopt_output(None)
    win.shutdown()


def test_layout_follows_the_window_size(follower: KioskWindow, qtbot: Any) -> None:
    assert resolution() == (1080, 1920)  # the configured 32" portrait panel
    assert follower.picker_screen.columns == 2  # portrait: two columns of tiles
    portrait_ppm = px_per_mm(follower)
    follower.set_accessibility(True)
    assert follower.stacks()  # accessibility on a portrait panel: one control per line
    follower.resize(1920, 1080)  # the compositor's configure: a landscape output
    qtbot.waitUntil(lambda: resolution() == (1920, 1080))
    assert not follower.stacks()  # landscape: rows stay rows
    picker = follower.picker_screen
    qtbot.waitUntil(lambda: picker.columns == 3)  # the touch picker built for the portrait panel: three columns now
    tile = next(iter(picker.tiles.values()))
    assert picker.grid.getItemPosition(picker.grid.indexOf(tile))[:2] == (0, 0)
    assert {picker.grid.getItemPosition(picker.grid.indexOf(b))[1] for b in picker.tiles.values()} == {0, 1, 2}
    follower.set_accessibility(False)
    qtbot.wait(100)  # the normal-size layout first (the larger text had grown the minimum size)
    follower.resize(1280, 720)
    qtbot.waitUntil(lambda: resolution() == (1280, 720))
    # the same 32" panel at 720p: fewer pixels per millimetre, so text keeps its size in millimetres
    assert px_per_mm(follower) == pytest.approx(portrait_ppm * 1280 / 1920, rel=1e-6)
    start = follower.screens["attract"].start  # type: ignore[attr-defined]
    follower.show_screen("attract")
    qtbot.wait(50)
    top_left = start.mapTo(follower, start.rect().topLeft())
    assert follower.size().toTuple() == (1280, 720)
    assert follower.rect().contains(start.rect().translated(top_left))  # the start button whole on the output


def test_a_window_not_following_keeps_the_configured_panel(qtbot: Any) -> None:
    win = KioskWindow(Pipeline(play_audio=False))
    qtbot.addWidget(win)
    win.show()
    win.resize(1280, 720)
    qtbot.wait(20)
    assert resolution() == (1080, 1920)
    win.shutdown()
