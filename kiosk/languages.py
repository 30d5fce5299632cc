"""One language table: Whisper/ISO 639-1 codes, NLLB/FLORES-200 codes, UI locales, scripts and fonts."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kiosk.errors import KioskError


@dataclass(frozen=True)
class Language:
    code: str  # ISO 639-1, as Whisper reports it
    name: str  # English name
    native: str  # name in its own script
    nllb: str  # NLLB-200 / FLORES-200 code
    locale: str  # UI / babel locale
    script: str  # ISO 15924
    font: str  # preferred font family for the UI
    flag: str  # emoji flag of a country where it is widely spoken (UI hint only)
    rtl: bool = False


_ROWS = [
    Language("ko", "Korean", "한국어", "kor_Hang", "ko_KR", "Hang", "Noto Sans CJK KR", "🇰🇷"),
    Language("en", "English", "English", "eng_Latn", "en_US", "Latn", "Noto Sans", "🇺🇸"),
    Language("zh", "Chinese", "中文", "zho_Hans", "zh_Hans_CN", "Hans", "Noto Sans CJK SC", "🇨🇳"),
    Language("ja", "Japanese", "日本語", "jpn_Jpan", "ja_JP", "Jpan", "Noto Sans CJK JP", "🇯🇵"),
    Language("es", "Spanish", "Español", "spa_Latn", "es_ES", "Latn", "Noto Sans", "🇪🇸"),
    Language("fr", "French", "Français", "fra_Latn", "fr_FR", "Latn", "Noto Sans", "🇫🇷"),
    Language("ru", "Russian", "Русский", "rus_Cyrl", "ru_RU", "Cyrl", "Noto Sans", "🇷🇺"),
    Language("vi", "Vietnamese", "Tiếng Việt", "vie_Latn", "vi_VN", "Latn", "Noto Sans", "🇻🇳"),
    Language("th", "Thai", "ไทย", "tha_Thai", "th_TH", "Thai", "Noto Sans Thai", "🇹🇭"),
    Language("de", "German", "Deutsch", "deu_Latn", "de_DE", "Latn", "Noto Sans", "🇩🇪"),
    Language("it", "Italian", "Italiano", "ita_Latn", "it_IT", "Latn", "Noto Sans", "🇮🇹"),
    Language("pt", "Portuguese", "Português", "por_Latn", "pt_BR", "Latn", "Noto Sans", "🇧🇷"),
    Language("hi", "Hindi", "हिन्दी", "hin_Deva", "hi_IN", "Deva", "Noto Sans Devanagari", "🇮🇳"),
    Language("id", "Indonesian", "Bahasa Indonesia", "ind_Latn", "id_ID", "Latn", "Noto Sans", "🇮🇩"),
    Language("tl", "Filipino", "Filipino", "tgl_Latn", "fil_PH", "Latn", "Noto Sans", "🇵🇭"),
    Language("mn", "Mongolian", "Монгол", "khk_Cyrl", "mn_MN", "Cyrl", "Noto Sans", "🇲🇳"),
    Language("ar", "Arabic", "العربية", "arb_Arab", "ar_SA", "Arab", "Noto Sans Arabic", "🇸🇦", rtl=True),
]

LANGUAGES: dict[str, Language] = {lang.code: lang for lang in _ROWS}
# Languages the kiosk UI and the rule explanations are written in (issue: at least these ten).
UI_LANGUAGES: tuple[str, ...] = ("ko", "en", "zh", "ja", "es", "fr", "ru", "vi", "th", "de")
_BY_NLLB = {lang.nllb: lang for lang in _ROWS}


class UnsupportedLanguage(KioskError, ValueError):
    code = "unsupported_language"

    def __init__(self, language: str) -> None:
        self.language = language
        super().__init__(f"unsupported language '{language}' (supported: {', '.join(sorted(LANGUAGES))})")


def normalize(code: str) -> str:
    """'ko-KR', 'KO', 'zh_Hans', 'kor_Hang' -> ISO 639-1. Raises UnsupportedLanguage."""
    c = code.strip()
    if c in _BY_NLLB:
        return _BY_NLLB[c].code
    base = c.replace("_", "-").split("-")[0].lower()
    if base == "fil":
        base = "tl"
    if base in LANGUAGES:
        return base
    raise UnsupportedLanguage(code)


def get(code: str) -> Language:
    return LANGUAGES[normalize(code)]


def is_supported(code: str) -> bool:
    try:
        normalize(code)
    except UnsupportedLanguage:
        return False
    return True


_FIRST_SENTENCE = re.compile(r"^(.+?[.!?。！？])(\s|$)", re.S)


def first_sentence(text: str, lang: str = "en") -> str:
    """The key (first) sentence of `text` (the whole text when it has one sentence)."""
    m = _FIRST_SENTENCE.match(text.strip())
    return m.group(1) if m else text.strip()
