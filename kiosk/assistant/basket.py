"""The basket of a conversation: items with stable ids, whose they are (the traveler's or a family member's), moves
and splits between people, merges of corrected facts, voice removal (never of a hazard), members' ages.

`BasketState` is the state a Conversation keeps; its methods change the basket only (no parsing, no answer text).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from kiosk.assistant import lexicon as lx
from kiosk.assistant.adults import settle_adults
from kiosk.assistant.intent import is_fact
from kiosk.assistant.numbers import find_numbers, normalize_text
from kiosk.assistant.parser import ParsedQuestion, parse_question
from kiosk.assistant.places import chat_list
from kiosk.assistant.templates import load_templates
from kiosk.rules import engine as rules_engine
from kiosk.rules.model import Item
from kiosk.rules.party import ME, Member, PartyEvaluation

if TYPE_CHECKING:
    from kiosk.assistant.answer import Answer, Confirm
    from kiosk.assistant.assistant import Assistant

FACTS = ("quantity", "unit", "volume_ml", "value", "currency", "weight_g")
_FACTS = FACTS
_YEAR = re.compile(r"(?<!\d)(19\d{2}|20[0-4]\d)(?!\d)")


def with_name(item: Item, text: str, lang: str) -> tuple[ParsedQuestion, int]:
    """`text` (amounts said on their own: "two bottles", "and 1 L") read after the name of `item`; and where
    `text` starts in the normalized text that was read."""
    named = f"{item.description}{'' if lang in ('zh', 'ja', 'th') else ' '}"  # words run together in zh/ja/th
    return parse_question(named + text, lang), len(normalize_text(named))



def partition(text: str, lang: str) -> tuple[ParsedQuestion, float, int] | None:
    """"two cartons of cigarettes, one is my wife's" / "hai cây thuốc lá một cây là của vợ tôi": one kind of goods
    with its count, then a smaller bare count (no money, volume or weight) before the member is named: the read of
    the goods alone, the member's share, and where that share starts. None when the text is not of that shape."""
    nums = find_numbers(text, lang)
    if len(nums) < 2:
        return None
    s, _, share = nums[-1]
    head, tail = parse_question(text[:s], lang), parse_question(text[s:], lang)
    if len(head.items) != 1 or not head.items[0].quantity or not 0 < share < head.items[0].quantity:
        return None
    if any(q.kind not in ("count", "bare") for q in tail.quantities) or any(
            it.category != head.items[0].category for it in tail.items) or tail.unaccounted:
        return None
    return head, share, s

class BasketState:
    """Items (id, Item) in the order told, the family members named, the traveler's own age, the pending question."""

    assistant: Assistant
    arrival: dt.date | None
    _items: list[tuple[str, Item]]
    _next: int
    age: int | None
    birth_year: int | None
    members: dict[str, Member]
    party: PartyEvaluation | None
    _pending: tuple[str, str | None] | None
    _confirm: Confirm | None
    _lang: str
    _last: Answer | None

    def _target(self) -> str:
        if self._pending is not None and self._pending[1] is not None and \
                any(i == self._pending[1] for i, _ in self._items):
            return self._pending[1]
        return self._items[-1][0]

    def _merge(self, target: str, old: Item, new: Item, qty: float | None) -> None:
        changes = {f: getattr(new, f) for f in _FACTS if getattr(new, f) is not None}
        if qty is not None:
            changes["quantity"] = qty
            same_volume = "volume_ml" not in changes or new.volume_ml == old.volume_ml
            if same_volume and old.volume_ml is not None and old.quantity:
                changes["volume_ml"] = old.volume_ml / old.quantity * qty  # same bottles, a new count
        if "value" in changes and "currency" not in changes and old.currency:
            changes["currency"] = old.currency
        self._items = [(i, replace(it, **changes) if i == target else it) for i, it in self._items]

    @staticmethod
    def _first_count(parsed: ParsedQuestion, text: str, language: str, offset: int = 0) -> float | None:
        """The count that is meant, not the one negated ("two, not three" / "세 병이 아니라 두 병")."""
        norm = normalize_text(text)
        counts = [q for q in parsed.quantities if q.kind in ("count", "bare")]
        if not counts:
            return None
        negated: set[int] = set()
        for w in lx.cues(language, "negate_next"):  # a whole word where words are spaced ("no" is not in "sino")
            edge = r"(?<!\w)" if language in lx.SPACED else ""
            for m in re.finditer(edge + re.escape(normalize_text(w)) + edge.replace("<", ""), norm):
                nxt = [q for q in counts if q.start - offset >= m.end()]
                if not nxt:
                    continue
                first = min(nxt, key=lambda q: q.start)
                # at the start only right before the count ("ไม่ใช่สามขวด"; "no, wait" is no negation; a Thai space
                # is a pause: "ไม่ใช่ สองขวด" is "no, two bottles")
                gap = norm[m.end():first.start - offset]
                if m.start() > 2 or gap == "" or (edge and not gap.strip()):
                    negated.add(id(first))
        for w in lx.cues(language, "negate_prev"):
            for m in re.finditer(re.escape(normalize_text(w)), norm):
                prev = [q for q in counts if q.end - offset <= m.start()]
                if prev:
                    negated.add(id(max(prev, key=lambda q: q.end)))
        kept = [q for q in counts if id(q) not in negated and q.kind == "count"]
        return kept[0].value if kept else None

    def _member(self, owner: str) -> Member:
        if owner not in self.members:
            self.members[owner] = Member(owner, relation=owner)
        return self.members[owner]

    def _set_member(self, owner: str, **facts: Any) -> None:
        if owner == ME:
            self.age = facts.get("age", self.age)
            self.birth_year = facts.get("birth_year", self.birth_year)
        else:
            self.members[owner] = replace(self._member(owner), **facts)

    def _pending_member(self) -> str | None:
        """The family member whose birth year the pending question asks for (None: the traveler's or none)."""
        if self._pending is None or self._pending[0] != "birth_year" or self._pending[1] is None:
            return None
        owner = next((it.owner for i, it in self._items if i == self._pending[1]), ME)
        return None if owner == ME else owner

    def _pending_travelling(self) -> tuple[str, ...]:
        """The members the pending question asks about: are they arriving with the traveler today?"""
        if self._pending is None or self._pending[0] != "travelling" or self.party is None:
            return ()
        return self.party.ask_travelling

    def _member_age(self, owner: str, parsed: ParsedQuestion, norm: str) -> bool:
        """The answer to "what year was your son born?": a year, an age, a bare number of years, or "an adult"."""
        year = _YEAR.search(norm)
        bare = None if any(is_fact(q) for q in parsed.quantities) else re.fullmatch(r"\D*?(\d{1,2})\D*", norm)
        if year:
            self._set_member(owner, birth_year=int(year.group(1)), age=None)
        elif parsed.age is not None or bare:
            self._set_member(owner, age=parsed.age if parsed.age is not None else int(bare.group(1)) if bare else None)
        elif not settle_adults(self, norm, parsed.language, owner):  # "we are all adults", "성인이에요"
            return False
        return True

    def _place(self, item: Item, owner: str, before: set[str], correcting: bool) -> str:
        """Add a family member's item, or move / split an item of the same kind already in the basket."""
        has_facts = any(getattr(item, f) is not None for f in _FACTS)
        same = [(i, it) for i, it in self._items if i in before and it.category == item.category]
        others = [(i, it) for i, it in same if it.owner != owner]
        if not same:
            return self._add(replace(item, owner=owner))
        own = [(i, it) for i, it in others if it.owner == ME]  # moved from the traveler's own goods first
        target, old = (own or others or same)[-1]
        if others and item.quantity and old.quantity and item.quantity < old.quantity and item.unit == old.unit:
            keep = (old.quantity - item.quantity) / old.quantity

            def part(x: float | None, share: float) -> float | None:
                return None if x is None else x * share

            self._items = [(i, replace(it, quantity=old.quantity - item.quantity, volume_ml=part(old.volume_ml, keep),
                                       value=part(old.value, keep)) if i == target else it) for i, it in self._items]
            return self._add(replace(item, owner=owner, currency=item.currency or old.currency,
                                     volume_ml=item.volume_ml if item.volume_ml is not None else part(old.volume_ml,
                                                                                                       1 - keep),
                                     value=item.value if item.value is not None else part(old.value, 1 - keep)))
        if correcting or not has_facts:
            if has_facts:
                self._merge(target, old, item, None)
            self._move(target, owner)
            return target
        return self._add(replace(item, owner=owner))

    def _each(self, norm: str, language: str, owners: list[str], touched: list[str]) -> list[str]:
        """"My wife and I each have a carton", "와이프랑 저랑 각자 한 보루씩": the goods told for one person of those
        named in the turn are each one's (chat.toml [each]); the others get the same. Never fewer goods than said:
        "two cartons, one each" gives each two (the stricter reading), never one carton in all."""
        named = list(dict.fromkeys(owners))
        if len(named) < 2 or not _each_person(norm, language):
            return []
        told = [(i, it) for i, it in self._items if i in touched]
        holders = {it.owner for _, it in told}
        if len(holders) != 1:
            return []
        # "my wife and my son will each carry one bottle" (of mine): each share splits off the traveler's goods
        # told before while they hold more than it; else the share is added (never fewer goods than said)
        src = {i for i, x in self._items if x.owner == ME and i not in touched}
        out = []
        for o in (o for o in named if o not in holders):
            for _, it in told:
                mine = [x for i, x in self._items if i in src and x.category == it.category and x.unit == it.unit]
                if ME not in holders and it.quantity and mine and (mine[-1].quantity or 0) > it.quantity:
                    out.append(self._place(replace(it, owner=o, volume_ml=None, value=None), o, src, False))
                else:
                    out.append(self._add(replace(it, owner=o)))
        return out

    def _move(self, item_id: str, owner: str) -> None:
        self._items = [(i, replace(it, owner=owner) if i == item_id else it) for i, it in self._items]

    def _party(self) -> dict[str, Member]:
        return {ME: Member(ME, age=self.age, birth_year=self.birth_year), **self.members}

    def _hazard(self, category: str) -> bool:
        day = self.arrival or rules_engine.today()
        return any(r.kind in ("prohibited", "restricted", "declare")
                   for r in self.assistant.engine.table.for_category(category, day)) or category == "unknown"

    def _remove_mentioned(self, parsed: ParsedQuestion) -> str:
        """Voice removal of the goods named (else the last item). Hazards stay: only a touch on the basket
        (remove(item_id)) takes them off, so that no sentence can talk a weapon or meat out of the answer."""
        t = load_templates(self._lang)
        cats = {it.category for it in parsed.items if not self._hazard(it.category)}
        if "tobacco_other" in cats and not any(it.category == "tobacco_other" for _, it in self._items):
            cats.add("cigarettes")  # "tiro el tabaco": "tobacco" names the cigarettes told before
        if parsed.items:
            ids = self._named_ids(parsed, cats)
            gone = [it for i, it in self._items if i in ids]
            self._items = [(i, it) for i, it in self._items if i not in ids]
        elif self._items and not self._hazard(self._items[-1][1].category):
            gone = [self._items[-1][1]]
            self._items = self._items[:-1]
        else:
            gone = []
        if not gone:
            return t["text"]["nothing_removed"]
        return t["text"]["removed"].format(description=", ".join(dict.fromkeys(g.description for g in gone)))

    def _named_ids(self, parsed: ParsedQuestion, cats: set[str]) -> set[str]:
        """The basket items a removal names: of each category named, those told with the same word ("the chocolate"
        leaves the bag, both general goods); all of the category when the word names none of them ("the alcohol")."""
        out: set[str] = set()
        for cat in cats:
            same = [(i, it) for i, it in self._items if it.category == cat]
            said = [normalize_text(n.description).strip() for n in parsed.items if n.category == cat]
            named = {i for i, it in same for d in said if d and (
                d in (own := normalize_text(it.description).strip()) or (own and own in d))}
            out |= named or {i for i, _ in same}
        return out

    def _add(self, item: Item) -> str:
        item_id = f"i{self._next}"
        self._next += 1
        self._items.append((item_id, item))
        return item_id


def _each_person(norm: str, language: str) -> bool:
    """An "each" word of chat.toml [each] said of the persons, not of the goods' units: beside an amount ("seven
    fifty ml each", "forty dollars each", "je zwanzig euro") it gives a size or a price per bottle, never a share
    per person."""
    units = {normalize_text(w) for w in (*lx.VOLUME_UNITS, *lx.CURRENCIES, *lx.WEIGHT_UNITS)}
    # a number of ten or more beside it is a size or a price ("fifty each", "je zwanzig"); "one each", "je eine" a share
    numbers = {normalize_text(w) for lg in (language, "en") for w, (v, _) in lx.NUMBER_WORDS.get(lg, {}).items()
               if v >= 10}
    for w in dict.fromkeys(chat_list("each", language) + chat_list("each", "en")):
        cue = normalize_text(w).strip()
        for m in re.finditer(re.escape(cue), norm):
            before, after = norm[:m.start()].split(), norm[m.end():].split()
            near = [before[-1] if before else "", after[0] if after else ""]  # "50 ml each", "je zwanzig euro"
            if not any(w in units or w in numbers or (w.isdigit() and int(w) >= 10) for w in near if w):
                return True
    return False
