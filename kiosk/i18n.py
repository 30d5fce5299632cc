"""UI string catalogs (locales/ui/<lang>.json) and the font family per language. Qt-free: the UI, the declaration
PDF and the assistant (button names in answers) read the same strings."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from kiosk.languages import UI_LANGUAGES, get, normalize
from kiosk.paths import project_dir

FALLBACK = "en"


def catalog_dir() -> Any:
    return project_dir("locales") / "ui"


@cache
def catalog(lang: str) -> dict[str, str]:
    """All strings of one UI language (ISO 639-1). Unknown languages fall back to English."""
    try:
        code = normalize(lang)
    except ValueError:
        code = FALLBACK
    if code not in UI_LANGUAGES:
        code = FALLBACK
    path = catalog_dir() / f"{code}.json"
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    return {str(k): str(v) for k, v in data.items()}


def tr(lang: str, key: str, **kwargs: object) -> str:
    """The string `key` in `lang` (falls back to English, then to the key itself), formatted with kwargs."""
    text = catalog(lang).get(key) or catalog(FALLBACK).get(key) or key
    return text.format(**kwargs) if kwargs else text


def font_family(lang: str) -> str:
    """Font family that covers the language's script (Noto Sans CJK KR/SC/JP, Noto Sans Thai, Noto Sans)."""
    try:
        return get(lang).font
    except ValueError:
        return "Noto Sans"


def keys() -> set[str]:
    return set(catalog(FALLBACK))
