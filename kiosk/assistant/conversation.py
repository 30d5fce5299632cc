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
from kiosk.assistant.answer import Answer, BasketItem
from kiosk.assistant.basket import FACTS, partition, with_name
from kiosk.assistant.cash_context import answer_currency, more_after, more_cash, said_currency
from kiosk.assistant.compose import AnswerComposer
from kiosk.assistant.intent import TurnIntent, is_fact, read_intent
from kiosk.assistant.langdetect import detect_language
from kiosk.assistant.numbers import normalize_text
from kiosk.assistant.parser import ParsedQuestion, Quantity, parse_question
from kiosk.assistant.party_each import spread
from kiosk.assistant.restate import restated
from kiosk.assistant.templates import load_templates
from kiosk.assistant.topic import NO_TOPIC, asks_permission, unknown_topic
from kiosk.assistant.unaccounted import speaks_of_goods
from kiosk.languages import UI_LANGUAGES, UnsupportedLanguage, normalize
from kiosk.rules.model import Item
from kiosk.rules.party import ME

if TYPE_CHECKING:
    from kiosk.assistant.assistant import Assistant

log = logging.getLogger(__name__)

_CHUNK = 1500  # long inputs are parsed sentence group by sentence group, never cut
_SENTENCE = re.compile(r"[^.!?。！？\n]+[.!?。！？\n]*")
_INFO_TOPICS = ("general", "alcohol", "cigarettes", "perfume", "cash")
_YEAR = re.compile(r"(?<!\d)(19\d{2}|20[0-4]\d)(?!\d)")


def _merge_gifts(parts: list[family.Part], gifts: set[str]) -> list[family.Part]:
    """A member who only receives a gift ("a handbag for my mom for 400 dollars") owns nothing: their part is read
    on with the part before it, so the goods and the price stay together, the traveler's."""
    out: list[family.Part] = []
    for p in parts:
        if p.owner in gifts and out:
            out[-1] = replace(out[-1], text=f"{out[-1].text} {p.text}")
        elif p.owner in gifts:
            out.append(replace(p, owner=ME))
        else:
            out.append(p)
    return out


class Conversation(AnswerComposer):
    """One traveler's conversation with the kiosk (owned by the session; `clear()` on reset)."""

    def __init__(self, assistant: Assistant | None = None, *, arrival: dt.date | None = None) -> None:
        if assistant is None:
            from kiosk.assistant.assistant import get_assistant
            from kiosk.config import settings

            assistant = get_assistant(settings().jurisdiction, settings().use_llm)
        self.assistant = assistant
        self.arrival = arrival
        self._llm_used: tuple[str, str] = ("", "")  # (engine, fallback reason) of this turn's LLM call
        self.clear()

    # -- state -----------------------------------------------------------------------------------------------
    def clear(self) -> None:
        """Forget everything (basket, age, pending question): a new traveler."""
        self._items = []
        self._next = 1
        self.age = None
        self.birth_year = None
        self.members = {}  # family members named so far ("wife", "son"), each with own age
        self.party = None  # the last answer's per-person evaluation
        self._heard_age = False  # the last family turn told an age or a birth year
        self._together = False  # "we are a family of four": the members named later arrive with the traveler
        self._pending = None
        self._confirm = None
        self._lang = "en"
        self._last = None

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
        self._together |= family.together(norm, language)
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
        intent = read_intent(norm, language, parsed, has_items=bool(self._items),
                             confirm_pending=self._confirm is not None, follows_up=self._follows_up)
        self._own_age(intent, parsed, norm, member)
        if intent.confirmed:
            self._confirm = None  # confirmed; anything else said in the turn is still read below
        notes: list[str] = []
        touched: list[str] = []
        info_topics: list[str] = []
        engine = "rules"
        if intent.kind == "remove":
            notes.append(self._remove_mentioned(parsed))
            for item in parsed.items:  # a hazard is never removed by voice ("throw away X and Y" keeps Y)
                if self._hazard(item.category) and not any(it.category == item.category for _, it in self._items):
                    touched.append(self._add(item))
        elif intent.kind == "family":
            added, engine = self._party_turn(norm, language, intent.correcting)
            touched += added
        elif cur := answer_currency(self._pending, self._items, norm, parsed.quantities):  # "two grand" - "dollars"
            self._items = [(i, replace(it, currency=cur[1]) if i == cur[0] else it) for i, it in self._items]
            touched.append(cur[0])
        elif intent.kind == "follow_up":
            touched.append(self._fill(text, language, intent.correcting))
        else:
            info_topics = self._add_told(parsed, intent, text, language, touched)
            if not parsed.items and (more := more_after(self._items, parsed.quantities, norm, language)):
                touched.append(self._add(more))  # "9,000 dollars" … "and two thousand more"
            touched += spread(self, norm, language, touched, parsed.quantities)  # "we are three, one each"
        # a family turn that found neither goods nor an age ("my grandmother's recipe sauce") is read like any turn
        plain = not intent.family or not (touched or self._heard_age)
        nothing = (not parsed.items and not intent.facts and not intent.info and parsed.age is None and not notes
                   and text.strip() and self._confirm is None and not intent.confirmed)
        if plain and (parsed.unaccounted or (nothing and speaks_of_goods(text, language))):
            engine, added = self._llm_items(text, parsed, hazards_only=intent.info)
            touched += added
            if not added and (parsed.mentions or not intent.info):
                for what in parsed.unaccounted:
                    touched.append(self._add(Item("unknown", what, source="unknown")))
        if plain and nothing and not touched and engine == "rules" and not parsed.injection and (
                speaks_of_goods(text, language) or asks_permission(text, language)) and (
                what := unknown_topic(text, language)):
            touched.append(self._add(Item("unknown", what, source="unknown")))  # "is marmite allowed?": by name
        if intent.info and not info_topics and not intent.where and not parsed.items:
            what = unknown_topic(text, language) if engine == "rules" and not parsed.unaccounted else ""
            if what:  # issue 20: "can I bring [a word nobody knows]?" asks what it is
                touched.append(self._add(Item("unknown", what, source="unknown")))
            else:
                info_topics = list(_INFO_TOPICS)
        ans = self._answer(t0, notes, engine=engine, injection=parsed.injection, info_topics=info_topics,
                           where=intent.where, touched=touched if from_speech else [], info=intent.info)
        log.debug("turn: %d chars, lang=%s, intent=%s, basket=%d, verdict=%s, %.3fs", len(text), ans.language,
                  intent.kind, len(ans.basket), ans.verdict, ans.seconds)
        return ans

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
            if intent.correcting and self._correct(item, parsed, text, language, touched):
                continue
            if (target := restated(parsed.items, self._items, normalize_text(text), language)) is not None:
                self._merge(target, dict(self._items)[target], item, None)  # "the necklace was 400,000 won"
                touched.append(target)
                continue
            if all(getattr(item, f) is None for f in FACTS) and item.category in before:
                continue  # named again in a later turn without new facts ("is my whisky OK?"): no second item
            touched.append(self._add(item))
        return topics

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
        target, old = same[-1]
        self._merge(target, old, item, self._first_count(parsed, text, language))
        touched.append(target)
        return True

    def _party_turn(self, norm: str, language: str, correcting: bool) -> tuple[list[str], str]:
        """A turn that names family members: each part's goods go to its person ("... for my wife", "the wine is
        my wife's": a part naming only a person gives them the goods just before it). Goods already in the basket
        named again without amounts (or with a correction) move to that person; fewer of them than the basket
        holds split off ("one of the cartons is my husband's"). Text the lexicon does not account for goes to the
        LLM as in any turn (its categories become that person's items), else it is an unknown item (unclear)."""
        before = {i for i, _ in self._items}
        gifts = family.gift_owners(norm, language)  # "a watch for my dad": the buyer's own goods
        parts = _merge_gifts(family.split(norm, language), gifts)
        parsed = [parse_question(p.text, language) if p.text.strip() else None for p in parts]
        owners = [p.owner or ME for p in parts]
        shares: dict[int, tuple[str, float]] = {}  # part -> (member, count): "two cartons, one is my wife's"
        for n in range(1, len(parts)):
            prev_goods = parsed[n - 1] is not None and bool(parsed[n - 1].items)  # type: ignore[union-attr]
            pn = parsed[n]
            if parts[n].owner is None or not prev_goods or (pn is not None and (pn.items or any(
                    q.kind != "bare" for q in pn.quantities))):
                continue
            cut = partition(parts[n - 1].text, language) if parts[n].owner != ME else None
            if cut is not None:  # a bare "一" of "一起" in the member's part is no count of theirs
                parsed[n - 1], shares[n - 1] = cut[0], (str(parts[n].owner), cut[1])
            elif pn is None or not pn.quantities:
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
            if p is None:  # a member's part that held only an age ("une bouteille est à ma femme, elle a 35 ans")
                if not prev and owner != ME and before:
                    ids = [self._place(it, owner, before, correcting)
                           for it in self._one_of_them(parsed, parts.index(part), before)]
                    touched, prev = touched + [i for i in ids if i not in touched], ids or prev
                continue
            items = list(p.items)
            if not items and prev and part.owner is not None and any(is_fact(q) for q in p.quantities):
                last = next(it for i, it in self._items if i == prev[-1])  # "... and my wife has one bottle"
                again, _ = with_name(last, part.text, language)
                items = [it for it in again.items if it.category == last.category]
            if not items and not prev and owner != ME and before:
                items = self._one_of_them(parsed, parts.index(part), before)
            ids = [self._place(item, owner, before, correcting) for item in items]
            if parts.index(part) in shares and ids:  # the member's share splits off the goods just told
                who, k = shares[parts.index(part)]
                whole = next(it for i, it in self._items if i == ids[0])
                ids.append(self._place(replace(whole, quantity=k, volume_ml=None, value=None), who,
                                       before | set(ids), False))
            if p.unaccounted:
                engine, added = self._llm_items(part.text, p)
                for i in added:
                    self._move(i, owner)
                ids += added or [self._add(Item("unknown", what, source="unknown", owner=owner))
                                 for what in p.unaccounted]
            touched += [i for i in ids if i not in touched]
            prev = ids or prev
        touched += self._each(norm, language, [str(p.owner) for p in parts if p.owner is not None], touched)
        self._presence(norm, language, parts, gifts)
        return touched, engine

    def _one_of_them(self, parsed: list[ParsedQuestion | None], n: int, before: set[str]) -> list[Item]:
        """"One of them is my husband's" / "Uno es de mi marido": a bare count, in the member's part or just before
        it, with no goods named in either, is that many of the last goods already in the basket."""
        here = [q for k in (n - 1, n) if 0 <= k < len(parsed) and (pq := parsed[k]) is not None
                for q in pq.quantities if q.kind == "bare" or (q.kind == "count" and q.category is None)]
        if not here or any(pq is not None and pq.items for pq in parsed[max(0, n - 1):n + 1]):
            return []
        told = [it for i, it in self._items if i in before]  # the traveler's own goods first: "give him one more"
        told = [it for it in told if it.unit == here[0].unit] or told  # "一瓶": the goods counted in bottles
        last = ([it for it in told if it.owner == ME] or told)[-1]
        count = here[0].value
        if last.quantity is None or not 0 < count < last.quantity:
            return []
        return [Item(last.category, last.description, quantity=count, unit=last.unit, kind=last.kind)]

    def _presence(self, norm: str, language: str, parts: list[family.Part], gifts: set[str]) -> None:
        """"He is standing next to me" / "she stayed at home": whether the member named arrives with the traveler
        (one member named: the whole turn says it; several: each one's own part)."""
        named = list(dict.fromkeys(p.owner for p in parts if p.owner not in (None, ME) and p.owner not in gifts))
        if len(named) == 1:
            said = family.presence(norm, language)
            if said is not None or self._together:
                self._set_member(str(named[0]), travelling=said is not False)
            return
        for p in parts:
            if p.owner in named:
                said = family.presence(p.text, language)
                if said is not None or self._together:
                    said = said is not False
                    self._set_member(str(p.owner), travelling=said)

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
            self._llm_used = ("failed", type(exc).__name__)
            return "rules+llm", []
        self._llm_used = (ext.engine, ext.fallback)
        have = {it.category for it in parsed.items}
        added = [self._add(Item(category=i.category, description=i.category, source="llm"))
                 for i in ext.items if i.category not in have and i.category != "personal_effects"
                 and (self._hazard(i.category) or not hazards_only)]
        return "rules+llm", added
