"""Standard customs phrasebook: officer sentences and traveler replies in 40+ languages, matched from speech."""

from __future__ import annotations

from kiosk.phrasebook.languages import (
    PHRASE_LANGUAGES,
    PhraseLanguage,
    UnknownPhraseLanguage,
    phrase_language,
)
from kiosk.phrasebook.lint import Problem, coverage, coverage_markdown, lint
from kiosk.phrasebook.model import Category, Entry, Phrase, PhrasebookError, Term
from kiosk.phrasebook.render import SAMPLE_SLOTS, Money, Slots, format_money, render
from kiosk.phrasebook.store import Phrasebook, get_phrasebook, load_phrasebook

__all__ = [
    "PHRASE_LANGUAGES", "SAMPLE_SLOTS", "Category", "Entry", "Money", "Phrase", "PhraseLanguage", "Phrasebook",
    "PhrasebookError", "Problem", "Slots", "Term", "UnknownPhraseLanguage", "coverage", "coverage_markdown",
    "format_money", "get_phrasebook", "lint", "load_phrasebook", "phrase_language", "render",
]
