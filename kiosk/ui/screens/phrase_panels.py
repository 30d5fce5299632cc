"""The phrase board's two panels: the slot editor (the chosen phrase with steppers and pickers for its slots, a live
Korean preview, the button that says it) and the traveler's view (the sentence in the traveler's language, the Korean
beside it, its review state)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QComboBox, QDateEdit, QFrame, QGridLayout, QHBoxLayout, QVBoxLayout

from kiosk.i18n import tr
from kiosk.phrasebook import PHRASE_LANGUAGES, Money, Phrase, Slots, render
from kiosk.phrasebook.model import REVIEWED_PREFIX
from kiosk.ui.screens.phrase_board import CURRENCIES, MONEY_STEP, OFFICER_LANG, default_slots
from kiosk.ui.screens.phrase_widgets import Badge, ScriptButton, ScriptLabel, Stepper, trust_text
from kiosk.ui.widgets import button, label

if TYPE_CHECKING:
    from kiosk.ui.screens.phrases import PhraseScreen

__all__ = ["SlotEditor", "TravelerView"]


class SlotEditor(QFrame):
    """The chosen phrase with steppers/pickers for its slots, a live Korean preview and the button that says it."""

    def __init__(self, board: PhraseScreen) -> None:
        super().__init__()
        self.setProperty("panel", True)
        self.board = board
        self.phrase: Phrase | None = None
        self.lay = QVBoxLayout(self)
        self.lay.setContentsMargins(8, 6, 8, 6)
        row = QHBoxLayout()  # the sentence as it will be said, and the buttons beside it
        self.preview = ScriptLabel("", "body", OFFICER_LANG)
        row.addWidget(self.preview, 1)
        self.cancel = button("", "body", lang=OFFICER_LANG)
        self.cancel.clicked.connect(self.close_editor)
        self.say = button("", "body", primary=True, lang=OFFICER_LANG)
        self.say.clicked.connect(self.say_it)
        row.addWidget(self.cancel)
        row.addWidget(self.say)
        self.lay.addLayout(row)
        self.controls = QGridLayout()
        self.lay.addLayout(self.controls)
        self.count: Stepper | None = None
        self.amount: Stepper | None = None
        self.currency: QComboBox | None = None
        self.item: QComboBox | None = None
        self.place: QComboBox | None = None
        self.date: QDateEdit | None = None
        self.hide()

    def retranslate(self) -> None:
        self.cancel.setText(tr(OFFICER_LANG, "phrase_cancel"))
        self.say.setText(tr(OFFICER_LANG, "phrase_say"))

    def _terms(self, kind: str, current: str | None) -> QComboBox:
        box = QComboBox()
        book = self.board.book
        for key in book.term_keys(kind):
            texts = book.term(kind, key).texts
            box.addItem(texts[OFFICER_LANG].text if OFFICER_LANG in texts else key, key)
        if current is not None:
            box.setCurrentIndex(max(0, box.findData(current)))
        box.currentIndexChanged.connect(self.update_preview)
        return box

    def open(self, phrase: Phrase, given: Slots | None = None) -> None:
        """Show the editor for `phrase`, starting from the given slot values (search or speech found them)."""
        self.phrase = phrase
        slots = default_slots(self.board.book, phrase, given)
        while self.controls.count():
            item = self.controls.takeAt(0)
            w = item.widget() if item is not None else None
            if w is not None:
                w.setParent(None)
                w.deleteLater()
        self.count = self.amount = None
        self.currency = self.item = self.place = None
        self.date = None
        for row, kind in enumerate(dict.fromkeys(phrase.slots)):
            self.controls.addWidget(label(tr(OFFICER_LANG, f"phrase_slot_{kind}"), "body", lang=OFFICER_LANG),
                                    row, 0)
            if kind == "count":
                self.count = Stepper(slots.count or 0)
                self.count.changed.connect(self.update_preview)
                self.controls.addWidget(self.count, row, 1, 1, 2)
            elif kind == "money" and slots.money is not None:
                cur = slots.money.currency
                self.amount = Stepper(int(slots.money.amount), MONEY_STEP.get(cur, 10))
                self.amount.changed.connect(self.update_preview)
                self.currency = QComboBox()
                for code in dict.fromkeys((cur, *CURRENCIES)):
                    self.currency.addItem(code, code)
                self.currency.currentIndexChanged.connect(self._currency_changed)
                self.controls.addWidget(self.amount, row, 1)
                self.controls.addWidget(self.currency, row, 2)
            elif kind in ("item", "place"):
                box = self._terms(kind, slots.item if kind == "item" else slots.place)
                setattr(self, kind, box)
                self.controls.addWidget(box, row, 1, 1, 2)
            elif kind == "date" and slots.date is not None:
                self.date = QDateEdit(QDate(slots.date.year, slots.date.month, slots.date.day))
                self.date.setCalendarPopup(True)
                self.date.dateChanged.connect(self.update_preview)
                self.controls.addWidget(self.date, row, 1, 1, 2)
        self.controls.setColumnStretch(1, 1)
        self.show()
        self.update_preview()
        self.board.refonts(self)

    def _currency_changed(self) -> None:
        if self.amount is not None and self.currency is not None:
            self.amount.step = MONEY_STEP.get(str(self.currency.currentData()), 10)
        self.update_preview()

    def slots(self) -> Slots:
        money = None
        if self.amount is not None and self.currency is not None:
            money = Money(Decimal(self.amount.value), str(self.currency.currentData()))
        date = None
        if self.date is not None:
            d = self.date.date()
            date = dt.date(d.year(), d.month(), d.day())
        return Slots(count=self.count.value if self.count is not None else None, money=money,
                     item=str(self.item.currentData()) if self.item is not None else None,
                     place=str(self.place.currentData()) if self.place is not None else None, date=date)

    def update_preview(self) -> None:
        if self.phrase is not None:
            self.preview.setText(render(self.board.book, self.phrase, OFFICER_LANG, self.slots()))

    def say_it(self) -> None:
        if self.phrase is not None:
            self.board.say(self.phrase.id, self.slots())
            self.close_editor()

    def close_editor(self) -> None:
        self.phrase = None
        self.hide()


class TravelerView(QFrame):
    """What the traveler reads: the sentence in their language, the Korean beside it, the review state; the
    language button opens the picker. Chrome in the UI language, the sentence in any phrasebook language."""

    def __init__(self, board: PhraseScreen) -> None:
        super().__init__()
        self.setProperty("panel", True)
        self.board = board
        lay = QVBoxLayout(self)
        self.heading = label("", "body")
        lay.addWidget(self.heading)
        self.lang_button = ScriptButton("", "en")
        self.lang_button.setProperty("role", "body")
        self.lang_button.clicked.connect(board.open_languages)
        lay.addWidget(self.lang_button)
        self.sentence = ScriptLabel("", "big", "en")
        lay.addWidget(self.sentence)
        self.korean = ScriptLabel("", "body", OFFICER_LANG)
        lay.addWidget(self.korean)
        self.review = Badge("standard", "", "en")  # trust: a standard phrase, its translation checked or not
        lay.addWidget(self.review)
        lay.addStretch(1)
        self.replay = button("", "body")
        self.replay.clicked.connect(board.replay)
        lay.addWidget(self.replay)

    def retranslate(self, ui_lang: str) -> None:
        lang = self.board.traveler_lang()
        row = PHRASE_LANGUAGES[lang]
        self.heading.setText(tr(ui_lang, "phrase_traveler_language"))
        self.lang_button.script_lang = lang
        self.lang_button.setText(f"{row.flag} {row.native}")
        self.replay.setText(tr(ui_lang, "replay"))
        said = self.board.last
        self.replay.setEnabled(said is not None)
        if said is None:
            self.sentence.setText("")
            self.korean.setText("")
            self.review.set_text("", "en")
            return
        self.sentence.set_lang(said.lang)
        self.sentence.setText(said.shown)
        self.korean.setText(said.korean)
        # in the traveler's own language (never the UI's English fallback): a standard phrase, checked or not
        self.review.set_text(trust_text("standard", said.review.startswith(REVIEWED_PREFIX), said.lang), said.lang)
