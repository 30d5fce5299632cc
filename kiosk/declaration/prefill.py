"""Pre-fill a declaration from the assistant's answers (verdicts + item categories) and what the traveler said."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from typing import TYPE_CHECKING

from kiosk.declaration.model import Declaration, DeclaredItem, FamilyMember, ItemKind

if TYPE_CHECKING:
    from kiosk.assistant import Answer
    from kiosk.rules.model import Item

CASH_LIMIT_USD = 10_000.0

# Category names of the rule engine (kiosk/rules/tables/*.toml) plus common spoken synonyms.
_CASH = {"cash", "currency", "money", "securities", "cheque", "check"}
_ALWAYS_RESTRICTED = {"firearm", "firearms", "gun", "guns", "replica_gun", "weapon", "weapons", "ammunition",
                      "explosive", "explosives", "narcotics", "drugs", "drug", "cannabis", "counterfeit",
                      "counterfeit_currency", "obscene", "cites", "prohibited", "restricted"}
_RESTRICTED = _ALWAYS_RESTRICTED | {"knife", "knives", "medicine", "medicines", "medication"}
_ANIMAL_PLANT = {"meat", "fruit", "fruits", "vegetable", "vegetables", "plant", "plants", "seed", "seeds", "soil",
                 "animal", "animals", "pet", "pets", "dairy", "cheese", "eggs", "sausage", "jerky", "quarantine"}
_FOR_SALE = {"for_sale", "commercial", "goods_for_sale", "sample", "samples", "resale", "for_others"}

# "KE082" anywhere, or "flight KE 82" after the word flight (English transcripts; the form is editable anyway)
_FLIGHT_RE = re.compile(r"\b([A-Z]{2}|[A-Z]\d|\d[A-Z])(\d{2,4})\b|FLIGHT\s+(?:NUMBER\s+)?(?:IS\s+)?([A-Z]{2}|[A-Z]\d|\d[A-Z])\s?(\d{2,4})\b")


def _tokens(category: str) -> set[str]:
    c = (category or "").lower().strip()
    return {c, *re.split(r"[^a-z]+", c)} - {""}


def classify(category: str, verdict: str) -> ItemKind | None:
    """Which declaration question an item of `category` with assistant `verdict` answers 'yes' to."""
    t = _tokens(category)
    if t & _CASH:
        return "cash" if verdict != "allowed" else None
    if t & _ALWAYS_RESTRICTED:
        return "restricted"
    if t & _RESTRICTED:
        return "restricted" if verdict != "allowed" else None
    if t & _ANIMAL_PLANT:
        return "animal_plant" if verdict != "allowed" else None
    if t & _FOR_SALE:
        return "for_sale"
    if verdict in ("restricted", "prohibited"):
        return "restricted"
    if verdict == "declare":
        return "over_allowance"
    return None


def _num(x: float | None) -> float | None:
    return None if x is None else max(0.0, float(x))


def _owner(decl: Declaration, owner: str, removed: Collection[str] = ()) -> int:
    """The form's number of a basket owner: 0 the declarant (and a member taken off the form: whoever carries the
    items declares them), n the family member n (added when first seen)."""
    if owner in ("", "me") or owner in removed:
        return 0
    for n, m in enumerate(decl.members, 1):
        if m.relation == owner:
            return n
    if len(decl.members) >= 20:
        return 0
    decl.members.append(FamilyMember(relation=owner[:20]))
    decl.trip.family_members = max(decl.trip.family_members, len(decl.members))
    return len(decl.members)


def _own_rules(category: str, rule_ids: list[str]) -> list[str]:
    """The answer's rules that are about this item's category (the duty rule goes with general goods), so that
    one family member's cigarettes do not cite the alcohol rule; all of them when none is known."""
    from kiosk.config import settings
    from kiosk.rules import get_engine

    try:
        table = get_engine(settings().jurisdiction).table
    except Exception:  # an unknown jurisdiction: cite what the answer cited
        return rule_ids
    about = {r.id for r in table.rules if category in r.categories and (r.kind != "duty" or category == "general")}
    return [r for r in rule_ids if r in about] or rule_ids


def _item(kind: ItemKind, it: Item, rule_ids: list[str], to_check: bool = False) -> DeclaredItem:
    return DeclaredItem(
        kind=kind,
        category=it.category[:40],
        description=it.description[:200],
        quantity=_num(it.quantity),
        unit=(it.unit or "")[:20],
        value=_num(it.value),
        currency=(it.currency or "")[:3].upper(),
        value_usd=_num(it.value_usd),
        rule_ids=rule_ids,
        to_check=to_check,
    )


def declared_kind(category: str, verdict: str) -> tuple[ItemKind | None, bool]:
    """Whether and how an item with its own `verdict` goes on the form: (the question it answers 'yes' to, still
    open). Deny by default: only an item known to be within the allowance ("allowed") stays off the form; an
    unresolved one ("unclear": volume, value or age unknown) is on it, to be checked by the officer."""
    if verdict == "unclear":
        return classify(category, "declare") or "over_allowance", True
    kind = classify(category, verdict)
    if kind is None and verdict not in ("allowed", "info"):
        kind = "restricted" if verdict in ("restricted", "prohibited") else "over_allowance"
    return kind, False


def prefill(answers: Sequence[Answer], *, language: str | None = None, utterances: Iterable[str] = (),
            base: Declaration | None = None, removed: Collection[str] = ()) -> Declaration:
    """Declaration draft from assistant `Answer`s (verdict, basket items with their own verdicts, rules) and the
    traveler's utterances. Every item of an answer's basket that is not clearly within the allowance is on the
    form (an unresolved one marked `to_check`), whatever the answer's text said.

    Never sets `confirmed`. Items already in `base` are kept; the five yes/no answers only ever turn to 'yes'.
    The items of a basket owner in `removed` (a member the traveler took off the form) are the declarant's.
    """
    decl = (base or Declaration()).model_copy(deep=True)
    decl.confirmed = False
    decl.confirmed_at = None
    if language:
        decl.language = language
    elif answers:
        decl.language = answers[-1].language or decl.language
    for ans in answers:
        verdict = ans.verdict
        rule_ids = [r.id for r in ans.rules if r.id]
        if not ans.items and verdict in ("restricted", "prohibited"):
            decl.items.append(DeclaredItem(kind="restricted", rule_ids=rule_ids))
        # each item's own verdict where the answer has them: a family member's wine within their own allowance is
        # not declared because another member's cigarettes must be
        own = [b.verdict for b in ans.basket] if len(ans.basket) == len(ans.items) else [verdict] * len(ans.items)
        for it, item_verdict in zip(ans.items, own, strict=True):
            kind, to_check = declared_kind(it.category, item_verdict)
            usd = _num(it.value_usd)
            if kind is None and _tokens(it.category) & _CASH and usd and usd > CASH_LIMIT_USD:
                kind = "cash"
            if kind == "cash" and not to_check and usd is not None and usd <= CASH_LIMIT_USD:
                continue
            if kind is not None:
                item = _item(kind, it, _own_rules(it.category, rule_ids), to_check)
                decl.items.append(item.model_copy(update={"owner": _owner(decl, it.owner, removed)}))
    kinds = {i.kind for i in decl.items}
    a = decl.answers
    a.over_allowance = a.over_allowance or "over_allowance" in kinds
    a.cash_over_10k_usd = a.cash_over_10k_usd or "cash" in kinds
    a.restricted_items = a.restricted_items or "restricted" in kinds
    a.animals_plants_meat = a.animals_plants_meat or "animal_plant" in kinds
    a.goods_for_sale_or_others = a.goods_for_sale_or_others or "for_sale" in kinds
    for text in utterances:
        if not decl.trip.flight_no:
            m = _FLIGHT_RE.search(text.upper())
            if m:
                decl.trip.flight_no = (m.group(1) or m.group(3)) + (m.group(2) or m.group(4))
    return decl
