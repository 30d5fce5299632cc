"""Composition of a conversation's answer: the whole basket evaluated per person, the one clarifying question (only
while the verdict is "unclear"), rules of an information question, the read-back of an amount heard by speech."""

from __future__ import annotations

import time
from typing import Any

from kiosk.assistant import family
from kiosk.assistant.answer import Answer, BasketItem, Confirm, RuleRef
from kiosk.assistant.basket import BasketState
from kiosk.assistant.pronouns import Who
from kiosk.assistant.spoken import in_digits, in_words
from kiosk.assistant.templates import compose, join, load_templates, officer_text, question_text, rule_text
from kiosk.assistant.which_one import Which, choices
from kiosk.rules import engine as rules_engine
from kiosk.rules.model import Evaluation
from kiosk.rules.party import ME, evaluate_party

_CONFIRM_SHARE = 0.5  # an amount heard by speech at half a limit or more is read back


class AnswerComposer(BasketState):
    _llm_used: tuple[str, str] = ("", "")  # (engine, fallback reason) of this turn's LLM call
    _which: Which | None = None  # a corrected count that could be either item: asked (which_one.py)
    _who: Who | None = None  # a pronoun that could name two members: asked (pronouns.py)

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
                         t["text"]["where"] if where else "", officer_text(lang)], lang)
            question = None
            self._pending = None
        elif self._which is not None or self._who is not None:  # the verdict depends on which item or person
            verdict, self._pending = "unclear", ("which", None)
            named = ([family.label(o, lang) for o in self._who.owners] if self._who is not None else
                     choices(self._which, self._items, lambda o: family.label(o, lang)))  # type: ignore[arg-type]
            key = "which_one" if self._who is None else "which_person" if len(named) > 1 else "who_one"
            question = t["text"][key].format(choices=", ".join(named))
            body = join([*notes, t["verdict"]["unclear"], question], lang)
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
        llm_used, self._llm_used = self._llm_used, ("", "")
        self._last = Answer(lang, verdict, body, ev.items, rules, ev.estimated_duty_krw, ev.missing, engine,
                            injection, time.perf_counter() - t0, basket, question, confirm, *llm_used, ev.totals)
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
