"""Issue 20 item 0: text normalization before reading (kiosk/assistant/textnorm.py) and the hazard gazetteer as data
(locales/lexicon/hazards.toml): no word hides behind zero-width or bidi characters, look-alike letters, spelling,
emoji or foreign digits; and what was plain stays as it was."""

from __future__ import annotations

import pytest

from kiosk.assistant import Assistant, gazetteer
from kiosk.assistant.parser import parse_question
from kiosk.assistant.textnorm import clean
from kiosk.rules.schema import CATEGORIES


@pytest.mark.parametrize(("raw", "want"), [
    ("co\u200bcaine", "cocaine"),                 # zero-width space
    ("\u202ekratom\u202c", "kratom"),            # bidi override
    ("cоcaine", "cocaine"),                      # Cyrillic о among Latin letters
    ("хаnах", "xanax"),                          # mostly Cyrillic look-alikes, one Latin-only letter
    ("c0caine", "cocaine"),                      # a digit for a letter, folded because the word is a hazard
    ("c o c a i n e", "cocaine"),                # spelled out
    ("c-o-c-a-i-n-e", "cocaine"),
    ("a k - 4 7", "ak-47"),                      # a spelled-out code, matched without its hyphen
    ("T.N.T.", "tnt."),
    ("대 마 초", "대마초"),                         # Korean syllables spelled apart
    ("１５，０００", "15,000"),                   # full-width (NFKC)
    ("١٥٬٠٠٠", "15,000"),                        # Arabic-Indic digits and thousands separator
    ("15,\u200b000", "15,000"),
    ("🔫", " gun "),
    ("🙂", " "),
])
def test_hiding_is_undone(raw: str, want: str) -> None:
    assert clean(raw) == want


@pytest.mark.parametrize("plain", [
    "I have 2 x 1 l bottles", "мой ноутбук", "술 두 병 있어요", "30만원하고 실제 총 있어요", "I have a laptop",
    "m2 apartment", "I'm here", "cc", "a b",
])
def test_plain_text_is_only_lower_cased(plain: str) -> None:
    assert clean(plain) == plain.lower()


def test_gazetteer_is_data_with_categories_and_sources() -> None:
    gz = gazetteer.load()
    assert len(gz.groups) >= 8 and sum(len(g.terms) for g in gz.groups) >= 500
    for g in gz.groups:
        assert g.category in CATEGORIES or g.category == "unknown"
        assert g.source in gz.sources and gz.sources[g.source]
    assert gz.emoji["🔫"] == "gun" and "🙂" in gz.harmless_emoji


@pytest.mark.parametrize(("text", "lang", "category"), [
    ("I have a Glock in my bag", "en", "firearm"),
    ("我有笔记本电脑和kush", "zh", "narcotics"),          # a Latin word inside Chinese text
    ("ノートパソコンとglockがあります", "ja", "firearm"),
    ("50 rounds of 9mm ammo", "en", "ammunition"),
    ("some semtex and my clothes", "en", "explosive"),
    ("I have nose candy", "en", "narcotics"),           # the hazard phrase, not the harmless "candy"
    ("我带了两千元人民币和包丁", "zh", "knife"),            # a Japanese knife, not the Chinese "包" bag
    ("떨 조금 있어요", "ko", "narcotics"),
])
def test_gazetteer_words_are_found_in_every_language(text: str, lang: str, category: str) -> None:
    assert category in {i.category for i in parse_question(text, lang).items}


@pytest.mark.parametrize(("text", "lang"), [("떨어뜨렸어요", "ko"), ("I bought a pot of honey", "en")])
def test_everyday_words_are_not_hazards(text: str, lang: str) -> None:
    assert not {i.category for i in parse_question(text, lang).items} & {"narcotics", "firearm"}


def test_slang_that_is_also_an_everyday_word_is_asked_about() -> None:
    ans = Assistant("KR", use_llm=False).ask("I have 300 dollars and some coke", "en")
    assert ans.verdict == "unclear" and ans.question


@pytest.mark.parametrize(("text", "lang"), [("Can I bring coke?", "en"), ("соkе 가져가도 되나요?", "ko"),
                                            ("可以带ICE吗?", "zh")])
def test_a_question_about_slang_asks_what_it_is(text: str, lang: str) -> None:
    """Not the general information answer: the word may be a drug, so the kiosk asks what it is."""
    ans = Assistant("KR", use_llm=False).ask(text, lang)
    assert ans.verdict == "unclear" and ans.question
