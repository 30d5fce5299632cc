"""Text the lexicon does not account for, given to the optional LLM: it may add item categories to the basket (never
numbers, never "allowed"); a failure of the model leaves the rules' answer."""

from __future__ import annotations

import logging

from kiosk.assistant.basket import BasketState
from kiosk.assistant.parser import ParsedQuestion
from kiosk.rules.model import Item

log = logging.getLogger("kiosk.assistant.conversation")


class LlmItems(BasketState):
    _llm_used: tuple[str, str] = ("", "")  # (engine, fallback reason) of this turn's LLM call

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
