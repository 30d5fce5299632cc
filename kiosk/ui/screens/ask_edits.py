"""Touch edits of the basket on the ask screen (mixed into `AskScreen`): ✕ takes an item out, ✎ opens the editor
(it takes the whole screen), "Yes, correct" / "No, change it" answer an amount read back. Each edit runs through the
pipeline (`Pipeline.edit_basket`: rules only, instant) and its answer is shown like a spoken one (the pipeline
recorded it for the declaration). Never while a turn is using the conversation."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kiosk.basket_flows import BasketEdit
from kiosk.events import Answered, Failed

if TYPE_CHECKING:
    from PySide6.QtWidgets import QPushButton, QStackedWidget

    from kiosk.assistant import Answer
    from kiosk.ui.screens.basket_view import ItemEditor
    from kiosk.ui.window import KioskWindow
    from kiosk.ui.workers import Job

MAIN, EDIT = 0, 1  # the ask screen's pages: the answer and basket, the item editor


class BasketEdits:
    """The ask screen's touch edits; the screen provides what is declared here."""

    win: KioskWindow
    answer: Answer | None
    job: Job | None
    editor: ItemEditor
    pages: QStackedWidget
    talk: QPushButton
    hands_free: QPushButton
    pick: QPushButton
    form: QPushButton
    interpret: QPushButton

    def _edit(self, edit: BasketEdit) -> None:
        """A touch edit runs through the pipeline (`Pipeline.edit_basket`: rules only, instant) and its answer is
        shown like a spoken one (the pipeline recorded it for the declaration)."""
        self._editing(False)
        for event in self.win.pipeline.edit_basket(self.win.session, edit):
            if isinstance(event, Answered | Failed):
                self.win.ask_screen.on_event(event)
        if self.answer is not None:
            self.win.read_aloud(self.win.ask_screen.spoken())

    def _item(self, item_id: str) -> str:
        basket = self.answer.basket if self.answer is not None else ()
        return next((b.description for b in basket if b.id == item_id), "")

    def remove_item(self, item_id: str) -> None:
        if self.job is not None:  # a turn is using the conversation
            return
        self._edit(BasketEdit("remove", item_id, summary=self.win.t("remove_item", item=self._item(item_id))))

    def change_item(self, item_id: str) -> None:
        item = next((b for b in (self.answer.basket if self.answer else ()) if b.id == item_id), None)
        if item is None or self.job is not None:
            return
        self.editor.open(item)
        self._editing(True)
        self.win.restyle()
        self.win.read_aloud(self.editor.title.text())

    def close_editor(self) -> None:
        self._editing(False)

    def _editing(self, on: bool) -> None:
        """The editor takes the whole screen: no turn can start while an item is being corrected."""
        self.pages.setCurrentIndex(EDIT if on else MAIN)
        for b in (self.talk, self.hands_free, self.pick, self.form, self.interpret):
            b.setVisible(not on)

    def save_item(self, item_id: str, facts: dict[str, object]) -> None:
        if self.job is not None:
            return
        self._edit(BasketEdit("update", item_id, facts=dict(facts),
                              summary=self.win.t("change_item", item=self._item(item_id))))

    def confirm_amount(self) -> None:
        """"Yes, correct": the amount read back stands; the answer without the read-back."""
        if self.job is None and self.answer is not None and self.answer.confirm is not None:
            self._edit(BasketEdit("confirm", self.answer.confirm.item_id, summary=self.win.t("confirm_yes")))

    def change_amount(self) -> None:
        """"No, change it": the value stepper of the item whose amount was read back."""
        if self.answer is not None and self.answer.confirm is not None:
            self.change_item(self.answer.confirm.item_id)
