"""On-screen keyboard for the touch-only kiosk (PySide6-Essentials has no Qt Virtual Keyboard).

Docked at the bottom of a screen: shown while one of its attached fields has focus, hidden otherwise. Types into the
focused field with ordinary key events (so validators, max length and spin-box ranges apply). Two layouts:
letters A-Z (passport names and numbers are Latin in the MRZ), digits, space, hyphen, apostrophe, comma; and a
number pad with '-' for dates (YYYY-MM-DD) and counts. Control keys: delete (backspace), clear, next / done.
Nothing typed is logged."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.ui.widgets import button

# (key name, grid row, grid column, column span); character keys are named by the character they type
TEXT_LAYOUT: tuple[tuple[str, int, int, int], ...] = (
    *((c, 0, i, 1) for i, c in enumerate("1234567890")), ("backspace", 0, 10, 3),
    *((c, 1, i, 1) for i, c in enumerate("QWERTYUIOP")), ("clear", 1, 10, 3),
    *((c, 2, i, 1) for i, c in enumerate("ASDFGHJKL'")), ("next", 2, 10, 3),
    *((c, 3, i, 1) for i, c in enumerate("ZXCVBNM,-")), ("space", 3, 9, 4),
)
NUMBER_LAYOUT: tuple[tuple[str, int, int, int], ...] = (
    *((c, 0, i, 1) for i, c in enumerate("123")), ("backspace", 0, 3, 2),
    *((c, 1, i, 1) for i, c in enumerate("456")), ("clear", 1, 3, 2),
    *((c, 2, i, 1) for i, c in enumerate("789")), ("next", 2, 3, 2),
    ("-", 3, 0, 1), ("0", 3, 1, 2),
)
NUMBER_PAD_MAX_WIDTH = 820
REVEAL_MARGIN = 12  # px kept between the focused field and the edge of the scroll area
CONTROL_KEYS = ("backspace", "clear", "next", "space")
_LABEL_KEY = {"backspace": "kb_backspace", "clear": "kb_clear", "next": "kb_next", "space": "kb_space"}
_NUMERIC_HINTS = (Qt.InputMethodHint.ImhDigitsOnly | Qt.InputMethodHint.ImhFormattedNumbersOnly
                  | Qt.InputMethodHint.ImhDate | Qt.InputMethodHint.ImhPreferNumbers)
_QT_KEYS = {" ": Qt.Key.Key_Space, "-": Qt.Key.Key_Minus, "'": Qt.Key.Key_Apostrophe, ",": Qt.Key.Key_Comma}


def is_numeric(field: QWidget) -> bool:
    """Spin boxes and fields whose input-method hints ask for numbers or a date get the number pad."""
    if isinstance(field, QAbstractSpinBox):
        return True
    return bool(field.inputMethodHints() & _NUMERIC_HINTS)


def _qt_key(ch: str) -> Qt.Key:
    if ch in _QT_KEYS:
        return _QT_KEYS[ch]
    return Qt.Key(ord(ch.upper()))  # Qt.Key_A..Z and Key_0..9 are the ASCII codes


class OnScreenKeyboard(QFrame):
    """The keyboard. `attach(fields, scroll)` once; it follows QApplication focus from then on."""

    shown = Signal(bool)  # True just before it appears, False when it has hidden

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("keyboard")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.fields: list[QWidget] = []
        self.scroll_area: QScrollArea | None = None
        self.target: QWidget | None = None
        self.on_focus: Callable[[QWidget], None] | None = None
        self._t: Callable[[str], str] = lambda key: key
        lay = QVBoxLayout(self)
        lay.setContentsMargins(12, 8, 12, 8)
        self.text_page, self.text_keys = self._page(TEXT_LAYOUT, 13)
        self.number_page, self.number_keys = self._page(NUMBER_LAYOUT, 5)
        lay.addWidget(self.text_page)
        self.number_page.setMaximumWidth(NUMBER_PAD_MAX_WIDTH)  # a centred number pad, wide keys
        self.number_page.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.number_page, 100)
        row.addStretch(1)
        lay.addLayout(row)
        self.number_page.hide()
        self.hide()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)

    def _page(self, layout: Sequence[tuple[str, int, int, int]], columns: int) -> tuple[QWidget, dict[str, QPushButton]]:
        page = QWidget()
        page.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        grid = QGridLayout(page)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(6)
        keys: dict[str, QPushButton] = {}
        for name, row, col, span in layout:
            control = name in CONTROL_KEYS
            b = button("" if control else name, "body" if control else "big", primary=name == "next", focus=False)
            b.setProperty("key", True)
            b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            if not control:
                b.setProperty("valuefont", True)  # Latin letters even where the UI font is Thai
                b.setAccessibleName(name)
            if name == "backspace":
                b.setAutoRepeat(True)
            b.clicked.connect(lambda _c=False, n=name: self.press(n))
            grid.addWidget(b, row, col, 1, span)
            keys[name] = b
        for c in range(columns):
            grid.setColumnStretch(c, 1)
        return page, keys

    # ---- public API --------------------------------------------------------------------------------------
    def attach(self, fields: Sequence[QWidget], scroll: QScrollArea | None = None,
               on_focus: Callable[[QWidget], None] | None = None) -> None:
        """The fields it types into, in 'next' order; the scroll area that must keep the focused one visible."""
        self.fields = list(fields)
        self.scroll_area = scroll
        if scroll is not None:
            scroll.viewport().installEventFilter(self)
        self.on_focus = on_focus

    def retranslate(self, t: Callable[[str], str]) -> None:
        self._t = t
        for keys in (self.text_keys, self.number_keys):
            for name in CONTROL_KEYS:
                if name in keys:
                    keys[name].setText(t(_LABEL_KEY[name]))
                    keys[name].setAccessibleName(keys[name].text())
        self._update_next()

    @property
    def numeric(self) -> bool:
        return self.number_page.isVisibleTo(self)

    def current_keys(self) -> dict[str, QPushButton]:
        """The keys of the layout in use."""
        return self.number_keys if self.numeric else self.text_keys

    def key(self, name: str) -> QPushButton:
        return self.current_keys()[name]

    def press(self, name: str) -> None:
        """What a key does (its clicked signal calls this)."""
        field = self.target
        if field is None:
            return
        if name == "backspace":
            self._send(field, Qt.Key.Key_Backspace, "")
        elif name == "clear":
            if isinstance(field, QLineEdit | QAbstractSpinBox):
                field.clear()
        elif name == "next":
            self.next_field()
        elif name == "space":
            self._send(field, Qt.Key.Key_Space, " ")
        else:
            self._send(field, _qt_key(name), name)

    def next_field(self) -> None:
        """Focus the next field (the keyboard follows); after the last one: done, the keyboard hides."""
        if self.target in self.fields:
            i = self.fields.index(self.target)
            if i + 1 < len(self.fields):
                self.fields[i + 1].setFocus(Qt.FocusReason.TabFocusReason)
                return
        self.dismiss()

    def dismiss(self) -> None:
        if self.target is not None and self.target.hasFocus():
            self.target.clearFocus()
        self._set_target(None)

    # ---- internals -----------------------------------------------------------------------------------------
    @staticmethod
    def _send(field: QWidget, key: Qt.Key, text: str) -> None:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(field, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, text))

    def _field_of(self, w: QWidget | None) -> QWidget | None:
        while w is not None:
            if w in self.fields:
                return w
            w = w.parentWidget()
        return None

    def _focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        field = self._field_of(new)
        if field is not None and not field.isVisible():
            field = None  # focus given to a field of a page that is not on screen
        if field is None and new is not None and self.isAncestorOf(new):
            return  # keys take no focus; defensive
        self._set_target(field)

    def _set_target(self, field: QWidget | None) -> None:
        was = not self.isHidden()
        self.target = field
        if field is None:
            self.hide()
            if was:
                self.shown.emit(False)
            return
        numeric = is_numeric(field)
        hide, show = (self.text_page, self.number_page) if numeric else (self.number_page, self.text_page)
        hide.hide()  # first: both pages at once would be too tall and the window would grow
        show.show()
        self.number_keys["-"].setVisible(not isinstance(field, QAbstractSpinBox))  # counts have no minus
        self._update_next()
        if not was:
            self.shown.emit(True)  # before it takes room: the host may first make room for it
        self.show()
        if self.on_focus is not None:
            self.on_focus(field)
        QTimer.singleShot(0, self.reveal)

    def reveal(self) -> None:
        """Scroll so that the whole focused field is visible above the keyboard (QScrollArea.ensureWidgetVisible
        only guarantees a line edit's text cursor)."""
        area, field = self.scroll_area, self.target
        inner = area.widget() if area is not None else None
        if area is None or inner is None or field is None or not field.isVisible():
            return
        top = field.mapTo(inner, QPoint(0, 0)).y()
        bottom = top + field.height()
        bar, height = area.verticalScrollBar(), area.viewport().height()
        if top - REVEAL_MARGIN < bar.value():
            bar.setValue(max(0, top - REVEAL_MARGIN))
        elif bottom + REVEAL_MARGIN > bar.value() + height:
            bar.setValue(min(bar.maximum(), bottom + REVEAL_MARGIN - height))

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and self.target is not None:  # the keyboard took its room
            QTimer.singleShot(0, self.reveal)
        return False

    def _update_next(self) -> None:
        last = self.target is not None and self.fields and self.target is self.fields[-1]
        for keys in (self.text_keys, self.number_keys):
            keys["next"].setText(self._t("kb_done" if last else "kb_next"))
