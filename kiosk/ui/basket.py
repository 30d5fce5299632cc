"""What the touch item picker produces, and the one adapter that puts it into the traveler's basket. Qt-free.

The picker (kiosk/ui/screens/picker.py) turns taps into typed `ItemFacts`; its check runs through the pipeline
(`Pipeline.edit_basket` with a "pick" edit: typed events, a failure is a Failed event). `BasketAdapter` is the only
place they meet the assistant: it adds, updates and removes them in the session's `Conversation` — the same basket spoken
questions fill — so verdicts and numbers come only from the rule tables, and the declaration pre-fill, the
verdict screen and the reset treat touch and speech alike.
"""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass, field, replace
from typing import Literal

from kiosk.assistant import Answer, BasketItem, get_assistant
from kiosk.config import settings
from kiosk.rules.model import Item
from kiosk.session import Exchange, Session

Stepper = Literal["quantity", "volume", "value"]


@dataclass(frozen=True)
class Tile:
    """One pictogram tile of the picker."""

    key: str  # catalog key suffix: tile_<key>
    symbol: str  # pictogram (drawn with Noto Color Emoji: fonts-noto-color-emoji)
    category: str  # the rule engine's category
    steppers: tuple[Stepper, ...]
    unit: str = ""  # unit of the quantity stepper (the rule engine's word, e.g. "bottle", "pack")


TILES: tuple[Tile, ...] = (
    Tile("alcohol", "🍷", "alcohol", ("quantity", "volume", "value"), "bottle"),
    Tile("tobacco", "🚬", "cigarettes", ("quantity",), "pack"),
    Tile("perfume", "🧴", "perfume", ("quantity", "volume", "value"), "bottle"),
    Tile("cash", "💵", "cash", ("value",)),
    Tile("meat", "🥩", "meat", ("quantity",), "item"),
    Tile("fruit", "🍎", "fruit", ("quantity",), "item"),
    Tile("medicine", "💊", "medicine", ("quantity",), "container"),
    Tile("luxury", "💎", "general", ("value",)),
    Tile("electronics", "💻", "general", ("value",)),
    Tile("weapons", "🔪", "knife", ("quantity",), "item"),
    Tile("animals", "🐾", "animal", ("quantity",), "item"),
    Tile("other", "📦", "general", ("value",)),
)
TILE = {t.key: t for t in TILES}
CURRENCIES = ("USD", "KRW", "EUR", "JPY", "CNY")


@dataclass(frozen=True)
class ItemFacts:
    """One item as the traveler described it by touch."""

    tile: str
    quantity: float | None = None
    volume_ml: float | None = None
    value: float | None = None
    currency: str = "USD"
    id: str = field(default_factory=lambda: f"touch-{time.monotonic_ns()}")

    def to_item(self, description: str = "") -> Item:
        t = TILE[self.tile]
        has_value = self.value is not None and self.value > 0
        return Item(category=t.category, description=description or t.key,
                    quantity=self.quantity if "quantity" in t.steppers else None,
                    unit=t.unit or None, volume_ml=self.volume_ml if "volume" in t.steppers else None,
                    value=self.value if has_value else None, currency=self.currency if has_value else None,
                    source="touch")


class BasketAdapter:
    """Touch items -> the session's conversation (one basket for speech and touch). One per visit.

    Each picked item is added to the conversation once (`Conversation.add`), changed with `update`, and taken out
    with `remove`; the answer always covers the whole basket, whatever was said or tapped before."""

    def __init__(self) -> None:
        self._ids: dict[str, str] = {}  # ItemFacts.id -> the conversation's basket id
        self._facts: dict[str, ItemFacts] = {}
        self._last: Exchange | None = None

    def answer(self, items: list[ItemFacts], lang: str, names: dict[str, str] | None = None) -> Answer:
        """The answer for `items` alone (a conversation of their own; nothing is recorded anywhere)."""
        return BasketAdapter().record(Session(), items, lang, "", names)

    def record(self, session: Session, items: list[ItemFacts], lang: str, summary: str,
               names: dict[str, str] | None = None) -> Answer:
        """Bring the conversation's basket in line with the picked `items`, record the answer as one exchange
        (`summary`: what was picked, as text) and return it."""
        conv = session.converse(get_assistant(settings().jurisdiction, settings().use_llm))
        conv.ask("", lang)  # sets the answer language for touch edits (an empty turn adds nothing)
        ans: Answer | None = None
        picked = {f.id: f for f in items}
        for touch_id in [t for t in self._ids if t not in picked]:
            ans = conv.remove(self._ids.pop(touch_id))
            self._facts.pop(touch_id, None)
        for f in items:
            item = f.to_item((names or {}).get(f.tile, ""))
            if f.id not in self._ids:
                self._ids[f.id], ans = conv.add(item)
            elif self._facts.get(f.id) != f:
                ans = conv.update(self._ids[f.id], quantity=item.quantity, volume_ml=item.volume_ml,
                                  value=item.value, currency=item.currency)
            self._facts[f.id] = f
        if ans is None:  # nothing changed: the current answer for the basket
            ans = conv.update(next(iter(self._ids.values()))) if self._ids else conv.ask("", lang)
        with contextlib.suppress(ValueError):  # one exchange stands for the picked items (re-checks replace it)
            if self._last is not None:
                session.exchanges.remove(self._last)
        self._last = session.add_exchange(summary, lang, ans)
        return ans


    def sync(self, items: list[ItemFacts], basket: tuple[BasketItem, ...]) -> list[ItemFacts]:
        """The picked `items` after the basket was changed elsewhere (removed or corrected on the ask screen, or
        by voice): gone items are dropped, corrected facts taken over, so that the next check changes nothing back."""
        by_id = {b.id: b for b in basket}
        out: list[ItemFacts] = []
        for f in items:
            bid = self._ids.get(f.id)
            if bid is None:  # picked, not checked yet
                out.append(f)
                continue
            b = by_id.get(bid)
            if b is None:
                self._ids.pop(f.id, None)
                self._facts.pop(f.id, None)
                continue
            steps = TILE[f.tile].steppers
            new = replace(f, quantity=b.quantity if "quantity" in steps else f.quantity,
                          volume_ml=b.volume_ml if "volume" in steps else f.volume_ml,
                          value=b.value if "value" in steps else f.value, currency=b.currency or f.currency)
            self._facts[f.id] = new
            out.append(new)
        return out


def with_quantity(facts: ItemFacts, quantity: float) -> ItemFacts:
    return replace(facts, quantity=quantity)
