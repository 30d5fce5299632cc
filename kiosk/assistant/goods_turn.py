"""A turn about goods: goods told (added, corrected, restated), amounts that follow up an item already in the
basket, an information question about a kind of goods, the traveler's own age. Changes the basket only."""

from __future__ import annotations

import re
from dataclasses import replace

from kiosk.assistant.another import cue_spans
from kiosk.assistant.basket import FACTS, with_name
from kiosk.assistant.cash_context import more_cash, named_currency, said_currency
from kiosk.assistant.intent import TurnIntent
from kiosk.assistant.llm_items import LlmItems
from kiosk.assistant.numbers import normalize_text
from kiosk.assistant.parser import ParsedQuestion, Quantity
from kiosk.assistant.restate import restated
from kiosk.assistant.topic import NO_TOPIC
from kiosk.rules.model import Item

_YEAR = re.compile(r"(?<!\d)(19\d{2}|20[0-4]\d)(?!\d)")


class GoodsTurns(LlmItems):
    def _own_age(self, intent: TurnIntent, parsed: ParsedQuestion, norm: str, member: str | None) -> None:
        """An age or birth year said outside a family turn is the traveler's own (or the one asked for)."""
        if parsed.age is not None and not intent.family:
            self.age = parsed.age
        if intent.family or member is not None:
            return  # ages and birth years said in a family turn are the members' (read per person there)
        if parsed.birth_year is not None:
            self.birth_year = parsed.birth_year
        elif self._pending and self._pending[0] == "birth_year":
            year = _YEAR.search(norm)
            self.birth_year = int(year.group(1)) if year else None

    def _add_told(self, parsed: ParsedQuestion, intent: TurnIntent, text: str, language: str,
                  touched: list[str]) -> list[str]:
        """Goods told in an "add" / "correct" / "info" turn; returns the kinds of goods an information question
        asks about (those are not put in the basket)."""
        topics: list[str] = []
        before = {it.category for _, it in self._items}
        for item in parsed.items:
            if intent.info and self._is_topic(item):
                topics.append(item.category)
                continue
            item = said_currency(item, parsed.quantities, self._items)  # "two grand in cash": whose currency
            if item.category == "cash" and (item.weight_g is not None or item.volume_ml is not None):
                # "KRW 1 and 50 grams": a weight or size by money names no goods: asked, never dropped (issue 20)
                touched.append(self._add(Item("unknown", text.strip(), source="unknown")))
                item = replace(item, weight_g=None, volume_ml=None)
            if item.category == "cash" and item.currency is None and len(parsed.items) == 1:
                item = replace(item, currency=named_currency(normalize_text(text)))  # "bargeld in dollar"
            if intent.correcting and self._correct(item, parsed, text, language, touched):
                continue
            if (target := restated(parsed.items, self._items, normalize_text(text), language)) is not None:
                self._merge(target, dict(self._items)[target], item, None)  # "the necklace was 400,000 won"
                touched.append(target)
                continue
            if all(getattr(item, f) is None for f in FACTS) and item.category in before and not cue_spans(
                    normalize_text(text), language):  # "another carton", "위스키 한 병 더": one more, never dropped
                continue  # named again in a later turn without new facts ("is my whisky OK?"): no second item
            touched.append(self._add(item))
        return topics
    def _is_topic(self, item: Item) -> bool:
        """An information question about a kind of goods: no facts, and the rule alone cannot decide."""
        if item.category in NO_TOPIC or any(getattr(item, f) is not None for f in ("volume_ml", "value", "weight_g")):
            return False  # issue 20: "can I bring [slang]?" asks what it is; no general rules for an unknown thing
        ev = self.assistant.engine.evaluate([item], age=self.age, arrival=self.arrival)
        return ev.verdict in ("unclear", "allowed")

    def _follows_up(self, facts: list[Quantity], correcting: bool) -> bool:
        """Amounts without a goods word belong to an earlier item, unless it is more money next to cash."""
        if self._pending is not None or correcting:
            return True
        last = self._items[-1][1]
        only_money = all(q.kind == "money" for q in facts)
        return not (only_money and last.category in ("cash", "general") and last.value is not None)

    def _fill(self, text: str, language: str, correcting: bool) -> str:
        """Put this turn's amounts into the item asked about (or the last one): prefix its name and re-parse."""
        target = self._target()
        old = next(it for i, it in self._items if i == target)
        asked = self._pending is not None and self._pending[1] == target
        if correcting and not asked and len({it.owner for _, it in self._items if it.category == old.category}) > 1:
            return target  # "sorry, only one carton" with the traveler's and a member's cartons: no guess
        again, offset = with_name(old, text, language)
        new = next((it for it in again.items if it.category == old.category), None)
        if new is None:
            return target
        if (more := more_cash(old, new, again.quantities, self._items, normalize_text(text), language)) is not None:
            return self._add(replace(more, owner=old.owner))  # "9,000 dollars" then "and two thousand more"
        qty = self._first_count(again, text, language, offset) if correcting else None
        if not correcting and old.quantity and old.quantity > 1 and new.quantity in (None, 1.0):
            # "ウイスキーを三本" then "一本七百ミリリットルです" / "each is 700 ml": a size is each one's (never fewer goods)
            per = new.quantity == 1.0
            new = replace(new, quantity=old.quantity, volume_ml=None if new.volume_ml is None
                          else new.volume_ml * old.quantity, value=new.value * old.quantity
                          if per and new.value is not None else new.value)
        self._merge(target, old, new, qty)
        return target

    def _correct(self, item: Item, parsed: ParsedQuestion, text: str, language: str, touched: list[str]) -> bool:
        """"No wait, two bottles of wine, not three": replace the facts of the same kind of item."""
        same = [(i, it) for i, it in self._items if it.category == item.category]
        if not same:
            return False
        if len({it.owner for _, it in same}) > 1:
            return True  # the traveler's and a member's: which one is meant is not known, no reduction by a guess
        target, old = same[-1]
        self._merge(target, old, item, self._first_count(parsed, text, language))
        touched.append(target)
        return True
