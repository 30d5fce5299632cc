"""Widgets of the phrase board: text in any phrasebook script (its own Noto font, right to left where needed),
tappable phrase cards that wrap instead of clipping, a touch stepper, and the trust / speaker badges of the desk
screens (colour + symbol + words in the reader's language)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFocusEvent, QFont, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.phrasebook import UnknownPhraseLanguage, phrase_language
from kiosk.phrasebook.labels import phrase_label
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
        # absolute: in a right-to-left widget Qt mirrors a plain AlignRight back to the left edge
        self.setAlignment((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute if rtl
                           else Qt.AlignmentFlag.AlignLeft) | Qt.AlignmentFlag.AlignVCenter)
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


# kind -> (symbol, text colour, background): never colour alone (symbol and words too); dark on light, > 7:1.
BADGES = {"standard": ("\u2714", "#0b4d26", "#dcf2e3"), "machine": ("\u26a0", "#6b3f00", "#ffedc2"),
          "system": ("\u24d8", "#183a66", "#e1ebf7"), "danger": ("\u26d4", "#7d1510", "#fde0dc"),
          "check": ("\u26a0", "#6b3f00", "#ffedc2"), "ask": ("\u270e", "#183a66", "#e1ebf7")}


class Badge(ScriptLabel):
    """A tinted, framed line: symbol + words in the reader's language (kind: a key of BADGES)."""

    def __init__(self, kind: str, text: str, lang: str, role: str = "small") -> None:
        symbol, fg, bg = BADGES[kind]
        super().__init__(text if text.startswith(symbol) else f"{symbol} {text}", role, lang)
        self.kind = kind
        self.setObjectName(f"badge-{kind}")
        self.setStyleSheet(f"QLabel {{ color: {fg}; background-color: {bg}; border: 2px solid {fg}; "
                           "border-radius: 6px; padding: 2px 8px; }")

    def set_text(self, text: str, lang: str) -> None:
        """New words (and their language) for the same kind of badge; empty text hides it."""
        symbol = BADGES[self.kind][0]
        self.set_lang(lang)
        self.setText(f"{symbol} {text}" if text else "")
        self.setVisible(bool(text))


def trust_text(trust: str, checked: bool, lang: str) -> str:
    """What a trust badge says in `lang`: "Standard phrase · translation not yet checked", "Machine translation ·
    may be wrong", "Kiosk message". Korean is the phrasebook's source language: its standard phrases need no
    translator's check."""
    if trust == "standard":
        if phrase_language(lang).code == OFFICER_LANG:
            return phrase_label("standard", lang)
        return f"{phrase_label('standard', lang)} · {phrase_label('checked' if checked else 'unchecked', lang)}"
    return phrase_label("machine" if trust == "machine" else "kiosk", lang)


def trust_badge(trust: str, checked: bool, lang: str) -> Badge | None:
    """The badge of a turn's trust state for a reader of `lang` (None when no translation was made)."""
    if trust == "same":
        return None
    return Badge(trust if trust in ("standard", "machine") else "system", trust_text(trust, checked, lang), lang)


def window_theme(w: QWidget) -> Theme:
    """The theme of the kiosk window a widget is in (NORMAL outside one)."""
    theme = getattr(w.window(), "theme", None)
    return theme if isinstance(theme, Theme) else NORMAL


class PhraseRow(QFrame):
    """One phrase as a tappable card: the Korean sentence (wrapped, never clipped), and a star for favourites.

    Keypad: Tab and the arrows reach it (the window moves the focus along the tab chain), Enter/Space/Select says
    it like a tap, and the focused card shows the theme's focus ring and scrolls into view."""

    clicked = Signal()

    def __init__(self, text: str, *, star: bool | None = None, on_star: Any = None, ask: str = "") -> None:
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
        self.ask: Badge | None = None
        if ask:  # a phrase whose slots are still to be set says so, instead of showing "[수량]" as if said
            col = QVBoxLayout()
            col.addWidget(self.text_label)
            self.ask = Badge("ask", ask, OFFICER_LANG)
            col.addWidget(self.ask)
            lay.addLayout(col, 1)
        else:
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
