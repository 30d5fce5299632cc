"""One traveler's conversation: a running basket, follow-ups, corrections, removals, information questions.

Qt-free and deterministic apart from the optional LLM call. After every turn the verdict covers the whole basket;
at most one clarifying question is asked, and only while the verdict is "unclear" (so its answer can change it).
Typical sizes are assumed and said aloud instead of asked when no common size changes the answer ("one bottle of
wine is within 2 L"). Text that tries to change a rule changes nothing; an unrecognised thing next to a known one
makes the answer "unclear" with a question, never "allowed".
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import time
from dataclasses import fields, replace
from typing import TYPE_CHECKING, Any

from kiosk.assistant import family
from kiosk.assistant import lexicon as lx
from kiosk.assistant.answer import Answer, BasketItem, Confirm, RuleRef
from kiosk.assistant.langdetect import detect_language
from kiosk.assistant.numbers import normalize_text
from kiosk.assistant.parser import ParsedQuestion, Quantity, parse_question
from kiosk.assistant.spoken import in_digits, in_words
from kiosk.assistant.templates import compose, join, load_templates, question_text, rule_text
from kiosk.assistant.unaccounted import speaks_of_goods
from kiosk.languages import UI_LANGUAGES, UnsupportedLanguage, normalize
from kiosk.rules import engine as rules_engine
from kiosk.rules.model import Evaluation, Item
from kiosk.rules.party import ME, Member, PartyEvaluation, evaluate_party

if TYPE_CHECKING:
    from kiosk.assistant.assistant import Assistant

log = logging.getLogger(__name__)

_FACTS = ("quantity", "unit", "volume_ml", "value", "currency", "weight_g")
_CHUNK = 1500  # long inputs are parsed sentence group by sentence group, never cut
_SENTENCE = re.compile(r"[^.!?。！？\n]+[.!?。！？\n]*")
_CONFIRM_SHARE = 0.5  # an amount heard by speech at half a limit or more is read back
_INFO_TOPICS = ("general", "alcohol", "cigarettes", "perfume", "cash")


def _has(text: str, lang: str, kind: str) -> bool:
    return any(normalize_text(w) in text for w in lx.cues(lang, kind))


def _with_name(item: Item, text: str, lang: str) -> tuple[ParsedQuestion, int]:
    """`text` (amounts said on their own: "two bottles", "and 1 L") read after the name of `item`; and where
    `text` starts in the normalized text that was read."""
    named = f"{item.description}{'' if lang in ('zh', 'ja', 'th') else ' '}"  # words run together in zh/ja/th
    return parse_question(named + text, lang), len(normalize_text(named))


def _is_fact(q: Quantity) -> bool:
    return q.kind in ("money", "volume", "weight") or (q.kind == "count" and q.unit is not None)


class Conversation:
    """One traveler's conversation with the kiosk (owned by the session; `clear()` on reset)."""

    def __init__(self, assistant: Assistant | None = None, *, arrival: dt.date | None = None) -> None:
        if assistant is None:
            from kiosk.assistant.assistant import get_assistant
            from kiosk.config import settings

            assistant = get_assistant(settings().jurisdiction, settings().use_llm)
        self.assistant = assistant
        self.arrival = arrival
        self.clear()

    # -- state -----------------------------------------------------------------------------------------------
    def clear(self) -> None:
        """Forget everything (basket, age, pending question): a new traveler."""
        self._items: list[tuple[str, Item]] = []
        self._next = 1
        self.age: int | None = None
        self.birth_year: int | None = None
        self.members: dict[str, Member] = {}  # family members named so far ("wife", "son"), each with own age
        self.party: PartyEvaluation | None = None  # the last answer's per-person evaluation
        self._heard_age = False  # the last family turn told an age or a birth year
        self._pending: tuple[str, str | None] | None = None
        self._confirm: Confirm | None = None
        self._lang = "en"
        self._last: Answer | None = None

    @property
    def basket(self) -> tuple[BasketItem, ...]:
        return self._last.basket if self._last is not None else ()

    @property
    def pending_question(self) -> str | None:
        return self._last.question if self._last is not None else None

    def remove(self, item_id: str) -> Answer:
        """Touch edit: remove one item; returns the answer for the basket without it."""
        gone = [it for i, it in self._items if i == item_id]
        self._items = [(i, it) for i, it in self._items if i != item_id]
        t = load_templates(self._lang)
        note = t["text"]["removed"].format(description=gone[0].description) if gone else t["text"]["nothing_removed"]
        return self._answer(time.perf_counter(), [note], engine="rules")

    def add(self, item: Item) -> tuple[str, Answer]:
        """Touch edit: add one item described on screen; returns its basket id and the answer for the basket."""
        item_id = self._add(item)
        return item_id, self._answer(time.perf_counter(), [], engine="rules")

    def update(self, item_id: str, **facts: Any) -> Answer:
        """Touch edit: set facts of one item (quantity, volume_ml, value, currency, ...)."""
        allowed = {f.name for f in fields(Item)} - {"category", "source", "value_usd"}
        bad = set(facts) - allowed
        if bad:
            raise ValueError(f"cannot update {sorted(bad)}")
        self._items = [(i, replace(it, **facts) if i == item_id else it) for i, it in self._items]
        return self._answer(time.perf_counter(), [], engine="rules")

    def set_member(self, owner: str, *, age: int | None = None, birth_year: int | None = None,
                   travelling: bool | None = None) -> Answer:
        """Touch edit: a family member's age or birth year (e.g. from the picker's member selector, which also says
        the member is arriving with the traveler: `travelling`)."""
        if owner != ME:
            facts: dict[str, Any] = {"age": age, "birth_year": birth_year} if age is not None or birth_year is not None else {}
            if travelling is not None:
                facts["travelling"] = travelling
            self._set_member(owner, **facts)
        return self._answer(time.perf_counter(), [], engine="rules")

    def confirm(self) -> Answer:
        """Touch: the amount read back is right ("Yes, correct"); the answer for the basket, without the read-back."""
        self._confirm = None
        return self._answer(time.perf_counter(), [], engine="rules")

    # -- a turn ------------------------------------------------------------------------------------------------
    def ask(self, text: str, lang: str | None = None, *, from_speech: bool = False, age: int | None = None) -> Answer:
        t0 = time.perf_counter()
        text = text or ""
        self._lang = self._language(text, lang)
        language = self._language(text, lang, answer=False)
        norm = normalize_text(text)
        parsed = self._parse(text, language)
        if age is not None:
            self.age = age
        member = self._pending_member()
        if member is not None and self._member_age(member, parsed, norm) and not parsed.items:
            return self._answer(t0, [], engine="rules")  # "He is 12." / "2007": the member's age, asked for
        away = self._pending_travelling()
        said = family.yes_no(norm, language) if away else None
        if said is not None:  # "Is your wife arriving with you today?" - "Yes" / "No, she stayed home"
            for owner in away:
                self._set_member(owner, travelling=said)
            if not parsed.items:
                return self._answer(t0, [], engine="rules")
        party_turn = family.names_member(norm, language) and not _has(norm, language, "remove") \
            and not parsed.injection
        if parsed.age is not None and not party_turn:
            self.age = parsed.age
        if party_turn or member is not None:
            pass  # ages and birth years said in a family turn are the members' (read per person below)
        elif parsed.birth_year is not None:
            self.birth_year = parsed.birth_year
        elif self._pending and self._pending[0] == "birth_year":
            year = re.search(r"(?<!\d)(19\d{2}|20[0-4]\d)(?!\d)", norm)
            self.birth_year = int(year.group(1)) if year else None
        facts = [q for q in parsed.quantities if _is_fact(q)]
        notes: list[str] = []
        touched: list[str] = []
        info_topics: list[str] = []
        is_info = _has(norm, language, "info") and not facts
        where = is_info and _has(norm, language, "where")
        correcting = _has(norm, language, "correct")
        confirmed = self._confirm is not None and not facts and _has(norm, language, "yes")
        if confirmed:
            self._confirm = None  # confirmed; anything else said in the turn is still read below
        engine = "rules"
        if _has(norm, language, "remove") and not facts and not parsed.injection:
            notes.append(self._remove_mentioned(parsed))
            for item in parsed.items:  # a hazard is never removed by voice ("throw away X and Y" keeps Y)
                if self._hazard(item.category) and not any(it.category == item.category for _, it in self._items):
                    touched.append(self._add(item))
        elif party_turn:
            added, engine = self._party_turn(norm, language, correcting)
            touched += added
        elif parsed.mentions == 0 and facts and self._items and self._follows_up(facts, correcting):
            touched.append(self._fill(text, language, correcting))
        else:
            before = {it.category for _, it in self._items}
            for item in parsed.items:
                if is_info and self._is_topic(item):
                    info_topics.append(item.category)
                    continue
                if correcting and self._correct(item, parsed, text, language, touched):
                    continue
                if all(getattr(item, f) is None for f in _FACTS) and item.category in before:
                    continue  # named again in a later turn without new facts ("is my whisky OK?"): no second item
                touched.append(self._add(item))
        # a family turn that found neither goods nor an age ("my grandmother's recipe sauce") is read like any turn
        plain = not party_turn or not (touched or self._heard_age)
        nothing = (not parsed.items and not facts and not is_info and parsed.age is None and not notes
                   and text.strip() and self._confirm is None and not confirmed)
        if plain and (parsed.unaccounted or (nothing and speaks_of_goods(text, language))):
            engine, added = self._llm_items(text, parsed, hazards_only=is_info)
            touched += added
            if not added and (parsed.mentions or not is_info):
                for what in parsed.unaccounted:
                    touched.append(self._add(Item("unknown", what, source="unknown")))
        if is_info and not info_topics and not where and not parsed.items:
            info_topics = list(_INFO_TOPICS)
        ans = self._answer(t0, notes, engine=engine, injection=parsed.injection, info_topics=info_topics,
                           where=where, touched=touched if from_speech else [], info=is_info)
        log.debug("turn: %d chars, lang=%s, basket=%d, verdict=%s, %.3fs", len(text), ans.language, len(ans.basket),
                  ans.verdict, ans.seconds)
        return ans

    # -- understanding helpers -------------------------------------------------------------------------------
    def _language(self, text: str, lang: str | None, answer: bool = True) -> str:
        language = detect_language(text) if text.strip() else self._lang
        if lang:
            try:
                language = normalize(lang)
            except UnsupportedLanguage:
                log.info("unsupported language code given; detected instead")
        if answer:
            return language if language in UI_LANGUAGES else "en"
        return language

    def _parse(self, text: str, language: str) -> ParsedQuestion:
        """The whole text, however long: sentence groups of ~_CHUNK characters, results merged."""
        if len(text) <= _CHUNK:
            return parse_question(text, language)
        chunks: list[str] = []
        cur = ""
        for m in _SENTENCE.finditer(text):
            if cur and len(cur) + len(m.group(0)) > _CHUNK:
                chunks.append(cur)
                cur = ""
            cur += m.group(0)
            while len(cur) > _CHUNK:  # one endless sentence: cut between words, nothing dropped
                cut = cur.rfind(" ", 0, _CHUNK)
                cut = cut if cut > 0 else _CHUNK
                chunks.append(cur[:cut])
                cur = cur[cut:]
        if cur:
            chunks.append(cur)
        parts = [parse_question(c, language) for c in chunks]
        items: list[Item] = []
        for p in parts:
            for it in p.items:
                same = any(o.category == it.category and o.description == it.description and o == it for o in items)
                if not same:
                    items.append(it)
        ages = [p.age for p in parts if p.age is not None]
        return ParsedQuestion(language, tuple(items), min(ages) if ages else None, any(p.injection for p in parts),
                              tuple(q for p in parts for q in p.quantities), sum(p.mentions for p in parts),
                              tuple(dict.fromkeys(u for p in parts for u in p.unaccounted)),
                              next((p.birth_year for p in parts if p.birth_year), None))

    def _is_topic(self, item: Item) -> bool:
        """An information question about a kind of goods: no facts, and the rule alone cannot decide."""
        if any(getattr(item, f) is not None for f in ("volume_ml", "value", "weight_g")):
            return False
        ev = self.assistant.engine.evaluate([item], age=self.age, arrival=self.arrival)
        return ev.verdict in ("unclear", "allowed")

    def _follows_up(self, facts: list[Quantity], correcting: bool) -> bool:
        """Amounts without a goods word belong to an earlier item, unless it is more money next to cash."""
        if self._pending is not None or correcting:
            return True
        last = self._items[-1][1]
        only_money = all(q.kind == "money" for q in facts)
        return not (only_money and last.category in ("cash", "general") and last.value is not None)

    def _target(self) -> str:
        if self._pending is not None and self._pending[1] is not None and \
                any(i == self._pending[1] for i, _ in self._items):
            return self._pending[1]
        return self._items[-1][0]

    def _fill(self, text: str, language: str, correcting: bool) -> str:
        """Put this turn's amounts into the item asked about (or the last one): prefix its name and re-parse."""
        target = self._target()
        old = next(it for i, it in self._items if i == target)
        again, offset = _with_name(old, text, language)
        new = next((it for it in again.items if it.category == old.category), None)
        if new is None:
            return target
        qty = self._first_count(again, text, language, offset) if correcting else None
        self._merge(target, old, new, qty)
        return target

    def _correct(self, item: Item, parsed: ParsedQuestion, text: str, language: str, touched: list[str]) -> bool:
        """"No wait, two bottles of wine, not three": replace the facts of the same kind of item."""
        same = [(i, it) for i, it in self._items if it.category == item.category]
        if not same:
            return False
        target, old = same[-1]
        self._merge(target, old, item, self._first_count(parsed, text, language))
        touched.append(target)
        return True

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
        for w in lx.cues(language, "negate_next"):
            for m in re.finditer(re.escape(normalize_text(w)), norm):
                if m.start() > 2:
                    nxt = [q for q in counts if q.start - offset >= m.end()]
                    if nxt:
                        negated.add(id(min(nxt, key=lambda q: q.start)))
        for w in lx.cues(language, "negate_prev"):
            for m in re.finditer(re.escape(normalize_text(w)), norm):
                prev = [q for q in counts if q.end - offset <= m.start()]
                if prev:
                    negated.add(id(max(prev, key=lambda q: q.end)))
        kept = [q for q in counts if id(q) not in negated and q.kind == "count"]
        return kept[0].value if kept else None

    # -- a family: whose item it is -----------------------------------------------------------------------------
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
        """The answer to "what year was your son born?": a year, an age, or a bare number of years."""
        year = re.search(r"(?<!\d)(19\d{2}|20[0-4]\d)(?!\d)", norm)
        bare = None if any(_is_fact(q) for q in parsed.quantities) else re.fullmatch(r"\D*?(\d{1,2})\D*", norm)
        if year:
            self._set_member(owner, birth_year=int(year.group(1)), age=None)
        elif parsed.age is not None or bare:
            self._set_member(owner, age=parsed.age if parsed.age is not None else int(bare.group(1)) if bare else None)
        else:
            return False
        return True

    def _party_turn(self, norm: str, language: str, correcting: bool) -> tuple[list[str], str]:
        """A turn that names family members: each part's goods go to its person ("... for my wife", "the wine is
        my wife's": a part naming only a person gives them the goods just before it). Goods already in the basket
        named again without amounts (or with a correction) move to that person; fewer of them than the basket
        holds split off ("one of the cartons is my husband's"). Text the lexicon does not account for goes to the
        LLM as in any turn (its categories become that person's items), else it is an unknown item (unclear)."""
        before = {i for i, _ in self._items}
        parts = family.split(norm, language)
        parsed = [parse_question(p.text, language) if p.text.strip() else None for p in parts]
        owners = [p.owner or ME for p in parts]
        for n in range(1, len(parts)):
            prev_goods = parsed[n - 1] is not None and bool(parsed[n - 1].items)  # type: ignore[union-attr]
            if parts[n].owner is not None and (parsed[n] is None or not parsed[n].items  # type: ignore[union-attr]
                                               and not parsed[n].quantities) and prev_goods:  # type: ignore[union-attr]
                owners[n - 1] = owners[n]
        touched: list[str] = []
        prev: list[str] = []
        engine = "rules"
        self._heard_age = False
        for part, p, owner in zip(parts, parsed, owners, strict=True):
            if owner != ME:
                self._member(owner)
            age = part.age if part.age is not None else p.age if p else None
            if age is not None:
                self._set_member(part.owner or ME, age=age, birth_year=None)
            if p is not None and p.birth_year is not None:
                self._set_member(part.owner or ME, birth_year=p.birth_year, age=None)
            self._heard_age |= age is not None or (p is not None and p.birth_year is not None)
            if p is None:
                continue
            items = list(p.items)
            if not items and prev and part.owner is not None and any(_is_fact(q) for q in p.quantities):
                last = next(it for i, it in self._items if i == prev[-1])  # "... and my wife has one bottle"
                again, _ = _with_name(last, part.text, language)
                items = [it for it in again.items if it.category == last.category]
            ids = [self._place(item, owner, before, correcting) for item in items]
            if p.unaccounted:
                engine, added = self._llm_items(part.text, p)
                for i in added:
                    self._move(i, owner)
                ids += added or [self._add(Item("unknown", what, source="unknown", owner=owner))
                                 for what in p.unaccounted]
            touched += [i for i in ids if i not in touched]
            prev = ids or prev
        return touched, engine

    def _place(self, item: Item, owner: str, before: set[str], correcting: bool) -> str:
        """Add a family member's item, or move / split an item of the same kind already in the basket."""
        has_facts = any(getattr(item, f) is not None for f in _FACTS)
        same = [(i, it) for i, it in self._items if i in before and it.category == item.category]
        others = [(i, it) for i, it in same if it.owner != owner]
        if not same:
            return self._add(replace(item, owner=owner))
        target, old = (others or same)[-1]
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
        if parsed.items:
            gone = [it for _, it in self._items if it.category in cats]
            self._items = [(i, it) for i, it in self._items if it.category not in cats]
        elif self._items and not self._hazard(self._items[-1][1].category):
            gone = [self._items[-1][1]]
            self._items = self._items[:-1]
        else:
            gone = []
        if not gone:
            return t["text"]["nothing_removed"]
        return t["text"]["removed"].format(description=", ".join(dict.fromkeys(g.description for g in gone)))

    def _add(self, item: Item) -> str:
        item_id = f"i{self._next}"
        self._next += 1
        self._items.append((item_id, item))
        return item_id

    def _llm_items(self, text: str, parsed: ParsedQuestion, hazards_only: bool = False) -> tuple[str, list[str]]:
        """Ask the LLM about the whole text; it may add item categories (never numbers, never "allowed").

        For an information question only hazards it names are kept ("can I bring a [zapper]?")."""
        llm = self.assistant.llm()
        if llm is None:
            return "rules", []
        try:
            ext = llm.extract(text)
        except Exception as exc:  # the model must never take the kiosk down
            log.warning("LLM extraction failed (%s); rules only", type(exc).__name__)
            return "rules+llm", []
        have = {it.category for it in parsed.items}
        added = [self._add(Item(category=i.category, description=i.category, source="llm"))
                 for i in ext.items if i.category not in have and i.category != "personal_effects"
                 and (self._hazard(i.category) or not hazards_only)]
        return "rules+llm", added

    # -- the answer --------------------------------------------------------------------------------------------
    def _answer(self, t0: float, notes: list[str], *, engine: str, injection: bool = False,
                info_topics: list[str] | None = None, where: bool = False, touched: list[str] | None = None,
                info: bool = False) -> Answer:
        eng = self.assistant.engine
        items = [it for _, it in self._items]
        ids = [i for i, _ in self._items]
        party = evaluate_party(eng, items, self._party(), arrival=self.arrival)
        self.party = party
        ev = party.combined
        basket = tuple(BasketItem.of(i, it, v) for i, it, v in zip(ids, ev.items, ev.item_verdicts, strict=True))
        question, self._pending = self._question(ev, ids)
        lang = self._lang
        t = load_templates(lang)
        topic_rules = self._topic_rules(info_topics or [])
        if not items and (info_topics or where or info):
            verdict = "info"
            body = join([*notes, t["verdict"]["info"], *(rule_text(r, eng, lang) for r in topic_rules),
                         t["text"]["where"] if where else "", t["text"]["officer"]], lang)
            question = None
            self._pending = None
        else:
            verdict = ev.verdict
            body = compose(ev, eng, lang, injection=injection, question=question)
            extra = [rule_text(r, eng, lang) for r in topic_rules] + ([t["text"]["where"]] if where else [])
            key = t["verdict"][verdict]
            head, rest = (key, body[len(key):]) if body.startswith(key) else ("", body)
            body = join([*notes, head, *family.read_back(party, lang), rest, *extra], lang)
        confirm = self._confirm_amount(ev, basket, touched or [])
        if confirm is not None:
            self._confirm = confirm
            body = join([body, confirm.text], lang)
        rule_ids = list(ev.rule_ids) + [r.id for r in topic_rules if r.id not in ev.rule_ids]
        rules = tuple(RuleRef(r.id, r.title, f"{r.source.law} ({r.article}) — {r.source.url}")
                      for r in (eng.rule(i, ev.arrival) for i in rule_ids))
        self._last = Answer(lang, verdict, body, ev.items, rules, ev.estimated_duty_krw, ev.missing, engine,
                            injection, time.perf_counter() - t0, basket, question, confirm, ev.totals)
        return self._last

    def _question(self, ev: Evaluation, ids: list[str]) -> tuple[str | None, tuple[str, str | None] | None]:
        """The one clarifying question: only while the verdict is "unclear" (then an answer can change it)."""
        if ev.verdict != "unclear":
            return None, None
        if not ids:  # nothing understood yet: ask what they bring
            return (question_text(ev.missing[0], self._lang), (ev.missing[0], None)) if ev.missing else (None, None)
        for f in ev.findings:
            if f.verdict == "unclear" and f.missing:
                missing = f.missing[0]
                item_id = ids[f.items[0]] if f.items else None
                text = question_text(missing, self._lang)
                if missing == "what" and f.items:
                    text = f"{text} ({ev.items[f.items[0]].description})"
                owner = ev.items[f.items[0]].owner if f.items else ME
                who = family.label(owner, self._lang)
                if missing == "travelling":
                    text = family.text(self._lang, "ask_travelling").format(who=family.label(
                        dict(f.params).get("who", owner), self._lang))
                elif owner != ME and missing == "birth_year":
                    text = family.text(self._lang, "ask_birth_year").format(who=who)
                elif owner != ME:
                    text = join([family.text(self._lang, "about").format(who=who), text], self._lang)
                return text, (missing, item_id)
        return None, None

    def _topic_rules(self, topics: list[str]) -> list[Any]:
        eng = self.assistant.engine
        day = self.arrival or rules_engine.today()
        out: list[Any] = []
        for cat in topics:
            rules = [r for r in eng.table.for_category(cat, day) if r.kind != "duty"]
            out += [r for r in rules[:1] if r not in out]
        return out

    def _confirm_amount(self, ev: Evaluation, basket: tuple[BasketItem, ...], touched: list[str]) -> Confirm | None:
        """Issue #9 item 8: an amount heard by ASR near or over its limit is read back in words and digits."""
        eng = self.assistant.engine
        day = ev.arrival or rules_engine.today()
        for b in basket:
            if b.id not in touched or b.value is None or b.value_usd is None or not b.currency:
                continue
            rules = [r for r in eng.table.for_category(b.category, day) if "value" in r.thresholds]
            if not rules:
                continue
            limit = rules[0].thresholds["value"]
            limit_usd = limit if eng.table.currency == "USD" else (limit / eng.rates.per_usd[eng.table.currency])
            if b.value_usd >= _CONFIRM_SHARE * limit_usd:
                t = load_templates(self._lang)
                name = t["currency"].get(b.currency, b.currency)
                words = f"{in_words(b.value, self._lang)}{'' if self._lang in ('zh', 'ja', 'ko') else ' '}{name}"
                digits = in_digits(b.value, b.currency, self._lang)
                text = t["text"]["confirm"].format(words=words, digits=digits)
                return Confirm(b.id, b.value, b.currency, words, digits, text)
        return None
