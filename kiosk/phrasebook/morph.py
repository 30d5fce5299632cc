"""Korean morphemes for the phrase matcher (kiwipiepy): the content lemmas of a sentence, spoken endings gone.

"신고할 거 있으세요?" and "신고할 물건이 있습니까?" differ in every eojeol but share the lemmas 신고 하 있다: the
matcher compares lemma sequences beside the character ratio. Lemmas that mean the same to a customs officer
("계시다" = "있다", "갖다" = "가지다") are merged by locales/phrases/match/ko_morph.toml. Kiwi loads once per process
(about 1.5 s plus 1.7 s for its first sentence on the 2-core test machine; then well under a millisecond a
sentence: benchmarks/bench_phrase_match.py --morph prints both). Without kiwipiepy the eojeol with its particle
stripped stands in (the matcher still works, less well).
"""

from __future__ import annotations

import functools
import re
import threading
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Kiwi tags that carry meaning (nouns, verbs and adjectives by lemma, adverbs, numbers, foreign words, roots).
CONTENT_TAGS = frozenset({"NNG", "NNP", "NR", "SN", "SL", "SH", "VV", "VA", "MAG", "XR", "MM", "NNB", "VX", "XPN"})
# Bound nouns that carry no meaning on their own ("신고할 거" = "신고할 것").
_EMPTY_BOUND = frozenset({"거", "것", "수", "등", "데", "때문", "분", "쪽", "중"})
_PARTICLE = re.compile(r"^(.+?)(은|는|이|가|을|를|에|에서|으로|로|와|과|도|만|의|께서|이나|나|요)$")
_lock = threading.Lock()


@dataclass(frozen=True)
class Morph:
    """One morpheme of a sentence."""

    lemma: str
    """Its dictionary form, merged by the synonym table ("계시다" -> "있다")."""
    tag: str
    """The Sejong tag Kiwi gave it."""
    start: int
    """Start offset in the analysed text."""
    end: int
    """End offset (exclusive)."""


@functools.lru_cache(maxsize=1)
def _kiwi() -> Any:
    try:
        from kiwipiepy import Kiwi
    except ImportError:
        return None
    return Kiwi(num_workers=-1)


def available() -> bool:
    """Whether kiwipiepy is installed (its model loads on first use)."""
    return _kiwi() is not None


def load_seconds() -> float:
    """Load Kiwi and analyse one sentence; the seconds it took (0 when already loaded)."""
    t0 = time.perf_counter()
    morphemes("신고할 물건이 있습니까?")
    return time.perf_counter() - t0


@functools.lru_cache(maxsize=8)
def _synonyms(folder: str) -> dict[str, str]:
    path = Path(folder) / "match" / "ko_morph.toml"
    if not path.exists():
        return {}
    with path.open("rb") as fh:
        return {str(k): str(v) for k, v in tomllib.load(fh).get("same", {}).items()}


@functools.lru_cache(maxsize=4096)
def _analyse(text: str) -> tuple[tuple[str, str, int, int], ...]:
    kiwi = _kiwi()
    if kiwi is None:
        out = []
        for m in re.finditer(r"\S+", text):
            w = m.group(0)
            p = _PARTICLE.match(w)
            out.append(((p.group(1) if p else w), "NNG", m.start(), m.end()))
        return tuple(out)
    with _lock:  # Kiwi objects are not documented as thread-safe
        toks = kiwi.tokenize(text)
    return tuple((t.lemma if t.tag in ("VV", "VA", "VX") else t.form, t.tag, t.start, t.start + t.len) for t in toks)


def morphemes(text: str, folder: Path | None = None) -> tuple[Morph, ...]:
    """Every morpheme of text with its lemma (synonyms merged when folder is the phrasebook folder)."""
    same = _synonyms(str(folder)) if folder is not None else {}
    return tuple(Morph(same.get(lemma, lemma), tag, s, e) for lemma, tag, s, e in _analyse(text))


def content_morphemes(text: str, folder: Path | None = None) -> tuple[Morph, ...]:
    """The content morphemes of text in order ("신고할 거 있으세요?" -> 신고, 있다): nouns, verbs, adjectives,
    adverbs, numbers; particles, endings and empty bound nouns left out."""
    return tuple(m for m in morphemes(text, folder)
                 if m.tag in CONTENT_TAGS and not (m.tag == "NNB" and m.lemma in _EMPTY_BOUND))


def content_lemmas(text: str, folder: Path | None = None) -> tuple[str, ...]:
    """The lemmas of content_morphemes."""
    return tuple(m.lemma for m in content_morphemes(text, folder))
