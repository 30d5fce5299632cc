"""The assistant's typed results: Answer (the `kiosk ask --json` contract), BasketItem, Confirm, RuleRef."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from kiosk.rules.model import Item, Total

# verdicts an answer may carry: the engine's five, plus "info" for a question about the rules themselves
ANSWER_VERDICTS: tuple[str, ...] = ("info", "allowed", "unclear", "declare", "restricted", "prohibited")


@dataclass(frozen=True)
class RuleRef:
    """A rule behind an answer: its id, title and source (law, article, URL)."""

    id: str
    title: str
    source: str


@dataclass(frozen=True)
class BasketItem:
    """One item the traveler has told the kiosk about, with a stable id and its own verdict."""

    id: str
    """Stable within the conversation ("i1", "i2", ...): use it for remove()/update()."""
    category: str
    description: str
    quantity: float | None = None
    unit: str | None = None
    volume_ml: float | None = None
    """Total volume of this item (all its bottles)."""
    value: float | None = None
    """Total price of this item, in `currency`."""
    currency: str | None = None
    value_usd: float | None = None
    weight_g: float | None = None
    kind: str | None = None
    source: str = "lexicon"
    owner: str = "me"
    """Whose item: "me" or a family member's id ("wife", "son"); each person has their own allowances."""
    verdict: str = "unclear"
    """This item's verdict (the verdict of the rule about it, e.g. all general goods share the USD 800 total)."""

    @classmethod
    def of(cls, item_id: str, item: Item, verdict: str) -> BasketItem:
        vals = {f.name: getattr(item, f.name) for f in fields(Item)}
        return cls(id=item_id, verdict=verdict, **vals)

    def item(self) -> Item:
        return Item(**{f.name: getattr(self, f.name) for f in fields(Item)})

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, **self.item().to_json(), "verdict": self.verdict}


@dataclass(frozen=True)
class Confirm:
    """An amount heard by speech recognition that decides the verdict, read back for the traveler to confirm."""

    item_id: str
    amount: float
    currency: str
    words: str
    """The amount in words, in the answer's language ("삼십만")."""
    digits: str
    """The amount in digits with its currency ("300,000 KRW")."""
    text: str
    """The read-back sentence ("I heard ... Is that right?")."""

    def to_json(self) -> dict[str, Any]:
        amount = int(self.amount) if float(self.amount).is_integer() else self.amount
        return {"item_id": self.item_id, "amount": amount, "currency": self.currency, "words": self.words,
                "digits": self.digits, "text": self.text}


@dataclass(frozen=True)
class Answer:
    language: str
    verdict: str
    """Of the whole conversation so far: one of ANSWER_VERDICTS ("info" only while the basket is empty)."""
    answer: str
    items: tuple[Item, ...]
    rules: tuple[RuleRef, ...]
    estimated_duty_krw: float | None
    missing: tuple[str, ...] = ()
    engine: str = "rules"
    injection: bool = False
    seconds: float = 0.0
    basket: tuple[BasketItem, ...] = ()
    question: str | None = None
    """The one clarifying question (only when its answer could change the verdict), else None."""
    confirm: Confirm | None = None
    llm_engine: str = ""
    """Which LLM was asked in this turn: "remote" (KIOSK_LLM_URL), "local", "failed", or "" (not asked)."""
    llm_fallback: str = ""
    """Why the local LLM answered although a server is configured (operator text, never user text)."""
    totals: tuple[Total, ...] = ()
    """The engine's running totals against each limit, person by person (the screen shows them by the basket)."""

    def to_json(self) -> dict[str, Any]:
        """The `kiosk ask --json` contract object (the earlier keys unchanged; basket/question/confirm added)."""
        duty = self.estimated_duty_krw
        return {
            "language": self.language,
            "verdict": self.verdict,
            "answer": self.answer,
            "items": [i.to_json() for i in self.items],
            "rules": [{"id": r.id, "title": r.title, "source": r.source} for r in self.rules],
            "estimated_duty_krw": None if duty is None else (int(duty) if float(duty).is_integer() else duty),
            "basket": [b.to_json() for b in self.basket],
            "question": self.question,
            "confirm": None if self.confirm is None else self.confirm.to_json(),
            "engine": self.engine,
            "llm": {"engine": self.llm_engine or None, "fallback": self.llm_fallback},
        }
