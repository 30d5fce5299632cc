"""Nothing to declare: since 2023-05-01 only travelers with something to declare file a form. Say so (green channel)
and offer the form only on request."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout

from kiosk.ui.screens.base import Screen
from kiosk.ui.widgets import button, label

if TYPE_CHECKING:
    from kiosk.ui.window import KioskWindow


class GreenScreen(Screen):
    title_key = "green_title"

    def __init__(self, win: KioskWindow) -> None:
        super().__init__(win)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(40, 20, 40, 20)
        self.form = button("", "body")  # the form only on request
        self.form.clicked.connect(lambda: win.show_screen("form"))
        lay.addStretch(1)
        self.symbol = label("✔", "symbol", wrap=False, center=True)
        self.symbol.setProperty("verdict", "allowed")
        self.symbol.setProperty("valuefont", True)
        self.title = label("", "title", center=True)
        self.title.setProperty("verdict", "allowed")
        self.message = label("", "big", center=True)
        for w in (self.symbol, self.title, self.message):
            lay.addWidget(w)
        lay.addStretch(1)
        lay.addWidget(self.form)
        row = QHBoxLayout()
        self.back = button("", "body")
        self.back.clicked.connect(lambda: win.show_screen("ask"))
        self.done = button("", "big", primary=True)
        self.done.clicked.connect(win.reset)
        row.addWidget(self.back, 1)
        row.addWidget(self.done, 2)
        lay.addLayout(row)

    def retranslate(self) -> None:
        self.title.setText(self.t("green_title"))
        self.message.setText(self.t("green_msg"))
        self.back.setText(self.t("back"))
        self.form.setText(self.t("form_anyway"))
        self.done.setText(self.t("done"))

    def spoken(self) -> str:
        return f"{self.t('green_title')}. {self.t('green_msg')}"
