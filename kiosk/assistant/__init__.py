"""Rule-grounded customs assistant: question (any of 10 languages) -> items -> rule engine -> templated answer.

Verdicts and numbers come only from kiosk.rules. The optional LLM (kiosk.llm) only proposes item categories when
the deterministic lexicon/number parser finds none; it can never lower a verdict or change a threshold.
"""

from __future__ import annotations

import functools
import logging
import time
from dataclasses import dataclass
from typing import Any

from kiosk.assistant.langdetect import detect_language
from kiosk.assistant.parser import ParsedQuestion, parse_question
from kiosk.assistant.templates import compose
from kiosk.languages import UI_LANGUAGES, UnsupportedLanguage, normalize
from kiosk.registry import ModelUnavailable
from kiosk.rules.engine import get_engine
from kiosk.rules.model import VERDICTS, Item

log = logging.getLogger(__name__)
MAX_CHARS = 2000

__all__ = ["VERDICTS", "Answer", "Assistant", "Item", "RuleRef", "detect_language", "get_assistant",
           "parse_question"]


@dataclass(frozen=True)
class RuleRef:
    id: str
    title: str
    source: str


@dataclass(frozen=True)
class Answer:
    language: str
    verdict: str
    answer: str
    items: tuple[Item, ...]
    rules: tuple[RuleRef, ...]
    estimated_duty_krw: float | None
    missing: tuple[str, ...] = ()
    engine: str = "rules"
    injection: bool = False
    seconds: float = 0.0

    def to_json(self) -> dict[str, Any]:
        """Exactly the `kiosk ask --json` contract object."""
        duty = self.estimated_duty_krw
        return {
            "language": self.language,
            "verdict": self.verdict,
            "answer": self.answer,
            "items": [i.to_json() for i in self.items],
            "rules": [{"id": r.id, "title": r.title, "source": r.source} for r in self.rules],
            "estimated_duty_krw": None if duty is None else (int(duty) if float(duty).is_integer() else duty),
        }


class Assistant:
    def __init__(self, jurisdiction: str = "KR", use_llm: bool = True, llm_model: str = "qwen2.5-0.5b") -> None:
        self.engine = get_engine(jurisdiction)
        self.jurisdiction = self.engine.table.jurisdiction
        self.use_llm = use_llm
        self.llm_model = llm_model
        self.llm_problem: str | None = None  # set when the model is missing/corrupt (then rules only)

    def _llm(self) -> Any:
        if not self.use_llm or self.llm_problem:
            return None
        from kiosk.llm import get_llm

        try:
            return get_llm(self.llm_model)
        except ModelUnavailable as exc:
            self.llm_problem = str(exc)
            log.warning("LLM unavailable, answering from rules only: %s", exc.problem)
            return None

    def ask(self, text: str, lang: str | None = None, age: int | None = None) -> Answer:
        t0 = time.perf_counter()
        text = (text or "")[:MAX_CHARS]
        language = detect_language(text)
        if lang:
            try:
                language = normalize(lang)
            except UnsupportedLanguage:
                log.info("unsupported language code given; detected instead")
        parsed: ParsedQuestion = parse_question(text, language)
        items = list(parsed.items)
        engine_name = "rules"
        if not items and text.strip():
            llm = self._llm()
            if llm is not None:
                engine_name = "rules+llm"
                try:
                    ext = llm.extract(text)
                    # LLM-only items carry no numbers and may never make an answer "allowed" on their own:
                    # personal effects (the only always-allowed category) are not taken from the model.
                    items = [Item(category=i.category, description=i.category, quantity=None, unit=None,
                                  source="llm") for i in ext.items if i.category != "personal_effects"]
                except Exception as exc:  # the model must never take the kiosk down
                    log.warning("LLM extraction failed (%s); rules only", type(exc).__name__)
        the_age = age if age is not None else parsed.age
        ev = self.engine.evaluate(items, age=the_age)
        answer_lang = language if language in UI_LANGUAGES else "en"
        body = compose(ev, self.engine, answer_lang, injection=parsed.injection)
        rules = tuple(RuleRef(r.id, r.title, f"{r.source.law} — {r.source.url}")
                      for r in (self.engine.rule(i) for i in ev.rule_ids))
        dt = time.perf_counter() - t0
        log.debug("ask: %d chars, lang=%s, %d items, verdict=%s, engine=%s, %.3fs",
                  len(text), answer_lang, len(ev.items), ev.verdict, engine_name, dt)
        return Answer(answer_lang, ev.verdict, body, ev.items, rules, ev.estimated_duty_krw, ev.missing,
                      engine_name, parsed.injection, dt)


@functools.lru_cache(maxsize=8)
def get_assistant(jurisdiction: str = "KR", use_llm: bool = True) -> Assistant:
    return Assistant(jurisdiction, use_llm)
