"""The phrasebook's language table now lives in kiosk/languages.py (one table module for every language fact);
this module keeps the former import path."""

from __future__ import annotations

from kiosk.languages import PHRASE_LANGUAGES, PhraseLanguage, UnknownPhraseLanguage, phrase_language

__all__ = ["PHRASE_LANGUAGES", "PhraseLanguage", "UnknownPhraseLanguage", "phrase_language"]
