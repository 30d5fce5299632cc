"""What every screen has: its window, the catalog lookup in the current language, and the hooks the window calls."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from kiosk.ui.window import KioskWindow


class Screen(QWidget):
    title_key = "app_title"

    def __init__(self, win: KioskWindow) -> None:
        super().__init__()
        self.win = win

    def t(self, key: str, **kw: object) -> str:
        return self.win.t(key, **kw)

    def retranslate(self) -> None:
        """Set every text in the window's language."""

    def clear(self) -> None:
        """Forget everything of the previous traveler (called by the reset, before the session is wiped)."""

    def entered(self) -> None:
        """The screen was just shown."""

    def basket_changed(self) -> None:
        """A traveler turn's answer arrived while this screen was shown (a turn goes on after the traveler left the
        ask screen): a screen that shows the declaration drafts it again from the basket."""

    def spoken(self) -> str:
        """What accessibility mode reads aloud when the screen appears."""
        return self.t(self.title_key)
