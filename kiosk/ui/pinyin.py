"""Pinyin to hanzi candidates for the on-screen keyboard (Qt-free, offline).

The word list and frequencies are jieba's dictionary (jieba==0.42.1, already a dependency: the Chinese tokenizer),
the reading of each word is pypinyin's (pypinyin==0.55.0, also a dependency), without tones: typing "beijing"
offers 北京, 背景. Only the most frequent words (TOP_WORDS, up to MAX_WORD_LEN characters) and every single character
of them are indexed: about a second to build, once, in a background thread started when the Chinese keyboard first
appears (`warm`); until then there are no candidates and the letters typed stay as Latin pinyin.
"""

from __future__ import annotations

import bisect
import threading
from dataclasses import dataclass
from pathlib import Path

TOP_WORDS = 60_000
MAX_WORD_LEN = 4
CANDIDATES = 8


@dataclass(frozen=True)
class Index:
    keys: list[str]  # sorted toneless pinyin of each entry
    words: dict[str, list[tuple[int, str]]]  # pinyin -> (-frequency, word), best first


_index: Index | None = None
_lock = threading.Lock()
_thread: threading.Thread | None = None


def _dictionary() -> Path:
    import jieba

    return Path(jieba.__file__).parent / "dict.txt"


def build() -> Index:
    """The index of the TOP_WORDS most frequent words of jieba's dictionary and of their characters."""
    from pypinyin import lazy_pinyin

    rows = []
    for line in _dictionary().read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) >= 2 and len(parts[0]) <= MAX_WORD_LEN and parts[1].isdigit():
            rows.append((int(parts[1]), parts[0]))
    rows.sort(reverse=True)
    best: dict[str, int] = {}
    for freq, word in rows[:TOP_WORDS]:
        best[word] = max(best.get(word, 0), freq)
        for ch in word:  # the characters of the frequent words, ranked by their own frequency where known
            best.setdefault(ch, 0)
    for freq, word in rows:
        if len(word) == 1 and word in best:
            best[word] = max(best[word], freq)
    words: dict[str, list[tuple[int, str]]] = {}
    for word, freq in best.items():
        reading = "".join(lazy_pinyin(word, errors="ignore"))
        if reading.isascii() and reading.isalpha():
            words.setdefault(reading, []).append((-freq, word))
    for entries in words.values():
        entries.sort()
    return Index(sorted(words), words)


def warm() -> None:
    """Build the index in the background (once)."""
    global _thread
    with _lock:
        if _index is not None or _thread is not None:
            return

        def run() -> None:
            global _index
            built = build()
            with _lock:
                _index = built

        _thread = threading.Thread(target=run, name="pinyin-index", daemon=True)
        _thread.start()


def ready(timeout_s: float = 0.0) -> bool:
    """Whether the index is built (waiting up to `timeout_s` for the background build)."""
    thread = _thread
    if _index is None and thread is not None and timeout_s > 0:
        thread.join(timeout_s)
    return _index is not None


def candidates(typed: str, n: int = CANDIDATES) -> list[str]:
    """Hanzi for the pinyin typed (lower case, no tones, syllables run together): the words read exactly so, most
    frequent first, then words whose reading begins so (typing on: "beij" already offers 北京)."""
    index, typed = _index, typed.lower()
    if index is None or not typed.isascii() or not typed.isalpha():
        return []
    out = [w for _, w in index.words.get(typed, [])][:n]
    if len(out) < n:
        more: list[tuple[int, str]] = []
        i = bisect.bisect_left(index.keys, typed)
        while i < len(index.keys) and index.keys[i].startswith(typed) and len(more) < 200:
            if index.keys[i] != typed:
                more.extend(index.words[index.keys[i]][:3])
            i += 1
        out += [w for _, w in sorted(more) if w not in out][: n - len(out)]
    return out
