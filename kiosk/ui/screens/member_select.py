"""Whose item is it: the picker's member selector (touch and keypad: every control is a focusable button).

Whose item?
[◀]  Your wife  [▶]
and, for a child or a sibling:  Age  [−]  10  [+]
(three rows: at 12 mm characters one row of them is wider than a portrait kiosk screen)
The age matters for alcohol and tobacco (19, by calendar year); without it the answer asks for the birth year.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.assistant import family
from kiosk.ui.family_basket import PICKER_OWNERS, Owner
from kiosk.ui.widgets import button, label, stacked

MAX_AGE = 99


class MemberSelector(QWidget):
    def __init__(self, changed: Callable[[Owner], None] | None = None) -> None:
        super().__init__()
        self.owner = Owner()
        self.lang = "en"
        self._changed = changed
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.caption = label("", "body")
        self.prev = button("◀", "big")
        self.prev.clicked.connect(lambda: self.cycle(-1))
        self.who = label("", "big", wrap=False, center=True)
        self.who.setProperty("valuefont", True)
        self.next = button("▶", "big")
        self.next.clicked.connect(lambda: self.cycle(+1))
        self.age_caption = label("", "body")
        self.minus = button("−", "big")
        self.minus.setAutoRepeat(True)
        self.minus.clicked.connect(lambda: self.step_age(-1))
        self.age = label("", "big", wrap=False, center=True)
        self.age.setProperty("valuefont", True)
        self.plus = button("+", "big")
        self.plus.setAutoRepeat(True)
        self.plus.clicked.connect(lambda: self.step_age(+1))
        whose = stacked(QHBoxLayout())  # the question beside its stepper: one row less on a short landscape output
        whose.addWidget(self.caption, 1)  # (large text on a portrait screen: above it, the window stacks the row)
        rows = (QHBoxLayout(), QHBoxLayout())
        for row, widgets in zip(rows, ((self.prev, self.who, self.next),
                                       (self.age_caption, self.minus, self.age, self.plus)), strict=True):
            for w in widgets:
                row.addWidget(w)
        whose.addLayout(rows[0], 2)
        lay.addLayout(whose)
        lay.addLayout(rows[1])
        rows[0].setStretch(1, 1)
        rows[1].addStretch(1)

    def retranslate(self, lang: str) -> None:
        self.lang = lang
        self.caption.setText(family.text(lang, "whose"))
        self.age_caption.setText(family.text(lang, "age"))
        self.prev.setAccessibleName(f"{family.text(lang, 'whose')} ◀")
        self.next.setAccessibleName(f"{family.text(lang, 'whose')} ▶")
        self.minus.setAccessibleName(f"{family.text(lang, 'age')} −")
        self.plus.setAccessibleName(f"{family.text(lang, 'age')} +")
        self._show()

    def name(self) -> str:
        return family.label(self.owner.id, self.lang, start=True)

    def set_owner(self, owner: Owner) -> None:
        self.owner = owner
        self._show()

    def cycle(self, direction: int) -> None:
        i = PICKER_OWNERS.index(self.owner.id) if self.owner.id in PICKER_OWNERS else 0
        self.owner = Owner(PICKER_OWNERS[(i + direction) % len(PICKER_OWNERS)])
        self._show()
        if self._changed is not None:
            self._changed(self.owner)

    def step_age(self, direction: int) -> None:
        if not self.owner.asks_age:
            return
        age = self.owner.age if self.owner.age is not None else (10 if direction > 0 else 11)
        self.owner = Owner(self.owner.id, max(0, min(MAX_AGE, age + direction)))
        self._show()
        if self._changed is not None:
            self._changed(self.owner)

    def _show(self) -> None:
        self.who.setText(self.name())
        self.who.setAccessibleName(f"{family.text(self.lang, 'whose')} {self.name()}")
        asks = self.owner.asks_age
        for w in (self.age_caption, self.minus, self.age, self.plus):
            w.setVisible(asks)
        self.age.setText("—" if self.owner.age is None else str(self.owner.age))
