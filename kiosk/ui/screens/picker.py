"""Touch item picker: everything the voice flow does, without speaking (deaf travelers, a noisy hall, a shy traveler;
Korean kiosk rules require an alternative to voice input).

Step 1: twelve pictogram tiles and the items picked so far (tap an item to remove it). Step 2: steppers for the
tile's facts (how many, total volume, total value with a currency), then "Add". "Check my items" asks the basket
adapter (kiosk.ui.basket) for the rule-grounded answer, which the ask screen shows like a spoken question's.
A family: the member selector on step 2 says whose item it is (and a child's age); each person is checked
against their own allowances (kiosk.ui.family_basket).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from kiosk.assistant import BasketItem, family
from kiosk.basket_flows import BasketEdit
from kiosk.declaration.wording import money, number, volume
from kiosk.events import Answered, Failed
from kiosk.rules.party import ME
from kiosk.ui.basket import CURRENCIES, TILE, TILES, ItemFacts, Stepper
from kiosk.ui.display import resolution
from kiosk.ui.family_basket import FamilyBasketAdapter, Owner
from kiosk.ui.screens.base import Screen
from kiosk.ui.screens.member_select import MemberSelector
from kiosk.ui.widgets import button, clear_layout, label, pictogram, px_per_cm, scroll

if TYPE_CHECKING:
    from kiosk.ui.window import KioskWindow

STEP: dict[tuple[str, Stepper], float] = {("cash", "value"): 1000, ("luxury", "value"): 100,
                                          ("electronics", "value"): 100, ("other", "value"): 100}
DEFAULT_STEP: dict[Stepper, float] = {"quantity": 1, "volume": 250, "value": 50}
COLUMNS = 3
TILES_PAGE, EDIT, BASKET = 0, 1, 2
STEPPERS: tuple[Stepper, ...] = ("quantity", "volume", "value")
STEPPER_KEY: dict[Stepper, str] = {"quantity": "st_quantity", "volume": "st_volume", "value": "st_value"}


class StepperRow:
    """One row of the steppers grid: [label]  [-]  value  [+]  [currency] (columns shared by every row)."""

    def __init__(self, screen: PickerScreen, kind: Stepper, grid: QGridLayout, row: int) -> None:
        self.kind = kind
        self.caption = label("", "body")
        self.minus = button("−", "big")
        self.minus.setAutoRepeat(True)
        self.minus.clicked.connect(lambda: screen.step(kind, -1))
        self.value = label("", "big", wrap=False, center=True)
        self.value.setProperty("valuefont", True)
        self.value.setMinimumWidth(round(px_per_cm(screen) * 5))
        self.plus = button("+", "big")
        self.plus.setAutoRepeat(True)
        self.plus.clicked.connect(lambda: screen.step(kind, +1))
        self.currency: QPushButton | None = None
        self.widgets: list[QWidget] = [self.caption, self.minus, self.value, self.plus]
        if kind == "value":
            self.currency = button("", "body")
            self.currency.clicked.connect(screen.next_currency)
            self.widgets.append(self.currency)
        for col, w in enumerate(self.widgets):
            grid.addWidget(w, row, col)

    def setVisible(self, on: bool) -> None:  # noqa: N802 - reads like the QWidget it stands for
        for w in self.widgets:
            w.setVisible(on)

    def isHidden(self) -> bool:  # noqa: N802
        return self.caption.isHidden()


class PickerScreen(Screen):
    title_key = "picker_title"

    def __init__(self, win: KioskWindow) -> None:
        super().__init__(win)
        self.items: list[ItemFacts] = []
        self.editing: ItemFacts | None = None
        self.owners: dict[str, Owner] = {}  # ItemFacts.id -> whose item (absent: the traveler's)
        self.adapter = FamilyBasketAdapter()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 8, 24, 8)
        self.title = label("", "title")
        outer.addWidget(self.title)
        self.pages = QStackedWidget()
        outer.addWidget(self.pages, 1)
        # step 1: tiles + what was picked
        tiles_page = QWidget()
        tl = QVBoxLayout(tiles_page)
        tl.setContentsMargins(0, 0, 0, 0)
        self.grid = grid = QGridLayout()
        grid.setSpacing(10)
        self.tiles: dict[str, QPushButton] = {}
        for tile in TILES:
            b = button("", "body")
            b.clicked.connect(lambda _c=False, k=tile.key: self.pick(k))
            self.tiles[tile.key] = b
        self.columns = 0
        self._arrange()
        tl.addLayout(grid)
        tl.addStretch(1)
        nav = QHBoxLayout()
        self.back = button("", "body")
        self.back.clicked.connect(lambda: win.show_screen("ask"))
        self.show_basket = button("", "body")
        self.show_basket.clicked.connect(lambda: self.pages.setCurrentIndex(BASKET))
        self.check = button("", "big", primary=True)
        self.check.clicked.connect(self.check_items)
        nav.addWidget(self.back, 2)
        nav.addWidget(self.show_basket, 3)
        nav.addWidget(self.check, 4)
        tl.addLayout(nav)
        self.pages.addWidget(tiles_page)
        # step 2: the steppers of one tile
        edit_page = QWidget()
        el = QVBoxLayout(edit_page)
        el.setContentsMargins(0, 0, 0, 0)
        self.edit_title = label("", "big")
        self.edit_title.setProperty("valuefont", True)
        el.addWidget(self.edit_title)
        steppers = QGridLayout()
        steppers.setColumnStretch(0, 1)
        self.steppers: dict[Stepper, StepperRow] = {
            k: StepperRow(self, k, steppers, row) for row, k in enumerate(STEPPERS)}
        el.addLayout(steppers)
        self.member = MemberSelector(self._owner_changed)
        el.addWidget(self.member)
        el.addStretch(1)
        er = QHBoxLayout()
        self.cancel = button("", "body")
        self.cancel.clicked.connect(self.cancel_edit)
        self.add = button("", "big", primary=True)
        self.add.clicked.connect(self.add_item)
        er.addWidget(self.cancel, 1)
        er.addWidget(self.add, 2)
        el.addLayout(er)
        self.pages.addWidget(edit_page)
        # step 3: what was picked (tap an item to remove it)
        basket_page = QWidget()
        bl = QVBoxLayout(basket_page)
        bl.setContentsMargins(0, 0, 0, 0)
        self.basket_caption = label("", "big")
        bl.addWidget(self.basket_caption)
        basket = QWidget()
        self.basket = QVBoxLayout(basket)
        self.basket.setContentsMargins(0, 0, 0, 0)
        bl.addWidget(scroll(basket), 1)
        self.basket_back = button("", "body")
        self.basket_back.clicked.connect(lambda: self.pages.setCurrentIndex(TILES_PAGE))
        bl.addWidget(self.basket_back)
        self.pages.addWidget(basket_page)

    def _arrange(self) -> None:
        """The tiles in rows for the output in use: three columns on a landscape output, two on a portrait one
        (room for 12 mm words); again when the full-screen kiosk adopts another output's size."""
        width, height = resolution()
        columns = COLUMNS if width > height else 2
        if columns == self.columns:
            return
        self.columns = columns
        for i, b in enumerate(self.tiles.values()):
            self.grid.removeWidget(b)
            self.grid.addWidget(b, i // columns, i % columns)

    # ---- texts -----------------------------------------------------------------------------------------
    def name(self, tile: str) -> str:
        return self.t(f"tile_{tile}")

    def retranslate(self) -> None:
        self._arrange()
        self.title.setText(self.t("picker_title"))
        px = round(self.win.theme.base_px * 1.6)
        for key, b in self.tiles.items():
            b.setText(self.name(key))
            b.setIcon(pictogram(TILE[key].symbol, px))
            b.setIconSize(QSize(px, px))
            b.setAccessibleName(self.name(key))
        self.basket_caption.setText(self.t("picked"))
        for kind, row in self.steppers.items():
            row.caption.setText(self.t(STEPPER_KEY[kind]))
        self.cancel.setText(self.t("back"))
        self.add.setText(self.t("add_item"))
        self.back.setText(self.t("back"))
        self.basket_back.setText(self.t("back"))
        self.check.setText(self.t("check_items"))
        self.member.retranslate(self.win.lang)
        self._show()

    def describe(self, f: ItemFacts) -> str:
        """One line for an item: pictogram, name, the facts given."""
        parts = [f"{TILE[f.tile].symbol} {self.name(f.tile)}"]
        owner = self.owners.get(f.id, Owner())
        if owner.id != ME:
            parts.append(family.label(owner.id, self.win.lang, start=True))
        if f.quantity:
            parts.append(f"× {f.quantity:g}")
        if f.volume_ml:
            parts.append(volume(f.volume_ml, self.win.lang))  # "750 мл", "1,5 л": the locale's unit and digits
        if f.value:
            parts.append(money(f.value, f.currency, self.win.lang))
        return " · ".join(parts)

    def _show(self) -> None:
        clear_layout(self.basket)
        for f in self.items:
            b = button(f"{self.describe(f)}   ✕", "body")
            b.setProperty("valuefont", True)
            b.setAccessibleName(f"{self.describe(f)}. {self.t('remove')}")
            b.clicked.connect(lambda _c=False, i=f.id: self.remove(i))
            self.basket.addWidget(b)
        if not self.items:
            self.basket.addWidget(label(self.t("basket_empty"), "body"))
        self.basket.addStretch(1)
        self.check.setEnabled(bool(self.items))
        self.show_basket.setText(self.t("picked_n", n=len(self.items)))
        self.show_basket.setEnabled(bool(self.items))
        if self.editing is not None:
            self._show_editing()
        self.win.restyle()

    def _show_editing(self) -> None:
        f = self.editing
        if f is None:
            return
        tile = TILE[f.tile]
        self.edit_title.setText(f"{tile.symbol} {self.name(f.tile)}")
        lang = self.win.lang
        values = {"quantity": number(f.quantity or 0, lang), "volume": volume(f.volume_ml or 0, lang),
                  "value": number(f.value or 0, lang)}
        self.steppers["quantity"].caption.setText(self.t("st_packs" if tile.unit == "pack" else "st_quantity"))
        for kind, row in self.steppers.items():
            row.setVisible(kind in tile.steppers)
            row.value.setText(values[kind])
            if row.currency is not None:
                row.currency.setText(f.currency)

    # ---- actions ---------------------------------------------------------------------------------------
    def pick(self, tile: str) -> None:
        t = TILE[tile]
        self.editing = ItemFacts(tile, quantity=1 if "quantity" in t.steppers else None)
        self.member.set_owner(self.member.owner)  # the last person chosen stays chosen: families pick in turns
        self._show_editing()
        self.pages.setCurrentIndex(EDIT)
        self.win.restyle()
        self.win.read_aloud(self.name(tile))

    def _owner_changed(self, owner: Owner) -> None:
        self.win.read_aloud(self.member.name())

    def step(self, kind: Stepper, direction: int) -> None:
        f = self.editing
        if f is None:
            return
        d = direction * STEP.get((f.tile, kind), DEFAULT_STEP[kind])
        if kind == "quantity":
            f = replace(f, quantity=max(0.0, (f.quantity or 0) + d))
        elif kind == "volume":
            f = replace(f, volume_ml=max(0.0, (f.volume_ml or 0) + d))
        else:
            f = replace(f, value=max(0.0, (f.value or 0) + d))
        self.editing = f
        self._show_editing()

    def next_currency(self) -> None:
        f = self.editing
        if f is not None:
            self.editing = replace(f, currency=CURRENCIES[(CURRENCIES.index(f.currency) + 1) % len(CURRENCIES)])
            self._show_editing()

    def add_item(self) -> None:
        """Add the item being edited to the basket (see `kiosk.ui.basket.BasketAdapter`)."""
        if self.editing is not None:
            self.items.append(self.editing)
            if self.member.owner.id != ME:
                self.owners[self.editing.id] = self.member.owner
        self.cancel_edit()

    def cancel_edit(self) -> None:
        self.editing = None
        self.pages.setCurrentIndex(TILES_PAGE)
        self._show()

    def remove(self, item_id: str) -> None:
        self.items = [f for f in self.items if f.id != item_id]
        self.owners.pop(item_id, None)
        self._show()
        if not self.items:
            self.pages.setCurrentIndex(TILES_PAGE)

    def check_items(self) -> None:
        """The rule-grounded answer for everything picked, shown (and, in accessibility mode, read) on the ask
        screen like the answer to a spoken question."""
        if not self.items:
            return
        lang = self.win.session.decide_language(self.win.lang)
        names = {f.tile: self.name(f.tile) for f in self.items}
        summary = "; ".join(self.describe(f) for f in self.items)
        items, owners, adapter = list(self.items), dict(self.owners), self.adapter
        edit = BasketEdit("pick", summary=summary,
                          apply=lambda s: adapter.record_family(s, items, owners, lang, summary, names))
        for event in self.win.pipeline.edit_basket(self.win.session, edit):  # rules only: instant
            if isinstance(event, Answered | Failed):
                self.win.show_screen("ask")
                self.win.ask_screen.on_event(event)
                if isinstance(event, Answered):
                    self.win.read_aloud(self.win.ask_screen.spoken())

    def sync(self, basket: tuple[BasketItem, ...]) -> None:
        """The basket changed elsewhere (ask screen, voice): picked items follow it."""
        items = self.adapter.sync(self.items, basket)
        owners = self.adapter.owners_of(items, basket, self.owners)
        if items != self.items or owners != self.owners:
            self.items = items
            self.owners = owners
            self._show()

    def clear(self) -> None:
        self.items = []
        self.owners = {}
        self.editing = None
        self.member.set_owner(Owner())
        self.adapter = FamilyBasketAdapter()
        self.pages.setCurrentIndex(TILES_PAGE)
        clear_layout(self.basket)

    def spoken(self) -> str:
        return self.t("picker_title")

