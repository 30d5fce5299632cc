"""Widgets over and above the screens: the top bar (always visible) and the "are you still there?" warning."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QVBoxLayout, QWidget

from kiosk.ui.widgets import button, label

if TYPE_CHECKING:
    from kiosk.ui.window import KioskWindow


class StillThere(QFrame):
    """Shown `theme.countdown_s` (>= 20 s) before the idle reset; one touch (or Enter) gives more time."""

    def __init__(self, win: KioskWindow, parent: QWidget) -> None:
        super().__init__(parent)
        self.win = win
        self.setObjectName("overlay")
        lay = QVBoxLayout(self)
        box = QFrame()
        box.setObjectName("dialog")
        self.box = box  # as wide as the screen allows (see resizeEvent): 12 mm words need the room
        inner = QVBoxLayout(box)
        self.question = label("", "title", center=True)
        self.countdown = label("", "body", center=True)
        self.cont = button("", "big", primary=True)
        self.cont.clicked.connect(win.still_here)
        inner.addWidget(self.question)
        inner.addWidget(self.countdown)
        inner.addWidget(self.cont)
        lay.addStretch(1)
        lay.addWidget(box, 0, Qt.AlignmentFlag.AlignCenter)
        lay.addStretch(1)
        self.hide()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.box.setFixedWidth(max(320, round(self.width() * 0.9)))

    def retranslate(self, seconds: int) -> None:
        self.question.setText(self.win.t("still_there"))
        self.countdown.setText(self.win.t("reset_in", n=seconds))
        self.cont.setText(self.win.t("continue"))


class TopBar(QFrame):
    """Title, accessibility mode, call an officer, start over: one touch away from every screen. One row; two rows
    of half-width buttons in accessibility mode on a portrait screen (12 mm text)."""

    def __init__(self, win: KioskWindow) -> None:
        super().__init__()
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(16, 8, 16, 8)
        self.title = label("", "big", wrap=True)
        self.a11y = button("", "body", checkable=True)
        self.a11y.clicked.connect(lambda: win.set_accessibility(self.a11y.isChecked()))
        self.officer = button("", "body", officer=True)
        self.officer.clicked.connect(win.call_officer)
        self.restart = button("", "body")
        self.restart.clicked.connect(win.reset)
        self.switch: QWidget | None = None  # the officer's desk / interpretation switch (officer mode)
        self._two_rows: bool | None = None
        self.arrange(False)

    def add_switch(self, switch: QWidget) -> None:
        self.switch = switch
        two_rows, self._two_rows = bool(self._two_rows), None
        self.arrange(two_rows)

    def arrange(self, two_rows: bool) -> None:
        """Title | a11y | officer | start over in one row, or title | a11y over officer | start over."""
        if two_rows == self._two_rows:
            return
        self._two_rows = two_rows
        g = self.grid
        for old in (self.title, self.a11y, self.officer, self.restart, self.switch):
            if old is not None:
                g.removeWidget(old)
        for col in range(4):
            g.setColumnStretch(col, 0)
        if two_rows:
            g.addWidget(self.title, 0, 0)
            g.addWidget(self.a11y, 0, 1)
            g.addWidget(self.officer, 1, 0)
            g.addWidget(self.restart, 1, 1)
            if self.switch is not None:  # a row of its own: beside them it squeezed "Recommencer" (fr)
                g.addWidget(self.switch, 2, 0, 1, 2)
            g.setColumnStretch(0, 1)
            g.setColumnStretch(1, 1)
        else:
            row: tuple[QWidget, ...] = (self.title, self.a11y, self.officer, self.restart,
                                        *((self.switch,) if self.switch is not None else ()))
            for col, cell in enumerate(row):
                g.addWidget(cell, 0, col)
            g.setColumnStretch(0, 1)
