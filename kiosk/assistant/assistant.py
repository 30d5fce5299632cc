"""The rule-grounded assistant: one rule engine (by jurisdiction) and the optional local LLM.

Verdicts and numbers come only from kiosk.rules. The LLM (kiosk.llm) is asked about the whole text whenever part
of it is not accounted for by the lexicon; it may only add item categories, never a number, never "allowed".
`ask()` answers one question on its own; a `Conversation` keeps the basket across turns.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from typing import Any

from kiosk.assistant.answer import Answer
from kiosk.config import settings
from kiosk.registry import ModelUnavailable
from kiosk.rules.engine import get_engine

log = logging.getLogger(__name__)


class Assistant:
    def __init__(self, jurisdiction: str = "KR", use_llm: bool = True, llm_model: str | None = None) -> None:
        self.engine = get_engine(jurisdiction)
        self.jurisdiction = self.engine.table.jurisdiction
        self.use_llm = use_llm
        self.llm_model = llm_model or settings().llm_model
        self.llm_problem: str | None = None  # set when the model is missing/corrupt (then rules only)

    def llm(self) -> Any:
        """The LLM (the server at KIOSK_LLM_URL first, else the local one), or None (disabled, or unavailable:
        then answers come from the rules only)."""
        if not self.use_llm or self.llm_problem:
            return None
        from kiosk.remote.routed import routed_llm

        try:
            return routed_llm(self.llm_model)
        except ModelUnavailable as exc:
            self.llm_problem = str(exc)
            log.warning("LLM unavailable, answering from rules only: %s", exc.problem)
            return None

    _llm = llm  # former name

    def warm_up(self) -> None:
        """Load the LLM (when it is used) and evaluate its fixed prompt now, not in the first traveler's turn;
        and each answer language's number data (Babel locale data, number words: 0.1 s at the first number of a
        language, measured in the first answer of each language in benchmarks/bench_voice_to_voice.py) and its
        understanding patterns."""
        from kiosk.assistant import tokens
        from kiosk.assistant.parser import parse_question
        from kiosk.assistant.spoken import in_digits, in_words
        from kiosk.assistant.templates import fmt_number
        from kiosk.languages import UI_LANGUAGES

        for lang in UI_LANGUAGES:
            fmt_number(1234.5, lang)
            in_words(1234.5, lang)
            in_digits(1234.5, "USD", lang)
            # issue 20: each language's patterns (lexicon + hazard gazetteer) and word tables, built now (~0.05 s
            # a language) and not in the first traveler's turn
            parse_question("2 x, $1.2m y 🔫", lang)
        tokens.warm_up(UI_LANGUAGES)  # the word segmenters (benchmarks/bench_tokens.py: load time and memory)
        llm = self.llm()
        if llm is not None:
            llm.warm_up()

    def ask(self, text: str, lang: str | None = None, age: int | None = None,
            arrival: dt.date | None = None) -> Answer:
        """One question on its own (a fresh conversation)."""
        from kiosk.assistant.conversation import Conversation

        return Conversation(self, arrival=arrival).ask(text, lang, age=age)


@functools.lru_cache(maxsize=8)
def get_assistant(jurisdiction: str = "KR", use_llm: bool = True) -> Assistant:
    return Assistant(jurisdiction, use_llm)
