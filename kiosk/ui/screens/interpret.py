"""The officer's desk: a split screen (the officer's half can be turned 180° for a desk across), one push-to-talk per
side. Each utterance is a pipeline interpretation turn (`Pipeline.interpret_turn`) whose events this screen renders;
the turns themselves live in the session (`session.interpret_turns`). The officer's words are passed on only when the
phrasebook matched them confidently (or the officer says so): otherwise the officer taps one of the 3 closest
standard phrases (kiosk.ui.screens.phrases), or opens the phrase board."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QGraphicsScene,
    QGraphicsView,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.audio import AudioClip
from kiosk.errors import Status
from kiosk.events import Done, Failed, Listening, Recorded, Side, Speaking, Thinking, Translated, TurnEvent
from kiosk.i18n import tr
from kiosk.interpret import Turn
from kiosk.interpret.hazards import hazard_title
from kiosk.phrasebook import PhrasebookError, Slots
from kiosk.phrasebook.labels import phrase_label
from kiosk.phrasebook.match import Candidate
from kiosk.phrasebook.render import render
from kiosk.ui.screens.base import Screen
from kiosk.ui.screens.phrase_board import OFFICER_LANG, slot_ask
from kiosk.ui.screens.phrase_widgets import Badge, PhraseRow, ScriptLabel, trust_badge
from kiosk.ui.screens.phrases import PhraseScreen
from kiosk.ui.widgets import apply_fonts, button, clear_layout, label, show_added, stacked
from kiosk.ui.workers import Job

if TYPE_CHECKING:
    from kiosk.ui.window import KioskWindow


def shown_turns(turns: Sequence[Turn], side: Side, large_text: bool) -> list[Turn]:
    """The turns a panel shows, oldest first: the latest two, and always each side's latest (the officer's last
    sentence stays on the traveler's half after the traveler answered). Large text: each side's latest on the
    traveler's half (the accessible mode is the traveler's), the latest alone on the officer's (its hazard words
    and trust badge must stay in view)."""
    if large_text and side == "officer":
        return list(turns[-1:])
    keep = {id(t) for t in {t.side: t for t in turns}.values()}
    keep |= set() if large_text else {id(t) for t in turns[-2:]}
    return [t for t in turns if id(t) in keep]


class Transcript(QWidget):
    """The turns of one half. It takes the room the half leaves it (its content never grows the window) and fits
    its lines again on every resize: the half's final height is known only after the layout settled (landscape +
    large text lost the officer's sentence when the fit ran on the size of an earlier layout)."""

    def __init__(self, panel: SidePanel) -> None:
        super().__init__()
        self.panel = panel
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self.panel.fit()


class SidePanel(QFrame):
    """One side of the split screen: title, running bilingual transcript, push-to-talk, replay."""

    def __init__(self, screen: InterpretScreen, side: Side) -> None:
        super().__init__()
        self.setProperty("panel", True)
        self.host = screen
        self.side = side
        self.listening = False
        lay = QVBoxLayout(self)
        top = stacked(QHBoxLayout())  # a column of full-width buttons in accessibility mode (portrait)
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
            self.phrases = button("", "body", lang="ko")
            self.phrases.clicked.connect(lambda: screen.win.show_screen("phrases"))
            top.addWidget(self.phrases)
        lay.addLayout(top)
        self.top = top
        self.groups: list[list[QWidget]] = []  # the widgets of each turn shown, oldest first
        self.keep = -1  # the group that stays longest: the other person's latest sentence
        self.transcript = Transcript(self)
        self.lines = QVBoxLayout(self.transcript)
        self.lines.setContentsMargins(0, 0, 0, 0)
        self.lines.addStretch(1)
        lay.addWidget(self.transcript, 1)
        self.choices = QWidget()  # officer side: the closest standard phrases when the match was not confident
        self.choice_lay = QVBoxLayout(self.choices)
        self.choice_lay.setContentsMargins(0, 0, 0, 0)
        self.choices.hide()
        lay.addWidget(self.choices, 1)
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
            self.phrases.setText(tr(lang, "phrase_board"))

    def set_turns(self, turns: tuple[Turn, ...] | list[Turn]) -> None:
        clear_layout(self.lines)
        self.lines.addStretch(1)  # newest at the bottom, next to the buttons
        mine = self.lang()
        large = self.host.win.theme.accessible
        shown = shown_turns(turns, self.side, large)
        # large text: an earlier turn in one line (who said what, in this side's language), the latest in full
        self.groups = [self.turn_widgets(turn, mine)[:1] if large and turn is not shown[-1] and not turn.hazards
                       else self.turn_widgets(turn, mine) for turn in shown]
        other = [n for n, turn in enumerate(shown) if turn.side != self.side]
        self.keep = other[-1] if other else len(shown) - 1
        for w in (w for group in self.groups for w in group):
            self.lines.addWidget(w)
        show_added(self.lines)  # on the screen now, not on the event loop's next turn

    def fit(self) -> None:
        """Show what fits the transcript's height, hiding (never deleting: the next resize may have more room) the
        other-language lines first, then the other turns' badges, then those turns oldest first, then the kept
        turn's badges; the other person's latest sentence (on the traveler's half: the officer's) always stays.
        Called on every resize of the transcript and after the fonts are set."""
        width, room = max(self.transcript.width(), 1), self.transcript.height()
        show = [w for group in self.groups for w in group]
        if not show:
            return

        def need() -> int:
            return (sum(w.heightForWidth(width) if w.hasHeightForWidth() else w.sizeHint().height() for w in show)
                    + self.lines.spacing() * max(len(show) - 1, 0))

        drops = [[w] for group in self.groups for w in group if w.property("otherlang")]  # units, in order
        others = [group for n, group in enumerate(self.groups) if n != self.keep]
        drops += [[w] for group in others for w in group[1:]]  # their badges, then each of them whole
        drops += others
        drops += [[w] for w in self.groups[self.keep][1:][::-1]]
        for unit in drops:
            if need() <= room:
                break
            show = [w for w in show if w not in unit]
        for group in self.groups:
            for w in group:
                w.setVisible(w in show)

    def turn_widgets(self, turn: Turn, mine: str) -> list[QWidget]:
        """One turn as this side reads it: who spoke (or the kiosk's own message), the sentence in this side's
        language, the other language beneath, how far to trust it, and on the officer's side the traveler's hazard
        words in Korean — colour, symbol and words in the reader's language."""
        out: list[QWidget] = []
        if turn.trust == "system":  # not understood / not translated: the kiosk speaks, never as a person
            if turn.side == self.side:
                ask = self.host.repeat_text(mine)
            else:
                ask = f"{phrase_label('unclear', mine)} ({phrase_label(turn.side, mine)})"
            out.append(Badge("system", f"{phrase_label('kiosk', mine)}: {ask}", mine, role="body"))
            if turn.original:  # what was heard, as heard (the officer may still make it out)
                heard = ScriptLabel(turn.original, "small", turn.source_lang or mine)
                heard.setProperty("valuefont", True)
                out.append(heard)
        else:
            who = phrase_label(turn.side, mine)
            own = turn.original if turn.source_lang == mine else turn.translation
            other = turn.translation if turn.source_lang == mine else turn.original
            first = ScriptLabel(f"{who}: {own}", "body", mine)
            first.setProperty("valuefont", True)
            second = ScriptLabel(other, "small", turn.target_lang if turn.source_lang == mine else turn.source_lang)
            second.setProperty("valuefont", True)
            second.setProperty("otherlang", True)  # the first to go where the half is too small (large text)
            out.append(first)
            same = turn.source_lang == turn.target_lang or other.strip() == own.strip()  # a Korean traveler: once
            if not same and not (self.side == "officer" and self.host.win.theme.accessible):  # large text: no room
                out.append(second)  # on the officer's half for the other language; the trust badge must stay visible
            badge = trust_badge(turn.trust, turn.checked, mine)
            if badge is not None:
                out.append(badge)
        if turn.hazards and self.side == "officer":  # first: a cramped panel (large text) cuts off the end
            danger = any(h.danger for h in turn.hazards)
            names = ", ".join(f"{h.korean} «{h.word}»" for h in turn.hazards)
            out.insert(0, Badge("danger" if danger else "check", f"{hazard_title()}: {names}", OFFICER_LANG,
                                role="body"))
        return out

    def show_choices(self, turn: Turn, candidates: tuple[Candidate, ...], board: PhraseScreen) -> None:
        """'Not sure what you meant': the officer's words, the top 3 phrases to tap, and 'pass it on as is'."""
        self.hide_choices()
        lang = self.lang()
        self.choice_lay.addWidget(label(tr(lang, "phrase_unsure", text=turn.original), "body", lang=lang))
        row = QHBoxLayout()
        for cand in candidates:
            phrase = board.book.phrase(cand.phrase_id)
            text = board.template(phrase) if cand.missing else render(board.book, phrase, OFFICER_LANG, cand.slots)
            card = PhraseRow(text, ask=slot_ask(cand.missing))
            card.setObjectName(f"choice-{cand.phrase_id}")
            card.clicked.connect(lambda c=cand: self.host.choose(c))
            row.addWidget(card, 1)
        if turn.translation and not turn.flagged:
            anyway = button(tr(lang, "phrase_send_anyway"), "body", lang=lang)
            anyway.clicked.connect(lambda: self.host.pass_on(turn))
            row.addWidget(anyway)
        self.choice_lay.addLayout(row)
        self.transcript.hide()
        self.choices.show()

    def hide_choices(self) -> None:
        while self.choice_lay.count():
            item = self.choice_lay.takeAt(0)
            if item is not None and item.layout() is not None:
                clear_layout(item.layout())  # type: ignore[arg-type]
            w = item.widget() if item is not None else None
            if w is not None:
                w.setParent(None)
                w.deleteLater()
        self.choices.hide()
        self.transcript.show()

    def clear(self) -> None:
        clear_layout(self.lines)
        self.groups = []
        self.keep = -1
        self.lines.addStretch(1)
        self.state.setText("")
        self.listening = False
        self.hide_choices()


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


REPEAT_PHRASE = "hlp02"  # "다시 한 번 말씀해 주세요." in every phrasebook language


class InterpretScreen(Screen):
    title_key = "interpret_button"

    def __init__(self, win: KioskWindow) -> None:
        super().__init__(win)
        self.officer_lang = "ko"
        self.job: Job | None = None
        self.job_side: Side | None = None
        self.held: list[Turn] = []  # officer turns not passed on (unsure match): never shown to the traveler
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

    def repeat_text(self, lang: str) -> str:
        """The kiosk asking the speaker to say it again, in their language (the phrasebook's hlp02 sentence)."""
        board = self.board()
        try:
            return render(board.book, board.book.phrase(REPEAT_PHRASE), lang, Slots())
        except PhrasebookError:
            return tr(lang, "err_not_understood")

    def panels(self) -> tuple[SidePanel, SidePanel]:
        return self.officer, self.traveler

    def panel(self, side: Side) -> SidePanel:
        return self.officer if side == "officer" else self.traveler

    def retranslate(self) -> None:
        for p in self.panels():
            p.retranslate()
        self.back.setText(self.t("back"))

    def toggle_rotation(self) -> None:
        self.view.set_rotated(not self.view.rotated)

    def entered(self) -> None:
        self.show_turns()

    def talk(self, side: Side, audio: AudioClip | Path | str | None = None) -> None:
        """Push-to-talk for one side; tests pass an audio file instead of using the microphone. A second tap while
        listening ends the utterance (the turn goes on); a tap while speaking stops the speech."""
        panel = self.panel(side)
        if self.job is not None:
            if audio is None and side == self.job_side:
                (self.job.end_speech if panel.listening else self.job.stop).set()
            return
        win = self.win
        win.stop_speech()
        if side == "officer":
            self.officer.hide_choices()
        theme, session, pipeline, officer_lang = win.theme, win.session, win.pipeline, self.officer_lang
        panel.state.setText(tr(panel.lang(), "state_listening" if audio is None else "state_thinking"))
        self.job_side = side
        self.job = win.runner.turn(
            lambda stop, end: pipeline.interpret_turn(
                session, side, audio, officer_lang=officer_lang, rate=theme.speech_rate, speak=side != "officer",
                listen_max_s=theme.listen_max_s, stop=stop, end_speech=end),
            lambda ev: self.on_event(panel, ev), name="interpret")

    def on_event(self, panel: SidePanel, event: TurnEvent) -> None:
        """Show one event of an interpretation turn on the speaking side's panel."""
        self.win.touch()
        panel.listening = isinstance(event, Listening)
        key = {Listening: "state_listening", Recorded: "state_thinking", Thinking: "state_thinking",
               Speaking: "state_speaking"}.get(type(event))
        if key is not None:
            panel.state.setText(tr(panel.lang(), key))
        elif isinstance(event, Translated):
            lang = self.win.session.language
            if lang is not None and lang != self.win.lang:
                self.win.set_language(lang)  # the traveler's first words decided the language
            if event.turn.side == "officer":
                self.officer_turn(event.turn)
            self.show_turns()
        elif isinstance(event, Done):
            self.job = self.job_side = None
            panel.state.setText("")
            self.win.interpret_done.emit(event.result)
        elif isinstance(event, Failed):
            self._failed(event.status, panel)

    def board(self) -> PhraseScreen:
        board = self.win.screens["phrases"]
        assert isinstance(board, PhraseScreen)
        return board

    def officer_turn(self, turn: Turn) -> None:
        """The officer's words are spoken to the traveler when they are a confidently matched standard phrase;
        otherwise they are held back and the officer picks from the 3 closest phrases (or passes them on as is)."""
        board = self.board()
        match = board.matcher.match(turn.original) if turn.engine != "phrasebook" else None
        if match is not None and not match.confident and match.candidates:
            self.held.append(turn)
            self.officer.show_choices(turn, match.candidates, board)
            board.refonts(self.officer.choices)
        elif turn.translation and not turn.flagged:
            self.win.read_aloud(turn.translation, turn.target_lang, force=True)

    def choose(self, cand: Candidate) -> None:
        """A tap on one of the candidates: said at once, or on the board when a slot value is still missing."""
        self.officer.hide_choices()
        board = self.board()
        if cand.missing:
            self.win.show_screen("phrases")
            board.tap(cand.phrase_id, cand.slots)
            return
        board.say(cand.phrase_id, cand.slots)
        self.show_turns()

    def pass_on(self, turn: Turn) -> None:
        """The officer wants the machine translation passed on after all."""
        self.officer.hide_choices()
        self.held = [t for t in self.held if t is not turn]
        self.show_turns()
        self.win.read_aloud(turn.translation, turn.target_lang, force=True)

    def show_turns(self) -> None:
        turns = self.win.session.interpret_turns
        for p in self.panels():
            p.set_turns(turns if p.side == "officer" else [t for t in turns if not any(t is h for h in self.held)])
            apply_fonts(p, p.lang(), self.win.theme)
            self.win.fix_value_fonts(p)
            p.fit()  # again on each resize of its transcript

    def _failed(self, status: Status, panel: SidePanel) -> None:
        self.job = self.job_side = None
        panel.state.setText(tr(panel.lang(), status.message_key))
        self.win.interpret_done.emit(status)

    def replay(self, side: Side) -> None:
        """Say again, in this side's language, the last thing the other side said."""
        other = "traveler" if side == "officer" else "officer"
        turns = [t for t in self.win.session.interpret_turns if t.side == other and not t.flagged]
        if turns:
            self.win.read_aloud(turns[-1].translation, turns[-1].target_lang, force=True)

    def clear(self) -> None:
        self.win.runner.cancel(self.job)
        self.job = self.job_side = None
        for p in self.panels():
            p.clear()
        self.held = []
        self.view.set_rotated(False)
