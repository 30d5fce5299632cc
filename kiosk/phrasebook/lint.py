"""Checks the phrasebook data: every phrase and term in every language, slots equal to the catalog's, every
placeholder renders, every review state valid. Also the coverage table (language x counts, review state)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from babel import Locale

from kiosk.phrasebook.labels import missing_labels
from kiosk.phrasebook.languages import PHRASE_LANGUAGES, phrase_language
from kiosk.phrasebook.model import PLACEHOLDER, Entry, Phrase, PhrasebookError, placeholders, valid_review
from kiosk.phrasebook.render import SAMPLE_SLOTS, Slots, render
from kiosk.phrasebook.store import Phrasebook


@dataclass(frozen=True)
class Problem:
    """One lint finding."""

    lang: str
    """Language code ('*' for the catalog)."""
    key: str
    """Phrase id or term id."""
    message: str
    """What is wrong."""

    def __str__(self) -> str:
        return f"{self.lang} {self.key}: {self.message}"


def lint(book: Phrasebook, languages: tuple[str, ...] | None = None) -> list[Problem]:
    """All problems found (empty list = clean). languages defaults to every language of the table."""
    langs = languages or tuple(PHRASE_LANGUAGES)
    problems: list[Problem] = []
    missing_files = [code for code in langs if code not in book.languages]
    problems += [Problem(code, "*", "no language file") for code in missing_files]
    for pid, phrase in book.phrases.items():
        src = phrase.texts.get(book.source_language)
        if src is not None and tuple(sorted(placeholders(src.text))) != tuple(sorted(phrase.slots)):
            problems.append(Problem("*", pid, f"catalog slots {list(phrase.slots)} differ from the source text"))
        for code in langs:
            if code in missing_files:
                continue
            entry = phrase.texts.get(code)
            if entry is None or not entry.text.strip():
                problems.append(Problem(code, pid, "missing translation"))
                continue
            if not valid_review(entry.review):
                problems.append(Problem(code, pid, f"bad review state '{entry.review}'"))
            found = placeholders(entry.text)
            if sorted(found) != sorted(phrase.slots):
                problems.append(Problem(code, pid, f"slots {found} differ from {list(phrase.slots)}"))
                continue
            if "{" in PLACEHOLDER.sub("", entry.text) or "}" in PLACEHOLDER.sub("", entry.text):
                problems.append(Problem(code, pid, "stray brace"))
                continue
            problems += _plural_checks(phrase, code, entry)
            problems += _render_checks(book, pid, code)
    problems += [Problem(code, f"label.{key}", "missing label (locales/phrases/labels.toml)")
                 for key, code in missing_labels(tuple(c for c in langs if c not in missing_files), book.folder)]
    for tid, term in book.terms.items():
        for code in langs:
            if code in missing_files:
                continue
            entry = term.texts.get(code)
            if entry is None or not entry.text.strip():
                problems.append(Problem(code, tid, "missing translation"))
            elif not valid_review(entry.review):
                problems.append(Problem(code, tid, f"bad review state '{entry.review}'"))
    return problems


def _plural_checks(phrase: Phrase, code: str, entry: Entry) -> list[Problem]:
    """Plural variants only for a phrase with a {count}, only CLDR categories the language has, same slots."""
    if not entry.plural:
        return []
    if "count" not in phrase.slots:
        return [Problem(code, phrase.id, "plural variants but no {count} slot")]
    tags = Locale.parse(phrase_language(code).locale).plural_form.tags | {"other"}
    out = [Problem(code, phrase.id, f"plural category '{c}' is not one of {sorted(tags)}")
           for c in entry.plural if c not in tags]
    out += [Problem(code, phrase.id, f"plural '{c}': slots {placeholders(t)} differ from {list(phrase.slots)}")
            for c, t in entry.plural.items() if sorted(placeholders(t)) != sorted(phrase.slots)]
    return out


def _render_checks(book: Phrasebook, pid: str, code: str) -> list[Problem]:
    phrase = book.phrases[pid]
    variants = [SAMPLE_SLOTS]
    if "item" in phrase.slots:
        variants += [Slots(item=k) for k in book.term_keys("item")]
    if "place" in phrase.slots:
        variants += [Slots(place=k) for k in book.term_keys("place")]
    out = []
    for v in variants:
        full = Slots(count=SAMPLE_SLOTS.count, money=SAMPLE_SLOTS.money, date=SAMPLE_SLOTS.date,
                     item=v.item or SAMPLE_SLOTS.item, place=v.place or SAMPLE_SLOTS.place)
        try:
            text = render(book, phrase, code, full)
        except PhrasebookError as exc:
            out.append(Problem(code, pid, f"does not render: {exc.detail}"))
            break
        if "{" in text or "}" in text:
            out.append(Problem(code, pid, "placeholder left after rendering"))
            break
    return out


@dataclass(frozen=True)
class CoverageRow:
    """Counts for one language."""

    code: str
    name: str
    native: str
    officer: int
    traveler: int
    terms: int
    reviewed: int
    machine_written: int


def coverage(book: Phrasebook) -> list[CoverageRow]:
    rows = []
    for code, lang in PHRASE_LANGUAGES.items():
        sides: Counter[str] = Counter()
        review: Counter[str] = Counter()
        for p in book.phrases.values():
            e = p.texts.get(code)
            if e is not None:
                sides[p.side] += 1
                review["reviewed" if e.review.startswith("reviewed-by:") else "machine"] += 1
        terms = 0
        for t in book.terms.values():
            e = t.texts.get(code)
            if e is not None:
                terms += 1
                review["reviewed" if e.review.startswith("reviewed-by:") else "machine"] += 1
        rows.append(CoverageRow(code, lang.name, lang.native, sides["officer"], sides["traveler"], terms,
                                review["reviewed"], review["machine"]))
    return rows


def coverage_markdown(book: Phrasebook) -> str:
    n_off, n_trv = len(book.by_side("officer")), len(book.by_side("traveler"))
    n_terms = len(book.terms)
    lines = [f"| language | officer ({n_off}) | traveler ({n_trv}) | items + places ({n_terms}) | reviewed | "
             "machine-written |", "|---|---:|---:|---:|---:|---:|"]
    for r in coverage(book):
        lines.append(f"| {r.code} {r.name} ({r.native}) | {r.officer} | {r.traveler} | {r.terms} | "
                     f"{r.reviewed} | {r.machine_written} |")
    return "\n".join(lines)
