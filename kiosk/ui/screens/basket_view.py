"""The traveler's basket on the ask screen: one row per item (what, how much, value, its own verdict symbol), the
running totals against the limits of the rule table, and the editor that corrects an item by touch.

Rows come from `Answer.basket` (speech and touch fill the same basket); the totals from `kiosk.ui.allowance`. A tap
on ✕ removes an item, on ✎ opens the editor (−/+ steppers, a keypad to type an amount heard wrong);
the ask screen turns both into `Conversation.remove/update` and shows the new answer like a spoken one.
A family's basket is shown person by person (a heading, their own running totals, their rows): allowances are
per person and are never added up across the family.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk.assistant import BasketItem, family
from kiosk.declaration import wording
from kiosk.rules.model import Total
from kiosk.rules.party import ME
from kiosk.ui.allowance import LimitLine, limit_lines, steppers
from kiosk.ui.basket import CURRENCIES
from kiosk.ui.widgets import button, clear_layout, label, px_per_cm, repolish

if TYPE_CHECKING:
    from kiosk.ui.window import KioskWindow

SYMBOL = {"info": "ℹ", "allowed": "✔", "declare": "!", "restricted": "!", "prohibited": "✖", "unclear": "?"}
STATE_SYMBOL = {"within": "✔", "over": "!", "unknown": "?"}
STATE_VERDICT = {"within": "allowed", "over": "declare", "unknown": "unclear"}
CATEGORY_NAME = {"alcohol": "tile_alcohol", "perfume": "tile_perfume", "cigarettes": "tob_cigarettes",
                 "cigars": "tob_cigars", "tobacco_other": "tob_tobacco_other",
                 "nicotine_liquid": "tob_nicotine_liquid", "heated_tobacco": "tob_heated_tobacco"}
STEPPER_KEY = {"quantity": "st_quantity", "volume": "st_volume", "value": "st_value"}


def volume_text(ml: float, lang: str) -> str:
    return wording.volume(ml, lang)


def facts_text(b: BasketItem, lang: str) -> str:
    """How much and what it is worth: "3 бутылки · 1,5 л · 150 USD" (numbers and units in the language)."""
    parts = []
    if b.quantity is not None and not (b.quantity == 1 and b.category in ("general", "cash")):
        parts.append(wording.count(b.quantity, b.unit or "piece", lang))
    if b.volume_ml is not None:
        parts.append(volume_text(b.volume_ml, lang))
    if b.weight_g is not None:
        parts.append(wording.measure(b.weight_g, "g", lang))
    if b.value is not None and b.currency:
        parts.append(wording.money(b.value, b.currency, lang))
    return " · ".join(p.replace(" ", "\u00a0") for p in parts)  # "150 USD" never splits


def value_step(value: float) -> float:
    """A tenth of the amount's order of magnitude: 300,000 -> 10,000; 700 -> 10; at least 1."""
    return max(1.0, 10.0 ** (math.floor(math.log10(value)) - 1)) if value >= 1 else 10.0


class BasketRow:
    """[verdict symbol]  description / facts  [✎] [✕]"""

    def __init__(self, view: BasketView, item: BasketItem, grid: QGridLayout, row: int) -> None:
        t, lang = view.win.t, view.win.lang
        self.item = item
        self.symbol = label(SYMBOL.get(item.verdict, "?"), "big", wrap=False, center=True)
        self.symbol.setProperty("valuefont", True)
        self.symbol.setProperty("verdict", item.verdict)
        self.symbol.setAccessibleDescription(t(f"verdict_{item.verdict}"))
        self.name = label(item.description, "body")
        self.name.setProperty("valuefont", True)
        self.facts = label(facts_text(item, lang), "small")
        self.facts.setProperty("valuefont", True)
        self.text = QWidget()  # a widget, not a layout: clear_layout() deletes it with the row
        text = QVBoxLayout(self.text)
        text.setContentsMargins(0, 0, 0, 0)
        text.setSpacing(0)
        text.addWidget(self.name)
        text.addWidget(self.facts)
        self.change = button("✎", "body")
        self.change.setAccessibleName(t("change_item", item=item.description))
        self.change.clicked.connect(lambda: view.change_requested.emit(item.id))
        self.remove = button("✕", "body")
        self.remove.setAccessibleName(t("remove_item", item=item.description))
        self.remove.clicked.connect(lambda: view.remove_requested.emit(item.id))
        for b in (self.change, self.remove):
            b.setProperty("compact", True)  # one sign: no side padding, still the full touch target
        grid.addWidget(self.symbol, row, 0)
        grid.addWidget(self.text, row, 1)
        grid.addWidget(self.change, row, 2)
        grid.addWidget(self.remove, row, 3)


class BasketView(QWidget):
    """The basket: rows, running totals; emits the item id of a tapped ✕ / ✎."""

    remove_requested = Signal(str)
    change_requested = Signal(str)

    def __init__(self, win: KioskWindow) -> None:
        super().__init__()
        self.win = win
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.title = label("", "big")
        self.hint = label("", "small")
        self.hint.setProperty("valuefont", True)  # the ✎ / ✕ signs come from the symbol fonts
        rows = QWidget()
        self.grid = QGridLayout(rows)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setColumnStretch(1, 1)
        totals = QWidget()
        self.totals = QVBoxLayout(totals)
        self.totals.setContentsMargins(0, 0, 0, 8)
        lay.addWidget(self.title)
        lay.addWidget(self.hint)
        for w in (totals, rows):  # the totals first: how far from each limit, at one glance
            lay.addWidget(w)
        lay.addStretch(1)
        self.rows: list[BasketRow] = []
        self.lines: list[QLabel] = []
        self.people: list[QLabel] = []  # a family's person headings, in basket order

    def show_basket(self, basket: tuple[BasketItem, ...], totals: Sequence[Total], editable: bool = True) -> None:
        """The rows and the engine's running totals (`Answer.totals`), person by person for a family."""
        t = self.win.t
        self.title.setText(t("basket_title"))
        self.hint.setText(f"✎ {t('edit')}    ✕ {t('remove')}")
        clear_layout(self.grid)
        clear_layout(self.totals)
        self.people = []
        owners = list(dict.fromkeys(b.owner for b in basket))
        groups: list[tuple[str, list[LimitLine]]] = [("", limit_lines(totals, self.win.lang))]
        if any(o != ME for o in owners):  # a family: person by person, each with their own totals
            groups, self.rows, row = [], [], 0
            for owner in owners:
                mine = tuple(b for b in basket if b.owner == owner)
                who = family.label(owner, self.win.lang, start=True)
                head = label(who, "big")
                self.grid.addWidget(head, row, 0, 1, 4)
                self.people.append(head)
                self.rows += [BasketRow(self, b, self.grid, row + 1 + n) for n, b in enumerate(mine)]
                row += 1 + len(mine)
                groups.append((who, limit_lines(totals, self.win.lang, owner)))
        else:
            self.rows = [BasketRow(self, b, self.grid, n) for n, b in enumerate(basket)]
        for r in self.rows:
            r.change.setEnabled(editable)
            r.remove.setEnabled(editable)
        self.lines = []
        for who, line in ((w, ln) for w, ls in groups for ln in ls):
            vals = line.fmt()
            if "kind" in vals:
                vals["kind"] = t(CATEGORY_NAME.get(vals["kind"], "tile_other"))
            if "kinds" in vals:
                vals["kinds"] = ", ".join(t(CATEGORY_NAME.get(k, "tile_tobacco")) for k in vals["kinds"].split(","))
            whose = f"{who}: " if who else ""
            # under the age limit there is no allowance at all: the total is not the point, the age is
            said = t("minor_note", min_age=line.min_age) if line.min_age is not None else t(line.key, **vals)
            lab = label(f"{STATE_SYMBOL[line.state]} {whose}{said}", "body")
            lab.setProperty("valuefont", True)
            lab.setProperty("verdict", STATE_VERDICT[line.state])
            repolish(lab)
            self.totals.addWidget(lab)
            self.lines.append(lab)
        for r in self.rows:
            repolish(r.symbol)


@dataclass
class Draft:
    """The facts being corrected: quantity, volume (mL), value and its currency."""

    item: BasketItem
    quantity: float | None
    volume_ml: float | None
    value: float | None
    currency: str


class ItemEditor(QWidget):
    """Correct one item: −/+ per fact, a keypad for the amount, the currency, then Save or Back."""

    saved = Signal(str, object)  # item id, {fact: value} for Conversation.update
    cancelled = Signal()

    def __init__(self, win: KioskWindow) -> None:
        super().__init__()
        self.win = win
        self.draft: Draft | None = None
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.title = label("", "big")
        self.title.setProperty("valuefont", True)
        lay.addWidget(self.title)
        grid = QGridLayout()
        grid.setColumnStretch(2, 1)  # the value
        self.captions: dict[str, QLabel] = {}
        self.values: dict[str, QLabel] = {}
        self.widgets: dict[str, list[QWidget]] = {}
        for row, kind in enumerate(("quantity", "volume", "value")):
            cap = label("", "body")
            val = label("", "big", wrap=False, center=True)
            val.setProperty("valuefont", True)
            val.setMinimumWidth(round(px_per_cm(win) * 5))
            self.captions[kind], self.values[kind] = cap, val
            cells: list[QWidget] = [cap, self._btn("−", lambda _c=False, k=kind: self.step(k, -1), repeat=True), val,
                                    self._btn("+", lambda _c=False, k=kind: self.step(k, +1), repeat=True)]
            if kind == "value":
                self.currency = button("", "body")
                self.currency.clicked.connect(self.next_currency)
                cells.append(self.currency)
            # the caption on its own line above its stepper: 12 mm text leaves no room beside it on a portrait screen
            grid.addWidget(cap, 2 * row, 0, 1, 5)
            for col, w in enumerate(cells[1:], 1):
                grid.addWidget(w, 2 * row + 1, col)
            self.widgets[kind] = cells
        # the amount is typed on a keypad (an amount heard ten times too big is typed again, not scaled)
        pad = QWidget()
        keys = QGridLayout(pad)
        keys.setContentsMargins(0, 0, 0, 0)
        self.keys: dict[str, QPushButton] = {}
        for n, key in enumerate(("7", "8", "9", "4", "5", "6", "1", "2", "3", "C", "0", "⌫")):
            b = self._btn(key, lambda _c=False, k=key: self.press(k))
            keys.addWidget(b, n // 3, n % 3)
            self.keys[key] = b
        grid.addWidget(pad, 6, 1, 1, 3)
        self.widgets["value"].append(pad)
        self._typing = False
        lay.addLayout(grid)
        lay.addStretch(1)
        nav = QHBoxLayout()
        self.back = button("", "body")
        self.back.clicked.connect(self.cancelled.emit)
        self.save = button("", "big", primary=True)
        self.save.clicked.connect(self._save)
        nav.addWidget(self.back, 1)
        nav.addWidget(self.save, 2)
        lay.addLayout(nav)

    @staticmethod
    def _btn(text: str, slot: Callable[..., object], repeat: bool = False) -> QPushButton:
        b = button(text, "big")
        b.setProperty("valuefont", True)
        b.setAutoRepeat(repeat)
        b.clicked.connect(slot)
        return b

    def open(self, item: BasketItem) -> None:
        self.draft = Draft(item, item.quantity, item.volume_ml, item.value, item.currency or "USD")
        self._typing = False  # the first key typed replaces the amount, the next ones add digits
        self.retranslate()

    def retranslate(self) -> None:
        d = self.draft
        t = self.win.t
        self.back.setText(t("back"))
        self.save.setText(t("save"))
        if d is None:
            return
        self.title.setText(t("change_item", item=d.item.description))
        lang = self.win.lang
        shown = steppers(d.item)
        text = {"quantity": wording.number(d.quantity or 0, lang), "volume": volume_text(d.volume_ml or 0, lang),
                "value": wording.number(d.value or 0, lang)}
        for kind, cells in self.widgets.items():
            for w in cells:
                w.setVisible(kind in shown)
            self.captions[kind].setText(t(STEPPER_KEY[kind]))
            self.values[kind].setText(text[kind])
        self.currency.setText(d.currency)

    def step(self, kind: str, direction: int) -> None:
        d = self.draft
        if d is None:
            return
        if kind == "quantity":
            d.quantity = max(0.0, (d.quantity or 0) + direction)
        elif kind == "volume":
            d.volume_ml = max(0.0, (d.volume_ml or 0) + direction * (50 if d.item.category == "perfume" else 250))
        else:
            v = d.value or 0
            d.value = max(0.0, v + direction * value_step(v if direction > 0 or v <= 1 else v * 0.999))
            self._typing = False
        self.retranslate()

    def press(self, key: str) -> None:
        """One key of the amount's keypad: a digit, C (clear) or ⌫ (delete the last digit)."""
        d = self.draft
        if d is None:
            return
        digits = "" if not self._typing or not d.value else str(int(d.value))
        if key == "C":
            digits = ""
        elif key == "⌫":
            digits = digits[:-1]
        elif len(digits) < 12:
            digits += key
        self._typing = True
        d.value = float(int(digits)) if digits else 0.0
        self.retranslate()

    def next_currency(self) -> None:
        d = self.draft
        if d is not None:
            cycle = CURRENCIES if d.currency in CURRENCIES else (d.currency, *CURRENCIES)
            d.currency = cycle[(cycle.index(d.currency) + 1) % len(cycle)]
            self.retranslate()

    def _save(self) -> None:
        d = self.draft
        if d is None:
            return
        facts: dict[str, object] = {}
        shown = steppers(d.item)
        if "quantity" in shown and d.quantity != d.item.quantity:
            facts["quantity"] = d.quantity
        if "volume" in shown and d.volume_ml != d.item.volume_ml:
            facts["volume_ml"] = d.volume_ml
        if "value" in shown and (d.value != d.item.value or d.currency != d.item.currency):
            facts["value"] = d.value or None
            facts["currency"] = d.currency if d.value else None
        self.saved.emit(d.item.id, facts)
