"""Accents dropped by speech recognition or a keyboard in Spanish, French and German ("compre un reloj", "j'ai
achete", "fur sechzig euro"): a word written without its marks is read as the lexicon's word with them ("compré",
"acheté", "für").

Only a word the language's own data knows with marks (locales/lexicon/<lang>.toml, its accounted.toml part,
locales/family/<lang>.toml) is restored, only when the bare spelling is not itself a word of that data, and only when
one marked word folds to it (never a guess between two). Marks are combining marks only, so the text keeps its length
and every span found in it stays where it was.
"""

from __future__ import annotations

import functools
import re
import tomllib
import unicodedata
from typing import Any

from kiosk.config import settings

FOLDED_LANGS = ("es", "fr", "de")
_WORD = re.compile(r"[^\W\d_]+")


def fold(word: str) -> str:
    """The word without its combining marks ("compré" -> "compre", "für" -> "fur")."""
    return unicodedata.normalize("NFC", "".join(c for c in unicodedata.normalize("NFD", word)
                                                if not unicodedata.combining(c)))


def _strings(obj: Any) -> list[str]:
    if isinstance(obj, str):
        return [obj]
    if isinstance(obj, dict):
        return [s for k, v in obj.items() for s in (*_strings(k), *_strings(v))]
    if isinstance(obj, (list, tuple)):
        return [s for v in obj for s in _strings(v)]
    return []


@functools.lru_cache(maxsize=8)
def _vocab(lang: str) -> frozenset[str]:
    """Every word of the language's data (lexicon, family words, its part of accounted.toml), lower case."""
    root = settings().locales_dir
    data: list[Any] = []
    for path in (root / "lexicon" / f"{lang}.toml", root / "family" / f"{lang}.toml"):
        if path.exists():
            with path.open("rb") as fh:
                data.append(tomllib.load(fh))
    with (root / "lexicon" / "accounted.toml").open("rb") as fh:
        data += [v.get(lang, []) for v in tomllib.load(fh).values() if isinstance(v, dict)]
    return frozenset(w for s in _strings(data) for w in _WORD.findall(s.lower()))


@functools.lru_cache(maxsize=1)
def _english_function_words() -> frozenset[str]:
    """English function words (locales/lexicon/en.toml `[cues] function`): never goods, so never read as a marked word of
    another language; English goods words ("pate", "sake", "cocaine") are still restored (pâté, saké, cocaïne)."""
    from kiosk.assistant import lexicon as lx

    return frozenset(w.lower() for w in lx.cues("en", "function"))


@functools.lru_cache(maxsize=8)
def _restore_map(lang: str) -> dict[str, str]:
    vocab = _vocab(lang)
    english = _english_function_words()  # English said on another screen stays English ("the" is not "thé")
    marked: dict[str, set[str]] = {}
    for w in vocab:
        if (bare := fold(w)) != w and len(bare) == len(w):
            marked.setdefault(bare, set()).add(w)
    return {bare: ws.pop() for bare, ws in marked.items()
            if len(ws) == 1 and bare not in vocab and bare not in english}


def restore(text: str, lang: str) -> str:
    """`text` with the marks of known words put back (es, fr, de), and Thai "one" said after its classifier
    ("ขวดเดียว" = one bottle) moved before it as the number reader expects ("หนึ่งขวด", the same length); any other
    language as it is."""
    if lang == "th":
        return _thai_single().sub(lambda m: "หนึ่ง" + m.group(1), text) if "เดียว" in text else text
    if lang not in FOLDED_LANGS:
        return text
    table = _restore_map(lang)
    return _WORD.sub(lambda m: _case(m.group(0), table.get(m.group(0).lower())), text)


@functools.lru_cache(maxsize=1)
def _thai_single() -> re.Pattern[str]:
    from kiosk.assistant import lexicon as lx

    units = sorted(lx.COUNT_UNITS.get("th", {}), key=len, reverse=True)
    return re.compile("(" + "|".join(re.escape(u) for u in units) + ")เดียว")


def _case(word: str, marked: str | None) -> str:
    if marked is None:
        return word
    return "".join(c.upper() if o.isupper() else c for o, c in zip(word, marked, strict=True))
