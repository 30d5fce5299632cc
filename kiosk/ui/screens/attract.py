"""The attract screen: "touch to start" in every language; a touch anywhere (or Enter) starts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout

from kiosk.i18n import tr
from kiosk.languages import UI_LANGUAGES
from kiosk.ui.screens.base import Screen
from kiosk.ui.widgets import button, label

if TYPE_CHECKING:
    from kiosk.ui.window import KioskWindow


class AttractScreen(Screen):
    def __init__(self, win: KioskWindow) -> None:
        super().__init__(win)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(40, 30, 40, 30)
        self.title = label("", "title", center=True)
        lay.addWidget(self.title)
        lay.addStretch(1)
        grid = QGridLayout()
        self.lines: list[QLabel] = []
        for i, code in enumerate(UI_LANGUAGES):
            lab = label(tr(code, "attract_touch"), "body", center=True, lang=code)
            self.lines.append(lab)
            grid.addWidget(lab, i // 2, i % 2)
        lay.addLayout(grid)
        lay.addStretch(1)
        self.start = button("", "big", primary=True)
        self.start.clicked.connect(lambda: win.show_screen("language"))
        lay.addWidget(self.start, alignment=Qt.AlignmentFlag.AlignCenter)

    def retranslate(self) -> None:
        self.title.setText(f"{tr('ko', 'app_title')} · {tr('en', 'app_title')}")
        self.title.setProperty("lang", "ko")
        self.start.setText(f"{tr('ko', 'start')} / {tr('en', 'start')}")
        self.start.setProperty("lang", "ko")

    def spoken(self) -> str:
        return f"{tr('ko', 'attract_touch')}. {tr('en', 'attract_touch')}"

    def mousePressEvent(self, event: Any) -> None:  # touch anywhere
        self.win.show_screen("language")
