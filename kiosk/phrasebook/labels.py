"""Labels of the interpretation screens in every phrasebook language (locales/phrases/labels.toml): who speaks
(officer, traveler, the kiosk itself) and how far to trust a sentence (a standard phrase, its translation checked
or not, a machine translation). The UI catalog (locales/ui) has fewer languages; these must never fall back to
English on an Arabic or Mongolian traveler's panel."""

from __future__ import annotations

import functools
import tomllib
from pathlib import Path

from kiosk.phrasebook.languages import UnknownPhraseLanguage, phrase_language
from kiosk.phrasebook.store import default_folder

KEYS = ("standard", "checked", "unchecked", "machine", "kiosk", "officer", "traveler", "unclear")


@functools.lru_cache(maxsize=4)
def _labels(folder: str) -> dict[str, dict[str, str]]:
    with (Path(folder) / "labels.toml").open("rb") as fh:
        data = tomllib.load(fh)
    return {str(k): {str(lang): str(text) for lang, text in v.items()} for k, v in data.items()}


def phrase_label(key: str, lang: str, folder: Path | None = None) -> str:
    """The label `key` (one of KEYS) in `lang` (any phrasebook language or alias; English when unknown)."""
    table = _labels(str(folder or default_folder())).get(key, {})
    try:
        code = phrase_language(lang).code
    except UnknownPhraseLanguage:
        code = "en"
    return table.get(code) or table.get("en") or key


def missing_labels(languages: tuple[str, ...], folder: Path | None = None) -> list[tuple[str, str]]:
    """(key, language) pairs with no label (the phrasebook lint reports them)."""
    table = _labels(str(folder or default_folder()))
    return [(k, lang) for k in KEYS for lang in languages if not table.get(k, {}).get(lang, "").strip()]
