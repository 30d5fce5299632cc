"""Widgets over and above the screens: the top bar (always visible) and the "are you still there?" warning."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

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
        box.setMinimumWidth(640)
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

    def retranslate(self, seconds: int) -> None:
        self.question.setText(self.win.t("still_there"))
        self.countdown.setText(self.win.t("reset_in", n=seconds))
        self.cont.setText(self.win.t("continue"))


class TopBar(QFrame):
    """Title, accessibility mode, call an officer, start over: one touch away from every screen."""

    def __init__(self, win: KioskWindow) -> None:
        super().__init__()
        lay = QHBoxLayout(self)
        lay.setContentsMargins(16, 8, 16, 8)
        self.title = label("", "big", wrap=True)
        lay.addWidget(self.title, 1)
        self.a11y = button("", "body", checkable=True)
        self.a11y.clicked.connect(lambda: win.set_accessibility(self.a11y.isChecked()))
        self.officer = button("", "body", officer=True)
        self.officer.clicked.connect(win.call_officer)
        self.restart = button("", "body")
        self.restart.clicked.connect(win.reset)
        for b in (self.a11y, self.officer, self.restart):
            lay.addWidget(b)
