"""What the touch item picker produces, and the one adapter that puts it into the traveler's basket. Qt-free.

The picker (kiosk/ui/screens/picker.py) turns taps into typed `ItemFacts`. `BasketAdapter` is the only place they
meet the assistant: today it evaluates every picked item together with the rule engine (numbers and verdicts only
from the rule tables, the text from the same answer templates speech uses) and records the result as one exchange
of the session, so the declaration pre-fill, the verdict screen and the reset treat touch and speech alike.
When `kiosk.assistant.conversation.Conversation` (one basket for speech and touch) lands, `add`/`remove` here
become `conversation.update(...)` / `conversation.remove(item_id)`; nothing else in the UI changes.
"""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass, field, replace
from typing import Literal

from kiosk.assistant import Answer, RuleRef, get_assistant
from kiosk.assistant.templates import compose
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
    """Touch items -> the traveler's basket and a rule-grounded answer (see the module docstring). One per visit."""

    def __init__(self) -> None:
        self._last: Exchange | None = None

    def answer(self, items: list[ItemFacts], lang: str, names: dict[str, str] | None = None) -> Answer:
        """The answer for everything picked so far (the whole basket, as the conversation would)."""
        t0 = time.perf_counter()
        assistant = get_assistant(settings().jurisdiction, False)
        engine = assistant.engine
        rule_items = [f.to_item((names or {}).get(f.tile, "")) for f in items]
        ev = engine.evaluate(rule_items)
        rules = tuple(RuleRef(r.id, r.title, f"{r.source.law} — {r.source.url}")
                      for r in (engine.rule(i) for i in ev.rule_ids))
        return Answer(lang, ev.verdict, compose(ev, engine, lang), ev.items, rules, ev.estimated_duty_krw,
                      ev.missing, "touch", False, time.perf_counter() - t0)

    def record(self, session: Session, items: list[ItemFacts], lang: str, summary: str,
               names: dict[str, str] | None = None) -> Answer:
        """Answer the basket and record it in the session as one exchange (`summary`: what was picked, as text)."""
        ans = self.answer(items, lang, names)
        with contextlib.suppress(ValueError):  # the basket answer replaces the previous one (no double items)
            if self._last is not None:
                session.exchanges.remove(self._last)
        self._last = session.add_exchange(summary, lang, ans)
        return ans


def with_quantity(facts: ItemFacts, quantity: float) -> ItemFacts:
    return replace(facts, quantity=quantity)
