"""Shared helpers for the voice tests: known sentences, one synthesis per language per session, error rates."""

from __future__ import annotations

import functools
import re
import unicodedata

import jiwer
import numpy as np

from kiosk.audio import AudioClip
from kiosk.tts import get_speaker

# One sentence per UI language (customs phrasing). The round-trip tests use these as references.
SENTENCES: dict[str, str] = {
    "en": "Please show me your passport and your customs declaration.",
    "zh": "请出示您的护照和海关申报单。",
    "ja": "パスポートと税関申告書を見せてください。",
    "es": "Por favor, muestre su pasaporte y la declaración de aduanas.",
    "fr": "Veuillez présenter votre passeport et votre déclaration.",
    "de": "Guten Tag. Ich habe nichts zu verzollen.",
    "ru": "Пожалуйста, покажите ваш паспорт.",
    "ko": "여권을 보여 주세요.",
    "vi": "Vui lòng xuất trình hộ chiếu.",
    "th": "กรุณาแสดงหนังสือเดินทาง",
}

CHARACTER_LANGS = {"zh", "ja", "th"}


@functools.cache
def synthesized(lang: str) -> AudioClip:
    """The project's own Speaker saying SENTENCES[lang] (synthesized once per test session)."""
    return get_speaker().synthesize(SENTENCES[lang], lang)


def _normalize(text: str, lang: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    text = "".join(" " if unicodedata.category(c).startswith(("P", "S")) else c for c in text)
    if lang in CHARACTER_LANGS:
        return re.sub(r"\s+", "", text)
    return re.sub(r"\s+", " ", text).strip()


def words(text: str, lang: str = "en") -> list[str]:
    """The words of a transcript without case or punctuation (characters for zh/ja/th): what a test may compare
    when a model decides the punctuation."""
    norm = _normalize(text, lang)
    return list(norm) if lang in CHARACTER_LANGS else norm.split()


def error_rate(lang: str, reference: str, hypothesis: str) -> float:
    """Normalized WER, or CER for languages written without spaces (zh, ja, th)."""
    ref, hyp = _normalize(reference, lang), _normalize(hypothesis, lang)
    if not hyp:
        return 1.0
    if lang in CHARACTER_LANGS:
        return float(jiwer.cer(ref, hyp))
    return float(jiwer.wer(ref, hyp))


def rms(samples: np.ndarray) -> float:
    return float(np.sqrt(np.mean(np.square(samples, dtype=np.float64)))) if len(samples) else 0.0
