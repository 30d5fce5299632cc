"""Number words inside fixed words are no count: 一 in 一起 ("together"), 一定, 一样, 一般; Japanese 一緒, 一度;
Korean 한번, 한참. "一条是我老公的 他跟我一起来的" read 一 of 一起 as a bare count and blocked the member's share.

Morphemes first: in Japanese a numeral inside a longer sudachipy token whose part of speech is not 数詞 (一緒, 一番,
統一) is no count; in Chinese one inside a longer jieba.posseg word not tagged as a numeral (一定 d, 一样 r, 统一 vn).
The data table (multipliers.toml `[not_counts]`) adds what the segmenters get wrong (jieba cuts 一起来 as 一 | 起来
and tags 一下 as a numeral) and stands in when a segmenter cannot be loaded. Words that are a count of persons (二人,
三人) stay counts, and so does a numeral with a unit right after it (一升瓶 is one token: numbers.unit_at).
"""

from __future__ import annotations

import functools
import logging
import tomllib

from kiosk.assistant import tokens
from kiosk.config import settings

log = logging.getLogger(__name__)

Span = tuple[int, int]
_NUMERAL_TAGS = frozenset({"m", "mq", "q"})  # jieba: numeral, numeral-classifier, classifier
_PERSONS = ("人", "名")  # 二人, 三名: a count of persons, the party's size


@functools.lru_cache(maxsize=1)
def _table() -> dict[str, tuple[str, ...]]:
    with (settings().locales_dir / "lexicon" / "multipliers.toml").open("rb") as fh:
        data = tomllib.load(fh).get("not_counts", {})
    return {lang: tuple(words) for lang, words in data.items()}


@functools.cache
def _sudachi_pos() -> object:
    from sudachipy import Dictionary

    return Dictionary().tokenizer()


def _ja_words(text: str) -> list[tuple[int, int, bool]]:
    from sudachipy import SplitMode

    tok = _sudachi_pos()
    return [(m.begin(), m.end(), m.part_of_speech()[1] == "数詞")
            for m in tok.tokenize(text, SplitMode.C)]  # type: ignore[attr-defined]


def _zh_words(text: str) -> list[tuple[int, int, bool]]:
    import jieba.posseg as pseg

    out: list[tuple[int, int, bool]] = []
    pos = 0
    for w in pseg.cut(text):
        out.append((pos, pos + len(w.word), w.flag in _NUMERAL_TAGS))
        pos += len(w.word)
    return out


_WORDS = {"ja": _ja_words, "zh": _zh_words}


@functools.lru_cache(maxsize=256)
def _fixed_spans(text: str, lang: str) -> tuple[Span, ...]:
    """Spans of the fixed words of `text` that hold a number word (morphemes, then the table)."""
    spans: list[Span] = []
    read = _WORDS.get(lang)
    if read is not None and tokens.segmenter(lang) is not None:
        try:
            with tokens._LOCK:
                words = read(text)
            spans += [(s, e) for s, e, numeral in words if not numeral and e - s > 1
                      and not text[s:e].endswith(_PERSONS)]
        except Exception as exc:  # a broken segmenter leaves the table
            log.warning("%s morphemes unavailable (%s): table only", lang, type(exc).__name__)
    for w in _table().get(lang, ()):
        at = text.find(w)
        while at >= 0:
            spans.append((at, at + len(w)))
            at = text.find(w, at + 1)
    return tuple(spans)


def warm_up(lang: str) -> None:
    """Load the part-of-speech readers of `lang` now (jieba.posseg takes ~0.4 s the first time), not in a turn."""
    if lang in _WORDS:
        _fixed_spans("一緒に一起", lang)


def in_fixed_word(text: str, start: int, end: int, lang: str) -> bool:
    """The number word at text[start:end] (not digits) lies inside a fixed word: no count."""
    if lang not in ("zh", "ja", "ko") or any(c.isdigit() for c in text[start:end]):
        return False
    return any(s <= start and end <= e for s, e in _fixed_spans(text, lang))
