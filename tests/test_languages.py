"""The one language table: Whisper (ISO 639-1) <-> NLLB/FLORES-200 <-> UI locale, for every language."""

from __future__ import annotations

import re

import pytest
from babel import Locale

from kiosk import languages
from kiosk.languages import (
    LANGUAGES,
    SCRIPTS,
    UI_LANGUAGES,
    UnsupportedLanguage,
    char_script,
    first_sentence,
    get,
    is_spaced,
    is_supported,
    join_sentences,
    normalize,
    script_of,
    script_ratio,
    split_sentences,
)

# Whisper's language codes (faster_whisper.tokenizer._LANGUAGE_CODES) and the FLORES-200 codes NLLB-200 knows
# for the kiosk's languages.
FLORES = {"ko": "kor_Hang", "en": "eng_Latn", "zh": "zho_Hans", "ja": "jpn_Jpan", "es": "spa_Latn",
          "fr": "fra_Latn", "ru": "rus_Cyrl", "vi": "vie_Latn", "th": "tha_Thai", "de": "deu_Latn",
          "it": "ita_Latn", "pt": "por_Latn", "hi": "hin_Deva", "id": "ind_Latn", "tl": "tgl_Latn",
          "mn": "khk_Cyrl", "ar": "arb_Arab"}


def test_every_language_is_mapped() -> None:
    assert set(LANGUAGES) == set(FLORES)
    for code, nllb in FLORES.items():
        assert get(code).nllb == nllb


@pytest.mark.parametrize("code", sorted(LANGUAGES))
def test_language_row(code: str) -> None:
    from faster_whisper.tokenizer import _LANGUAGE_CODES

    lang = get(code)
    assert lang.code in _LANGUAGE_CODES, "Whisper must know the code it reports"
    assert re.fullmatch(r"[a-z]{3}_[A-Z][a-z]{3}", lang.nllb)
    assert lang.nllb.endswith(lang.script) or (lang.script == "Hans" and lang.nllb == "zho_Hans")
    assert normalize(lang.nllb) == code
    assert normalize(code.upper()) == code
    assert normalize(lang.locale) == code
    assert normalize(lang.locale.replace("_", "-")) == code
    Locale.parse(lang.locale)  # a locale babel can format dates/numbers for
    assert lang.native and lang.font.startswith("Noto Sans")
    assert lang.rtl == (lang.script == "Arab")


def test_ui_languages_are_the_ten() -> None:
    assert UI_LANGUAGES == ("ko", "en", "zh", "ja", "es", "fr", "ru", "vi", "th", "de")
    assert all(c in LANGUAGES for c in UI_LANGUAGES)


@pytest.mark.parametrize("alias,code", [("ko-KR", "ko"), (" en_US ", "en"), ("zh-Hans-CN", "zh"),
                                        ("zh_Hans", "zh"), ("fil", "tl"), ("fil_PH", "tl"), ("JA", "ja"),
                                        ("kor_Hang", "ko"), ("khk_Cyrl", "mn")])
def test_aliases(alias: str, code: str) -> None:
    assert normalize(alias) == code


@pytest.mark.parametrize("bad", ["", "xx", "klingon", "zz_Latn", "123", "yue"])
def test_unsupported(bad: str) -> None:
    assert not is_supported(bad)
    with pytest.raises(UnsupportedLanguage) as exc:
        normalize(bad)
    assert exc.value.language == bad and exc.value.code == "unsupported_language"
    assert "supported:" in str(exc.value)


def test_codes_are_unique() -> None:
    rows = list(LANGUAGES.values())
    assert len({r.nllb for r in rows}) == len(rows)
    assert len({r.locale for r in rows}) == len(rows)
    assert languages.get("zh").script == "Hans"


# ---- language facts: one row per language, exact values ----------------------------------------------
NBSP, NNBSP = "\u00a0", "\u202f"
# code: (script, basic scripts, spaced, sentence terminators, sentence joiner, decimal symbol, group symbol)
FACTS = {
    "ko": ("Hang", ("Hang",), True, ".!?", " ", ".", ","),
    "en": ("Latn", ("Latn",), True, ".!?", " ", ".", ","),
    "zh": ("Hans", ("Hani",), False, "。！？", "", ".", ","),
    "ja": ("Jpan", ("Hira", "Kana", "Hani"), False, "。！？", "", ".", ","),
    "es": ("Latn", ("Latn",), True, ".!?", " ", ",", "."),
    "fr": ("Latn", ("Latn",), True, ".!?", " ", ",", NNBSP),
    "ru": ("Cyrl", ("Cyrl",), True, ".!?", " ", ",", NBSP),
    "vi": ("Latn", ("Latn",), True, ".!?", " ", ",", "."),
    "th": ("Thai", ("Thai",), False, " ", " ", ".", ","),
    "de": ("Latn", ("Latn",), True, ".!?", " ", ",", "."),
    "it": ("Latn", ("Latn",), True, ".!?", " ", ",", "."),
    "pt": ("Latn", ("Latn",), True, ".!?", " ", ",", "."),
    "hi": ("Deva", ("Deva",), True, "।?!", " ", ".", ","),
    "id": ("Latn", ("Latn",), True, ".!?", " ", ",", "."),
    "tl": ("Latn", ("Latn",), True, ".!?", " ", ".", ","),
    "mn": ("Cyrl", ("Cyrl",), True, ".!?", " ", ".", ","),
    "ar": ("Arab", ("Arab",), True, ".؟!", " ", ".", ","),
}


def test_language_facts_table() -> None:
    assert set(FACTS) == set(LANGUAGES)
    for code, facts in FACTS.items():
        lang = get(code)
        got = (lang.script, lang.scripts, lang.spaced, lang.terminators, lang.sentence_joiner, lang.decimal_symbol,
               lang.group_symbol)
        assert got == facts, code
        assert all(s in SCRIPTS for s in lang.scripts)
        assert is_spaced(code) is lang.spaced


def test_number_symbols_come_from_babel() -> None:
    from babel.numbers import format_decimal

    for code, lang in LANGUAGES.items():
        assert format_decimal(1234.5, locale=lang.locale) == f"1{lang.group_symbol}234{lang.decimal_symbol}5", code


@pytest.mark.parametrize("code", sorted(LANGUAGES))
def test_native_name_is_in_its_script(code: str) -> None:
    lang = get(code)
    assert script_of(lang.native) in lang.scripts
    assert script_ratio(lang.native, lang.script) == 1.0


def test_script_of() -> None:
    assert [char_script(c) for c in "aé한中かカกअع1 。"] == [
        "Latn", "Latn", "Hang", "Hani", "Hira", "Kana", "Thai", "Deva", "Arab", "", "", ""]
    assert script_of("Tiếng Việt") == "Latn"  # Latin Extended Additional counts as Latin
    assert script_of("パスポートを見せて") == "Kana"
    assert script_of("123 ...") == ""
    assert script_ratio("hello 안녕", "Hang") == pytest.approx(2 / 7)
    assert script_ratio("パスポート見せて", "Jpan") == 1.0
    assert script_ratio("123", "Latn") == 0.0
    assert script_ratio("abc", "Zzzz") == 1.0  # a script the table does not know is not judged


def test_is_spaced_outside_the_table() -> None:
    assert [is_spaced(c) for c in ("yue", "my", "km", "lo", "bo", "sw", "zh-TW", "ko-KR")] == [
        False, False, False, False, False, True, False, True]


@pytest.mark.parametrize("text,lang,expected", [
    ("It costs 3.5 dollars! Really? Yes.", "en", ["It costs 3.5 dollars!", "Really?", "Yes."]),
    ("好的。你好！谢谢？", "zh", ["好的。", "你好！", "谢谢？"]),
    ("出口はどこですか？ありがとう。Hi! OK", "", ["出口はどこですか？", "ありがとう。", "Hi!", "OK"]),
    ("여권을 보여 주세요. 감사합니다!", "ko", ["여권을 보여 주세요.", "감사합니다!"]),
    ("कृपया पासपोर्ट दिखाइए। धन्यवाद", "hi", ["कृपया पासपोर्ट दिखाइए।", "धन्यवाद"]),
    ("أين المخرج؟ شكرا.", "ar", ["أين المخرج؟", "شكرا."]),
    ("Line one\nLine two; and three", "en", ["Line one", "Line two;", "and three"]),
    ("กรุณาแสดงหนังสือเดินทางของคุณ ขอบคุณครับ", "th", ["กรุณาแสดงหนังสือเดินทางของคุณ", "ขอบคุณครับ"]),
    ("กรุณาแสดง หนังสือเดินทาง ขอบคุณครับ", "th", ["กรุณาแสดง หนังสือเดินทาง ขอบคุณครับ"]),
    ("  \n ... ", "en", []),
    ("a\x00b. c", "en", ["a b.", "c"]),
])
def test_split_sentences(text: str, lang: str, expected: list[str]) -> None:
    assert split_sentences(text, lang) == expected


def test_long_sentences_are_cut_near_the_limit() -> None:
    long = "word " * 300
    parts = split_sentences(long, "en", max_chars=100)
    assert all(len(p) <= 100 for p in parts) and " ".join(parts) == long.strip()
    assert split_sentences("x" * 250, "en", max_chars=100) == ["x" * 100, "x" * 100, "x" * 50]


def test_join_and_first_sentence() -> None:
    assert join_sentences(["你好。", "", "谢谢。"], "zh") == "你好。谢谢。"
    assert join_sentences(["Hello.", "Thanks."], "en") == "Hello. Thanks."
    assert join_sentences(["กรุณารอสักครู่", "ขอบคุณครับ"], "th") == "กรุณารอสักครู่ ขอบคุณครับ"  # a space ends it
    assert join_sentences(["你好。", "多谢。"], "yue") == "你好。多谢。"
    assert join_sentences(["ok", "fine"], "sw") == "ok fine"
    assert first_sentence("You may bring 2 L. Declare the rest. Thank you.", "en") == "You may bring 2 L."
    assert first_sentence("可以。请申报。", "zh") == "可以。"
    assert first_sentence("No sentence end", "en") == "No sentence end"
    assert first_sentence("  ", "en") == ""


def test_one_table_module_and_the_rows_agree() -> None:
    """Issue 20: the phrasebook's languages live beside the speech/translation table; a language in both agrees."""
    from kiosk.languages import LANGUAGES, PHRASE_LANGUAGES, phrase_language
    from kiosk.phrasebook import languages as old_path

    assert old_path.PHRASE_LANGUAGES is PHRASE_LANGUAGES and phrase_language("zh_TW").code == "zh-Hant"
    for code, lang in LANGUAGES.items():
        row = PHRASE_LANGUAGES.get(code)
        if row is not None:
            assert (row.nllb, row.locale, row.rtl) == (lang.nllb, lang.locale, lang.rtl), code
