"""The traveler's basket on the ask screen: one row per item (what, how much, value, its own verdict symbol), the
running totals against the limits of the rule table, and the editor that corrects an item by touch.

Rows come from `Answer.basket` (speech and touch fill the same basket); the totals from `kiosk.ui.allowance`. A tap
on ✕ removes an item, on ✎ opens the editor (−/+ steppers, ÷10/×10 for an amount heard ten times too big or small);
the ask screen turns both into `Conversation.remove/update` and shows the new answer like a spoken one.
A family's basket is shown person by person (a heading, their own running totals, their rows): allowances are
per person and are never added up across the family.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk.assistant import BasketItem, family
from kiosk.assistant.templates import fmt_number, load_templates
from kiosk.config import settings
from kiosk.declaration import wording
from kiosk.rules import engine as rules_engine
from kiosk.rules.model import most_severe
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


def get_engine_now() -> rules_engine.RuleEngine:
    return rules_engine.get_engine(settings().jurisdiction)


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

    def show_basket(self, basket: tuple[BasketItem, ...], lines: list[LimitLine], editable: bool = True) -> None:
        t = self.win.t
        self.title.setText(t("basket_title"))
        self.hint.setText(f"✎ {t('edit')}    ✕ {t('remove')}")
        clear_layout(self.grid)
        clear_layout(self.totals)
        self.people = []
        owners = list(dict.fromkeys(b.owner for b in basket))
        groups: list[tuple[str, list[LimitLine]]] = [("", [self._own(line, basket) for line in lines])]
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
                groups.append((who, [self._own(line, mine) for line in
                                     limit_lines(mine, self.win.lang, get_engine_now(), self._day())]))
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
            said = f"{vals['note']}" if line.key == "minor_note" else t(line.key, **vals)
            lab = label(f"{STATE_SYMBOL[line.state]} {whose}{said}", "body")
            lab.setProperty("valuefont", True)
            lab.setProperty("verdict", STATE_VERDICT[line.state])
            repolish(lab)
            self.totals.addWidget(lab)
            self.lines.append(lab)
        for r in self.rows:
            repolish(r.symbol)

    def _own(self, line: LimitLine, mine: tuple[BasketItem, ...]) -> LimitLine:
        """A person's total, shown as their own items' verdicts say: 200 cigarettes are within the quantity, but
        not for a 10-year-old (no allowance under the age limit), so never a ✔ there."""
        vals = line.fmt()
        kinds = {vals.get("kind", ""), *vals.get("kinds", "").split(",")} - {""}
        worst = most_severe([b.verdict for b in mine if b.category in kinds]) if kinds else "allowed"
        if line.state != "within" or worst == "allowed":
            return line
        state = "unknown" if worst == "unclear" else "over"
        if worst == "declare":
            rules = [r for r in get_engine_now().table.for_category(next(iter(kinds)), self._day()) if r.min_age]
            if rules:
                note = load_templates(self.win.lang)["finding"]["minor"].replace("{min_age}", str(rules[0].min_age))
                return LimitLine("minor_note", (*line.values, ("note", note)), state)
        return LimitLine(line.key, line.values, state)

    def _day(self) -> dt.date:
        conv = self.win.session.conversation
        return conv.arrival if conv is not None and conv.arrival is not None else rules_engine.today()


@dataclass
class Draft:
    """The facts being corrected: quantity, volume (mL), value and its currency."""

    item: BasketItem
    quantity: float | None
    volume_ml: float | None
    value: float | None
    currency: str


class ItemEditor(QWidget):
    """Correct one item: −/+ per fact (÷10 / ×10 for the value), the currency, then Save or Back."""

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
            cells: list[QWidget] = [cap]
            if kind == "value":
                cells.append(self._btn("÷10", lambda: self.scale(0.1)))
            cells += [self._btn("−", lambda _c=False, k=kind: self.step(k, -1), repeat=True), val,
                      self._btn("+", lambda _c=False, k=kind: self.step(k, +1), repeat=True)]
            if kind == "value":
                cells.append(self._btn("×10", lambda: self.scale(10)))
                self.currency = button("", "body")
                self.currency.clicked.connect(self.next_currency)
                cells.append(self.currency)
            # the caption on its own line above its stepper: 12 mm text leaves no room beside it on a portrait screen
            grid.addWidget(cap, 2 * row, 0, 1, 7)
            cols = (0, 1, 2, 3, 4, 5) if kind == "value" else (1, 2, 3)
            for col, w in zip(cols, cells[1:], strict=True):
                grid.addWidget(w, 2 * row + 1, col)
            self.widgets[kind] = cells
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
        text = {"quantity": fmt_number(d.quantity or 0, lang), "volume": volume_text(d.volume_ml or 0, lang),
                "value": fmt_number(d.value or 0, lang)}
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
        self.retranslate()

    def scale(self, factor: float) -> None:
        d = self.draft
        if d is not None and d.value:
            d.value = round(d.value * factor, 2)
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
