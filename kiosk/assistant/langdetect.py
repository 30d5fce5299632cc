"""Deterministic language detection for questions: script first, then stopwords for Latin-script languages."""

from __future__ import annotations

import re
import unicodedata

_VI_CHARS = set("ơưđăạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ")
_STOP = {
    "en": ["the", "a", "an", "i", "my", "have", "can", "is", "are", "with", "and", "of", "to", "in", "bring", "how", "much", "what", "do", "does", "am", "for", "many", "it", "this"],
    "es": ["el", "la", "los", "las", "un", "una", "y", "de", "que", "con", "tengo", "puedo", "traer", "es", "cuánto", "cuanto", "mi", "mis", "para", "llevo", "por", "del", "compré"],
    "fr": ["le", "la", "les", "un", "une", "et", "de", "des", "que", "avec", "j'ai", "je", "puis", "apporter", "est", "combien", "mon", "mes", "pour", "du", "ai", "acheté"],
    "de": ["der", "die", "das", "ein", "eine", "und", "ich", "habe", "kann", "mit", "ist", "wie", "viel", "mein", "meine", "für", "bringen", "darf", "einführen", "nicht"],
    "pt": ["o", "os", "um", "uma", "e", "de", "que", "com", "tenho", "posso", "trazer", "é", "quanto", "meu", "minha", "para"],
}
_DE_CHARS = set("äöüß")
_ES_CHARS = set("ñ¿¡")
_FR_CHARS = set("çèêàùâîôœ")


def detect_language(text: str, default: str = "en") -> str:
    t = unicodedata.normalize("NFC", text)
    counts = {"ko": 0, "ja": 0, "zh": 0, "th": 0, "ru": 0, "latin": 0}
    for ch in t:
        o = ord(ch)
        if 0xAC00 <= o <= 0xD7A3 or 0x1100 <= o <= 0x11FF or 0x3130 <= o <= 0x318F:
            counts["ko"] += 1
        elif 0x3040 <= o <= 0x30FF:
            counts["ja"] += 1
        elif 0x4E00 <= o <= 0x9FFF:
            counts["zh"] += 1
        elif 0x0E00 <= o <= 0x0E7F:
            counts["th"] += 1
        elif 0x0400 <= o <= 0x04FF:
            counts["ru"] += 1
        elif ch.isalpha():
            counts["latin"] += 1
    if counts["ko"]:
        return "ko"
    if counts["ja"]:
        return "ja"
    if counts["zh"]:
        return "zh"
    if counts["th"]:
        return "th"
    if counts["ru"] and counts["ru"] >= counts["latin"] / 3:
        return "ru"
    low = t.lower()
    if any(ch in _VI_CHARS for ch in low):
        return "vi"
    words = re.findall(r"[\w']+", low)
    score = {lang: sum(w in stops for w in words) for lang, stops in _STOP.items()}
    score["de"] += 2 * sum(ch in _DE_CHARS for ch in low)
    score["es"] += 2 * sum(ch in _ES_CHARS for ch in low)
    score["fr"] += 2 * sum(ch in _FR_CHARS for ch in low)
    best = max(score, key=lambda k: score[k])
    if score[best] == 0:
        return default
    if best == "pt":
        return "es"  # Portuguese questions are answered with the closest supported template language
    return best
