"""Widgets of the phrase board: text in any phrasebook script (its own Noto font, right to left where needed),
tappable phrase cards that wrap instead of clipping, and a touch stepper."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFocusEvent, QFont, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QScrollArea, QSizePolicy, QWidget

from kiosk.phrasebook import UnknownPhraseLanguage, phrase_language
from kiosk.ui.screens.phrase_board import OFFICER_LANG
from kiosk.ui.theme import NORMAL, Theme
from kiosk.ui.widgets import button, families, label

_ACTIVATE_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space, Qt.Key.Key_Select)

# A font per script for the traveler's text (the window's fallback chain covers only the UI languages' scripts).
SCRIPT_FONTS = {"Arab": "Noto Sans Arabic", "Deva": "Noto Sans Devanagari", "Beng": "Noto Sans Bengali",
                "Mymr": "Noto Sans Myanmar", "Khmr": "Noto Sans Khmer", "Laoo": "Noto Sans Lao",
                "Sinh": "Noto Sans Sinhala", "Taml": "Noto Sans Tamil", "Hebr": "Noto Sans Hebrew",
                "Thai": "Noto Sans Thai", "Hang": "Noto Sans CJK KR", "Hans": "Noto Sans CJK SC",
                "Hant": "Noto Sans CJK TC", "Jpan": "Noto Sans CJK JP"}


def script_families(lang: str) -> list[str]:
    """Font families for text in a phrasebook language: its script's Noto font first, then the UI fallbacks."""
    try:
        script = phrase_language(lang).script
    except UnknownPhraseLanguage:
        script = "Latn"
    return families(SCRIPT_FONTS.get(script, "Noto Sans"))


class ScriptLabel(QLabel):
    """A word-wrapped label for text in any phrasebook language: keeps its script's font whatever font the window's
    restyle sets (only the size is taken from it), and runs right to left for Arabic, Persian, Urdu, Hebrew."""

    def __init__(self, text: str = "", role: str = "body", lang: str = "en") -> None:
        super().__init__(text)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setProperty("role", role)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.script_lang = lang
        self.set_lang(lang)

    def set_lang(self, lang: str) -> None:
        self.script_lang = lang
        self.setProperty("lang", lang)
        try:
            rtl = phrase_language(lang).rtl
        except UnknownPhraseLanguage:
            rtl = False
        self.setLayoutDirection(Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight)
        self.setAlignment((Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft)
                          | Qt.AlignmentFlag.AlignVCenter)
        self.setFont(self.font())

    def setFont(self, font: QFont | str | Sequence[str]) -> None:  # noqa: N802 (Qt's name)
        f = QFont(font)
        f.setFamilies(script_families(self.script_lang))
        super().setFont(f)


class ScriptButton(QPushButton):
    """A button whose text is in a phrasebook language (the language picker): its script's font, always."""

    def __init__(self, text: str, lang: str) -> None:
        super().__init__(text)
        self.script_lang = lang
        self.setProperty("lang", lang)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)

    def setFont(self, font: QFont | str | Sequence[str]) -> None:  # noqa: N802 (Qt's name)
        f = QFont(font)
        f.setFamilies(script_families(self.script_lang))
        super().setFont(f)


def window_theme(w: QWidget) -> Theme:
    """The theme of the kiosk window a widget is in (NORMAL outside one)."""
    theme = getattr(w.window(), "theme", None)
    return theme if isinstance(theme, Theme) else NORMAL


class PhraseRow(QFrame):
    """One phrase as a tappable card: the Korean sentence (wrapped, never clipped), and a star for favourites.

    Keypad: Tab and the arrows reach it (the window moves the focus along the tab chain), Enter/Space/Select says
    it like a tap, and the focused card shows the theme's focus ring and scrolls into view."""

    clicked = Signal()

    def __init__(self, text: str, *, star: bool | None = None, on_star: Any = None) -> None:
        super().__init__()
        self.setProperty("panel", True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # keypad only: a tap does not leave a focus ring
        self.setAccessibleName(text)
        # never squeezed below its text: a scroll area sizes its content by the minimum size
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(12, 6, 6, 6)
        self.text_label = ScriptLabel(text, "body", OFFICER_LANG)
        lay.addWidget(self.text_label, 1)
        self.star: QPushButton | None = None
        if star is not None:
            self.star = button("★" if star else "☆", "body", focus=False)
            self.star.setProperty("valuefont", True)
            if on_star is not None:
                self.star.clicked.connect(on_star)
            lay.addWidget(self.star)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt's name)
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(event.position().toPoint()):
            self.clicked.emit()
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        if event.key() in _ACTIVATE_KEYS and not event.isAutoRepeat():
            self.clicked.emit()
            event.accept()
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 (Qt's name)
        super().focusInEvent(event)
        parent = self.parentWidget()
        while parent is not None and not isinstance(parent, QScrollArea):
            parent = parent.parentWidget()
        if parent is not None:
            parent.ensureWidgetVisible(self, 0, 8)
        self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 (Qt's name)
        super().focusOutEvent(event)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        super().paintEvent(event)
        if not self.hasFocus():
            return
        theme = window_theme(self)
        width = 4 if theme.accessible else 3  # as the stylesheet's ring on buttons (kiosk.ui.theme)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor(theme.focus), width))
        half = width / 2
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(half, half, -half, -half), 12, 12)
        painter.end()


class Stepper(QWidget):
    """[−] value [+] for touch: a count or an amount of money."""

    changed = Signal()

    def __init__(self, value: int, step: int = 1, minimum: int = 0, maximum: int = 999_999_999) -> None:
        super().__init__()
        self.value, self.step, self.minimum, self.maximum = value, step, minimum, maximum
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.minus = button("−", "body", focus=False)
        self.plus = button("+", "body", focus=False)
        self.shown = label("", "big", wrap=False, center=True)
        self.minus.clicked.connect(lambda: self.set_value(self.value - self.step))
        self.plus.clicked.connect(lambda: self.set_value(self.value + self.step))
        lay.addWidget(self.minus)
        lay.addWidget(self.shown, 1)
        lay.addWidget(self.plus)
        self.set_value(value)

    def set_value(self, value: int) -> None:
        self.value = max(self.minimum, min(self.maximum, value))
        self.shown.setText(f"{self.value:,}")
        self.changed.emit()
