"""The phrasebook as a translation engine: a confidently matched standard sentence is rendered in the target
language with its slot values (reviewed data, no model), engine "phrasebook".

Officer (Korean) text is matched against the officer phrases; a traveler's text to Korean against the traveler
replies in the traveler's language. Anything else, or an unsure match, returns None and the model engines run.
"""

from __future__ import annotations

import time

from kiosk.phrasebook import PhrasebookError, UnknownPhraseLanguage, get_phrasebook, phrase_language, render
from kiosk.phrasebook.match import Matcher
from kiosk.translate.types import Translation


class PhrasebookTranslator:
    """Translation through the standard phrasebook (only for confidently matched sentences)."""

    def __init__(self) -> None:
        self._matchers: dict[tuple[str, str], Matcher] = {}

    def _matcher(self, lang: str, side: str) -> Matcher:
        key = (lang, side)
        if key not in self._matchers:
            self._matchers[key] = Matcher(get_phrasebook(), lang, side)
        return self._matchers[key]

    def translate(self, text: str, src: str, tgt: str) -> Translation | None:
        t0 = time.perf_counter()
        try:
            s, t = phrase_language(src).code, phrase_language(tgt).code
        except UnknownPhraseLanguage:
            return None
        if s == t or "ko" not in (s, t):
            return None
        side = "officer" if s == "ko" else "traveler"
        match = self._matcher(s, side).match(text)
        if not match.confident or match.best is None:
            return None
        book = get_phrasebook()
        phrase = book.phrase(match.best.phrase_id)
        try:
            out = render(book, phrase, t, match.best.slots)
        except PhrasebookError:
            return None
        review = phrase.texts[t].review
        return Translation(out, s, t, "phrasebook", match.best.score, False, time.perf_counter() - t0,
                           f"phrase {phrase.id} ({review})", phrase_id=phrase.id)
