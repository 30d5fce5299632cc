"""A travelling party (a family): every person's items against that person's own allowances, never pooled.

LAW-KR: the USD 800 basic allowance and the alcohol / tobacco / perfume allowances are per person and family
members cannot pool them; the age-19 rule for alcohol and tobacco is each member's own age (by calendar year from
their birth year). The party's verdict is the worst person's (prohibited > restricted > declare > unclear >
allowed), so it is never "allowed" while anyone must declare. Cash is evaluated per person; when the party's cash
together is over the cash threshold although nobody's own cash is, the kiosk does not decide and the party is
sent to an officer ("unclear"): the rule table does not say how cash carried by a family is counted.

Only a person arriving with the traveler has their own allowance. A member named in speech ("my wife bought a
bag") may have stayed at home: then their goods are the traveler's. While that is not known (`travelling` None) and
it matters — the goods counted as the traveler's would give a more severe verdict — the party is "unclear" and the
kiosk asks; never "allowed" on the assumption that someone is here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from kiosk import clock
from kiosk.rules.engine import RuleEngine, from_usd, with_usd
from kiosk.rules.model import Evaluation, Finding, Item, most_severe

ME = "me"
# relations presumed adult when no age is given (like the traveler at the kiosk, whom the officer sees);
# anyone else (a son, a sister, a grandchild) is asked for their birth year before an age rule says "allowed"
# "adult": a person the traveler said is an adult ("we are all adults"), whatever their relation
ADULT_RELATIONS: frozenset[str] = frozenset({
    "self", "wife", "husband", "spouse", "partner", "mother", "father", "grandmother", "grandfather", "adult"})
RELATIONS: tuple[str, ...] = ("wife", "husband", "spouse", "partner", "son", "daughter", "child", "mother", "father",
                              "grandmother", "grandfather", "brother", "sister", "grandson", "granddaughter")


@dataclass(frozen=True)
class Member:
    """One person of the party. `id` is what items name as their owner ("me", "wife", "son")."""

    id: str
    relation: str = "self"
    age: int | None = None
    birth_year: int | None = None
    name: str = ""
    travelling: bool | None = None  # arriving with the traveler today (None: not known yet; False: goods are theirs)

    @property
    def presumed_adult(self) -> bool:
        return self.relation in ADULT_RELATIONS


@dataclass(frozen=True)
class PersonVerdict:
    """One person's own evaluation; `indexes` are the positions of their items in the party's basket."""

    member: Member
    evaluation: Evaluation
    indexes: tuple[int, ...]

    @property
    def verdict(self) -> str:
        return self.evaluation.verdict


@dataclass(frozen=True)
class PartyEvaluation:
    verdict: str
    people: tuple[PersonVerdict, ...]  # the traveler first, then members in the order they were first named
    combined: Evaluation  # every finding and item verdict in basket order (for the answer text and the basket)
    pooled_cash: bool = False  # cash over the threshold only when the party's cash is added up
    ask_travelling: tuple[str, ...] = ()  # members whose presence decides the verdict and is not known yet

    def person(self, member_id: str) -> PersonVerdict | None:
        return next((p for p in self.people if p.member.id == member_id), None)


def evaluate_party(engine: RuleEngine, items: Sequence[Item], members: Mapping[str, Member],
                   arrival: dt.date | None = None) -> PartyEvaluation:
    """Evaluate each person's items (by `Item.owner`) against their own allowances; an owner not in `members` is
    a person of unknown age (asked, never presumed adult). A member not arriving with the traveler has no
    allowance here (their goods are evaluated as the traveler's); one not known to be arriving is asked about when
    the answer depends on it."""
    day = arrival or clock.today()

    def away(owner: str, unknown_too: bool) -> bool:
        m = members.get(owner)
        travelling = None if m is None else m.travelling
        return owner != ME and (travelling is False or (unknown_too and travelling is None))

    here = [replace(i, owner=ME) if away(i.owner, False) else i for i in items]
    party = _evaluate(engine, here, members, day)
    unknown = tuple(dict.fromkeys(i.owner for i in here if away(i.owner, True)))
    if not unknown:
        return party
    alone = _evaluate(engine, [replace(i, owner=ME) if i.owner in unknown else i for i in here], members, day)
    if most_severe([party.verdict, alone.verdict]) == party.verdict:
        return party  # the same (or a milder) verdict either way: nothing to ask
    ix = tuple(n for n, i in enumerate(here) if i.owner in unknown)
    ask = Finding("unclear", None, "member_travelling", (("who", unknown[0]),), ("travelling",), ix)
    c = party.combined
    combined = replace(c, verdict=most_severe([c.verdict, "unclear"]), findings=(*c.findings, ask),
                       missing=tuple(dict.fromkeys([*c.missing, "travelling"])))
    return replace(party, verdict=combined.verdict, combined=combined, ask_travelling=unknown)


def _evaluate(engine: RuleEngine, items: Sequence[Item], members: Mapping[str, Member],
              day: dt.date) -> PartyEvaluation:
    me = members.get(ME, Member(ME))
    owners = list(dict.fromkeys([ME, *(i.owner for i in items)]))
    people: list[PersonVerdict] = []
    for owner in owners:
        idx = tuple(n for n, it in enumerate(items) if it.owner == owner)
        if not idx and owner != ME:
            continue
        m = me if owner == ME else members.get(owner, Member(owner, relation=owner))
        ev = engine.evaluate([items[i] for i in idx], age=m.age, arrival=day, birth_year=m.birth_year,
                             assume_adult=m.presumed_adult)
        people.append(PersonVerdict(m, ev, idx))
    if len(people) > 1 and not people[0].indexes:
        people = people[1:]  # the traveler carries nothing: no "what do you have?" about them
    pooled = _pooled_cash(engine, items, people, day)
    combined = _combine(engine, items, people, day, pooled)
    return PartyEvaluation(combined.verdict, tuple(people), combined, pooled is not None)


def _pooled_cash(engine: RuleEngine, items: Sequence[Item], people: list[PersonVerdict],
                 day: dt.date) -> Finding | None:
    rules = [r for r in engine.table.for_category("cash", day) if r.kind == "declare_over"]
    if not rules or len(people) < 2:
        return None
    rule = rules[0]
    cash = [with_usd(i, engine.rates) for i in items if i.category == "cash"]
    if len({i.owner for i in cash}) < 2:
        return None
    if any(f.rule_id == rule.id and f.verdict == "declare" for p in people for f in p.evaluation.findings):
        return None  # somebody must declare their own cash anyway
    known = [None if i.value_usd is None else from_usd(i.value_usd, engine.table.currency, engine.rates)
             for i in cash]
    total = sum(v for v in known if v is not None)
    if total <= rule.thresholds["value"]:
        return None
    ix = tuple(n for n, i in enumerate(items) if i.category == "cash")
    return Finding("unclear", rule.id, "pooled_cash", (("limit", rule.thresholds["value"]), ("total", total),
                                                       ("currency", engine.table.currency)), (), ix)


def _combine(engine: RuleEngine, items: Sequence[Item], people: list[PersonVerdict], day: dt.date,
             pooled: Finding | None) -> Evaluation:
    """One Evaluation for the whole party: findings re-indexed to basket positions, duty added up."""
    if len(people) == 1 and pooled is None and len(people[0].indexes) == len(items):
        return people[0].evaluation
    findings: list[Finding] = []
    per_item = ["allowed"] * len(items)
    evaluated: list[Item] = list(items)
    for p in people:
        ev = p.evaluation
        for f in ev.findings:
            findings.append(replace(f, items=tuple(p.indexes[i] for i in f.items)))
        for local, v in enumerate(ev.item_verdicts):
            per_item[p.indexes[local]] = v
            evaluated[p.indexes[local]] = ev.items[local]
    if pooled is not None:
        findings.append(pooled)
        for i in pooled.items:
            per_item[i] = most_severe([per_item[i], pooled.verdict])
    evs = [p.evaluation for p in people]
    verdict = most_severe([e.verdict for e in evs] + ([pooled.verdict] if pooled else []))

    def total(xs: list[float | None]) -> float | None:
        return None if any(x is None for x in xs) else float(sum(x or 0.0 for x in xs))

    missing = tuple(dict.fromkeys(m for e in evs for m in e.missing))
    rule_ids = tuple(dict.fromkeys([r for e in evs for r in e.rule_ids] + ([pooled.rule_id] if pooled and
                                                                           pooled.rule_id else [])))
    return Evaluation(verdict, tuple(findings), rule_ids, total([e.estimated_duty for e in evs]),
                      engine.table.duty_currency, total([e.estimated_duty_krw for e in evs]),
                      total([e.undeclared_surcharge for e in evs]), missing, tuple(evaluated), tuple(per_item), day,
                      any(e.rates_expired for e in evs))
