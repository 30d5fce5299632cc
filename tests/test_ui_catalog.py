"""UI string catalogs: every language has every key, nothing empty, placeholders intact, fonts cover them."""

from __future__ import annotations

import re

import pytest

from kiosk.i18n import catalog, font_family, keys, tr
from kiosk.languages import UI_LANGUAGES

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@pytest.mark.parametrize("lang", UI_LANGUAGES)
def test_catalog_complete(lang: str) -> None:
    cat = catalog(lang)
    assert set(cat) == keys(), f"{lang}: missing {keys() - set(cat)}, extra {set(cat) - keys()}"
    for key, text in cat.items():
        assert text.strip(), f"{lang}:{key} is empty"
        assert set(_PLACEHOLDER.findall(text)) == set(_PLACEHOLDER.findall(tr('en', key))), f"{lang}:{key}"


def test_fallbacks() -> None:
    assert tr("it", "app_title") == tr("en", "app_title")  # no Italian UI catalog -> English
    assert tr("en", "no-such-key") == "no-such-key"
    assert tr("ko", "reset_in", n=5).startswith("5")
    assert font_family("ko") == "Noto Sans CJK KR" and font_family("th") == "Noto Sans Thai"


def test_catalog_glyphs_exist_in_the_language_font(qapp) -> None:  # type: ignore[no-untyped-def]
    from kiosk.ui.widgets import families, supports

    for lang in UI_LANGUAGES:
        chain = families(font_family(lang))
        assert chain[0] == font_family(lang)
        for key, text in catalog(lang).items():
            assert supports(chain, text), f"{lang}:{key} has characters the {chain} fonts lack"
            if lang not in ("th",):  # Thai UI strings carry Latin (USD, YYYY-MM-DD) from the fallback font
                assert supports(font_family(lang), text), f"{lang}:{key} not covered by {font_family(lang)}"
