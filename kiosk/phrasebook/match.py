"""Matches a transcript to the phrasebook: best phrase + slot values + confidence; below the threshold the top 3.

Slot-aware fuzzy matching (rapidfuzz): the text is normalized (NFKC, lower case, punctuation dropped), slot values
are found first (kiosk.phrasebook.slots) and replaced by one placeholder character per slot type, so "세금은
12만 원입니다" and the template "세금은 {money}입니다" compare as equal strings. Each phrase is compared with the
text in which only its own slot types are replaced. The score mixes a character ratio on the text without spaces
(Korean ASR output spaces words inconsistently) with a token-set ratio (word order, fillers). Korean is also compared
on its content morphemes (kiosk.phrasebook.morph, kiwipiepy), and every phrase may have paraphrases
(locales/phrases/match/paraphrases_<lang>.toml): the best of its texts counts.

A phrase is used only when it hides nothing of the text (kiosk.phrasebook.cover): strictly for traveler replies
(every word covered), and for officer speech whenever an item, number, percentage, counter or negation would be
lost. Then the match is not confident: the text goes to the flagged engines, or the officer picks from the top 3.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import time
import tomllib
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz

from kiosk.phrasebook import morph
from kiosk.phrasebook.cover import Leftover, leftovers
from kiosk.phrasebook.languages import phrase_language
from kiosk.phrasebook.model import Phrase, placeholders
from kiosk.phrasebook.render import Slots
from kiosk.phrasebook.slots import Found, find_slots, slots_of
from kiosk.phrasebook.store import Phrasebook, default_folder

# Chosen on the tuning part of tests/data/phrase_eval_ko.jsonl (benchmarks/bench_phrase_match.py); the held-out
# part was not used to pick it.
CONFIDENT_AT = 0.60
MARGIN = 0.03  # and at least this far ahead of the second phrase
# Traveler replies are short and differ by one word ("I have nothing / something to declare"): stricter.
TRAVELER_CONFIDENT_AT = 0.85
TRAVELER_MARGIN = 0.06
_QUESTION_END = re.compile(r"[?？؟;]\s*$")
_STATEMENT_END = re.compile(r"[.。।۔!！]\s*$")
TOP_N = 3
CHECKED_N = 6  # candidates checked for what they would hide (kiosk.phrasebook.cover)
CLEAN_WITHIN = 0.15  # a phrase hiding nothing this close to a best one that hides something is put first
_MARK = {"count": "\u2460", "money": "\u2461", "item": "\u2462", "place": "\u2463", "date": "\u2464"}
_PUNCT = re.compile(r"[^\w\s\u2460-\u2464]")
# Spoken Korean endings that mean the same as the phrasebook's formal ones (applied to both sides).
_KO_ENDINGS = (
    (re.compile(r"(주시겠어요|주시겠습니까|주십시오|주실래요|주실 수 있어요|줘요)$"), "주세요"),
    (re.compile(r"(계세요|계시나요|계신가요|있으세요|있어요|있나요)$"), "계십니까"),
    (re.compile(r"(이에요|예요|이세요|세요|인가요|이죠|죠)$"), "입니까"),
    (re.compile(r"(돼요|됩니다|되나요)$"), "됩니다"),
)


@dataclass(frozen=True)
class Candidate:
    """One phrase the text may be."""

    phrase_id: str
    """Phrasebook id."""
    score: float
    """0..1 similarity after slot substitution."""
    slots: Slots
    """Slot values found for this phrase's slot types."""
    missing: tuple[str, ...] = ()
    """Slot types the phrase needs that were not found in the text."""
    leftover: tuple[Leftover, ...] = ()
    """What the text says that the phrase does not (kiosk.phrasebook.cover); non-empty = never used as is."""


@dataclass(frozen=True)
class Match:
    """The matcher's answer for one transcript."""

    text: str
    """The input text."""
    lang: str
    """Its language."""
    best: Candidate | None
    """The best candidate (None for empty text)."""
    confident: bool
    """True when best may be used without the officer choosing; else show `candidates`."""
    candidates: tuple[Candidate, ...] = field(default_factory=tuple)
    """The top 3, best first."""
    seconds: float = 0.0
    """Matching time."""

    def to_dict(self) -> dict[str, object]:
        def cand(c: Candidate) -> dict[str, object]:
            return {"id": c.phrase_id, "score": round(c.score, 3), "slots": c.slots.to_dict(),
                    "missing": list(c.missing), "leftover": [x.to_dict() for x in c.leftover]}

        return {"lang": self.lang, "confident": self.confident, "best": cand(self.best) if self.best else None,
                "candidates": [cand(c) for c in self.candidates], "seconds": round(self.seconds, 4)}


@functools.lru_cache(maxsize=16)
def _word_map(folder: str, lang: str) -> tuple[tuple[re.Pattern[str], str], ...]:
    path = Path(folder) / "match" / f"{lang}.toml"
    if not path.exists():
        return ()
    with path.open("rb") as fh:
        table = tomllib.load(fh).get("normalize", {})
    keys = sorted(table, key=len, reverse=True)
    return tuple((re.compile(rf"(?<!\S){re.escape(k)}(?!\S)"), str(table[k])) for k in keys)


def normalize(text: str, lang: str, folder: Path | None = None) -> str:
    """Lower case, NFKC, no punctuation, single spaces; spoken forms mapped to written ones (match/<lang>.toml)."""
    t = unicodedata.normalize("NFKC", text).lower()
    t = _PUNCT.sub(" ", t)
    t = " ".join(t.split())
    for rx, repl in _word_map(str(folder or default_folder()), lang):
        t = rx.sub(repl, t)
    t = " ".join(t.split())
    if lang == "ko":
        for rx, repl in _KO_ENDINGS:
            t = rx.sub(repl, t)
    return t


def _substitute(text: str, found: list[Found], kinds: frozenset[str]) -> str:
    out, pos = [], 0
    for f in found:
        if f.kind in kinds and f.start >= pos:
            out.append(text[pos:f.start])
            out.append(_MARK[f.kind])
            pos = f.end
    out.append(text[pos:])
    return "".join(out)


def _template(text: str, lang: str, folder: Path) -> str:
    t = text
    for name in placeholders(text):
        t = t.replace("{" + name + "}", _MARK.get(name, ""))
    return normalize(t, lang, folder)


@functools.lru_cache(maxsize=64)
def _negation(folder: str, lang: str) -> tuple[re.Pattern[str] | None, tuple[str, ...]]:
    path = Path(folder) / "match" / "negation.toml"
    if not path.exists():
        return None, ()
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    words = [str(w) for w in data.get("words", {}).get(lang, [])]
    rx = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)") if words else None
    return rx, tuple(str(x) for x in data.get("substrings", {}).get(lang, []))


def negated(text: str, lang: str, folder: Path) -> bool:
    """Whether text contains a negation word of its language (locales/phrases/match/negation.toml)."""
    rx, subs = _negation(str(folder), lang)
    t = unicodedata.normalize("NFKC", text).lower()
    return bool((rx is not None and rx.search(t)) or any(x in t + " " for x in subs))


def _mood(text: str) -> str:
    """'q' for a question, 's' for a statement, '' when the text has no final punctuation (ASR output)."""
    if _QUESTION_END.search(text):
        return "q"
    return "s" if _STATEMENT_END.search(text) else ""


def _score(a: str, b: str) -> float:
    ratio = fuzz.ratio(a.replace(" ", ""), b.replace(" ", ""))
    tokens = fuzz.token_set_ratio(a, b)
    return (0.7 * ratio + 0.3 * tokens) / 100.0


_MARK_WORD = {v: f" slot{k} " for k, v in _MARK.items()}
NOUN_TAGS = frozenset({"NNG", "NNP", "NR", "SN", "SL", "SH", "XR"})


Lemmas = tuple[dict[tuple[str, int], int], int]
"""A sentence's content lemmas: (lemma, weight) -> how often, and the total weight."""


def _lemmas(text: str, folder: Path) -> Lemmas:
    """Korean content lemmas with their weight (nouns 3, other content words 1); slot marks are nouns."""
    for mark, word in _MARK_WORD.items():
        text = text.replace(mark, word)
    counts = Counter((m.lemma, 3 if m.tag in NOUN_TAGS else 1) for m in morph.content_morphemes(text, folder))
    return dict(counts), sum(w * n for (_, w), n in counts.items())


def _lemma_score(a: Lemmas, b: Lemmas) -> float:
    """Weighted F1 of the two lemma multisets (0..1): nouns and numbers weigh more than verbs and adverbs."""
    (ca, wa), (cb, wb) = a, b
    if not wa or not wb:
        return 0.0
    common = sum(key[1] * min(n, cb[key]) for key, n in ca.items() if key in cb)
    return 2 * common / (wa + wb)


@functools.lru_cache(maxsize=16)
def _paraphrases(folder: str, lang: str) -> dict[str, tuple[str, ...]]:
    path = Path(folder) / "match" / f"paraphrases_{lang}.toml"
    if not path.exists():
        return {}
    with path.open("rb") as fh:
        table = tomllib.load(fh).get("paraphrases", {})
    return {str(k): tuple(str(x) for x in v) for k, v in table.items()}


class Matcher:
    """Matches text in one language against one side of the phrasebook."""

    def __init__(self, book: Phrasebook, lang: str = "ko", side: str = "officer",
                 confident_at: float | None = None, morphemes: bool = True, paraphrases: bool = True) -> None:
        self.book = book
        self.lang = phrase_language(lang).code
        self.side = side
        traveler = side == "traveler"
        self.strict = traveler
        self.confident_at = confident_at or (TRAVELER_CONFIDENT_AT if traveler else CONFIDENT_AT)
        self.margin = TRAVELER_MARGIN if traveler else MARGIN
        self._phrases: list[Phrase] = [p for p in book.by_side(side) if self.lang in p.texts]
        extra = _paraphrases(str(book.folder), self.lang) if paraphrases else {}
        # the phrase, its plural forms ("3 أيام"), its paraphrases: any of them may be what was said
        self._texts = {p.id: (p.texts[self.lang].text, *p.texts[self.lang].plural.values(),
                              *[x for x in extra.get(p.id, ()) if sorted(placeholders(x)) == sorted(p.slots)])
                       for p in self._phrases}
        self._templates = {pid: tuple(_template(t, self.lang, book.folder) for t in texts)
                           for pid, texts in self._texts.items()}
        self._morph = morphemes and self.lang == "ko" and morph.available()
        self._lemmas = ({pid: tuple(_lemmas(t, book.folder) for t in ts) for pid, ts in self._templates.items()}
                        if self._morph else {})
        self._negated = {p.id: negated(p.texts[self.lang].text, self.lang, book.folder) for p in self._phrases}

    def match(self, text: str, today: dt.date | None = None) -> Match:
        t0 = time.perf_counter()
        norm = normalize(text, self.lang, self.book.folder)
        if not norm:
            return Match(text, self.lang, None, False, (), time.perf_counter() - t0)
        found = find_slots(self.book, norm, self.lang, today)
        neg = negated(text, self.lang, self.book.folder)
        by_kinds: dict[frozenset[str], tuple[str, Lemmas]] = {}
        scored: list[Candidate] = []
        for p in self._phrases:
            kinds = frozenset(p.slots)
            if kinds not in by_kinds:
                sub = normalize(_substitute(norm, found, kinds), self.lang, self.book.folder)
                by_kinds[kinds] = (sub, _lemmas(sub, self.book.folder) if self._morph else ({}, 0))
            sub, lemmas = by_kinds[kinds]
            chars = [_score(sub, t) for t in self._templates[p.id]]
            if self._morph:  # a paraphrase counts only as far as its morphemes agree too
                both = [0.5 * c + 0.5 * _lemma_score(lemmas, b) for c, b in zip(chars, self._lemmas[p.id], strict=True)]
                score = max(chars[0], *both)
            else:
                score = max(chars)
            if _mood(text) and _mood(p.texts[self.lang].text) and _mood(text) != _mood(p.texts[self.lang].text):
                score *= 0.8  # a question is not an answer (only when the text has its final punctuation)
            if self.side == "traveler" and neg != self._negated[p.id]:
                score *= 0.85  # "I have the receipt" is not "I don't have the receipt"
            slots = slots_of(found, tuple(kinds))
            missing = tuple(k for k in p.slots if k not in slots.given())
            if missing:
                score *= 0.9
            # an item/place placeholder hides a word; prefer phrases that name it literally
            score *= 0.95 ** sum(1 for k in kinds if k in ("item", "place") and k in slots.given())
            scored.append(Candidate(p.id, score, slots, missing))
        scored.sort(key=lambda c: c.score, reverse=True)
        checked = [self._checked(c, norm, found, neg) for c in scored[:CHECKED_N]]
        # A phrase that hides nothing goes first when it scores nearly as well as one that would hide something.
        clean = [c for c in checked if not c.leftover]
        if checked[0].leftover and clean and clean[0].score >= checked[0].score - CLEAN_WITHIN:
            checked.remove(clean[0])
            checked.insert(0, clean[0])
        top = tuple(checked[:TOP_N])
        best = top[0]
        second = max((c.score for c in checked[1:] if not c.leftover), default=0.0)
        confident = (best.score >= self.confident_at and best.score - second >= self.margin and not best.missing
                     and not best.leftover)
        return Match(text, self.lang, best, confident, top, time.perf_counter() - t0)

    def _checked(self, c: Candidate, norm: str, found: list[Found], neg: bool) -> Candidate:
        """The candidate with what it would leave out of the text."""
        p = self.book.phrase(c.phrase_id)
        texts = tuple(" ".join(x if x.startswith("{") else normalize(x, self.lang, self.book.folder)
                               for x in re.split(r"(\{[a-z_]+\})", t)) for t in self._texts[c.phrase_id])
        left = leftovers(self.book, self.lang, norm, found, tuple(p.slots), texts, self.strict, neg,
                         self._negated[c.phrase_id])
        return Candidate(c.phrase_id, c.score, c.slots, c.missing, left)
