"""Ask: push-to-talk (or hands-free) questions; the answer at one glance.

The screen starts a traveler turn (`Pipeline.traveler_turn`) in the worker pool and renders its events:
Listening / Recorded / Thinking / Heard / Answered / Speaking / Done / Failed. A second tap on the talk button while
listening ends the recording (the turn goes on); a tap while the answer is spoken stops the speech.

The answer: a large symbol that differs in shape (✓ allowed, ! declare or restricted, ✕ prohibited, ? unclear), the
verdict in one line, the key sentence, and the rest (with the rules cited) behind "More".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QVBoxLayout, QWidget

from kiosk.assistant import VERDICTS, Answer
from kiosk.assistant.templates import load_templates
from kiosk.audio import AudioClip
from kiosk.errors import Status
from kiosk.events import Answered, Done, Failed, Heard, Listening, Recorded, Speaking, Thinking, TurnEvent
from kiosk.languages import first_sentence
from kiosk.ui.screens.base import Screen
from kiosk.ui.widgets import button, label, repolish, scroll
from kiosk.ui.workers import Job

if TYPE_CHECKING:
    from pathlib import Path

    from kiosk.ui.window import KioskWindow

SYMBOL = {"allowed": "✔", "declare": "!", "restricted": "!", "prohibited": "✖", "unclear": "?"}
STATE_KEY = {"ready": "state_ready", "listening": "state_listening", "thinking": "state_thinking",
             "speaking": "state_speaking", "loading": "loading"}


def split_answer(ans: Answer) -> tuple[str, str]:
    """(key sentence, the rest) of an answer. The key sentence is the verdict sentence the answer starts with
    (locales/rules/<lang>.toml [verdict]); exact in every script, also where sentences end without a space (zh, ja)
    or without punctuation (th)."""
    text = ans.answer.strip()
    key = load_templates(ans.language)["verdict"].get(ans.verdict, "").strip()
    if not key or not text.startswith(key):
        key = first_sentence(text, ans.language)
    return key, text[len(key):].strip() if text.startswith(key) else ""


class AskScreen(Screen):
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
        inner = QWidget()
        body = QVBoxLayout(inner)
        self.said_caption = label("", "small")
        self.said = label("", "body")
        self.said.setProperty("valuefont", True)
        glance = QHBoxLayout()  # the answer at one glance: shape symbol, verdict, and the buttons for more
        self.symbol = label("", "symbol", wrap=False, center=True)
        self.symbol.setProperty("valuefont", True)
        self.verdict = label("", "big")
        self.more = button("", "body", checkable=True)
        self.more.toggled.connect(self._show_details)
        self.replay = button("", "body")
        self.replay.clicked.connect(self.say_again)
        glance.addWidget(self.symbol, 0)
        glance.addWidget(self.verdict, 1)
        glance.addWidget(self.more, 0)
        glance.addWidget(self.replay, 0)
        self.answer_label = label("", "body")
        self.answer_label.setProperty("valuefont", True)
        self.details = label("", "body")
        self.details.setProperty("valuefont", True)
        self.rule = label("", "small")
        self.rule.setProperty("valuefont", True)
        body.addWidget(self.said_caption)
        body.addWidget(self.said)
        body.addLayout(glance)
        body.addWidget(self.answer_label)
        body.addWidget(self.details)
        body.addWidget(self.rule)
        body.addStretch(1)
        self.scroll_area = scroll(inner)
        outer.addWidget(self.scroll_area, 1)
        row = QHBoxLayout()
        self.talk = button("", "big", primary=True)
        self.talk.setProperty("ptt", True)  # the big push-to-talk button: twice the minimum touch target
        self.talk.clicked.connect(self.talk_pressed)
        self.hands_free = button("", "body", checkable=True)
        row.addWidget(self.talk, 3)
        row.addWidget(self.hands_free, 1)
        outer.addLayout(row)
        row2 = QHBoxLayout()
        self.pick = button("", "body")
        self.pick.clicked.connect(lambda: win.show_screen("picker"))
        self.form = button("", "body")
        self.form.clicked.connect(win.open_declaration)
        self.interpret = button("", "body")
        self.interpret.clicked.connect(lambda: win.show_screen("interpret"))
        for b in (self.pick, self.form, self.interpret):
            row2.addWidget(b)
        outer.addLayout(row2)
        self._show_answer_widgets(False)

    # ---- texts -----------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.set_state(self.state)
        self.said_caption.setText(self.t("you_said") if self.transcript_text else "")
        self.said_caption.setVisible(not self.win.theme.accessible)  # large text: room for the answer
        self.hands_free.setText(self.t("hands_free"))
        self.pick.setText(self.t("pick_button"))
        self.form.setText(self.t("form_button"))
        self.interpret.setText(self.t("interpret_button"))
        self.replay.setText(self.t("replay"))
        self._show_details(self.more.isChecked())
        if self.answer is not None:
            self.show_answer(self.answer)

    def set_state(self, state: str, message: str | None = None) -> None:
        self.state = state
        self.state_label.setText(message or self.t(STATE_KEY.get(state, "state_ready")))
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

    def ask(self, audio: AudioClip | Path | str | None = None, *, text: str | None = None) -> None:
        """Start a traveler turn: the microphone (audio None), an audio file/clip (tests), or typed `text`."""
        if self.job is not None:
            return
        win = self.win
        win.stop_speech()
        theme, session, pipeline = win.theme, win.session, win.pipeline
        self.set_state("listening" if audio is None and text is None else "thinking")
        self.job = win.runner.turn(
            lambda stop, end: pipeline.traveler_turn(
                session, audio, text=text, rate=theme.speech_rate, brief=theme.accessible,
                listen_max_s=theme.listen_max_s, stop=stop, end_speech=end),
            self.on_event, name="ask")

    def on_event(self, event: TurnEvent) -> None:
        """Show one event of the traveler's turn."""
        self.win.touch()
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
            self.win.restyle_one(self.said)
        elif isinstance(event, Answered):
            self.show_answer(event.answer)
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
        if self.hands_free.isChecked() and self.win.current == "ask":
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
        verdict = ans.verdict if ans.verdict in VERDICTS else "unclear"
        self.symbol.setText(SYMBOL[verdict])
        self.symbol.setAccessibleDescription(self.t(f"verdict_{verdict}"))
        self.verdict.setText(self.t(f"verdict_{verdict}"))
        for w in (self.symbol, self.verdict):
            w.setProperty("verdict", verdict)
            repolish(w)
        key, rest = split_answer(ans)
        self.answer_label.setText(key)
        self.details.setText(rest)
        self.rule.setText(f"{self.t('rule')}: " + "; ".join(f"{r.id} {r.title}".strip() for r in ans.rules)
                          if ans.rules else "")
        self._show_answer_widgets(True)
        self._show_details(self.more.isChecked())
        for w in (self.answer_label, self.details, self.rule):
            self.win.restyle_one(w)

    def _show_answer_widgets(self, on: bool) -> None:
        for w in (self.symbol, self.verdict, self.answer_label, self.more, self.replay):
            w.setVisible(on)
        if not on:
            self.more.setChecked(False)
            self.details.hide()
            self.rule.hide()

    def _show_details(self, on: bool) -> None:
        self.more.setText(self.t("less") if on else self.t("more"))
        has = self.answer is not None
        self.details.setVisible(on and has and bool(self.details.text()))
        self.rule.setVisible(on and has and bool(self.rule.text()))

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
        for w in (self.said_caption, self.said, self.symbol, self.verdict, self.answer_label, self.details, self.rule):
            w.setText("")
        self._show_answer_widgets(False)
        self.set_state("ready")

    def spoken(self) -> str:
        if self.answer is not None:
            return f"{self.verdict.text()}. {self.answer_label.text()}"
        return self.t("state_ready")
