"""The phrasebook's language table: code, English and native name, flag, script, Babel locale, direction.

kiosk/languages.py holds the 17 languages the speech and translation engines know; the phrasebook covers more
(the languages of most arrivals at Korean airports). Rows here that kiosk/languages.py lacks should move there
once the shared table grows (NLLB codes are given for them already). A new language is a row here plus a <code>.toml
(the lint names every phrase still missing).
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.errors import KioskError


@dataclass(frozen=True)
class PhraseLanguage:
    """One phrasebook language."""

    code: str
    """BCP 47 tag used for the file name in locales/phrases/ (ISO 639-1 where one exists; zh-Hant)."""
    name: str
    """English name."""
    native: str
    """Name in its own script (the language picker shows it)."""
    flag: str
    """Emoji flag of a country where it is widely spoken (a UI hint, not a statement about nationality)."""
    script: str
    """ISO 15924 script code."""
    locale: str
    """Babel locale used to render numbers, money and dates."""
    nllb: str
    """NLLB-200 / FLORES-200 code (for the free-form translation packs)."""
    rtl: bool = False
    """Written right to left."""


_ROWS = (
    PhraseLanguage("ko", "Korean", "한국어", "🇰🇷", "Hang", "ko_KR", "kor_Hang"),
    PhraseLanguage("en", "English", "English", "🇺🇸", "Latn", "en_US", "eng_Latn"),
    PhraseLanguage("zh", "Chinese (Simplified)", "简体中文", "🇨🇳", "Hans", "zh_Hans_CN", "zho_Hans"),
    PhraseLanguage("ja", "Japanese", "日本語", "🇯🇵", "Jpan", "ja_JP", "jpn_Jpan"),
    PhraseLanguage("es", "Spanish", "Español", "🇪🇸", "Latn", "es_ES", "spa_Latn"),
    PhraseLanguage("fr", "French", "Français", "🇫🇷", "Latn", "fr_FR", "fra_Latn"),
    PhraseLanguage("ru", "Russian", "Русский", "🇷🇺", "Cyrl", "ru_RU", "rus_Cyrl"),
    PhraseLanguage("vi", "Vietnamese", "Tiếng Việt", "🇻🇳", "Latn", "vi_VN", "vie_Latn"),
    PhraseLanguage("th", "Thai", "ไทย", "🇹🇭", "Thai", "th_TH", "tha_Thai"),
    PhraseLanguage("de", "German", "Deutsch", "🇩🇪", "Latn", "de_DE", "deu_Latn"),
    PhraseLanguage("zh-Hant", "Chinese (Traditional)", "繁體中文", "🇹🇼", "Hant", "zh_Hant_TW", "zho_Hant"),
    PhraseLanguage("id", "Indonesian", "Bahasa Indonesia", "🇮🇩", "Latn", "id_ID", "ind_Latn"),
    PhraseLanguage("ms", "Malay", "Bahasa Melayu", "🇲🇾", "Latn", "ms_MY", "zsm_Latn"),
    PhraseLanguage("tl", "Filipino", "Filipino", "🇵🇭", "Latn", "fil_PH", "tgl_Latn"),
    PhraseLanguage("hi", "Hindi", "हिन्दी", "🇮🇳", "Deva", "hi_IN", "hin_Deva"),
    PhraseLanguage("ar", "Arabic", "العربية", "🇸🇦", "Arab", "ar_SA", "arb_Arab", rtl=True),
    PhraseLanguage("fa", "Persian", "فارسی", "🇮🇷", "Arab", "fa_IR", "pes_Arab", rtl=True),
    PhraseLanguage("tr", "Turkish", "Türkçe", "🇹🇷", "Latn", "tr_TR", "tur_Latn"),
    PhraseLanguage("uz", "Uzbek", "Oʻzbekcha", "🇺🇿", "Latn", "uz_Latn_UZ", "uzn_Latn"),
    PhraseLanguage("kk", "Kazakh", "Қазақша", "🇰🇿", "Cyrl", "kk_KZ", "kaz_Cyrl"),
    PhraseLanguage("mn", "Mongolian", "Монгол", "🇲🇳", "Cyrl", "mn_MN", "khk_Cyrl"),
    PhraseLanguage("ne", "Nepali", "नेपाली", "🇳🇵", "Deva", "ne_NP", "npi_Deva"),
    PhraseLanguage("my", "Burmese", "မြန်မာ", "🇲🇲", "Mymr", "my_MM", "mya_Mymr"),
    PhraseLanguage("km", "Khmer", "ខ្មែរ", "🇰🇭", "Khmr", "km_KH", "khm_Khmr"),
    PhraseLanguage("lo", "Lao", "ລາວ", "🇱🇦", "Laoo", "lo_LA", "lao_Laoo"),
    PhraseLanguage("bn", "Bengali", "বাংলা", "🇧🇩", "Beng", "bn_BD", "ben_Beng"),
    PhraseLanguage("ur", "Urdu", "اردو", "🇵🇰", "Arab", "ur_PK", "urd_Arab", rtl=True),
    PhraseLanguage("pt", "Portuguese", "Português", "🇧🇷", "Latn", "pt_BR", "por_Latn"),
    PhraseLanguage("it", "Italian", "Italiano", "🇮🇹", "Latn", "it_IT", "ita_Latn"),
    PhraseLanguage("pl", "Polish", "Polski", "🇵🇱", "Latn", "pl_PL", "pol_Latn"),
    PhraseLanguage("uk", "Ukrainian", "Українська", "🇺🇦", "Cyrl", "uk_UA", "ukr_Cyrl"),
    PhraseLanguage("nl", "Dutch", "Nederlands", "🇳🇱", "Latn", "nl_NL", "nld_Latn"),
    PhraseLanguage("sw", "Swahili", "Kiswahili", "🇰🇪", "Latn", "sw_KE", "swh_Latn"),
    PhraseLanguage("si", "Sinhala", "සිංහල", "🇱🇰", "Sinh", "si_LK", "sin_Sinh"),
    PhraseLanguage("ta", "Tamil", "தமிழ்", "🇱🇰", "Taml", "ta_IN", "tam_Taml"),
    PhraseLanguage("he", "Hebrew", "עברית", "🇮🇱", "Hebr", "he_IL", "heb_Hebr", rtl=True),
    PhraseLanguage("el", "Greek", "Ελληνικά", "🇬🇷", "Grek", "el_GR", "ell_Grek"),
    PhraseLanguage("hu", "Hungarian", "Magyar", "🇭🇺", "Latn", "hu_HU", "hun_Latn"),
    PhraseLanguage("cs", "Czech", "Čeština", "🇨🇿", "Latn", "cs_CZ", "ces_Latn"),
    PhraseLanguage("ro", "Romanian", "Română", "🇷🇴", "Latn", "ro_RO", "ron_Latn"),
    PhraseLanguage("sv", "Swedish", "Svenska", "🇸🇪", "Latn", "sv_SE", "swe_Latn"),
    PhraseLanguage("fi", "Finnish", "Suomi", "🇫🇮", "Latn", "fi_FI", "fin_Latn"),
)

PHRASE_LANGUAGES: dict[str, PhraseLanguage] = {row.code: row for row in _ROWS}
_ALIASES = {"fil": "tl", "zh-tw": "zh-Hant", "zh-hk": "zh-Hant", "zh-hant": "zh-Hant", "zh-hans": "zh",
            "zh-cn": "zh", "iw": "he", "in": "id", "nb": "no"}


class UnknownPhraseLanguage(KioskError):
    """A language code the phrasebook has no translations for."""

    code = "unsupported_language"

    def __init__(self, language: str) -> None:
        self.language = language
        super().__init__(f"the phrasebook has no language '{language}' (it has: {', '.join(PHRASE_LANGUAGES)})")


def phrase_language(code: str) -> PhraseLanguage:
    """'th', 'TH', 'th-TH', 'zh_TW', 'zh-Hant', 'fil' -> the table row. Raises UnknownPhraseLanguage."""
    c = code.strip().replace("_", "-")
    if c in PHRASE_LANGUAGES:
        return PHRASE_LANGUAGES[c]
    low = c.lower()
    if low in _ALIASES:
        return PHRASE_LANGUAGES[_ALIASES[low]]
    parts = low.split("-")
    if len(parts) > 1 and parts[0] == "zh" and parts[1] in ("hant", "tw", "hk", "mo"):
        return PHRASE_LANGUAGES["zh-Hant"]
    base = _ALIASES.get(parts[0], parts[0])
    if base in PHRASE_LANGUAGES:
        return PHRASE_LANGUAGES[base]
    raise UnknownPhraseLanguage(code)
