"""Lexicon matches on token boundaries (issue 20 item 1): a lexicon word found inside another word is no mention.

In Chinese, Japanese and Thai no space marks where a word ends, and a short lexicon word is often a piece of a
longer one: 土 (soil) in 土耳其 (Turkey) and お土産 (souvenir), 種 (seed) in 種類 (kind), ดิน (soil) in เดินทาง
(travel), ผล (fruit) in ผลิตภัณฑ์ (product). A match counts only when it starts and ends on token boundaries of
the language's segmenter (the `tokens` fact of kiosk.languages): sudachipy (Japanese; split modes A and C, so
that both 肉 in 肉まん and 牛肉 count), jieba (Chinese; search mode, so that 牛肉 in 牛肉干 counts), pythainlp newmm
(Thai). Korean writes spaces, yet a noun takes particles ("돈을", "약이") and a one-syllable word starts many
others (돈 in 돈키호테, 약 in 약간, 칼 in 칼국수): a one-syllable Korean term counts only at the end of its eojeol
or before a particle (ko.toml `[words] particles`); kiwipiepy was measured for this (benchmarks/bench_tokens.py)
and costs more memory and warm-up than the issue allows.

A segmenter that cannot be loaded, or fails on a text, leaves matching as it was (substrings): never fewer
hazards found because of a missing library.
"""

from __future__ import annotations

import functools
import logging
import re
import threading
from collections.abc import Callable

from kiosk.assistant import lexicon as lx
from kiosk.languages import token_matcher

log = logging.getLogger(__name__)

Spans = list[tuple[int, int]]
_LOCK = threading.Lock()  # the segmenters keep state; one turn at a time uses them
_LOADING = {kind: threading.Lock() for kind in ("sudachi", "jieba", "pythainlp")}  # one loader per segmenter
_HANGUL = re.compile(r"[\uac00-\ud7a3]")


@functools.cache
def _sudachi() -> Callable[[str], Spans]:
    from sudachipy import Dictionary, SplitMode

    tok = Dictionary().tokenizer()

    def spans(text: str) -> Spans:
        out: Spans = []
        for mode in (SplitMode.A, SplitMode.C):
            out += [(m.begin(), m.end()) for m in tok.tokenize(text, mode)]
        return out
    return spans


@functools.cache
def _jieba() -> Callable[[str], Spans]:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()

    def spans(text: str) -> Spans:
        return [(s, e) for _, s, e in jieba.tokenize(text, mode="search")]
    return spans


@functools.cache
def _thai() -> Callable[[str], Spans]:
    from pythainlp.tokenize import word_tokenize

    def spans(text: str) -> Spans:
        out: Spans = []
        pos = 0
        for w in word_tokenize(text, engine="newmm", keep_whitespace=True):
            out.append((pos, pos + len(w)))
            pos += len(w)
        return out
    return spans


_SEGMENTERS: dict[str, Callable[[], Callable[[str], Spans]]] = {
    "sudachi": _sudachi, "jieba": _jieba, "pythainlp": _thai}


def segmenter(lang: str) -> Callable[[str], Spans] | None:
    """The loaded segmenter of a language, or None (none needed, or it cannot be loaded: then substrings)."""
    kind = token_matcher(lang)
    load = _SEGMENTERS.get(kind)
    if load is None:
        return None
    try:
        with _LOADING[kind]:
            return load()
    except Exception as exc:  # a missing or broken library must not take matching down
        log.warning("%s segmenter unavailable (%s): lexicon words match as substrings", lang, type(exc).__name__)
        return None


def warm_up(langs: tuple[str, ...], background: bool = True) -> threading.Thread | None:
    """Load the segmenters of these languages now, not in a traveler's first turn. In the background by default
    (jieba and pythainlp take seconds on a loaded 2-core machine: benchmarks/bench_tokens.py); a turn that needs
    one before it is ready waits for it (the loader holds the lock), it never matches without it."""
    def load() -> None:
        for lang in langs:
            seg = segmenter(lang)
            if seg is not None:
                with _LOCK:
                    seg("warm up")
                from kiosk.assistant import fixed_words  # its readers take the lock themselves

                fixed_words.warm_up(lang)
    if not background:
        load()
        return None
    thread = threading.Thread(target=load, name="segmenters", daemon=True)
    thread.start()
    return thread


@functools.lru_cache(maxsize=256)
def boundaries(text: str, lang: str) -> tuple[frozenset[int], frozenset[int]] | None:
    """Token starts and ends of `text` (already normalized), or None when matches need no token check."""
    seg = segmenter(lang)
    if seg is None:
        return None
    try:
        with _LOCK:
            spans = seg(text)
    except Exception as exc:
        log.warning("segmenting failed (%s): substrings", type(exc).__name__)
        return None
    return frozenset(s for s, _ in spans) | {0}, frozenset(e for _, e in spans) | {len(text)}


@functools.cache
def _particles() -> tuple[str, ...]:
    return tuple(sorted(lx.words_list("ko", "particles"), key=len, reverse=True))


@functools.cache
def _containers() -> tuple[str, ...]:
    return tuple(sorted(lx.words_list("ko", "containers"), key=len, reverse=True))


def _korean_ok(text: str, start: int, end: int) -> bool:
    """A one-syllable Korean term ends its eojeol or is followed by a particle ("돈을", "약이요"), or by a container
    word that keeps it the goods ("약병", "술병이", "약통"); longer terms and other scripts as written."""
    if end - start != 1 or not _HANGUL.match(text, start):
        return True
    rest = text[end:]
    for c in _containers():
        if rest.startswith(c):
            rest = rest[len(c):]
            break
    if not rest or not _HANGUL.match(rest):
        return True
    return any(rest.startswith(p) and not _HANGUL.match(rest, len(p)) for p in _particles())


_THAI_SYLLABLE_START = re.compile(r"[\u0e01-\u0e2e\u0e40-\u0e44]")  # a consonant or a vowel written before one


def on_tokens(text: str, lang: str, start: int, end: int) -> bool:
    """Whether a lexicon match text[start:end] of the question's own language sits on token boundaries.

    Chinese and Japanese compounds end in their head (菜刀 a knife, 牛肉 meat, 盆花 a flower): a term must end where
    a token ends; it may start inside the token (土 in 土耳其 ends inside it: no soil). Thai compounds start with their
    head (หมูยอ pork): a term must start where a token starts and end where a syllable can end (ดิน in เดินทาง starts
    inside it; ผล in ผลิตภัณฑ์ ends before a vowel sign)."""
    kind = token_matcher(lang)
    if not kind:
        return True
    if kind == "eojeol":
        return _korean_ok(text, start, end)
    b = boundaries(text, lang)
    if b is None:
        return True
    edges = b[0] | b[1]
    if kind == "pythainlp":
        return start in edges and (end in edges or bool(_THAI_SYLLABLE_START.match(text, end)))
    # a sentence-final particle joined to the term's last character ("牛肉干吗": 干吗) leaves the term whole
    return end in edges or (end + 1 in edges and text[end:end + 1] in lx.words_list(lang, "final_particles"))
