"""One traveler's conversation: a running basket, follow-ups, corrections, removals, information questions.

The turn is read once (`intent.read_intent`: one typed TurnIntent) and dispatched: goods (`goods_turn`), family
members and their shares (`party_turn`), text for the LLM (`llm_items`); the basket is `basket.BasketState` and the
answer is composed by `compose.AnswerComposer`. This module keeps the state, the touch edits and the dispatch.

Qt-free and deterministic apart from the optional LLM call. After every turn the verdict covers the whole basket;
at most one clarifying question is asked, and only while the verdict is "unclear" (so its answer can change it).
Typical sizes are assumed and said aloud instead of asked when no common size changes the answer ("one bottle of
wine is within 2 L"). Text that tries to change a rule changes nothing; an unrecognised thing next to a known one
makes the answer "unclear" with a question, never "allowed".
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from dataclasses import fields, replace
from typing import TYPE_CHECKING, Any

from kiosk.assistant import family, pronouns
from kiosk.assistant.accents import restore
from kiosk.assistant.another import another, dropped_number
from kiosk.assistant.answer import Answer, BasketItem
from kiosk.assistant.cash_context import answer_amount, answer_currency, more_after
from kiosk.assistant.compose import AnswerComposer
from kiosk.assistant.goods_turn import GoodsTurns
from kiosk.assistant.intent import read_intent
from kiosk.assistant.langdetect import detect_language
from kiosk.assistant.long_text import parse_long
from kiosk.assistant.numbers import normalize_text
from kiosk.assistant.party_each import spread
from kiosk.assistant.party_turn import PartyTurns
from kiosk.assistant.soft_correct import recount
from kiosk.assistant.templates import load_templates
from kiosk.assistant.topic import asks_permission, unknown_topic
from kiosk.assistant.unaccounted import speaks_of_goods
from kiosk.assistant.which_one import ambiguous, picked
from kiosk.languages import UI_LANGUAGES, UnsupportedLanguage, normalize
from kiosk.rules.model import Item
from kiosk.rules.party import ME

if TYPE_CHECKING:
    from kiosk.assistant.assistant import Assistant

log = logging.getLogger(__name__)

_INFO_TOPICS = ("general", "alcohol", "cigarettes", "perfume", "cash")


class Conversation(AnswerComposer, PartyTurns, GoodsTurns):
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
        self._which = None  # "sorry only one" with whisky and wine: which one is asked (which_one.Which)
        self._who = None  # "one of them is hers" with a wife and a daughter: who is asked (pronouns.Who)
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
        text = restore(text, language)  # "compre", "achete", "fur": the marks speech recognition dropped
        text = self._pronoun(text, language)  # "one of them is hers": the one member who fits, or asked which
        if self._who is not None:
            return self._answer(t0, [], engine="rules")
        norm = normalize_text(text)
        self._together |= family.together(norm, language)
        parsed = parse_long(text, language)
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
        before = self._state()  # (the traveler's own age said in this turn is a change)
        self._own_age(intent, parsed, norm, member)
        if intent.confirmed:
            self._confirm = None  # confirmed; anything else said in the turn is still read below
        which, self._which = self._which, None
        notes: list[str] = []
        touched: list[str] = []
        info_topics: list[str] = []
        engine = "rules"
        consumed = False  # the turn's words were all read by one branch (no unknown item for its cue words)
        if intent.kind == "remove":
            notes.append(self._remove_mentioned(parsed))
            for item in parsed.items:  # a hazard is never removed by voice ("throw away X and Y" keeps Y)
                if self._hazard(item.category) and not any(it.category == item.category for _, it in self._items):
                    touched.append(self._add(item))
        elif intent.kind == "family":
            added, engine = self._party_turn(norm, language, intent.correcting)
            touched += added
        elif which is not None and (hit := picked(which, norm, parsed, self._items)):  # "which one?" - "the whisky"
            old = dict(self._items)[hit]
            self._merge(hit, old, Item(old.category, old.description), which.count)
            touched.append(hit)
        elif intent.kind in ("add", "follow_up") and (more_one := another(
                text, language, parsed, self._items, intent.correcting)):
            # "y otra de cincuenta": one more of the last kind; a number that fits no size is asked about
            touched.append(self._add(more_one.item or Item("unknown", text.strip(), source="unknown")))
            consumed = True
        elif intent.kind in ("add", "follow_up") and (again := recount(norm, language, parsed, self._items)):
            old = dict(self._items)[again[0]]  # "sorry only one carton": the count of the one carton item told
            self._merge(again[0], old, Item(old.category, old.description), again[1])
            touched.append(again[0])
        elif intent.kind in ("add", "follow_up", "correct") and (
                amb := ambiguous(norm, language, parsed, self._items)):
            if len(amb.ids) == 1:  # "three bottles of wine" - "no wait, two": the one counted item
                old = dict(self._items)[amb.ids[0]]
                self._merge(amb.ids[0], old, Item(old.category, old.description), amb.count)
                touched.append(amb.ids[0])
            else:
                self._which = amb  # "sorry only one" with whisky and wine: asked, never guessed
        elif got := answer_amount(self._pending, self._items, norm, parsed.quantities, bool(parsed.items)):
            self._items = [(i, replace(it, value=got[1], currency=got[2], quantity=None) if i == got[0] else it)
                           for i, it in self._items]  # "I have some dollars" - "two thousand"
            touched.append(got[0])
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
        if plain and not consumed and (parsed.unaccounted or (nothing and speaks_of_goods(text, language))):
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
        if not notes and not intent.info and not intent.confirmed and self._dropped(before, parsed, norm):
            # issue 20 item 0: a number said after goods that went into no item, correction or answer leaves no
            # earlier "allowed" standing: the turn is an item not understood, asked about (deny by default)
            touched.append(self._add(Item("unknown", text.strip(), source="unknown")))
        ans = self._answer(t0, notes, engine=engine, injection=parsed.injection, info_topics=info_topics,
                           where=intent.where, touched=touched if from_speech else [], info=intent.info)
        log.debug("turn: %d chars, lang=%s, intent=%s, basket=%d, verdict=%s, %.3fs", len(text), ans.language,
                  intent.kind, len(ans.basket), ans.verdict, ans.seconds)
        return ans

    # -- understanding helpers -------------------------------------------------------------------------------
    def _pronoun(self, text: str, language: str) -> str:
        """The turn with a pronoun for a member rewritten to that member (pronouns.py); the reply to "which
        person?" that names one is read as the turn it answers."""
        pending, self._who = self._who, None
        if pending is not None and (again := pronouns.answer(pending, text, language)) is not None:
            return again
        if self._pending_member() is not None or self._pending_travelling():
            return text  # "He is 12.", "Yes, she is here.": the reply to a question about that member
        text, self._who = pronouns.resolve(text, language, self.members)
        return text

    def _dropped(self, before: tuple[Any, ...], parsed: Any, norm: str) -> bool:
        """An "allowed" stands, and this turn's number changed nothing and is no fact of the basket."""
        allowed = self._last is not None and self._last.verdict == "allowed"
        return bool(before[0]) and allowed and self._which is None and self._who is None and dropped_number(
            parsed, norm, before[0]) and self._state() == before

    def _state(self) -> tuple[Any, ...]:
        """What a turn can change: the basket, the members, the traveler's age (the safety net compares it)."""
        return (list(self._items), repr(self.members), self.age, self.birth_year, self._together)

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
