"""Choose a language (ten buttons, each in its own script), or just speak and let the first words decide."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QGridLayout, QPushButton, QVBoxLayout

from kiosk.i18n import tr
from kiosk.languages import LANGUAGES, UI_LANGUAGES
from kiosk.ui.screens.base import Screen
from kiosk.ui.widgets import button, label

if TYPE_CHECKING:
    from kiosk.ui.window import KioskWindow


class LanguageScreen(Screen):
    title_key = "choose_language"

    def __init__(self, win: KioskWindow) -> None:
        super().__init__(win)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(30, 10, 30, 10)
        self.title = label("", "title", center=True)
        self.title_ko = label("", "body", center=True, lang="ko")
        lay.addWidget(self.title)
        lay.addWidget(self.title_ko)
        grid = QGridLayout()
        grid.setSpacing(14)
        self.grid = grid
        self.columns = 0
        self.buttons: dict[str, QPushButton] = {}
        for code in UI_LANGUAGES:
            b = button(LANGUAGES[code].native, "big", lang=code)
            b.setAccessibleName(LANGUAGES[code].native)
            b.setProperty("speak_lang", code)  # read aloud in its own language when focused
            b.clicked.connect(lambda _c=False, c=code: win.choose_language(c))
            self.buttons[code] = b
        self._arrange(4)
        lay.addLayout(grid)
        lay.addSpacing(12)
        self.speak = button("", "big", primary=True)
        self.speak.clicked.connect(win.just_speak)
        lay.addWidget(self.speak)
        self.status = label("", "body", center=True)
        lay.addWidget(self.status)
        lay.addStretch(1)

    def _arrange(self, columns: int) -> None:
        """The language buttons in `columns` equal columns (two in accessibility mode on a portrait panel)."""
        if columns == self.columns:
            return
        self.columns = columns
        for b in self.buttons.values():
            self.grid.removeWidget(b)
        for i, b in enumerate(self.buttons.values()):
            self.grid.addWidget(b, i // columns, i % columns)
        for col in range(4):
            self.grid.setColumnStretch(col, 1 if col < columns else 0)

    def retranslate(self) -> None:
        self._arrange(2 if self.win.stacks() else 4)
        self.title.setText(self.t("choose_language"))
        self.title_ko.setText(tr("ko", "choose_language") if self.win.lang != "ko" else "")
        self.title_ko.setVisible(self.win.lang != "ko")
        self.speak.setText(self.t("just_speak"))

    def clear(self) -> None:
        self.status.setText("")
