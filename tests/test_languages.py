"""The one language table: Whisper (ISO 639-1) <-> NLLB/FLORES-200 <-> UI locale, for every language."""

from __future__ import annotations

import re

import pytest
from babel import Locale

from kiosk import languages
from kiosk.languages import LANGUAGES, UI_LANGUAGES, UnsupportedLanguage, get, is_supported, normalize

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
