"""Sentence splitting for translation: the one splitter of kiosk.languages, with NLLB's sentence length limit."""

from __future__ import annotations

from kiosk import languages
from kiosk.languages import join_sentences

__all__ = ["MAX_SENTENCE_CHARS", "join_sentences", "split_sentences"]

# NLLB translates one sentence per call; a longer one is cut at a comma or space near this limit.
MAX_SENTENCE_CHARS = 400


def split_sentences(text: str, max_chars: int = MAX_SENTENCE_CHARS, lang: str = "") -> list[str]:
    """Sentences of `text` (see kiosk.languages.split_sentences), none longer than max_chars."""
    return languages.split_sentences(text, lang, max_chars=max_chars)
