"""What an information question asks about when the lexicon finds no goods in it (issue 20 item 4): "can I bring
[a word nobody knows]?" is asked about ("what is it?"), never answered with the general rules as if it were
ordinary goods. The words of the question that are no function, cue, amount, travel or tax word of the language
are that unknown thing.

Per language: the spaced languages, Chinese and Japanese use the leftover of kiosk.assistant.unaccounted (function
words taken out). Korean writes verbs with endings ("가져올 수 있어요"): an eojeol is known when it starts with a
known word or a verb stem (locales/lexicon/chat.toml `[stems] ko`). Thai has no spaces: a token of the Thai
segmenter is known when it is a known word or a word of PyThaiNLP's Thai dictionary; a loan word that is neither
("เวจีไมท์") is the unknown thing. Missing one only gives the general information answer, never "allowed".
"""

from __future__ import annotations

import functools
import re

from kiosk.assistant import lexicon as lx
from kiosk.assistant import tokens
from kiosk.assistant.mentions import PURCHASE_ONLY
from kiosk.assistant.numbers import normalize_text
from kiosk.assistant.places import chat_list
from kiosk.assistant.unaccounted import function_words, leftover

# Goods an information question never turns into a topic of general rules: an unknown thing (asked what it is), and
# the traveler's own used goods taken abroad and brought back ("do I need to declare my own laptop?"): the answer is
# their verdict, allowed, with its reason, not the rules in general (issue 20 item 5: answer instead of asking)
NO_TOPIC: frozenset[str] = frozenset({"unknown", "personal_effects"})

_PUNCT = re.compile(r"[,.;!?\n，、；。！？:：¿¡\"'()]+")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_NIKHAHIT_AA = "\u0e4d\u0e32"


def unknown_topic(text: str, lang: str) -> str:
    """The unknown words of an information question ("" when every word is accounted for)."""
    t = normalize_text(text)
    parts = [p.strip() for p in _PUNCT.split(t) if p.strip()]
    if lang == "ko":
        return _no_english(" ".join(w for p in parts for w in p.split() if not _korean_known(w)))
    if lang == "th":
        return _no_english(" ".join(_thai_unknown(p) for p in parts).strip())
    rest = " ".join(x for x in (leftover(p, lang) for p in parts) if x)
    # "zollfrei", "duty-free": no goods name; "zwei-flaschen-regel", "est-elle": known words joined by hyphens
    carry = _carry_words(lang)
    return " ".join(w for w in rest.split() if w not in PURCHASE_ONLY and w not in carry
                    and not ("-" in w and all(not leftover(x, lang) for x in w.split("-") if x)))


_LATIN_WORD = re.compile(r"[a-z][a-z'-]*")


def _no_english(rest: str) -> str:
    """Latin words that English accounts for are no unknown thing in a Korean or Thai question: travelers type or
    say English words between their own ("what is the limit?" on the Korean screen)."""
    return " ".join(w for w in rest.split() if not (_LATIN_WORD.fullmatch(w) and not leftover(w, "en")))


@functools.lru_cache(maxsize=32)
def _carry_words(lang: str) -> frozenset[str]:
    """Words of having, bringing or packing ("packed", "mitgebracht"): no goods name."""
    return frozenset(normalize_text(w).strip() for w in lx.cues(lang, "carry"))


@functools.lru_cache(maxsize=1)
def _korean_heads() -> tuple[str, ...]:
    heads = {w for w in function_words("ko") if _HANGUL.match(w)} | set(chat_list("stems", "ko"))
    return tuple(sorted(heads, key=len, reverse=True))


def _korean_known(eojeol: str) -> bool:
    if len(_HANGUL.findall(eojeol)) < 2:  # one syllable ("수", "안") or no Hangul: no noun of its own
        return not re.search(r"[a-z\u0400-\u04ff]{2,}", eojeol)
    return eojeol.startswith(_korean_heads())


@functools.lru_cache(maxsize=1)
def _thai_known() -> frozenset[str]:
    return frozenset(w.replace(_NIKHAHIT_AA, "\u0e33") for w in function_words("th")) | _thai_dictionary()


@functools.lru_cache(maxsize=1)
def _thai_dictionary() -> frozenset[str]:
    try:
        from pythainlp.corpus import thai_words
    except ImportError:
        return frozenset()
    return frozenset(thai_words())


def _thai_unknown(part: str) -> str:
    # NFKC splits SARA AM (จำ -> จํา): the segmenter and the dictionary know the written form
    part = part.replace(_NIKHAHIT_AA, "\u0e33")
    edges = tokens.boundaries(part, "th")
    if edges is None:
        return leftover(part, "th")
    known = _thai_known()
    cuts = sorted(edges[0] | edges[1] | {len(part)})
    words = [part[s:e].strip() for s, e in zip(cuts, cuts[1:], strict=False)]
    return " ".join(w for w in words if len(w) >= 2 and w not in known)


def asks_permission(text: str, lang: str) -> bool:
    """Whether a message asks if something may come in ("is X allowed?", "X 괜찮아요?"): chat.toml [permission]."""
    t = normalize_text(text)
    cues = chat_list("permission", lang) + chat_list("permission", "en")
    if lang not in lx.SPACED:
        return any(w in t for w in cues)
    return any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", t) for w in cues)

