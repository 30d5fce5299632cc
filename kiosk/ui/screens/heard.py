"""The ask screen's "did I hear you right?" check: speech recognition heard words but is not sure of them
(`kiosk.events.CheckHeard`). Instead of "please repeat", the words are shown large, with only the facts in them that
decide the verdict (item, count, volume, amount, whose: `kiosk.ui.readback`) and two buttons:

- "Yes, that's right": the turn goes on with the heard words (`Pipeline.traveler_turn(session, heard=transcript)`,
  answered like any spoken question, amounts near a limit still read back);
- "No, I'll say it again": listens again.

The kiosk reads the facts back aloud (`Pipeline.read_aloud`, the UI catalog's `check_readback`). The check takes the
ask screen's answer area (a page of its `pages`, like the item editor); the verdict of what was answered before stays
pinned above it. It goes away when the next words are heard or the turn fails; the talk button (or hands-free
listening) while it is shown starts a new turn with the check still in view.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.events import CheckHeard, Failed, Heard, TurnEvent
from kiosk.languages import UI_LANGUAGES
from kiosk.ui.readback import fact_lines, readback
from kiosk.ui.widgets import apply_fonts, button, clear_layout, label, panel, scroll, stacked

if TYPE_CHECKING:
    from kiosk.ui.screens.ask import AskScreen


class HeardCheck(QWidget):
    """The check page of the ask screen."""

    def __init__(self, ask: AskScreen) -> None:
        super().__init__()
        self.ask = ask
        self.heard: CheckHeard | None = None
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 8, 0, 8)
        self.title = label("", "big")  # the question; the heard words below it are the largest text
        self.words = label("", "title")  # what was heard, in the words' own script
        self.words.setProperty("valuefont", True)
        box = panel()
        box.setFrameShape(QFrame.Shape.StyledPanel)
        inner = QVBoxLayout(box)
        self.facts_caption = label("", "body")
        facts = QWidget()
        self.grid = QGridLayout(facts)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setColumnStretch(1, 1)
        self.grid.setHorizontalSpacing(32)
        inner.addWidget(self.facts_caption)
        inner.addWidget(facts)
        self.facts_box = box
        buttons = stacked(QHBoxLayout())
        self.yes = button("", "big", primary=True)
        self.yes.clicked.connect(self.confirm)
        self.again = button("", "big")
        self.again.clicked.connect(self.say_again)
        buttons.addWidget(self.yes, 1)
        buttons.addWidget(self.again, 1)
        lay.addWidget(self.title)
        lay.addWidget(self.words)
        lay.addWidget(box)
        lay.addLayout(buttons)
        lay.addStretch(1)
        self.page = ask.pages.count()
        ask.pages.addWidget(scroll(self))

    def t(self, key: str, **kw: object) -> str:
        return self.ask.t(key, **kw)

    def retranslate(self) -> None:
        self.title.setText(self.t("check_title"))
        self.facts_caption.setText(self.t("check_facts"))
        self.yes.setText(self.t("check_yes"))
        self.again.setText(self.t("check_again"))
        if self.heard is not None:
            self._show_facts(self.heard)

    # ---- the ask screen's turn events ----------------------------------------------------------------------------
    def follow(self, event: TurnEvent) -> None:
        """Show the check on CheckHeard; leave it when new words were heard (or confirmed) or the turn failed."""
        if isinstance(event, CheckHeard):
            self.show_check(event)
        elif isinstance(event, Heard | Failed):
            self.leave()

    def showing(self) -> bool:
        return self.ask.pages.currentIndex() == self.page

    def show_check(self, event: CheckHeard) -> None:
        win = self.ask.win
        self.heard = event
        if event.language in UI_LANGUAGES and event.language != win.lang:
            win.set_language(event.language)  # the words decided the language (retranslate shows the facts)
        self.words.setProperty("lang", event.transcript.language)
        self.words.setText(event.transcript.text.strip())
        self.retranslate()
        self.ask.pages.setCurrentIndex(self.page)
        apply_fonts(self, win.lang, win.theme)
        win.fix_value_fonts(self)
        win.read_aloud(self.spoken(), win.lang, force=True)  # the traveler spoke: the kiosk answers aloud

    def _show_facts(self, event: CheckHeard) -> None:
        clear_layout(self.grid)
        lines = fact_lines(event.facts, self.ask.win.lang)
        for row, line in enumerate(lines):
            name = label(line.item, "big")
            details = label(line.details(), "big")
            for w in (name, details):
                w.setProperty("valuefont", True)
            self.grid.addWidget(name, row, 0)
            self.grid.addWidget(details, row, 1)
        self.facts_box.setVisible(bool(lines))

    def leave(self) -> None:
        if self.showing():
            self.ask.pages.setCurrentIndex(0)

    def clear(self) -> None:
        self.heard = None
        self.words.setText("")
        clear_layout(self.grid)
        self.leave()

    # ---- the two buttons -----------------------------------------------------------------------------------------
    def confirm(self) -> None:
        """"Yes, that's right": answer the heard words (a listening turn started meanwhile is dropped)."""
        event, ask = self.heard, self.ask
        if event is None:
            return
        if ask.job is not None:
            if ask.state != "listening":
                return  # a turn is answering already
            ask.win.runner.cancel(ask.job)
            ask.job = None
        self.heard = None
        self.leave()
        ask.ask(heard=event.transcript)

    def say_again(self) -> None:
        """"No, I'll say it again": listen again (already listening: nothing more to do)."""
        self.heard = None
        self.leave()
        if self.ask.job is None:
            self.ask.ask(None)

    def spoken(self) -> str:
        """The read-back: the facts that decide the verdict (the heard words when no facts were found)."""
        event = self.heard
        if event is None:
            return self.t("check_title")
        return readback(event.transcript.text, event.facts, self.ask.win.lang)
