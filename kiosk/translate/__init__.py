"""Translation layer: NLLB-200 on CTranslate2, multilingual-LLM fallback, identity as the last resort.

No Qt here. `get_translation_service().translate(text, src, tgt)` is what the rest of the kiosk calls.
"""

from __future__ import annotations

from kiosk.translate.llm_fallback import LlmTranslator
from kiosk.translate.nllb import NllbTranslator, nllb_code
from kiosk.translate.numbers import number_mismatch, numbers_in
from kiosk.translate.phrasebook_engine import PhrasebookTranslator
from kiosk.translate.segment import split_sentences
from kiosk.translate.service import TranslationService, get_translation_service
from kiosk.translate.types import FLAG_BELOW, MAX_CHARS, Engine, Translation, TranslationError

__all__ = [
    "FLAG_BELOW", "MAX_CHARS", "Engine", "LlmTranslator", "NllbTranslator", "Translation", "TranslationError",
    "PhrasebookTranslator", "TranslationService", "get_translation_service", "nllb_code", "number_mismatch",
    "numbers_in", "split_sentences",
]
