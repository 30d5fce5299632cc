"""One language table and every language fact the kiosk uses, in one place.

`Language` rows map Whisper/ISO 639-1 codes, NLLB/FLORES-200 codes and UI locales, and carry the facts code
needs about writing: the script (`SCRIPTS` has the Unicode ranges, `script_of` tells the script of a text), whether
words are separated by spaces (`spaced`), which segmenter lexicon matches must agree with (`tokens`: a separate
fact; Korean writes spaces but matches on eojeol + particle), what ends a sentence (`terminators`) and how numbers
are written (`decimal_symbol`/`group_symbol`, from Babel/CLDR). The one sentence splitter (`split_sentences`,
`join_sentences`, `first_sentence`) reads these facts; speech, translation and the UI all use it.
`PhraseLanguage` rows (PHRASE_LANGUAGES, `phrase_language`) are the phrasebook's wider list of languages.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from kiosk.errors import KioskError

# ---- scripts ---------------------------------------------------------------------------------------
# ISO 15924 code -> Unicode code point ranges (inclusive) of its letters.
SCRIPTS: dict[str, tuple[tuple[int, int], ...]] = {
    # Basic Latin letters, Latin-1 + Extended-A/B, Latin Extended Additional (Vietnamese ạ ế ộ ...)
    "Latn": ((0x0041, 0x005A), (0x0061, 0x007A), (0x00C0, 0x024F), (0x1E00, 0x1EFF)),
    "Cyrl": ((0x0400, 0x04FF), (0x0500, 0x052F)),
    # Hangul syllables, Jamo, compatibility Jamo
    "Hang": ((0x1100, 0x11FF), (0x3130, 0x318F), (0xAC00, 0xD7A3)),
    # CJK unified ideographs (+ extension A, compatibility ideographs)
    "Hani": ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF)),
    "Hira": ((0x3040, 0x309F),),
    "Kana": ((0x30A0, 0x30FF), (0x31F0, 0x31FF)),
    "Thai": ((0x0E00, 0x0E7F),),
    "Deva": ((0x0900, 0x097F),),
    "Arab": ((0x0600, 0x06FF), (0x0750, 0x077F)),
}
# ISO 15924 codes that are written with several of the scripts above.
SCRIPT_UNIONS: dict[str, tuple[str, ...]] = {
    "Hans": ("Hani",),                  # Simplified Chinese
    "Hant": ("Hani",),                  # Traditional Chinese
    "Jpan": ("Hira", "Kana", "Hani"),   # Japanese
    "Kore": ("Hang", "Hani"),           # Korean with Hanja
}


@dataclass(frozen=True)
class Language:
    code: str  # ISO 639-1, as Whisper reports it
    name: str  # English name
    native: str  # name in its own script
    nllb: str  # NLLB-200 / FLORES-200 code
    locale: str  # UI / babel locale
    script: str  # ISO 15924 (a key of SCRIPTS or SCRIPT_UNIONS)
    font: str  # preferred font family for the UI
    flag: str  # emoji flag of a country where it is widely spoken (UI hint only)
    rtl: bool = False
    # words are separated by spaces (False: Chinese, Japanese, Thai: sentences are joined without a space)
    spaced: bool = True
    # characters that end a sentence; " " for Thai, which ends a sentence with a space and has no full stop
    terminators: str = ".!?"
    # how lexicon words are matched: "" = as written (whole words where the language writes spaces), else the
    # segmenter whose token boundaries a match must sit on (a separate fact from `spaced`: Korean writes spaces,
    # yet nouns take particles and a short word hides in a longer one: "돈" in "돈키호테")
    tokens: str = ""

    @property
    def decimal_symbol(self) -> str:
        """The decimal separator of the language's locale (Babel/CLDR): "3.5" in English, "3,5" in German."""
        return _number_symbols(self.locale)[0]

    @property
    def group_symbol(self) -> str:
        """The thousands separator of the language's locale (Babel/CLDR): "," in English, "." in German,
        a narrow no-break space in French."""
        return _number_symbols(self.locale)[1]

    @property
    def sentence_joiner(self) -> str:
        """What goes between two sentences: nothing after a full-width stop (Chinese, Japanese: 。), a space
        otherwise (Thai too: there the space is what ends a sentence)."""
        return _sentence_joiner(self.terminators)

    @property
    def scripts(self) -> tuple[str, ...]:
        """The basic scripts (keys of SCRIPTS) the language is written in."""
        return SCRIPT_UNIONS.get(self.script, (self.script,))


_CJK_END = "。！？"
_ROWS = [
    Language("ko", "Korean", "한국어", "kor_Hang", "ko_KR", "Hang", "Noto Sans CJK KR", "🇰🇷", tokens="eojeol"),
    Language("en", "English", "English", "eng_Latn", "en_US", "Latn", "Noto Sans", "🇺🇸"),
    Language("zh", "Chinese", "中文", "zho_Hans", "zh_Hans_CN", "Hans", "Noto Sans CJK SC", "🇨🇳",
             spaced=False, terminators=_CJK_END, tokens="jieba"),
    Language("ja", "Japanese", "日本語", "jpn_Jpan", "ja_JP", "Jpan", "Noto Sans CJK JP", "🇯🇵",
             spaced=False, terminators=_CJK_END, tokens="sudachi"),
    Language("es", "Spanish", "Español", "spa_Latn", "es_ES", "Latn", "Noto Sans", "🇪🇸"),
    Language("fr", "French", "Français", "fra_Latn", "fr_FR", "Latn", "Noto Sans", "🇫🇷"),
    Language("ru", "Russian", "Русский", "rus_Cyrl", "ru_RU", "Cyrl", "Noto Sans", "🇷🇺"),
    Language("vi", "Vietnamese", "Tiếng Việt", "vie_Latn", "vi_VN", "Latn", "Noto Sans", "🇻🇳"),
    Language("th", "Thai", "ไทย", "tha_Thai", "th_TH", "Thai", "Noto Sans Thai", "🇹🇭",
             spaced=False, terminators=" ", tokens="pythainlp"),
    Language("de", "German", "Deutsch", "deu_Latn", "de_DE", "Latn", "Noto Sans", "🇩🇪"),
    Language("it", "Italian", "Italiano", "ita_Latn", "it_IT", "Latn", "Noto Sans", "🇮🇹"),
    Language("pt", "Portuguese", "Português", "por_Latn", "pt_BR", "Latn", "Noto Sans", "🇧🇷"),
    Language("hi", "Hindi", "हिन्दी", "hin_Deva", "hi_IN", "Deva", "Noto Sans Devanagari", "🇮🇳",
             terminators="।?!"),
    Language("id", "Indonesian", "Bahasa Indonesia", "ind_Latn", "id_ID", "Latn", "Noto Sans", "🇮🇩"),
    Language("tl", "Filipino", "Filipino", "tgl_Latn", "fil_PH", "Latn", "Noto Sans", "🇵🇭"),
    Language("mn", "Mongolian", "Монгол", "khk_Cyrl", "mn_MN", "Cyrl", "Noto Sans", "🇲🇳"),
    Language("ar", "Arabic", "العربية", "arb_Arab", "ar_SA", "Arab", "Noto Sans Arabic", "🇸🇦", rtl=True,
             terminators=".؟!"),
]

LANGUAGES: dict[str, Language] = {lang.code: lang for lang in _ROWS}
# Languages the kiosk UI and the rule explanations are written in (issue: at least these ten).
UI_LANGUAGES: tuple[str, ...] = ("ko", "en", "zh", "ja", "es", "fr", "ru", "vi", "th", "de")
_BY_NLLB = {lang.nllb: lang for lang in _ROWS}
# Languages outside the table that Whisper may report and that write without spaces between words:
# code -> sentence terminators (Cantonese, Burmese, Khmer, Lao, Tibetan).
UNSPACED_OTHERS: dict[str, str] = {"yue": "。！？", "my": "။", "km": "។", "lo": " ", "bo": "།"}


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


def _lookup(code: str) -> Language | None:
    try:
        return get(code) if code else None
    except UnsupportedLanguage:
        return None


def _base(code: str) -> str:
    return code.strip().lower().replace("_", "-").split("-")[0]


def is_spaced(code: str) -> bool:
    """Whether the language puts spaces between words; also answers for codes outside the table (Whisper's
    "yue", "my"...). Unknown codes count as spaced."""
    lang = _lookup(code)
    if lang is not None:
        return lang.spaced
    return _base(code) not in UNSPACED_OTHERS


def token_matcher(code: str) -> str:
    """The segmenter lexicon matches must agree with ("sudachi", "jieba", "pythainlp", "eojeol"), "" for none."""
    lang = _lookup(code)
    return lang.tokens if lang is not None else ""


def _sentence_joiner(terminators: str) -> str:
    fullwidth = all(0x3000 <= ord(c) <= 0x303F or 0xFF00 <= ord(c) <= 0xFFEF for c in terminators)
    return "" if terminators and fullwidth else " "


def sentence_joiner(code: str) -> str:
    """What goes between two sentences of the language ("" for Chinese, Japanese, Cantonese; else a space);
    also answers for codes outside the table."""
    lang = _lookup(code)
    if lang is not None:
        return lang.sentence_joiner
    return _sentence_joiner(UNSPACED_OTHERS.get(_base(code), "."))


@functools.cache
def _number_symbols(locale: str) -> tuple[str, str]:
    from babel.numbers import get_decimal_symbol, get_group_symbol

    return str(get_decimal_symbol(locale)), str(get_group_symbol(locale))


# ---- script of a text ------------------------------------------------------------------------------

@functools.cache
def char_script(ch: str) -> str:
    """The SCRIPTS key of one character, "" for anything else (digits, punctuation, other scripts)."""
    o = ord(ch)
    for script, ranges in SCRIPTS.items():
        if any(lo <= o <= hi for lo, hi in ranges):
            return script
    return ""


def script_of(text: str) -> str:
    """The script (a SCRIPTS key) most letters of `text` are written in; "" when it has none we know."""
    counts = Counter(s for s in map(char_script, text) if s)
    return counts.most_common(1)[0][0] if counts else ""


def script_ratio(text: str, script: str) -> float:
    """Share of the letters in `text` written in `script` (a SCRIPTS or SCRIPT_UNIONS key): 0 for text without
    letters, 1 for a script this table does not know."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    wanted = SCRIPT_UNIONS.get(script, (script,))
    if not all(s in SCRIPTS for s in wanted):
        return 1.0
    return sum(1 for c in letters if char_script(c) in wanted) / len(letters)


# ---- sentences -------------------------------------------------------------------------------------
# Split after an ASCII terminator (or an ellipsis) only when a space follows, so "3.5" and "U.S.A" stay whole;
# after a full-width or non-Latin one (。！？ । ؟) at once; and at every line break. The terminators are the
# union over the table (plus the semicolons, which end a clause that can stand alone), so mixed text such as
# "出口はどこですか？Hi! OK" splits whatever the language.
_SPACED_ENDS = "".join(sorted({c for lang in _ROWS for c in lang.terminators if c.isascii() and c != " "} | {";", "…"}))
_CLOSED_ENDS = "".join(sorted({c for lang in _ROWS for c in lang.terminators if not c.isascii()} | {"；"}))
_SPLIT = re.compile(rf"(?<=[{re.escape(_SPACED_ENDS)}])\s+|(?<=[{re.escape(_CLOSED_ENDS)}])\s*|\n+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# Thai: a space ends a sentence or a clause; spaces also surround names and numbers, so the pieces are grouped
# into runs of at least _SPACE_SENTENCE_MIN characters (a short remainder joins the run before it).
_SPACE_SENTENCE_MIN = 25
_SPACE_SENTENCE_TAIL = 8


def _group_at_spaces(part: str) -> list[str]:
    out: list[str] = []
    cur = ""
    for piece in part.split():
        cur = f"{cur} {piece}".strip()
        if len(cur) >= _SPACE_SENTENCE_MIN:
            out.append(cur)
            cur = ""
    if cur:
        if out and len(cur) < _SPACE_SENTENCE_TAIL:
            out[-1] = f"{out[-1]} {cur}"
        else:
            out.append(cur)
    return out


def _cut(sentence: str, max_chars: int) -> list[str]:
    """Cut an over-long sentence at a comma or space near the limit."""
    out: list[str] = []
    while len(sentence) > max_chars:
        cut = max(sentence.rfind(c, 0, max_chars) for c in (",", "，", "、", " "))
        cut = cut + 1 if cut > max_chars // 4 else max_chars
        out.append(sentence[:cut].strip())
        sentence = sentence[cut:].strip()
    if sentence:
        out.append(sentence)
    return out


def split_sentences(text: str, lang: str = "", max_chars: int | None = None) -> list[str]:
    """Sentences of `text` in reading order (empty and punctuation-only pieces dropped).

    `lang` adds that language's own rule (Thai: a space ends a sentence); "" or an unknown code splits at
    punctuation and line breaks only. With `max_chars`, a longer sentence is cut at a comma or space."""
    parts = [p.strip() for p in _SPLIT.split(_CONTROL.sub(" ", text or "")) if p and p.strip()]
    language = _lookup(lang)
    if language is not None and " " in language.terminators:
        parts = [g for p in parts for g in _group_at_spaces(p)]
    if max_chars is not None:
        parts = [c for p in parts for c in _cut(p, max_chars)]
    return [p for p in parts if re.search(r"\w", p)]


def join_sentences(parts: Iterable[str], lang: str) -> str:
    """Sentences (or transcript segments) joined as the language writes them: without a space after a
    full-width stop (Chinese, Japanese, Cantonese), else with one (Thai included)."""
    return sentence_joiner(lang).join(p for p in parts if p)


def first_sentence(text: str, lang: str = "") -> str:
    """The first sentence of `text` (the whole stripped text when it has no sentence end)."""
    parts = split_sentences(text, lang)
    return parts[0] if parts else text.strip()


# ---- phrasebook languages ----------------------------------------------------------------------------
# The phrasebook covers more languages than speech and translation (the languages of most arrivals at Korean
# airports): its own rows, kept here beside the table above so that every language fact lives in one module
# (tests/test_languages.py checks that the rows of a language in both tables agree). A new phrasebook language is a
# row here plus a locales/phrases/<code>.toml (the lint names every phrase still missing).

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


_PHRASE_ROWS = (
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

PHRASE_LANGUAGES: dict[str, PhraseLanguage] = {row.code: row for row in _PHRASE_ROWS}
_PHRASE_ALIASES = {"fil": "tl", "zh-tw": "zh-Hant", "zh-hk": "zh-Hant", "zh-hant": "zh-Hant", "zh-hans": "zh",
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
    if low in _PHRASE_ALIASES:
        return PHRASE_LANGUAGES[_PHRASE_ALIASES[low]]
    parts = low.split("-")
    if len(parts) > 1 and parts[0] == "zh" and parts[1] in ("hant", "tw", "hk", "mo"):
        return PHRASE_LANGUAGES["zh-Hant"]
    base = _PHRASE_ALIASES.get(parts[0], parts[0])
    if base in PHRASE_LANGUAGES:
        return PHRASE_LANGUAGES[base]
    raise UnknownPhraseLanguage(code)
