"""Exchange with translators: export a language as TSV (id, Korean, English, text, review) and import one back.

The language files stay the source of truth; a translator who prefers a spreadsheet exports, edits the text
column, and imports with `--reviewed-by NAME`, which marks every changed or confirmed row as reviewed.
"""

from __future__ import annotations

import json
from pathlib import Path

from kiosk.phrasebook.languages import phrase_language
from kiosk.phrasebook.model import MACHINE_WRITTEN, REVIEWED_PREFIX, Entry, PhrasebookError
from kiosk.phrasebook.store import Phrasebook

HEADER = ("id", "ko", "en", "text", "review")


def _toml_str(s: str) -> str:
    # JSON string escapes are valid TOML basic-string escapes.
    return json.dumps(s, ensure_ascii=False)


def write_language_file(book: Phrasebook, code: str, entries: dict[str, Entry]) -> Path:
    """Write locales/phrases/<code>.toml from entries keyed 'doc01' / 'item.alcohol' / 'place.exit',
    in catalog order (ids the catalog lacks are refused)."""
    lang = phrase_language(code)
    unknown = [k for k in entries if k not in book.phrases and k not in book.terms]
    if unknown:
        raise PhrasebookError(f"ids not in the catalog: {', '.join(unknown[:10])}")
    lines = [f"# {lang.name} ({lang.native}) — customs phrasebook.",
             f"# review: \"{MACHINE_WRITTEN}\" until a translator has checked the text, then "
             f"\"{REVIEWED_PREFIX} NAME\".",
             "# Keep every {slot} placeholder exactly; numbers, money, dates, items and places are filled in "
             "per language.",
             f"language = {_toml_str(lang.code)}", ""]

    def row(key: str, e: Entry) -> str:
        plural = ""
        if e.plural:
            plural = ", plural = { " + ", ".join(f"{c} = {_toml_str(t)}" for c, t in e.plural.items()) + " }"
        return f"{key} = {{ text = {_toml_str(e.text)}{plural}, review = {_toml_str(e.review)} }}"

    lines.append("[phrases]")
    lines += [row(pid, entries[pid]) for pid in book.phrases if pid in entries]
    for kind in ("item", "place"):
        lines += ["", f"[{kind}s]"]
        lines += [row(t.key, entries[tid]) for tid, t in book.terms.items() if t.kind == kind and tid in entries]
    path = book.folder / f"{lang.code}.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def current_entries(book: Phrasebook, code: str) -> dict[str, Entry]:
    out = {pid: p.texts[code] for pid, p in book.phrases.items() if code in p.texts}
    out.update({tid: t.texts[code] for tid, t in book.terms.items() if code in t.texts})
    return out


def parse_lines(text: str) -> dict[str, str]:
    """'id<TAB>text' rows (or the 5-column export; a first whitespace also separates id and text)."""
    out: dict[str, str] = {}
    for n, line in enumerate(text.splitlines(), 1):
        line = line.rstrip("\r\n")
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if cols[0] == "id":
            continue
        if len(cols) >= 4:
            key, value = cols[0], cols[3]
        elif len(cols) == 2:
            key, value = cols
        else:
            key, _, value = line.strip().partition(" ")
        if not value.strip():
            raise PhrasebookError(f"line {n}: no text for '{key}'")
        out[key.strip()] = value.strip()
    return out


def import_texts(book: Phrasebook, code: str, rows: dict[str, str], reviewed_by: str | None = None) -> Path:
    """Merge rows into the language file: a changed text becomes machine-written (or reviewed-by NAME)."""
    code = phrase_language(code).code
    entries = current_entries(book, code)
    for key, text in rows.items():
        old = entries.get(key)
        plural = old.plural if old is not None else {}  # the TSV carries `text` only: plural variants are kept
        if reviewed_by:
            entries[key] = Entry(text, f"{REVIEWED_PREFIX} {reviewed_by}", plural)
        elif old is None or old.text != text:
            entries[key] = Entry(text, MACHINE_WRITTEN, plural)
    return write_language_file(book, code, entries)


def export_tsv(book: Phrasebook, code: str) -> str:
    code = phrase_language(code).code
    rows = ["\t".join(HEADER)]
    for key in [*book.phrases, *book.terms]:
        item = book.phrases.get(key) or book.terms[key]
        ko = item.texts.get("ko")
        en = item.texts.get("en")
        own = item.texts.get(code)
        rows.append("\t".join([key, ko.text if ko else "", en.text if en else "", own.text if own else "",
                               own.review if own else ""]))
    return "\n".join(rows) + "\n"
