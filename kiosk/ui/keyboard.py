"""On-screen keyboard for the touch-only kiosk (PySide6-Essentials has no Qt Virtual Keyboard).

Docked at the bottom of a screen: shown while one of its attached fields has focus, hidden otherwise. Types into the
focused field with ordinary key events (so validators, max length and spin-box ranges apply). Layouts:
letters A-Z (passport names and numbers are Latin in the MRZ), digits, space, hyphen, apostrophe, comma; the UI
language's own script (kiosk.ui.kb_layouts) — Hangul (두벌식, syllables composed as they are typed: kiosk.ui.hangul),
Cyrillic, Japanese kana (五十音 with dakuten, handakuten, small kana and a katakana switch), Thai (Kedmanee, shift),
Vietnamese (letters with đ, and tone and vowel-shape keys that mark the syllable before the cursor, NFC:
kiosk.ui.marks), Chinese pinyin with a row of hanzi candidates for the letters typed (kiosk.ui.pinyin) — with a key
that switches to Latin and back (a field that takes Latin only, such as the passport or flight number, gets Latin);
and a number pad with '-' for dates (YYYY-MM-DD) and counts. Control keys: delete (backspace), clear, next / done.
Nothing typed is logged."""

from __future__ import annotations

import os
import unicodedata
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

from kiosk.ui import hangul, pinyin
from kiosk.ui.kb_layouts import (
    CANDIDATE_KEYS,
    CONTROL_KEYS,
    LANG_PAGE,
    NUMBER_LAYOUT,
    SCRIPT_KEY,
    SCRIPT_LAYOUTS,
    SHIFTED,
    TEXT_COLUMNS,
    TEXT_LAYOUT,
)
from kiosk.ui.marks import MARK_KEYS, apply_mark, katakana
from kiosk.ui.widgets import button

NUMBER_PAD_MAX_WIDTH = 820
REVEAL_MARGIN = 12  # px kept between the focused field and the edge of the scroll area
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
    if len(ch) != 1 or not ch.isascii():
        return Qt.Key.Key_unknown  # the field inserts the event's text
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
        self.text_page, self.text_keys = self._page(TEXT_LAYOUT, TEXT_COLUMNS)
        self.number_page, self.number_keys = self._page(NUMBER_LAYOUT, 5)
        lay.addWidget(self.text_page)
        self.script_pages: dict[str, tuple[QWidget, dict[str, QPushButton]]] = {}
        for script, (layout, columns) in SCRIPT_LAYOUTS.items():
            page, keys = self._page(layout, columns)
            page.hide()
            lay.addWidget(page)
            self.script_pages[script] = (page, keys)
        self.script = "Latn"  # the UI language's script (set_language)
        self.latin = True  # the Latin page is in use (the switch key or a Latin-only field)
        self.shifted = False
        self.katakana = False  # the kana page types katakana (its カナ key)
        self._run: list[str] = []  # Hangul: the jamo typed since the last other key, and what they show
        self._shown = ""
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
            text = {"shift": "⇧", "script": SCRIPT_KEY["Latn"], "kana": "カナ"}.get(name, "" if control else name)
            if text and unicodedata.category(text[0]) == "Mn":
                text = "◌" + text  # a mark key shows the mark on a dotted circle
            big = not control or name in CANDIDATE_KEYS  # letters and hanzi candidates: large type
            b = button(text, "big" if big else "body", primary=name == "next", focus=False)
            b.setProperty("key", True)
            b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            if not control or name in ("shift", "script"):
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

    def set_language(self, lang: str) -> None:
        """The UI language: its script's page comes first where the kiosk has one."""
        self.script = LANG_PAGE.get(lang, "Latn")
        if self.script == "Hans":
            pinyin.warm()  # the candidates' index, built in the background
        self.latin = self.script == "Latn"
        self.text_keys["script"].setVisible(self.script != "Latn")
        self.text_keys["script"].setText(SCRIPT_KEY.get(self.script, ""))
        for keys in (*(k for _, k in self.script_pages.values()),):
            keys["script"].setText(SCRIPT_KEY["Latn"])
        if self.target is not None:
            self._set_target(self.target)

    def retranslate(self, t: Callable[[str], str]) -> None:
        self._t = t
        for keys in (self.text_keys, self.number_keys, *(k for _, k in self.script_pages.values())):
            for name in _LABEL_KEY:
                if name in keys:
                    keys[name].setText(t(_LABEL_KEY[name]))
                    keys[name].setAccessibleName(keys[name].text())
        self._update_next()

    @property
    def numeric(self) -> bool:
        return self.number_page.isVisibleTo(self)

    def current_keys(self) -> dict[str, QPushButton]:
        """The keys of the layout in use."""
        if self.numeric:
            return self.number_keys
        if not self.latin and self.script in self.script_pages:
            return self.script_pages[self.script][1]
        return self.text_keys

    def key(self, name: str) -> QPushButton:
        return self.current_keys()[name]

    def press(self, name: str) -> None:
        """What a key does (its clicked signal calls this)."""
        field = self.target
        if field is None:
            return
        if name == "backspace" and self._run:  # Hangul: one jamo back
            self._run.pop()
            self._show_run(field)
            return
        if name == "kana":
            self.katakana = not self.katakana
            self._label_shift()
            return
        if name in ("shift", "script"):
            self.shifted = not self.shifted if name == "shift" else False
            if name == "script":
                self.latin = not self.latin
                self._end_run()
                self._set_target(field)
            self._label_shift()
            return
        if name == "backspace":
            self._send(field, Qt.Key.Key_Backspace, "")
        elif name == "clear":
            self._end_run()
            if isinstance(field, QLineEdit | QAbstractSpinBox):
                field.clear()
        elif name == "next":
            self._end_run()
            self.next_field()
        elif name == "space":
            self._end_run()
            self._send(field, Qt.Key.Key_Space, " ")
        elif name in CANDIDATE_KEYS:
            self._choose(field, self.key(name).text())
        elif self.script == "Hans" and not self.latin and not self.shifted and name.isascii() and name.isalpha():
            self._run.append(name)  # pinyin: shown as typed until a candidate replaces it
            self._show_run(field)
        elif hangul.is_jamo(name) and not self.latin:
            self._run.append(SHIFTED["Hang"].get(name, name) if self.shifted else name)
            self.shifted = False
            self._label_shift()
            self._show_run(field)
        elif not self.latin and self._mark(field, name):
            pass
        else:
            self._end_run()
            text = SHIFTED.get(self.script, {}).get(name, name) if self.shifted and not self.latin else name
            text = katakana(text) if self.katakana and self.script == "Kana" and not self.latin else text
            self.shifted = False
            self._label_shift()
            self._send(field, _qt_key(text), text)

    def _mark(self, field: QWidget, key: str) -> bool:
        """A mark key (dakuten, Vietnamese tone...): the text before the cursor becomes its marked form; whether
        `key` was a mark key (one that does not apply types nothing)."""
        if key not in MARK_KEYS:
            return False
        before = field.text()[: field.cursorPosition()] if isinstance(field, QLineEdit) else ""
        marked = apply_mark(before, key)
        if marked is None:
            return True
        self._end_run()
        common = len(os.path.commonprefix([before, marked]))
        for _ in before[common:]:
            self._send(field, Qt.Key.Key_Backspace, "")
        self._send(field, Qt.Key.Key_unknown, marked[common:])
        return True

    def _show_run(self, field: QWidget) -> None:
        """Replace what the Hangul run showed with its composition now (닭: ㄷ -> 다 -> 달 -> 닭)."""
        text = hangul.compose(self._run) if self.script == "Hang" else "".join(self._run)
        for _ in self._shown:
            self._send(field, Qt.Key.Key_Backspace, "")
        if text:
            self._send(field, Qt.Key.Key_unknown, text)
        self._shown = text
        if not self._run:
            self._shown = ""
        self._offer()

    def _choose(self, field: QWidget, word: str) -> None:
        """A hanzi candidate replaces the pinyin it was offered for."""
        if not word or not self._run:
            return
        for _ in self._shown:
            self._send(field, Qt.Key.Key_Backspace, "")
        self._send(field, Qt.Key.Key_unknown, word)
        self._end_run()

    def _offer(self) -> None:
        """The candidate keys show the hanzi for the pinyin typed so far."""
        if "Hans" not in self.script_pages:
            return
        keys = self.script_pages["Hans"][1]
        found = pinyin.candidates("".join(self._run)) if self._run and self.script == "Hans" else []
        for i, name in enumerate(CANDIDATE_KEYS):
            keys[name].setText(found[i] if i < len(found) else "")
            keys[name].setEnabled(i < len(found))
            keys[name].setAccessibleName(keys[name].text())

    def _end_run(self) -> None:
        self._run, self._shown = [], ""
        self._offer()

    def _label_shift(self) -> None:
        """The keys show what they type now (shifted, katakana)."""
        for script, table in SHIFTED.items():
            keys = self.script_pages[script][1]
            for plain, shifted in table.items():
                text = shifted if self.shifted and script == self.script else plain
                keys[plain].setText("◌" + text if unicodedata.category(text) == "Mn" else text)
            keys["shift"].setText("⬆" if self.shifted and script == self.script else "⇧")
        keys = self.script_pages["Kana"][1]
        for name, b in keys.items():
            if name not in CONTROL_KEYS:
                b.setText(katakana(name) if self.katakana else name)
        keys["kana"].setText("かな" if self.katakana else "カナ")

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
        new = field is not self.target
        self.target = field
        if new:
            self._end_run()
        if field is None:
            self.hide()
            if was:
                self.shown.emit(False)
            return
        numeric = is_numeric(field)
        latin_only = bool(field.inputMethodHints() & Qt.InputMethodHint.ImhLatinOnly)
        if latin_only:
            self.latin = True
        elif new and self.script != "Latn":
            self.latin = False  # a new field starts in the language's own script
        pages = [self.number_page, self.text_page, *(p for p, _ in self.script_pages.values())]
        if numeric:
            show = self.number_page
        elif self.latin or self.script not in self.script_pages:
            show = self.text_page
        else:
            show = self.script_pages[self.script][0]
        for page in pages:  # first hide: two pages at once would be too tall and the window would grow
            if page is not show:
                page.hide()
        show.show()
        self.text_keys["script"].setVisible(self.script != "Latn" and not latin_only)
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
        for keys in (self.text_keys, self.number_keys, *(k for _, k in self.script_pages.values())):
            keys["next"].setText(self._t("kb_done" if last else "kb_next"))
