"""Reads locales/phrases/: catalog.toml (ids, categories, sides, slots) and one <lang>.toml per language."""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.config import settings
from kiosk.phrasebook.languages import PHRASE_LANGUAGES, phrase_language
from kiosk.phrasebook.model import (
    PLURAL_CATEGORIES,
    SLOT_TYPES,
    Category,
    Entry,
    Phrase,
    PhrasebookError,
    SlotType,
    Term,
)


@dataclass(frozen=True, eq=False)  # identity hash: caches key on the loaded book
class Phrasebook:
    """The whole phrasebook: categories, phrases and item/place terms, each with its texts per language."""

    folder: Path
    """Where it was read from."""
    source_language: str
    """Language the phrases were written in (ko)."""
    categories: dict[str, Category]
    """Category id -> category, in catalog order."""
    phrases: dict[str, Phrase]
    """Phrase id -> phrase, in catalog order."""
    terms: dict[str, Term]
    """'item.alcohol', 'place.exit' -> term."""
    languages: tuple[str, ...]
    """Language codes that have a file, in the order of the language table."""

    def phrase(self, phrase_id: str) -> Phrase:
        try:
            return self.phrases[phrase_id]
        except KeyError:
            raise PhrasebookError(f"unknown phrase id '{phrase_id}'") from None

    def by_side(self, side: str) -> list[Phrase]:
        return [p for p in self.phrases.values() if p.side == side]

    def by_category(self, category: str) -> list[Phrase]:
        return [p for p in self.phrases.values() if p.category == category]

    def term_keys(self, kind: str) -> list[str]:
        return [t.key for t in self.terms.values() if t.kind == kind]

    def term(self, kind: str, key: str) -> Term:
        try:
            return self.terms[f"{kind}.{key}"]
        except KeyError:
            raise PhrasebookError(f"unknown {kind} '{key}' (known: {', '.join(self.term_keys(kind))})") from None


def default_folder() -> Path:
    return settings().locales_dir / "phrases"


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise PhrasebookError(f"phrasebook file missing: {path}") from None
    except tomllib.TOMLDecodeError as exc:
        raise PhrasebookError(f"{path.name} is not valid TOML: {exc}") from None


def _entry(raw: Any, where: str) -> Entry:
    if isinstance(raw, dict) and isinstance(raw.get("text"), str):
        plural = raw.get("plural", {})
        if not isinstance(plural, dict) or not all(isinstance(v, str) for v in plural.values()):
            raise PhrasebookError(f"{where}: plural must be {{ few = \"...\", many = \"...\" }}")
        bad = sorted(set(plural) - set(PLURAL_CATEGORIES))
        if bad:
            raise PhrasebookError(f"{where}: unknown plural categories {bad} (CLDR: {', '.join(PLURAL_CATEGORIES)})")
        return Entry(raw["text"], str(raw.get("review", "")), dict(plural))
    raise PhrasebookError(f"{where}: expected {{ text = \"...\", review = \"...\" }}")


def load_phrasebook(folder: Path | None = None) -> Phrasebook:
    """Read the catalog and every language file. PhrasebookError on a missing or malformed file; content
    problems (missing translations, slot mismatches) are reported by lint(), not here."""
    folder = Path(folder) if folder is not None else default_folder()
    cat = _read_toml(folder / "catalog.toml")
    categories: dict[str, Category] = {}
    for cid, raw in cat.get("categories", {}).items():
        categories[cid] = Category(cid, raw.get("side", "officer"), {k: v for k, v in raw.items() if k != "side"})
    texts: dict[str, dict[str, Entry]] = {}
    terms_texts: dict[str, dict[str, Entry]] = {}
    langs = []
    for code in PHRASE_LANGUAGES:
        path = folder / f"{code}.toml"
        if not path.exists():
            continue
        data = _read_toml(path)
        lang = phrase_language(str(data.get("language", code))).code
        if lang != code:
            raise PhrasebookError(f"{path.name} says language = '{lang}'")
        langs.append(code)
        for pid, raw in data.get("phrases", {}).items():
            texts.setdefault(pid, {})[code] = _entry(raw, f"{path.name} phrases.{pid}")
        for kind in ("items", "places"):
            for key, raw in data.get(kind, {}).items():
                tid = f"{kind[:-1]}.{key}"
                terms_texts.setdefault(tid, {})[code] = _entry(raw, f"{path.name} {kind}.{key}")
    phrases: dict[str, Phrase] = {}
    for pid, raw in cat.get("phrases", {}).items():
        slots = tuple(raw.get("slots", ()))
        bad = [s for s in slots if s not in SLOT_TYPES]
        if bad:
            raise PhrasebookError(f"catalog phrase {pid}: unknown slot type(s) {bad} (known: {SLOT_TYPES})")
        if raw.get("category") not in categories:
            raise PhrasebookError(f"catalog phrase {pid}: unknown category '{raw.get('category')}'")
        typed: tuple[SlotType, ...] = slots  # checked above
        phrases[pid] = Phrase(pid, raw["category"], categories[raw["category"]].side, typed,
                              texts.get(pid, {}), str(raw.get("note", "")))
    terms: dict[str, Term] = {}
    for kind in ("item", "place"):
        for key in cat.get(f"{kind}s", []):
            tid = f"{kind}.{key}"
            terms[tid] = Term(key, "item" if kind == "item" else "place", terms_texts.get(tid, {}))
    stray = sorted(set(texts) - set(phrases)) + sorted(set(terms_texts) - set(terms))
    if stray:
        raise PhrasebookError(f"language files name ids the catalog does not have: {', '.join(stray[:10])}")
    return Phrasebook(folder, str(cat.get("source_language", "ko")), categories, phrases, terms, tuple(langs))


@functools.lru_cache(maxsize=4)
def _cached(folder: str) -> Phrasebook:
    return load_phrasebook(Path(folder))


def get_phrasebook() -> Phrasebook:
    """The kiosk's phrasebook (read once per folder)."""
    return _cached(str(default_folder()))
