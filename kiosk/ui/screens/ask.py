"""Ask: push-to-talk (or hands-free) questions; the answer at one glance.

The screen starts a traveler turn (`Pipeline.traveler_turn`) in the worker pool and renders its events:
Listening / Recorded / Thinking / Heard / Answered / Speaking / Done / Failed. A second tap on the talk button while
listening ends the recording (the turn goes on); a tap while the answer is spoken stops the speech.

The answer: a large symbol that differs in shape (✓ allowed, ! declare or restricted, ✕ prohibited, ? unclear,
ℹ information), the verdict in one line, the key sentence, the one clarifying question, and the rest (with the rules
cited) behind "More". An amount heard by speech near or over a limit is read back in words and digits with
"Yes, correct" / "No, change it". Beside the answer: the basket (kiosk.ui.screens.basket_view) with its running
totals; removing or correcting an item by touch gives a new answer, shown (and recorded for the declaration
pre-fill) like a spoken one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPoint, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QBoxLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QProgressBar,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.assistant import Answer, split_answer
from kiosk.audio import AudioClip
from kiosk.errors import Status
from kiosk.events import Answered, Done, Failed, Heard, Listening, Recorded, Speaking, Thinking, TurnEvent
from kiosk.ui.display import resolution
from kiosk.ui.screens.ask_edits import BasketEdits
from kiosk.ui.screens.ask_layout import ActionLayout, action_mode
from kiosk.ui.screens.base import Screen
from kiosk.ui.screens.basket_view import SYMBOL, BasketView, ItemEditor
from kiosk.ui.screens.heard import HeardCheck
from kiosk.ui.screens.verdict_banner import BANNER_SYMBOL, HEADLINE, NEXT_STEP, banner_kind
from kiosk.ui.widgets import apply_fonts, button, label, panel, repolish, scroll, stacked
from kiosk.ui.workers import Job

if TYPE_CHECKING:
    from pathlib import Path

    from kiosk.asr import Transcript
    from kiosk.ui.window import KioskWindow

__all__ = ["SYMBOL", "AskScreen", "banner_kind", "split_answer"]
STATE_KEY = {"ready": "state_ready", "listening": "state_listening", "thinking": "state_thinking",
             "speaking": "state_speaking", "loading": "loading"}


class AskScreen(BasketEdits, ActionLayout, Screen):
    title_key = "state_ready"
    finished = Signal(object)  # the turn's result: an Answer, None (stopped), or a Status on failure

    def __init__(self, win: KioskWindow) -> None:
        super().__init__(win)
        self.state = "ready"
        self.job: Job | None = None
        self.answer: Answer | None = None
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
        # the answer at one glance, PINNED above the scroll area: a banner in the verdict's colour with its shape
        # symbol, one headline and what to do next and where (as the green screen does for "nothing to declare")
        self.banner = QFrame()
        self.banner.setProperty("banner", "info")
        glance = QHBoxLayout(self.banner)
        glance.setContentsMargins(16, 8, 16, 8)
        left = QVBoxLayout()  # the banner and the answer; the actions below them, or beside them (ask_layout)
        left.setContentsMargins(0, 0, 0, 0)
        left.addWidget(self.banner)
        inner = QWidget()
        self.answer_body = inner
        body = QVBoxLayout(inner)
        self.body = body
        self.said_caption = label("", "small")
        self.said = label("", "body")
        self.said.setProperty("valuefont", True)
        self.symbol = label("", "symbol", wrap=False, center=True)
        self.symbol.setProperty("valuefont", True)
        self.verdict = label("", "title")  # the headline
        self.next_step = label("", "big")  # what to do next, and where
        self.more = button("", "body", checkable=True)
        self.more.toggled.connect(self._show_details)
        self.replay = button("", "body")
        self.replay.clicked.connect(self.say_again)
        for b in (self.more, self.replay):  # never narrower than their words: the verdict wraps instead
            b.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
        head = QVBoxLayout()
        head.setSpacing(4)
        head.addWidget(self.verdict)
        head.addWidget(self.next_step)
        glance.addWidget(self.symbol, 0)
        glance.addLayout(head, 1)
        tools = QHBoxLayout()  # under the answer (the verdict keeps the width of the column beside the basket)
        tools.addWidget(self.more, 0)
        tools.addWidget(self.replay, 0)
        tools.addStretch(1)
        self.answer_label = label("", "body")
        self.answer_label.setProperty("valuefont", True)
        self.details = label("", "body")
        self.details.setProperty("valuefont", True)
        self.question = label("", "body")  # the one clarifying question: under the banner, visibly secondary
        self.question.setProperty("valuefont", True)
        self.confirm_box = panel()  # an amount heard by speech, read back: words, digits, yes / change
        cb = QVBoxLayout(self.confirm_box)
        self.confirm_caption = label("", "body")
        self.confirm_words = label("", "big")  # "six hundred and fifty US dollars"
        self.confirm_words.setProperty("valuefont", True)
        self.confirm_digits = label("", "big", wrap=False)  # "650 USD"
        self.confirm_digits.setProperty("valuefont", True)
        buttons = stacked(QHBoxLayout())
        self.confirm_yes = button("", "body", primary=True)
        self.confirm_yes.clicked.connect(self.confirm_amount)
        self.confirm_change = button("", "body")
        self.confirm_change.clicked.connect(self.change_amount)
        buttons.addWidget(self.confirm_yes, 1)
        buttons.addWidget(self.confirm_change, 1)
        amount = stacked(QHBoxLayout())  # "six hundred and fifty US dollars   650 USD" (one column: digits below)
        amount.addWidget(self.confirm_words, 1)
        amount.addWidget(self.confirm_digits, 0)
        cb.addWidget(self.confirm_caption)
        cb.addLayout(amount)
        cb.addLayout(buttons)
        self.confirm_box.setFrameShape(QFrame.Shape.StyledPanel)
        body.addWidget(self.said_caption)
        body.addWidget(self.said)
        body.addWidget(self.question)  # what the traveler must answer comes right under the verdict it decides
        body.addWidget(self.confirm_box)
        body.addWidget(self.answer_label)
        body.addLayout(tools)
        body.addWidget(self.details)
        body.addStretch(1)
        self.scroll_area = scroll(inner, whole_rows=True)
        self.basket = BasketView(win)
        self.basket.remove_requested.connect(self.remove_item)
        self.basket.change_requested.connect(self.change_item)
        self.basket_area = scroll(self.basket)
        self.basket_inline = False
        self.editor = ItemEditor(win)
        self.editor.saved.connect(self.save_item)
        self.editor.cancelled.connect(self.close_editor)
        main = QWidget()
        split = QHBoxLayout(main)  # the answer on the left, the basket on the right (portrait: see place_basket)
        split.setContentsMargins(0, 0, 0, 0)
        split.addWidget(self.scroll_area, 3)
        split.addWidget(self.basket_area, 2)
        self.pages = QStackedWidget()
        self.pages.addWidget(main)
        self.pages.addWidget(scroll(self.editor))  # in a scroll area: its height never grows the window
        self.check = HeardCheck(self)  # words heard but not sure of: shown for one-touch confirmation
        left.addWidget(self.pages, 1)
        # the actions (placed by ask_layout: below the answer, or beside it on a landscape output in large text)
        self.talk = button("", "big", primary=True)
        self.talk.setProperty("ptt", True)  # the big push-to-talk button: twice the minimum touch target
        self.talk.clicked.connect(self.talk_pressed)
        self.hands_free = button("", "body", checkable=True)
        self.pick = button("", "body")
        self.pick.clicked.connect(lambda: win.show_screen("picker"))
        self.form = button("", "body")
        self.form.clicked.connect(win.open_declaration)
        self.interpret = button("", "body")
        self.interpret.clicked.connect(lambda: win.show_screen("interpret"))
        self.action_grid = QGridLayout()
        self.actions_mode: str | None = None
        self.frame_row = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self.frame_row.addLayout(left, 1)
        self.frame_row.addLayout(self.action_grid)
        outer.addLayout(self.frame_row, 1)
        self.arrange_actions("wide")
        self._show_answer_widgets(False)

    def place_basket(self, inline: bool) -> None:
        """One column on a portrait panel: the basket below the answer in the SAME scroll area (one thing to
        scroll, under the pinned verdict); on a landscape panel in its own scroll area beside the answer."""
        if inline == self.basket_inline:
            return
        self.basket_inline = inline
        if inline:
            self.basket_area.takeWidget()
            self.basket.setAutoFillBackground(False)  # a scroll area's own widget paints; inline it must not
            self.body.insertWidget(self.body.count() - 1, self.basket)  # above the closing stretch
            self.basket_area.hide()
        else:
            self.body.removeWidget(self.basket)
            self.basket_area.setWidget(self.basket)
            self.basket.show()
            self.basket_area.setVisible(self.answer is not None and bool(self.answer.basket))

    # ---- texts -----------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        width, height = resolution()
        mode = action_mode(self.win.theme.accessible)
        self.place_basket(height > width or mode == "column")  # actions beside: the basket under the answer
        self.arrange_actions(mode)
        self.set_state(self.state)
        self.said_caption.setText(self.t("you_said") if self.transcript_text else "")
        self.said_caption.setVisible(bool(self.transcript_text) and not self.win.theme.accessible)  # a11y: room
        self.said.setVisible(bool(self.transcript_text))
        self.hands_free.setText(self.t("hands_free"))
        self.pick.setText(self.t("pick_button"))
        self.form.setText(self.t("form_button"))
        self.interpret.setText(self.t("interpret_button"))
        self.replay.setText(self.t("replay"))
        self.confirm_caption.setText(self.t("confirm_heard"))
        self.confirm_yes.setText(self.t("confirm_yes"))
        self.confirm_change.setText(self.t("confirm_change"))
        self.editor.retranslate()
        self.check.retranslate()
        self._show_details(self.more.isChecked())
        if self.answer is not None:
            self.show_answer(self.answer)

    def set_state(self, state: str, message: str | None = None) -> None:
        self.state = state
        self.state_label.setText(message or self.t(STATE_KEY.get(state, "state_ready")))
        # once an answer is shown, "ready" needs no line of its own: the room goes to the answer and the basket
        self.state_label.setVisible(not (state == "ready" and message is None and self.answer is not None))
        self.progress.setVisible(state in ("thinking", "loading"))
        self.talk.setText(self.t("stop_talk") if state == "listening" else self.t("talk"))
        self.talk.setEnabled(state in ("ready", "listening", "speaking", "error"))

    # ---- the turn ----------------------------------------------------------------------------------------
    def talk_pressed(self) -> None:
        if self.job is not None:
            if self.state == "listening":
                self.job.end_speech.set()  # push-to-talk: the second tap ends the utterance, the turn goes on
            elif self.state == "speaking":
                self.job.stop.set()  # a tap while the answer is read aloud stops the speech
            return
        self.ask(None)

    def ask(self, audio: AudioClip | Path | str | None = None, *, text: str | None = None,
            heard: Transcript | None = None) -> None:
        """Start a traveler turn: the microphone (audio None), an audio file/clip (tests), typed `text`, or words
        `heard` unsure and confirmed by the traveler (kiosk.ui.screens.heard)."""
        if self.job is not None:
            return
        win = self.win
        win.stop_speech()
        theme, session, pipeline = win.theme, win.session, win.pipeline
        self.set_state("listening" if audio is None and text is None and heard is None else "thinking")
        self.job = win.runner.turn(
            lambda stop, end: pipeline.traveler_turn(
                session, audio, text=text, rate=theme.speech_rate, brief=theme.accessible,
                listen_max_s=theme.listen_max_s, stop=stop, end_speech=end, heard=heard, check_heard=True),
            self.on_event, name="ask")

    def on_event(self, event: TurnEvent) -> None:
        """Show one event of the traveler's turn."""
        self.win.touch()
        self.check.follow(event)
        if isinstance(event, Listening):
            self.set_state("listening")
        elif isinstance(event, Recorded | Thinking):
            self.set_state("thinking")
        elif isinstance(event, Heard):
            self.transcript_text = event.transcript.text
            if event.language != self.win.lang:
                self.win.set_language(event.language)  # the first words decided the language
            self.said_caption.setText(self.t("you_said"))
            self.said_caption.setVisible(not self.win.theme.accessible)  # large text: room for the answer
            self.said.setText(self.transcript_text)
            self.said.setVisible(bool(self.transcript_text))
            self.win.restyle_one(self.said)
        elif isinstance(event, Answered):
            self.show_answer(event.answer)
            self.win.screens[self.win.current].basket_changed()  # e.g. the form opened while the turn went on
        elif isinstance(event, Speaking):
            self.set_state("speaking")
        elif isinstance(event, Done):
            self._finish(event.result if isinstance(event.result, Answer) else None)
        elif isinstance(event, Failed):
            self._fail(event.status)

    def _finish(self, result: Answer | None) -> None:
        self.job = None
        self.set_state("ready")
        self.finished.emit(result)
        if self.hands_free.isChecked() and self.win.current == "ask" and not self.check.showing():  # check: a touch
            QTimer.singleShot(300, lambda: self.ask(None) if self.hands_free.isChecked() else None)

    def _fail(self, status: Status) -> None:
        self.job = None
        self.set_state("error", self.t(status.message_key))
        self.state = "ready"
        self.talk.setEnabled(True)
        if status.code == "no_microphone":
            self.hands_free.setChecked(False)
        self.win.read_aloud(self.t(status.message_key))
        self.finished.emit(status)

    # ---- the answer ----------------------------------------------------------------------------------------
    def show_answer(self, ans: Answer) -> None:
        self.answer = ans
        if self.state == "ready":
            self.state_label.hide()
        kind = banner_kind(ans)
        self.symbol.setText(BANNER_SYMBOL[kind])
        self.symbol.setAccessibleDescription(self.t(HEADLINE[kind]))
        self.verdict.setText(self.t(HEADLINE[kind]))
        self.next_step.setText(self.t(NEXT_STEP[kind]) if NEXT_STEP.get(kind) else "")
        self.next_step.setVisible(bool(self.next_step.text()))
        for w in (self.symbol, self.verdict):
            w.setProperty("verdict", kind)
            repolish(w)
        self.banner.setProperty("banner", kind)
        repolish(self.banner)
        key, rest = split_answer(ans)
        self.answer_label.setText(key)
        self.details.setText(rest)  # the rules, in the traveler's language (no rule ids on a traveler's screen)
        self.question.setText(ans.question or "")
        conf = ans.confirm
        self.confirm_words.setText(conf.words if conf is not None else "")
        self.confirm_digits.setText(conf.digits if conf is not None else "")
        self._show_answer_widgets(True)
        self._show_details(self.more.isChecked())
        self._show_basket(ans)
        if conf is not None or ans.question:  # what the traveler must answer is in view, not below the fold
            QTimer.singleShot(0, self._show_what_to_answer)
        for w in (self.answer_label, self.details, self.question, self.confirm_words, self.confirm_digits):
            self.win.restyle_one(w)

    def _show_what_to_answer(self) -> None:
        """Scroll to the top when the question / read-back then fits, else so that the read-back (with its buttons)
        is in view. The verdict is pinned above the scroll area: always in view."""
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)  # the scroll area knows its new size
        target = self.confirm_box if self.confirm_box.isVisible() else self.question
        bottom = target.mapTo(self.answer_body, QPoint(0, 0)).y() + target.height()
        if bottom <= self.scroll_area.viewport().height():
            self.scroll_area.verticalScrollBar().setValue(0)
        else:
            self.scroll_area.ensureWidgetVisible(target)

    def _show_basket(self, ans: Answer) -> None:
        self.basket_area.setVisible(bool(ans.basket) and not self.basket_inline)
        self.basket.setVisible(bool(ans.basket))
        if ans.basket:  # the rows and the engine's own running totals (Answer.totals)
            self.basket.show_basket(ans.basket, ans.totals)
            apply_fonts(self.basket, self.win.lang, self.win.theme)
            self.win.fix_value_fonts(self.basket)
        self.win.picker_screen.sync(ans.basket)

    def _show_answer_widgets(self, on: bool) -> None:
        for w in (self.banner, self.symbol, self.verdict, self.answer_label, self.more, self.replay):
            w.setVisible(on)
        self.next_step.setVisible(on and bool(self.next_step.text()))
        has = self.answer is not None and on
        self.question.setVisible(has and bool(self.question.text()))
        self.confirm_box.setVisible(has and self.answer is not None and self.answer.confirm is not None)
        if not has:
            self.basket_area.hide()
            self.basket.setVisible(not self.basket_inline)  # inline: no empty basket heading under the answer
        if not on:
            self.more.setChecked(False)
            self.details.hide()

    def _show_details(self, on: bool) -> None:
        self.more.setText(self.t("less") if on else self.t("more"))
        has = self.answer is not None
        self.details.setVisible(on and has and bool(self.details.text()))

    def say_again(self) -> None:
        """Repeat the answer aloud (the key sentence in accessibility mode); a second tap stops it."""
        if self.answer is None:
            return
        if self.win.speaking():
            self.win.stop_speech()
            return
        text = self.answer_label.text() if self.win.theme.accessible or not self.more.isChecked() else (
            f"{self.answer_label.text()} {self.details.text()}")
        self.win.read_aloud(text, self.answer.language, force=True)

    def clear(self) -> None:
        self.win.runner.cancel(self.job)
        self.job = None
        self.answer = None
        self.transcript_text = ""
        self.hands_free.setChecked(False)
        for w in (self.said_caption, self.said, self.symbol, self.verdict, self.next_step, self.answer_label,
                  self.details, self.question, self.confirm_words, self.confirm_digits):
            w.setText("")
        self.basket.show_basket((), [])
        self.check.clear()
        self.said.hide()
        self._editing(False)
        self._show_answer_widgets(False)
        self.set_state("ready")

    def entered(self) -> None:
        if self.answer is not None and (self.answer.confirm is not None or self.answer.question):
            QTimer.singleShot(0, self._show_what_to_answer)  # laid out only once shown

    def spoken(self) -> str:
        if self.answer is not None:
            extra = [self.question.text()] if self.question.text() else []
            if self.answer.confirm is not None:
                extra.append(self.answer.confirm.text)
            step = self.next_step.text().rstrip(".。")
            head = [self.verdict.text(), step] if step else [self.verdict.text()]
            return ". ".join([*head, self.answer_label.text(), *extra])
        return self.t("state_ready")
