"""The kiosk window: attract -> language -> ask (voice or touch) -> declaration form -> review/confirm, officer
interpretation, accessibility mode, idle reset. Holds no business logic: everything goes through kiosk.pipeline,
run off the GUI thread (kiosk.ui.workers)."""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import signal
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QGraphicsScene,
    QGraphicsView,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.declaration import Declaration, prefill, qr_png, render_pdf
from kiosk.declaration.output import item_line
from kiosk.languages import LANGUAGES, UI_LANGUAGES
from kiosk.pipeline import Pipeline, Status, get_pipeline
from kiosk.session import Session, purge_leftovers
from kiosk.ui.catalog import tr
from kiosk.ui.keyboard import OnScreenKeyboard
from kiosk.ui.widgets import (
    ACCESSIBLE,
    NORMAL,
    Theme,
    apply_fonts,
    button,
    families,
    family_for_text,
    label,
    prop,
    px_per_cm,
    stylesheet,
)
from kiosk.ui.workers import Report, Runner

log = logging.getLogger(__name__)

SCREENS = ("attract", "language", "ask", "form", "review", "interpret")
_FIRST_SENTENCE = re.compile(r"^(.+?[.!?。！？])(\s|$)", re.S)


def _scroll(inner: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setWidget(inner)
    return area


def _panel() -> QFrame:
    f = QFrame()
    f.setProperty("panel", True)
    return f


def _clear_layout(layout: Any) -> None:
    while layout.count():
        item = layout.takeAt(0)
        w = item.widget()
        if w is not None:
            w.hide()
            w.setParent(None)
            w.deleteLater()


class Screen(QWidget):
    title_key = "app_title"

    def __init__(self, win: KioskWindow) -> None:
        super().__init__()
        self.win = win

    def t(self, key: str, **kw: object) -> str:
        return self.win.t(key, **kw)

    def retranslate(self) -> None: ...

    def clear(self) -> None: ...

    def entered(self) -> None: ...

    def spoken(self) -> str:
        return self.t(self.title_key)


# ---- attract ------------------------------------------------------------------------------------------------
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
        self.start.setText(f"{tr('ko', 'attract_touch')} / {tr('en', 'attract_touch')}")
        self.start.setProperty("lang", "ko")

    def mousePressEvent(self, event: Any) -> None:  # touch anywhere
        self.win.show_screen("language")


# ---- language ---------------------------------------------------------------------------------------------------
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
        self.buttons: dict[str, QPushButton] = {}
        for i, code in enumerate(UI_LANGUAGES):
            b = button(LANGUAGES[code].native, "big", lang=code)
            b.setAccessibleName(LANGUAGES[code].name)
            b.clicked.connect(lambda _c=False, c=code: win.choose_language(c))
            self.buttons[code] = b
            grid.addWidget(b, i // 4, i % 4)
        lay.addLayout(grid)
        lay.addSpacing(12)
        self.speak = button("", "big", primary=True)
        self.speak.clicked.connect(win.just_speak)
        lay.addWidget(self.speak)
        self.status = label("", "body", center=True)
        lay.addWidget(self.status)
        lay.addStretch(1)

    def retranslate(self) -> None:
        self.title.setText(self.t("choose_language"))
        self.title_ko.setText(tr("ko", "choose_language") if self.win.lang != "ko" else "")
        self.title_ko.setVisible(self.win.lang != "ko")
        self.speak.setText(self.t("just_speak"))

    def clear(self) -> None:
        self.status.setText("")


# ---- ask --------------------------------------------------------------------------------------------------------
class AskScreen(Screen):
    title_key = "state_ready"
    finished = Signal(object)  # Answer, or a Status on failure

    def __init__(self, win: KioskWindow) -> None:
        super().__init__(win)
        self.state = "ready"
        self.job: Any = None
        self.answer: Any = None
        self.transcript_text = ""
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 8, 24, 8)
        self.state_label = label("", "state", center=True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.hide()
        outer.addWidget(self.state_label)
        outer.addWidget(self.progress)
        inner = QWidget()
        body = QVBoxLayout(inner)
        self.said_caption = label("", "small")
        self.said_caption.setProperty("role", "small")
        self.said = label("", "body")
        self.said.setProperty("valuefont", True)
        self.verdict = label("", "big")
        self.answer_label = label("", "body")
        self.answer_label.setProperty("valuefont", True)
        self.rule = label("", "small")
        self.rule.setProperty("valuefont", True)
        for w in (self.said_caption, self.said, self.verdict, self.answer_label, self.rule):
            body.addWidget(w)
        body.addStretch(1)
        outer.addWidget(_scroll(inner), 1)
        row = QHBoxLayout()
        self.talk = button("", "big", primary=True)
        self.talk.setProperty("ptt", True)  # the big push-to-talk button: twice the minimum touch target
        self.talk.clicked.connect(self.talk_pressed)
        self.hands_free = button("", "body", checkable=True)
        row.addWidget(self.talk, 3)
        row.addWidget(self.hands_free, 1)
        outer.addLayout(row)
        row2 = QHBoxLayout()
        self.form = button("", "body")
        self.form.clicked.connect(lambda: win.show_screen("form"))
        self.interpret = button("", "body")
        self.interpret.clicked.connect(lambda: win.show_screen("interpret"))
        row2.addWidget(self.form)
        row2.addWidget(self.interpret)
        outer.addLayout(row2)

    def retranslate(self) -> None:
        self.set_state(self.state)
        self.said_caption.setText(self.t("you_said") if self.transcript_text else "")
        self.hands_free.setText(self.t("hands_free"))
        self.form.setText(self.t("form_button"))
        self.interpret.setText(self.t("interpret_button"))
        if self.answer is not None:
            self.show_answer(self.answer)

    def set_state(self, state: str, message: str | None = None) -> None:
        self.state = state
        key = {"ready": "state_ready", "listening": "state_listening", "thinking": "state_thinking",
               "speaking": "state_speaking", "loading": "loading"}.get(state, "state_ready")
        self.state_label.setText(message or self.t(key))
        self.progress.setVisible(state in ("thinking", "loading"))
        self.talk.setText(self.t("stop_talk") if state == "listening" else self.t("talk"))
        self.talk.setEnabled(state in ("ready", "listening", "speaking", "error"))

    def talk_pressed(self) -> None:
        if self.state in ("listening", "speaking") and self.job is not None:
            self.job.stop.set()  # push-to-talk: a second tap ends the utterance; a tap while speaking hushes
            return
        self.ask(None)

    def ask(self, audio: Any, lang: str | None = None) -> None:
        """Run listen (when audio is None) -> understand -> answer -> speak in a worker. Tests pass an audio file."""
        if self.job is not None:
            return
        lang = lang if lang is not None else self.win.session.language
        self.set_state("listening" if audio is None else "thinking")
        self.job = self.win.runner.start(self.win.ask_flow, audio, lang, self.win.theme, name="ask",
                                         on_event=self._event, on_done=self._done, on_failed=self._failed)

    def _event(self, kind: str, payload: object) -> None:
        self.win.touch()
        if kind == "state":
            self.set_state(str(payload))
        elif kind == "audio":
            self.win.session.audio.append(payload)
        elif kind == "transcript":
            self.transcript_text = str(getattr(payload, "text", ""))
            lang = str(getattr(payload, "language", "") or "")
            if self.win.session.language is None and lang:
                self.win.adopt_language(lang)
            self.said_caption.setText(self.t("you_said"))
            self.said.setText(self.transcript_text)
            self.win.restyle_one(self.said)
        elif kind == "answer":
            self.answer = payload
            self.win.session.add_exchange(self.transcript_text, self.win.session.language or "en", payload)
            self.show_answer(payload)

    def show_answer(self, ans: Any) -> None:
        verdict = str(getattr(ans, "verdict", "unclear"))
        self.verdict.setText(self.t(f"verdict_{verdict}") if verdict in (
            "allowed", "declare", "restricted", "prohibited", "unclear") else "")
        self.verdict.setProperty("verdict", verdict)
        self.verdict.style().unpolish(self.verdict)
        self.verdict.style().polish(self.verdict)
        text = str(getattr(ans, "answer", ""))
        self.answer_label.setText(self.win.simplify(text))
        rules = getattr(ans, "rules", ()) or ()
        self.rule.setText(f"{self.t('rule')}: " + "; ".join(
            f"{getattr(r, 'id', '')} {getattr(r, 'title', '')}".strip() for r in rules) if rules else "")
        for w in (self.answer_label, self.rule):
            self.win.restyle_one(w)

    def _done(self, ans: object) -> None:
        self.job = None
        self.set_state("ready")
        self.finished.emit(ans)
        if self.hands_free.isChecked() and self.win.current == "ask":
            QTimer.singleShot(300, lambda: self.ask(None))

    def _failed(self, status: Status) -> None:
        self.job = None
        self.set_state("error", self.t(status.message_key))
        self.state = "ready"
        self.talk.setEnabled(True)
        if status.code == "no_microphone":
            self.hands_free.setChecked(False)
        self.win.read_aloud(self.t(status.message_key))
        self.finished.emit(status)

    def clear(self) -> None:
        if self.job is not None:
            self.job.stop.set()
        self.job = None
        self.answer = None
        self.transcript_text = ""
        self.hands_free.setChecked(False)
        for w in (self.said_caption, self.said, self.verdict, self.answer_label, self.rule):
            w.setText("")
        self.set_state("ready")

    def spoken(self) -> str:
        return self.t("state_ready")


# ---- declaration form -----------------------------------------------------------------------------------------
FIELDS = ("f_name", "f_dob", "f_passport", "f_nationality", "f_flight", "f_countries")
QUESTIONS = ("q_over", "q_cash", "q_restricted", "q_animal", "q_sale")
_Q_ATTR = {"q_over": "over_allowance", "q_cash": "cash_over_10k_usd", "q_restricted": "restricted_items",
           "q_animal": "animals_plants_meat", "q_sale": "goods_for_sale_or_others"}


class FormScreen(Screen):
    title_key = "form_title"

    def __init__(self, win: KioskWindow) -> None:
        super().__init__(win)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 8, 24, 8)
        self.title = label("", "title")
        outer.addWidget(self.title)
        inner = QWidget()
        grid = QGridLayout(inner)
        grid.setColumnStretch(1, 1)
        self.labels: dict[str, QLabel] = {}
        self.edits: dict[str, QLineEdit] = {}
        r = 0
        for key in FIELDS:
            lab = label("", "body")
            edit = QLineEdit()
            edit.setProperty("valuefont", True)
            edit.textChanged.connect(lambda _t, e=edit: self.win.restyle_one(e))
            if key == "f_dob":  # the on-screen keyboard shows its number pad (digits and '-': YYYY-MM-DD)
                edit.setInputMethodHints(Qt.InputMethodHint.ImhDate | Qt.InputMethodHint.ImhPreferNumbers)
            self.labels[key], self.edits[key] = lab, edit
            grid.addWidget(lab, r, 0)
            grid.addWidget(edit, r, 1)
            r += 1
        self.days = QSpinBox()
        self.days.setRange(0, 3650)
        self.family = QSpinBox()
        self.family.setRange(0, 20)
        for key, spin in (("f_days", self.days), ("f_family", self.family)):
            lab = label("", "body")
            self.labels[key] = lab
            grid.addWidget(lab, r, 0)
            grid.addWidget(spin, r, 1)
            r += 1
        self.toggles: dict[str, QPushButton] = {}
        for key in QUESTIONS:
            lab = label("", "body")
            tog = button("", "body", checkable=True)
            tog.toggled.connect(lambda _on, b=tog: self._toggle_text(b))
            tog.clicked.connect(self._question_tapped)
            self.labels[key], self.toggles[key] = lab, tog
            grid.addWidget(lab, r, 0)
            grid.addWidget(tog, r, 1)
            r += 1
        self.items_caption = label("", "big")
        self.items = label("", "body")
        self.items.setProperty("valuefont", True)
        grid.addWidget(self.items_caption, r, 0, 1, 2)
        grid.addWidget(self.items, r + 1, 0, 1, 2)
        self.scroll_area = _scroll(inner)
        outer.addWidget(self.scroll_area, 1)
        self.error = label("", "body")
        self.error.hide()  # takes room only when there is something to say
        outer.addWidget(self.error)
        row = QHBoxLayout()
        self.back = button("", "body")
        self.back.clicked.connect(self.go_back)
        self.review = button("", "big", primary=True)
        self.review.clicked.connect(self.go_review)
        row.addWidget(self.back, 1)
        row.addWidget(self.review, 2)
        outer.addLayout(row)
        self.keyboard = OnScreenKeyboard()  # touch-only kiosk: docked at the bottom while a field has focus
        self.keyboard.attach([*(self.edits[k] for k in FIELDS), self.days, self.family], self.scroll_area,
                             on_focus=self._field_focused)
        self.keyboard.shown.connect(self._keyboard_shown)
        outer.addWidget(self.keyboard)

    def _question_tapped(self) -> None:
        self.keyboard.dismiss()  # answering a yes/no question ends typing

    def _field_focused(self, field: QWidget) -> None:
        """Accessibility mode reads the field's name aloud (never what is typed)."""
        for key, w in (*self.edits.items(), ("f_days", self.days), ("f_family", self.family)):
            if w is field:
                self.win.read_aloud(self.t(key))

    def _keyboard_shown(self, on: bool) -> None:
        """Large text: the title gives its room to the fields while the keyboard is up."""
        self.title.setVisible(not (on and self.win.theme is ACCESSIBLE))

    def hideEvent(self, event: Any) -> None:
        self.keyboard.dismiss()
        super().hideEvent(event)

    def _toggle_text(self, b: QPushButton) -> None:
        b.setText(self.t("yes") if b.isChecked() else self.t("no"))

    def retranslate(self) -> None:
        self.title.setText(self.t("form_title"))
        for key, lab in self.labels.items():
            lab.setText(self.t(key))
        for b in self.toggles.values():
            self._toggle_text(b)
        self.items_caption.setText(self.t("items"))
        self.back.setText(self.t("back"))
        self.review.setText(self.t("review"))
        self.keyboard.retranslate(self.t)
        self._show_items()

    def _show_items(self) -> None:
        items = self.win.session.declaration.items
        self.items.setText("\n".join("• " + item_line(i) for i in items) if items else self.t("no_items"))

    def entered(self) -> None:
        """Pre-fill from the conversation (keeps what the traveler already typed)."""
        self.keyboard.dismiss()  # the keyboard appears when the traveler taps a field, not on arrival
        focused = QApplication.focusWidget()
        if focused is not None and self.isAncestorOf(focused):
            focused.clearFocus()
        s = self.win.session
        try:
            s.declaration = prefill(s.answers, language=s.language or self.win.lang, utterances=s.utterances,
                                    base=s.declaration)
        except Exception as exc:  # a malformed answer must not break the form
            log.warning("prefill failed (%s)", type(exc).__name__)
        self.load(s.declaration)

    def load(self, d: Declaration) -> None:
        i, t = d.identity, d.trip
        values = {"f_name": i.name, "f_dob": i.date_of_birth.isoformat() if i.date_of_birth else "",
                  "f_passport": i.passport_no, "f_nationality": i.nationality, "f_flight": t.flight_no,
                  "f_countries": ", ".join(t.countries_visited)}
        for k, v in values.items():
            self.edits[k].setText(v)
        self.days.setValue(t.travel_days or 0)
        self.family.setValue(t.family_members)
        for key, attr in _Q_ATTR.items():
            self.toggles[key].setChecked(bool(getattr(d.answers, attr)))
            self._toggle_text(self.toggles[key])
        self._show_items()
        self.win.restyle()

    def read_form(self, base: Declaration, strict: bool = True) -> Declaration:
        d = base.model_copy(deep=True)
        e = {k: w.text().strip() for k, w in self.edits.items()}
        d.identity.name = e["f_name"][:120]
        d.identity.passport_no = e["f_passport"].upper()[:20]
        d.identity.nationality = e["f_nationality"][:60]
        d.trip.flight_no = e["f_flight"].upper().replace(" ", "")[:12]
        d.trip.countries_visited = [c.strip() for c in re.split(r"[,;、，]", e["f_countries"]) if c.strip()]
        d.trip.travel_days = self.days.value() or None
        d.trip.family_members = self.family.value()
        dob = e["f_dob"]
        if dob:
            try:
                d.identity.date_of_birth = dt.date.fromisoformat(dob)
            except ValueError:
                if strict:
                    raise
        else:
            d.identity.date_of_birth = None
        for key, attr in _Q_ATTR.items():
            setattr(d.answers, attr, self.toggles[key].isChecked())
        d.confirmed = False
        d.confirmed_at = None
        return d

    def go_back(self) -> None:
        """Keep what was typed (even an unfinished date) and return to the questions."""
        self.win.session.declaration = self.read_form(self.win.session.declaration, strict=False)
        self.win.show_screen("ask")

    def go_review(self) -> None:
        try:
            self.win.session.declaration = self.read_form(self.win.session.declaration)
        except ValueError:
            self.set_error(self.t("invalid_date"))
            self.win.read_aloud(self.t("invalid_date"))
            return
        self.set_error("")
        self.win.show_screen("review")

    def set_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def clear(self) -> None:
        self.keyboard.dismiss()
        for e in self.edits.values():
            e.clear()
        self.days.setValue(0)
        self.family.setValue(0)
        for b in self.toggles.values():
            b.setChecked(False)
        self.items.setText("")
        self.set_error("")


# ---- review / confirm ------------------------------------------------------------------------------------------
class ReviewScreen(Screen):
    title_key = "review_title"
    confirmed = Signal(object)  # the confirmed Declaration

    def __init__(self, win: KioskWindow) -> None:
        super().__init__(win)
        self.pdf_path: Any = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 8, 24, 8)
        self.title = label("", "title")
        outer.addWidget(self.title)
        inner = QWidget()
        self.body = QVBoxLayout(inner)
        self.grid = QGridLayout()
        self.grid.setColumnStretch(0, 3)
        self.grid.setColumnStretch(1, 3)
        self.grid.setColumnStretch(2, 3)
        self.qr = QLabel()
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.done_msg = label("", "big", center=True)
        self.lane = label("", "body", center=True)
        confirmed_row = QHBoxLayout()  # after confirmation: QR code first, then what to do next
        confirmed_row.addWidget(self.qr)
        words = QVBoxLayout()
        words.addWidget(self.done_msg)
        words.addWidget(self.lane)
        confirmed_row.addLayout(words, 1)
        self.body.addLayout(confirmed_row)
        self.body.addLayout(self.grid)
        self.body.addStretch(1)
        outer.addWidget(_scroll(inner), 1)
        self.note = label("", "small")
        outer.addWidget(self.note)
        row = QHBoxLayout()
        self.edit = button("", "body")
        self.edit.clicked.connect(lambda: win.show_screen("form"))
        self.confirm = button("", "big", primary=True)
        self.confirm.clicked.connect(self.do_confirm)
        self.finish = button("", "big", primary=True)
        self.finish.clicked.connect(win.reset)
        self.finish.hide()
        row.addWidget(self.edit, 1)
        row.addWidget(self.confirm, 2)
        row.addWidget(self.finish, 2)
        outer.addLayout(row)

    def retranslate(self) -> None:
        self.title.setText(self.t("review_title"))
        self.note.setText(self.t("confirm_note"))
        self.edit.setText(self.t("edit"))
        self.confirm.setText(self.t("confirm"))
        self.finish.setText(self.t("done"))
        if self.win.current == "review":
            self.populate()

    def entered(self) -> None:
        self.populate()

    def populate(self) -> None:
        d = self.win.session.declaration
        _clear_layout(self.grid)
        i, t, a = d.identity, d.trip, d.answers
        yn: Callable[[bool, str], str] = lambda v, lang: tr(lang, "yes" if v else "no")  # noqa: E731
        rows: list[tuple[str, str]] = [
            ("f_name", i.name), ("f_dob", i.date_of_birth.isoformat() if i.date_of_birth else ""),
            ("f_passport", i.passport_no), ("f_nationality", i.nationality), ("f_flight", t.flight_no),
            ("f_days", "" if t.travel_days is None else str(t.travel_days)),
            ("f_countries", ", ".join(t.countries_visited)), ("f_family", str(t.family_members)),
        ]
        for key, attr in _Q_ATTR.items():
            v = bool(getattr(a, attr))
            rows.append((key, f"{yn(v, self.win.lang)} / {yn(v, 'ko')}" if self.win.lang != "ko" else yn(v, "ko")))
        items = "\n".join("• " + item_line(it) for it in d.items) or self.t("no_items")
        rows.append(("items", items))
        for r, (key, value) in enumerate(rows):
            trav = label(self.t(key), "small")
            ko = label(tr("ko", key), "small", lang="ko")
            ko.setProperty("role", "muted")
            val = label(value or "-", "body")
            val.setProperty("valuefont", True)
            self.grid.addWidget(trav, r, 0)
            if self.win.lang != "ko":
                self.grid.addWidget(ko, r, 1)
            else:
                ko.deleteLater()
            self.grid.addWidget(val, r, 2)
        self.set_confirmed(d.confirmed)
        self.win.restyle()

    def set_confirmed(self, done: bool) -> None:
        d = self.win.session.declaration
        self.confirm.setVisible(not done)
        self.edit.setVisible(not done)
        self.finish.setVisible(done)
        self.note.setText(self.t("status_confirmed") if done else self.t("confirm_note"))
        self.done_msg.setText(self.t("confirmed_msg") if done else "")
        self.lane.setText((self.t("go_red") if d.must_declare else self.t("go_green")) if done else "")
        for w in (self.qr, self.done_msg, self.lane):
            w.setVisible(done)
        if not done:
            self.qr.clear()

    def do_confirm(self) -> None:
        """The traveler's explicit confirmation: only now is the declaration marked confirmed and output made."""
        s = self.win.session
        s.declaration = s.declaration.confirm()
        decl = s.declaration
        lang = self.win.lang
        self.confirm.setEnabled(False)
        self.note.setText(self.t("loading"))  # the PDF takes a few seconds (CJK fonts)

        def work(report: Report, stop: threading.Event) -> tuple[bytes, bytes]:
            return render_pdf(decl, lang), qr_png(decl, scale=5)

        def done(result: object) -> None:
            pdf, png = result if isinstance(result, tuple) else (b"", b"")
            path = s.temp_file(".pdf")
            path.write_bytes(pdf)
            self.pdf_path = path
            pix = QPixmap()
            pix.loadFromData(png, "PNG")
            side = 260
            self.qr.setPixmap(pix.scaled(side, side, Qt.AspectRatioMode.KeepAspectRatio))
            self.confirm.setEnabled(True)
            self.set_confirmed(True)
            self.win.restyle()
            self.win.read_aloud(self.done_msg.text() + " " + self.lane.text())
            self.confirmed.emit(decl)

        def failed(status: Status) -> None:
            self.confirm.setEnabled(True)
            self.note.setText(self.t(status.message_key))

        self.win.runner.start(work, name="declaration", on_done=done, on_failed=failed)

    def clear(self) -> None:
        _clear_layout(self.grid)
        self.qr.clear()
        self.pdf_path = None
        self.done_msg.setText("")
        self.lane.setText("")
        self.confirm.setEnabled(True)
        self.confirm.show()
        self.edit.show()
        self.finish.hide()


# ---- officer interpretation -----------------------------------------------------------------------------------
class SidePanel(QFrame):
    """One side of the split screen: title, running bilingual transcript, push-to-talk, replay."""

    def __init__(self, screen: InterpretScreen, side: str) -> None:
        super().__init__()
        self.setProperty("panel", True)
        self.host = screen
        self.side = side
        lay = QVBoxLayout(self)
        top = QHBoxLayout()
        self.title = label("", "big")
        top.addWidget(self.title, 1)
        self.talk = button("", "big", primary=True)
        self.talk.clicked.connect(lambda: screen.talk(side))
        self.replay = button("", "body")
        self.replay.clicked.connect(lambda: screen.replay(side))
        top.addWidget(self.talk, 2)
        top.addWidget(self.replay, 1)
        self.rotate: QPushButton | None = None
        if side == "officer":
            self.rotate = button("", "body", lang="ko")
            self.rotate.clicked.connect(screen.toggle_rotation)
            top.addWidget(self.rotate)
        lay.addLayout(top)
        self.transcript = QWidget()
        self.lines = QVBoxLayout(self.transcript)
        self.lines.setContentsMargins(0, 0, 0, 0)
        self.lines.addStretch(1)
        lay.addWidget(self.transcript, 1)
        self.state = label("", "small")
        lay.addWidget(self.state)

    def lang(self) -> str:
        return self.host.officer_lang if self.side == "officer" else self.host.traveler_lang()

    def retranslate(self) -> None:
        lang = self.lang()
        for w in (self, *self.findChildren(QWidget)):
            w.setProperty("lang", lang)
        self.title.setText(tr(lang, "officer_side" if self.side == "officer" else "traveler_side"))
        self.talk.setText(tr(lang, "talk"))
        self.replay.setText(tr(lang, "replay"))
        if self.rotate is not None:
            self.rotate.setText(tr(lang, "rotate"))

    def set_turns(self, turns: list[Any]) -> None:
        _clear_layout(self.lines)
        self.lines.addStretch(1)  # newest at the bottom, next to the buttons
        mine = self.lang()
        keep = 1 if self.host.win.theme is ACCESSIBLE else 2  # the latest turns that fit; large text shows one
        for turn in turns[-keep:]:
            who = tr(mine, "officer_side" if turn.side == "officer" else "traveler_side")
            own = turn.original if turn.source_lang == mine else turn.translation
            other = turn.translation if turn.source_lang == mine else turn.original
            if turn.flagged:  # not understood / not translated: ask to repeat, in this side's language
                own, other = tr(mine, "err_not_understood"), turn.original
            first = label(f"{who}: {own}", "body", lang=mine)
            first.setProperty("valuefont", True)
            second = label(other, "small", lang=turn.target_lang if turn.source_lang == mine else turn.source_lang)
            second.setProperty("valuefont", True)
            second.setProperty("role", "small")
            self.lines.addWidget(first)
            self.lines.addWidget(second)

    def clear(self) -> None:
        _clear_layout(self.lines)
        self.lines.addStretch(1)
        self.state.setText("")


class RotatedView(QGraphicsView):
    """Shows a widget through a QGraphicsScene so it can be turned 180° (desk across) with touch still working."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__()
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scene_ = QGraphicsScene(self)
        self.setScene(self.scene_)
        self.proxy = self.scene_.addWidget(widget)
        self.rotated = False

    def set_rotated(self, on: bool) -> None:
        self.rotated = on
        self._fit()

    def _fit(self) -> None:
        size = self.viewport().size()
        self.proxy.resize(size.width(), size.height())
        self.proxy.setTransformOriginPoint(size.width() / 2, size.height() / 2)
        self.proxy.setRotation(180 if self.rotated else 0)
        self.scene_.setSceneRect(0, 0, size.width(), size.height())

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._fit()


class InterpretScreen(Screen):
    title_key = "interpret_button"

    def __init__(self, win: KioskWindow) -> None:
        super().__init__(win)
        self.officer_lang = "ko"
        self.session_obj: Any = None
        self.job: Any = None
        lay = QVBoxLayout(self)
        lay.setContentsMargins(12, 4, 12, 4)
        self.officer = SidePanel(self, "officer")
        self.view = RotatedView(self.officer)
        self.traveler = SidePanel(self, "traveler")
        lay.addWidget(self.view, 1)
        lay.addWidget(self.traveler, 1)
        self.back = button("", "body")
        self.back.clicked.connect(lambda: win.show_screen("ask"))
        lay.addWidget(self.back)

    def traveler_lang(self) -> str:
        return self.win.session.language or self.win.lang

    def panels(self) -> tuple[SidePanel, SidePanel]:
        return self.officer, self.traveler

    def retranslate(self) -> None:
        for p in self.panels():
            p.retranslate()
        self.back.setText(self.t("back"))

    def toggle_rotation(self) -> None:
        self.view.set_rotated(not self.view.rotated)

    def entered(self) -> None:
        if self.session_obj is None or getattr(self.session_obj, "traveler_lang", None) not in (
                None, self.win.session.language):
            self.session_obj = None
            self.win.runner.start(lambda r, s: self.win.pipeline.new_interpretation(
                self.officer_lang, self.win.session.language), name="interpret-init",
                on_done=self._ready, on_failed=self._failed)

    def _ready(self, obj: object) -> None:
        self.session_obj = obj

    def talk(self, side: str, audio: Any = None) -> None:
        """Push-to-talk for one side; tests pass an audio file instead of using the microphone."""
        panel = self.officer if side == "officer" else self.traveler
        if self.job is not None:
            if audio is None:
                self.job.stop.set()
            return
        if self.session_obj is None:
            panel.state.setText(tr(panel.lang(), "loading"))
            return
        panel.state.setText(tr(panel.lang(), "state_listening" if audio is None else "state_thinking"))
        self.job = self.win.runner.start(self.win.interpret_flow, self.session_obj, side, audio, self.win.theme,
                                         name="interpret", on_event=lambda k, p: self._event(panel, k, p),
                                         on_done=lambda t: self._done(panel, t),
                                         on_failed=lambda st: self._failed(st, panel))

    def _event(self, panel: SidePanel, kind: str, payload: object) -> None:
        self.win.touch()
        if kind == "state":
            key = {"listening": "state_listening", "thinking": "state_thinking", "speaking": "state_speaking"}
            panel.state.setText(tr(panel.lang(), key.get(str(payload), "state_ready")))
        elif kind == "audio":
            self.win.session.audio.append(payload)
        elif kind == "turn":
            self.win.session.interpret_turns.append(payload)
            src = str(getattr(payload, "source_lang", ""))
            if (getattr(payload, "side", "") == "traveler" and self.win.session.language is None and src
                    and not getattr(payload, "flagged", True)):
                self.win.adopt_language(src)
            for p in self.panels():
                p.set_turns(self.win.session.interpret_turns)
                apply_fonts(p, p.lang(), self.win.theme)
                self.win.fix_value_fonts(p)

    def _done(self, panel: SidePanel, turn: object) -> None:
        self.job = None
        panel.state.setText("")
        self.win.interpret_done.emit(turn)

    def _failed(self, status: Status, panel: SidePanel | None = None) -> None:
        self.job = None
        target = panel or self.traveler
        target.state.setText(tr(target.lang(), status.message_key))
        self.win.interpret_done.emit(status)

    def replay(self, side: str) -> None:
        """Say again, in this side's language, the last thing the other side said."""
        other = "traveler" if side == "officer" else "officer"
        turns = [t for t in self.win.session.interpret_turns if t.side == other]
        if turns:
            self.win.read_aloud(turns[-1].translation, turns[-1].target_lang, force=True)

    def clear(self) -> None:
        if self.job is not None:
            self.job.stop.set()
        self.job = None
        if self.session_obj is not None and hasattr(self.session_obj, "clear"):
            self.session_obj.clear()
        self.session_obj = None
        for p in self.panels():
            p.clear()
        self.view.set_rotated(False)


# ---- "are you still there?" ---------------------------------------------------------------------------------
class StillThere(QFrame):
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


# ---- top bar + window -------------------------------------------------------------------------------------------
class TopBar(QFrame):
    def __init__(self, win: KioskWindow) -> None:
        super().__init__()
        lay = QHBoxLayout(self)
        lay.setContentsMargins(16, 8, 16, 8)
        self.title = label("", "big", wrap=True)
        lay.addWidget(self.title, 1)
        self.a11y = button("", "body", checkable=True)
        self.a11y.setAccessibleName("accessibility")
        self.a11y.clicked.connect(lambda: win.set_accessibility(self.a11y.isChecked()))
        self.officer = button("", "body", officer=True)
        self.officer.clicked.connect(win.call_officer)
        self.restart = button("", "body")
        self.restart.clicked.connect(win.reset)
        for b in (self.a11y, self.officer, self.restart):
            lay.addWidget(b)


class KioskWindow(QMainWindow):
    screen_changed = Signal(str)
    officer_requested = Signal()
    interpret_done = Signal(object)
    was_reset = Signal()

    def __init__(self, pipeline: Pipeline | None = None, *, kiosk_mode: bool = False, lang: str = "en",
                 officer_mode: bool = False, session: Session | None = None, warm_up: bool = False) -> None:
        super().__init__()
        self.pipeline = pipeline or get_pipeline()
        self.session = session or Session()
        self.kiosk_mode = kiosk_mode
        self.default_lang = lang if lang in UI_LANGUAGES else "en"
        self.lang = self.default_lang
        self.theme: Theme = NORMAL
        self.current = "attract"
        self._allow_close = False
        self._speech_job: Any = None
        self.runner = Runner(self)
        self.setWindowTitle("Customs Help")
        root = QWidget()
        self.root = root
        root.setObjectName("root")
        self.setCentralWidget(root)
        lay = QVBoxLayout(root)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        self.top = TopBar(self)
        lay.addWidget(self.top)
        self.banner = label("", "big", center=True)
        self.banner.hide()
        lay.addWidget(self.banner)
        self.stack = QStackedWidget()
        lay.addWidget(self.stack, 1)
        self.screens: dict[str, Screen] = {
            "attract": AttractScreen(self), "language": LanguageScreen(self), "ask": AskScreen(self),
            "form": FormScreen(self), "review": ReviewScreen(self), "interpret": InterpretScreen(self),
        }
        for s in self.screens.values():
            self.stack.addWidget(s)
        self.overlay = StillThere(self, root)
        self.idle = QTimer(self)
        self.idle.setSingleShot(True)
        self.idle.timeout.connect(self.ask_still_there)
        self.tick = QTimer(self)
        self.tick.setInterval(1000)
        self.tick.timeout.connect(self._countdown)
        self._left = 0
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
            app.aboutToQuit.connect(self.shutdown)
        self.exit_shortcut = QShortcut(QKeySequence("Ctrl+Alt+Shift+Q"), self)
        self.exit_shortcut.activated.connect(self.operator_exit)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.resize(1280, 800)
        self.restyle()
        self.retranslate()
        if officer_mode:
            self.show_screen("interpret")
        else:
            self.show_screen("attract")
        if kiosk_mode:
            self.setWindowFlags(Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint)
            purge_leftovers()
        if warm_up:
            self.ask_screen.set_state("loading")
            self.runner.start(lambda r, s: self.pipeline.warm_up(), name="warm-up",
                              on_done=lambda _p: self.ask_screen.set_state("ready"))

    # convenience
    @property
    def ask_screen(self) -> AskScreen:
        return self.screens["ask"]  # type: ignore[return-value]

    @property
    def form_screen(self) -> FormScreen:
        return self.screens["form"]  # type: ignore[return-value]

    @property
    def review_screen(self) -> ReviewScreen:
        return self.screens["review"]  # type: ignore[return-value]

    @property
    def interpret_screen(self) -> InterpretScreen:
        return self.screens["interpret"]  # type: ignore[return-value]

    def t(self, key: str, **kw: object) -> str:
        return tr(self.lang, key, **kw)

    # ---- language / look ------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.top.title.setText(self.t("app_title"))
        self.top.a11y.setText(self.t("a11y_off") if self.theme is ACCESSIBLE else self.t("a11y_on"))
        self.top.officer.setText(self.t("ask_officer"))
        self.top.restart.setText(self.t("start_over"))
        self.top.restart.setVisible(self.current != "attract")
        if self.banner.isVisible():
            self.banner.setText(self.t("officer_called"))
        for s in self.screens.values():
            s.retranslate()
        self.overlay.retranslate(self._left)
        self.restyle()

    def restyle(self) -> None:
        target = round(px_per_cm(self) * self.theme.target_cm)
        sheet = stylesheet(self.theme, target)
        self.setStyleSheet(sheet)
        apply_fonts(self, self.lang, self.theme)
        officer_panel = self.interpret_screen.officer
        officer_panel.setStyleSheet(sheet)
        apply_fonts(officer_panel, self.interpret_screen.officer_lang, self.theme)
        self.fix_value_fonts(self)
        self.fix_value_fonts(officer_panel)

    def fix_value_fonts(self, root: QWidget) -> None:
        for w in root.findChildren(QWidget):
            if prop(w, "valuefont"):
                self.restyle_one(w)

    def restyle_one(self, w: QWidget) -> None:
        """Font for text typed or spoken by people: the first family that covers it, then the fallbacks."""
        if hasattr(w, "text"):
            f = w.font()
            fam = family_for_text(w.text(), str(prop(w, "lang") or self.lang))
            f.setFamilies(families(fam))
            w.setFont(f)

    def set_language(self, lang: str) -> None:
        self.lang = lang if lang in UI_LANGUAGES else "en"
        self.retranslate()

    def adopt_language(self, lang: str) -> None:
        """Use the language detected from the first utterance (UI falls back to English if it has no catalog)."""
        if lang in LANGUAGES:
            self.session.language = lang
            self.set_language(lang)

    def choose_language(self, code: str) -> None:
        self.session.language = code
        self.set_language(code)
        self.show_screen("ask")

    def just_speak(self) -> None:
        """No language chosen: the first utterance picks it (and is asked as the first question)."""
        self.session.language = None
        self.show_screen("ask")
        self.ask_screen.ask(None, lang=None)

    def set_accessibility(self, on: bool) -> None:
        self.theme = ACCESSIBLE if on else NORMAL
        self.session.accessibility = on
        self.top.a11y.setChecked(on)
        self.retranslate()
        self.touch()
        if on:
            self.read_aloud(self.screens[self.current].spoken(), force=True)

    def simplify(self, text: str) -> str:
        """Accessibility mode: simpler wording -> only the first sentence of a long answer."""
        if self.theme is not ACCESSIBLE:
            return text
        m = _FIRST_SENTENCE.match(text.strip())
        return m.group(1) if m else text

    # ---- navigation ---------------------------------------------------------------------------------------
    def show_screen(self, name: str) -> None:
        self.current = name
        for key, scr in self.screens.items():  # only the visible page counts for the window's minimum size
            pol = QSizePolicy.Policy.Preferred if key == name else QSizePolicy.Policy.Ignored
            scr.setSizePolicy(pol, pol)
        self.stack.setCurrentWidget(self.screens[name])
        self.top.restart.setVisible(name != "attract")
        self.screens[name].entered()
        self.restyle()
        self.touch()
        if self.theme is ACCESSIBLE:
            self.read_aloud(self.screens[name].spoken())
        self.screen_changed.emit(name)

    def call_officer(self) -> None:
        self.banner.setText(self.t("officer_called"))
        self.banner.show()
        self.restyle()
        log.info("officer requested")
        self.officer_requested.emit()
        self.read_aloud(self.t("officer_called"), force=True)

    # ---- speech out (read aloud) -------------------------------------------------------------------------------
    def read_aloud(self, text: str, lang: str | None = None, *, force: bool = False) -> None:
        """Speak `text` in the background (always in accessibility mode, or when forced)."""
        if not text or not (force or self.theme is ACCESSIBLE):
            return
        if self._speech_job is not None:
            self._speech_job.stop.set()
            if self.runner.pool.tryTake(self._speech_job):
                self.runner._jobs.discard(self._speech_job)
        rate = self.theme.speech_rate
        lang = lang or self.lang

        def work(report: Report, stop: threading.Event) -> float:
            return self.pipeline.say(text, lang, rate, stop)

        self._speech_job = self.runner.start(work, name="read-aloud", on_failed=lambda s: None)

    # ---- flows run in workers (no Qt objects touched here) -------------------------------------------------
    def ask_flow(self, report: Report, stop: threading.Event, audio: Any, lang: str | None,
                 theme: Theme) -> Any:
        p = self.pipeline
        if audio is None:
            report("state", "listening")
            audio = p.listen(stop, max_seconds=theme.listen_max_s)
            report("audio", audio)
        report("state", "thinking")
        transcript = p.understand(audio, lang)
        report("transcript", transcript)
        ans = p.answer(transcript.text, lang or transcript.language or None)
        report("answer", ans)
        if not stop.is_set():
            report("state", "speaking")
            text = str(getattr(ans, "answer", ""))
            if theme is ACCESSIBLE:
                m = _FIRST_SENTENCE.match(text.strip())
                text = m.group(1) if m else text
            try:
                p.say(text, str(getattr(ans, "language", "") or lang or transcript.language), theme.speech_rate,
                      stop)
            except Exception as exc:  # the answer is on screen; speech is a bonus
                log.warning("speaking the answer failed (%s)", type(exc).__name__)
        return ans

    def interpret_flow(self, report: Report, stop: threading.Event, session_obj: Any, side: str, audio: Any,
                       theme: Theme) -> Any:
        p = self.pipeline
        if audio is None:
            report("state", "listening")
            audio = p.listen(stop, max_seconds=theme.listen_max_s)
            report("audio", audio)
        report("state", "thinking")
        turn = p.interpret(session_obj, side, audio)
        report("turn", turn)
        if turn.translation and not turn.flagged and not stop.is_set():
            report("state", "speaking")
            try:
                p.say(turn.translation, turn.target_lang, theme.speech_rate, stop)
            except Exception as exc:
                log.warning("speaking the translation failed (%s)", type(exc).__name__)
        return turn

    # ---- idle / reset ---------------------------------------------------------------------------------------
    def touch(self) -> None:
        """Any activity: restart the idle timer (not needed on the attract screen with nothing to wipe)."""
        if self.overlay.isVisible():
            return
        if self.current == "attract" and self.session.is_empty():
            self.idle.stop()
        else:
            self.idle.start(self.theme.idle_timeout_s * 1000)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin, QEvent.Type.KeyPress):
            self.touch()
        return False

    def ask_still_there(self) -> None:
        if self.ask_screen.job is not None or self.interpret_screen.job is not None:
            self.touch()
            return
        self._left = self.theme.countdown_s
        self.overlay.retranslate(self._left)
        self.overlay.setGeometry(self.root.rect())
        self.overlay.show()
        self.overlay.raise_()
        self.restyle()
        self.tick.start()
        self.read_aloud(self.t("still_there"), force=self.theme is ACCESSIBLE)

    def _countdown(self) -> None:
        self._left -= 1
        self.overlay.retranslate(self._left)
        if self._left <= 0:
            self.reset()

    def still_here(self) -> None:
        self.tick.stop()
        self.overlay.hide()
        self.touch()

    def reset(self) -> None:
        """Wipe every trace of the session (audio, text, form, files) and go back to the attract screen."""
        self.tick.stop()
        self.idle.stop()
        self.overlay.hide()
        self.runner.cancel_all()
        for s in self.screens.values():
            s.clear()
        self.session.wipe()
        self.banner.hide()
        self.banner.setText("")
        self.theme = NORMAL
        self.top.a11y.setChecked(False)
        self.lang = self.default_lang
        self._left = 0
        self.retranslate()
        self.show_screen("attract")
        self.was_reset.emit()

    def shutdown(self) -> None:
        """Wait for the workers (models may be mid-call) so nothing runs while Qt and Python shut down."""
        self.runner.shutdown()

    # ---- kiosk lock-down ----------------------------------------------------------------------------------------
    def operator_exit(self) -> None:
        pin = os.environ.get("KIOSK_OPERATOR_PIN", "")
        if not pin:
            log.warning("operator exit refused: KIOSK_OPERATOR_PIN is not set")
            return
        text, ok = QInputDialog.getText(self, "Operator", "PIN", QLineEdit.EchoMode.Password)
        if ok and text == pin:
            log.info("operator exit")
            self._allow_close = True
            self.close()
            QApplication.quit()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.kiosk_mode and not self._allow_close:
            event.ignore()
            return
        self.runner.cancel_all()
        self.session.wipe()
        event.accept()

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        if self.overlay.isVisible():
            self.overlay.setGeometry(self.root.rect())


def run_app(*, fullscreen: bool = True, lang: str = "en", officer: bool = False, play_audio: bool = True,
            argv: list[str] | None = None) -> int:
    """Start the kiosk (blocks until the operator exits). Returns the exit code."""
    app = QApplication.instance() or QApplication(argv or ["kiosk"])
    win = KioskWindow(Pipeline(play_audio=play_audio), kiosk_mode=fullscreen, lang=lang, officer_mode=officer,
                      warm_up=True)
    if fullscreen:
        win.showFullScreen()
    else:
        win.show()

    def stop(signum: int, frame: Any) -> None:  # systemctl stop / restart: wipe and quit cleanly
        log.info("signal %d: quitting", signum)
        win._allow_close = True
        win.close()
        QApplication.quit()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    heartbeat = QTimer()  # lets Python run its signal handlers while Qt's event loop is in C++
    heartbeat.start(500)
    heartbeat.timeout.connect(lambda: None)
    return int(app.exec())  # type: ignore[union-attr]
