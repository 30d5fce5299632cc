"""Touch items of a family: whose item each picked item is, and a member's age, put into the conversation. Qt-free.

`FamilyBasketAdapter` is the picker's `BasketAdapter` plus owners: after the picked items are in the basket, each
one is given to its person (`Conversation.update(item_id, owner=...)`) and a member's age set by touch is told to
the conversation (`Conversation.set_member`), so every person is checked against their own allowances. The one
exchange recorded for the picked items is the answer after the owners are in place (the declaration uses it).
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

from kiosk.assistant import Answer, BasketItem
from kiosk.rules.party import ADULT_RELATIONS, ME
from kiosk.session import Session
from kiosk.ui.basket import BasketAdapter, ItemFacts

# who the picker offers, in this order: the traveler, then the usual family members
PICKER_OWNERS: tuple[str, ...] = ("me", "wife", "husband", "son", "daughter", "child", "mother", "father",
                                  "grandmother", "grandfather", "brother", "sister")


@dataclass(frozen=True)
class Owner:
    """Whose item: a member id (ME for the traveler) and, for someone not presumed adult, their age if given."""

    id: str = ME
    age: int | None = None

    @property
    def asks_age(self) -> bool:
        return self.id not in ADULT_RELATIONS and self.id != ME


class FamilyBasketAdapter(BasketAdapter):
    def record_family(self, session: Session, items: list[ItemFacts], owners: dict[str, Owner], lang: str,
                      summary: str, names: dict[str, str] | None = None) -> Answer:
        ans = self.record(session, items, lang, summary, names)
        conv = session.conversation
        if conv is None:
            return ans
        changed = False
        for f in items:
            who = owners.get(f.id, Owner())
            bid = self._ids.get(f.id)
            if bid is None:
                continue
            if who.id != ME:  # chosen at the kiosk as a person of the party: arriving with the traveler
                conv.set_member(who.id, age=who.age if who.asks_age else None, travelling=True)
                changed = True
            if next((b.owner for b in conv.basket if b.id == bid), ME) != who.id or changed:
                ans = conv.update(bid, owner=who.id)
                changed = True
        if changed:
            with contextlib.suppress(ValueError):
                if self._last is not None:
                    session.exchanges.remove(self._last)
            self._last = session.add_exchange(summary, lang, ans)
        return ans

    def owners_of(self, items: list[ItemFacts], basket: tuple[BasketItem, ...],
                  owners: dict[str, Owner]) -> dict[str, Owner]:
        """The picked items' owners after the basket changed elsewhere (an item moved by voice)."""
        by_id = {b.id: b for b in basket}
        out = dict(owners)
        for f in items:
            b = by_id.get(self._ids.get(f.id, ""))
            if b is not None and b.owner != out.get(f.id, Owner()).id:
                out[f.id] = Owner(b.owner)
        return out
