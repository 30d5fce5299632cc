"""What the kiosk advised, item by item, for the officer's desk: verdict, rule and article, assumptions, facts heard
with low confidence, the rule-table version and the kiosk id. It travels inside the signed QR payload
(kiosk.desk.payload) beside the declaration, so the desk can show why the kiosk said what it said."""

from __future__ import annotations

import socket
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kiosk.assistant import Answer, BasketItem
    from kiosk.rules.engine import RuleEngine
    from kiosk.rules.party import PartyEvaluation

# Why a fact is shown as uncertain (keys of locales/desk/<lang>.json "low_<key>")
# ("speech_confirmed": recognition was unsure, the traveler confirmed the words heard with one touch)
LOW_CONFIDENCE = ("item_guessed", "amount_from_speech", "speech_unsure", "speech_confirmed", "owner_guessed")


@dataclass(frozen=True)
class ItemAdvice:
    """One item the traveler told the kiosk about, and the kiosk's advice on it."""

    category: str
    description: str
    """In the traveler's words (shown at the desk; never written to the decision log)."""
    verdict: str
    """The kiosk's verdict for this item (kiosk.rules.model.VERDICTS)."""
    rule_id: str = ""
    article: str = ""
    """The article behind the rule, as the rule table cites it (e.g. 관세법 시행규칙 제48조②)."""
    owner: str = "me"
    """Whose item: "me" or a family member's id ("wife", "son"): allowances are per person."""
    kind: str = ""
    quantity: float | None = None
    unit: str = ""
    value: float | None = None
    currency: str = ""
    value_usd: float | None = None
    volume_ml: float | None = None
    assumptions: tuple[str, ...] = ()
    """What the kiosk assumed, as "key:detail" (e.g. "bottle_ml:750" — a standard wine bottle)."""
    low_confidence: tuple[str, ...] = ()
    """Facts that came from speech with low confidence or were guessed (LOW_CONFIDENCE keys)."""

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"c": self.category, "d": self.description, "v": self.verdict}
        for key, val in (("r", self.rule_id), ("a", self.article), ("k", self.kind), ("u", self.unit),
                         ("cu", self.currency)):
            if val:
                out[key] = val
        if self.owner != "me":
            out["o"] = self.owner
        for key, num in (("q", self.quantity), ("val", self.value), ("usd", self.value_usd),
                         ("ml", self.volume_ml)):
            if num is not None:
                out[key] = int(num) if float(num).is_integer() else round(float(num), 2)
        if self.assumptions:
            out["as"] = list(self.assumptions)
        if self.low_confidence:
            out["lc"] = list(self.low_confidence)
        return out

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> ItemAdvice:
        def num(key: str) -> float | None:
            v = d.get(key)
            return None if v is None else float(v)

        return cls(category=str(d["c"]), description=str(d.get("d", "")), verdict=str(d["v"]),
                   rule_id=str(d.get("r", "")), article=str(d.get("a", "")), owner=str(d.get("o", "me")),
                   kind=str(d.get("k", "")), quantity=num("q"), unit=str(d.get("u", "")), value=num("val"),
                   currency=str(d.get("cu", "")), value_usd=num("usd"), volume_ml=num("ml"),
                   assumptions=tuple(str(a) for a in d.get("as", ())),
                   low_confidence=tuple(str(a) for a in d.get("lc", ())))


@dataclass(frozen=True)
class KioskAdvice:
    """The kiosk's advice for one visit (all items, the allowed ones too: those are what the officer must see)."""

    kiosk_id: str
    table_version: str
    language: str
    verdict: str
    items: tuple[ItemAdvice, ...] = field(default_factory=tuple)

    def to_json(self) -> dict[str, Any]:
        return {"k": self.kiosk_id, "t": self.table_version, "l": self.language, "v": self.verdict,
                "i": [i.to_json() for i in self.items]}

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> KioskAdvice:
        return cls(kiosk_id=str(d["k"]), table_version=str(d["t"]), language=str(d["l"]), verdict=str(d["v"]),
                   items=tuple(ItemAdvice.from_json(i) for i in d.get("i", ())))


def kiosk_id() -> str:
    """KIOSK_KIOSK_ID, else the host name: names the device, never a person."""
    from kiosk.config import settings

    return settings().kiosk_id or socket.gethostname()


def table_version(engine: RuleEngine) -> str:
    """"KR/2/2025-03-21" (+ "@<update version>" when a signed update is installed)."""
    from kiosk.updates.store import current_version

    t = engine.table
    base = f"{t.jurisdiction}/{t.version}/{t.effective_date.isoformat()}"
    try:
        installed = current_version()
    except OSError:
        installed = None
    return f"{base}@{installed}" if installed else base


def _assumptions(party: PartyEvaluation | None, engine: RuleEngine, n: int,
                 basket: Sequence[BasketItem]) -> list[list[str]]:
    out: list[list[str]] = [[] for _ in range(n)]
    if party is None:
        return out
    sizes = engine.table.assumptions.bottle_ml
    for f in party.combined.findings:
        if not f.assumption:
            continue
        for ix in f.items:
            if 0 <= ix < n:
                b = basket[ix]
                size = sizes.get(b.kind or b.category) or sizes.get(b.category)
                detail = f"bottle_ml:{size[0]:g}" if size and size[0] == size[1] else (
                    f"bottle_ml:{size[0]:g}-{size[1]:g}" if size else f"assumed:{f.assumption}")
                if detail not in out[ix]:
                    out[ix].append(detail)
    for ix, b in enumerate(basket):  # a family member of unknown age was presumed adult (the officer sees them)
        if b.owner != "me" and party.person(b.owner) is not None:
            m = party.person(b.owner)
            if m is not None and m.member.age is None and m.member.birth_year is None and m.member.presumed_adult:
                out[ix].append("adult_presumed")
    return out


def advise(basket: Sequence[BasketItem], *, engine: RuleEngine, party: PartyEvaluation | None = None,
           answer: Answer | None = None, language: str = "en",
           low_confidence: Mapping[str, Sequence[str]] | None = None,
           kiosk: str | None = None) -> KioskAdvice:
    """The advice for the desk from the conversation's basket and its last party evaluation.

    `low_confidence` adds facts per basket item id (e.g. {"i2": ["speech_unsure"]}); items the lexicon did not
    recognise and amounts still waiting for the traveler's read-back confirmation are marked here.
    """
    from kiosk.rules.model import most_severe

    low = {k: list(v) for k, v in (low_confidence or {}).items()}
    if answer is not None and answer.confirm is not None:
        low.setdefault(answer.confirm.item_id, []).append("amount_from_speech")
    assumed = _assumptions(party, engine, len(basket), basket)
    day = None if party is None else party.combined.arrival
    items = []
    for ix, b in enumerate(basket):
        rules = [r for r in engine.table.rules if b.category in r.categories
                 and (day is None or r.in_force(day)) and r.kind != "duty"]
        rule = rules[-1] if rules else None
        marks = list(dict.fromkeys(low.get(b.id, [])))
        if b.source != "lexicon" and "item_guessed" not in marks:
            marks.append("item_guessed")
        items.append(ItemAdvice(
            category=b.category, description=b.description[:80], verdict=b.verdict,
            rule_id=rule.id if rule else "", article=rule.article if rule else "", owner=b.owner,
            kind=b.kind or "", quantity=b.quantity, unit=b.unit or "", value=b.value, currency=b.currency or "",
            value_usd=b.value_usd, volume_ml=b.volume_ml, assumptions=tuple(assumed[ix]),
            low_confidence=tuple(m for m in marks if m in LOW_CONFIDENCE)))
    verdict = most_severe([i.verdict for i in items]) if items else (answer.verdict if answer else "unclear")
    return KioskAdvice(kiosk_id=kiosk or kiosk_id(), table_version=table_version(engine), language=language,
                       verdict=verdict if verdict != "info" else "unclear", items=tuple(items))
