"""Find clauses that name something the lexicon does not know ("my laptop and a [zapper]").

A clause (cut at punctuation and at "and"/"와"/"和"/...) is accounted for when it holds a goods word, an amount, or
only function words of its language (pronouns, "have", particles, "in my bag", cue words). What is left is an
unrecognised noun phrase: the assistant then asks the LLM about the whole text and, failing that, answers
"unclear" with a question — never "allowed".
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Sequence
from typing import Protocol

from kiosk.assistant import family, gazetteer, places
from kiosk.assistant import lexicon as lx
from kiosk.assistant.numbers import normalize_text, spaced
from kiosk.config import settings

_CUE_KINDS = ("function", "info", "where", "remove", "correct", "yes", "restate")
_SCRIPT = re.compile(r"[\uac00-\ud7a3\u3040-\u30ff\u4e00-\u9fff\u0e00-\u0e7f]")
_WORD = re.compile(r"[^\W\d_][\w'-]*")
_MIN_LATIN = 2  # a leftover word shorter than this is noise ("x"); two letters can be a rifle ("sks")
_MIN_SCRIPT = 2  # leftover CJK/Hangul/Thai characters that make a noun
_PUNCT = set(",.;!?\n，、；。！？:：")
_SENTENCE_END = re.compile(r"[.!?。！？\n]")


class _Span(Protocol):
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


class _Amount(Protocol):
    @property
    def kind(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def unit(self) -> str | None: ...
    @property
    def category(self) -> str | None: ...


@functools.lru_cache(maxsize=32)
def _function_words(lang: str) -> tuple[str, ...]:
    out = {normalize_text(w).strip() for k in _CUE_KINDS for w in lx.cues(lang, k)}
    for name in ("FILLERS", "OWN_WORDS", "PURCHASE_WORDS", "TOTAL_WORDS", "PER_UNIT_WORDS", "MINOR_WORDS",
                 "AGE_WORDS", "BORN_WORDS", "PER_UNIT_BEFORE", "CONDITION_WORDS"):
        out |= {normalize_text(w).strip() for w in getattr(lx, name)}
    out |= {normalize_text(w) for w in lx.COUNT_UNITS.get(lang, {})}
    out |= {normalize_text(w) for w in lx.CURRENCIES} | {normalize_text(w) for w in lx.VOLUME_UNITS}
    out |= {normalize_text(w) for w in lx.WEIGHT_UNITS} | {normalize_text(w) for w in lx.NUMBER_WORDS.get(lang, {})}
    out |= {normalize_text(w) for w in lx.CLAUSE_SEPARATORS.get(lang, ()) if not w.startswith("re:")}
    out |= {normalize_text(w).strip() for w in _amount_words().get(lang, ())}
    out |= places.travel_words(lang, _goods_and_hazard_words())  # "from paris", "today", "sans payer de taxes"
    presence = family.data(lang).get("presence", {})  # "il est resté en france", "엄마는 한국에 계세요"
    out |= {normalize_text(w).strip() for k in ("here", "away", "together") for w in presence.get(k, ())
            if normalize_text(w).strip() not in _goods_and_hazard_words()}
    return tuple(sorted((w for w in out if w), key=len, reverse=True))


@functools.lru_cache(maxsize=1)
def _goods_and_hazard_words() -> frozenset[str]:
    """Every goods word of the lexicon (all languages) and every gazetteer term: never taken as a place."""
    out = {normalize_text(t.strip()) for table in lx.CATEGORY_TERMS.values() for terms in table.values()
           for t in terms.split("|") if t.strip() and not t.startswith("re:")}
    return frozenset(out | {normalize_text(t) for t in gazetteer.plain_terms()})


@functools.lru_cache(maxsize=1)
def _amount_words() -> dict[str, tuple[str, ...]]:
    """Words about an amount itself (price, worth, exactly, in total): locales/lexicon/accounted.toml."""
    with (settings().locales_dir / "lexicon" / "accounted.toml").open("rb") as fh:
        data = tomllib.load(fh)
    # one character of Chinese/Japanese/Korean/Thai is taken out of any word it is in: never a lone one ("妻")
    extra = ("people", "conditions")  # people the goods are for; what a medicine is for
    return {lang: tuple(w for w in (*ws, *(v for k in extra for v in data.get(k, {}).get(lang, ())))
                        if spaced(lang) or len(w) >= 2)
            for lang, ws in data["words"].items()}


def function_words(lang: str) -> tuple[str, ...]:
    """A language's function, cue, unit and amount words (normalized, longest first)."""
    return _function_words(lang)


# letters said one by one ("m p 5", "p e - 4"): letters of a script with spaces standing alone ("ề" is one)
_LETTER = r"[^\W\d_\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u9fff\uac00-\ud7a3\u0e00-\u0e7f]"
_SPELLED_RUN = re.compile(rf"(?<![0-9'.]|{_LETTER})((?:{_LETTER}[ .\-_*·/]{{1,3}})+{_LETTER})"
                          rf"((?:[ .\-_*·/]{{0,3}}\d+)*)(?![0-9']|{_LETTER})")


def _join_letters(text: str, fset: frozenset[str]) -> str:
    """Issue 20 item 0, a class: two or more letters standing alone are one spelled word, never noise ("m p 5",
    "p e four": a weapon's or an explosive's code name; digits right after it are part of its name). A run of letters
    that are each a function word or unit of the language ("y a", "и в", "x l") stays as it is unless a number
    follows it; the joined word is then judged like any word (a unit "k g" is accounted for)."""
    def join(m: re.Match[str]) -> str:
        letters = re.findall(_LETTER, m.group(1))
        if all(c in fset for c in letters) and not m.group(2):  # "x g 67" is a code, "2 x 1 l" an amount
            return m.group(0)
        return "".join(letters) + re.sub(r"\D", "", m.group(2))  # "m e 63" -> "me63": a code, never a word
    return _SPELLED_RUN.sub(join, text)


def leftover(clause: str, lang: str) -> str:
    """What remains of a clause once function words are removed ("" when nothing)."""
    fset, multi, script = _tables(lang)
    clause = _join_letters(clause, fset)
    if spaced(lang):
        rest = f" {clause} "
        for w in multi:  # multi-word cues first ("in my bag", "how much can i", "without paying tax")
            rest = rest.replace(f" {w} ", " ")
        return " ".join(w for w in _WORD.findall(rest) if w not in fset and len(w) >= _MIN_LATIN)
    rest = clause
    for w in script:
        rest = rest.replace(w, " ")
    chars = _SCRIPT.findall(rest)
    # a Latin or Cyrillic word inside Korean/Chinese/Japanese/Thai text ("노트북이랑 [slang] 있어요") is a word too
    en = _tables("en")[0]
    foreign = [w for w in _FOREIGN.findall(rest) if len(w) >= _MIN_LATIN and w not in en]
    return " ".join(([("".join(chars))] if len(chars) >= _MIN_SCRIPT else []) + foreign)


@functools.lru_cache(maxsize=32)
def _tables(lang: str) -> tuple[frozenset[str], tuple[str, ...], tuple[str, ...]]:
    """A language's function words: as a set, the multi-word ones, the ones in CJK/Hangul/Thai (longest first)."""
    fw = _function_words(lang)
    return frozenset(fw), tuple(w for w in fw if " " in w), tuple(w for w in fw if _SCRIPT.search(w))


_FOREIGN = re.compile(r"[a-z\u00c0-\u024f\u0400-\u04ff][a-z0-9\u00c0-\u024f\u0400-\u04ff'-]*")



def unaccounted_clauses(text: str, lang: str, cuts: list[int], mentions: Sequence[_Span],
                        quantities: Sequence[_Amount], ignore: list[tuple[int, int]]) -> tuple[str, ...]:
    """Unknown noun phrases joined by "and"/"plus"/"와"/"和"/... to a sentence that names known goods.

    Only clauses at a conjunction count (the "my laptop and a [zapper]" pattern): a chatty sentence of its own
    ("I am visiting my family") is no item."""
    bounds = [0, *cuts, len(text)]
    conj = {c for c in cuts if c < len(text) and text[c] not in _PUNCT}
    # "a"/"ein"/"un" before an unknown noun is a number word, but it accounts for nothing
    real = [q for q in quantities if q.kind in ("money", "volume", "weight", "age")
            or (q.kind == "count" and (q.category or q.unit not in (None, "piece", "box", "container")))]
    out: list[str] = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        if b - a < 2 or not (a in conj or b in conj) or any(s < b and a < e for s, e in ignore):
            continue
        if any(a <= m.start < b for m in mentions) or any(a <= q.start < b for q in real):
            continue
        start = max((m.end() for m in _SENTENCE_END.finditer(text, 0, a)), default=0)
        end_m = _SENTENCE_END.search(text, b)
        end = end_m.start() if end_m else len(text)
        # a sentence that names goods or an amount ("I have 300 dollars and [slang]") lists things one carries
        if not any(start <= m.start < end for m in mentions) and not any(start <= q.start < end for q in real):
            continue
        clause = text[a:b].strip(" ,.;:!?，。！？、；：\n\t")
        rest = leftover(clause, lang)
        if rest:
            out.append(rest)
    return tuple(out)


def unaccounted_near_amounts(text: str, lang: str, cuts: list[int], mentions: Sequence[_Span],
                             quantities: Sequence[_Amount], ignore: list[tuple[int, int]]) -> tuple[str, ...]:
    """Issue 20: words of a clause that holds an amount or a unit, left once the goods words, numbers, units and
    function words are taken out ("50 grams of [street name]", "a pound of [plant]", "2 bags of [slang]").

    An unknown word beside an amount is never taken as understood: the amount may be that thing's."""
    real = [q for q in quantities if q.kind in ("money", "volume", "weight")
            or (q.kind == "count" and (q.category or q.unit not in (None, "piece")))]
    if not real:
        return ()
    bounds = [0, *cuts, len(text)]
    out: list[str] = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        if not any(a <= q.start < b for q in real) or any(s < b and a < e for s, e in ignore):
            continue
        clause = list(text[a:b])
        for m in mentions:  # goods words and the amounts themselves are accounted for
            for i in range(max(m.start, a), min(m.end, b)):
                clause[i - a] = " "
        for q in quantities:
            if q.kind == "bare":  # a digit inside a word ("xq7") leaves the word
                continue
            for i in range(max(q.start, a), min(q.end, b)):
                clause[i - a] = " "
        rest = leftover("".join(clause).strip(" ,.;:!?，。！？、；：\n\t"), lang)
        if rest:
            out.append(rest)
    return tuple(out)


@functools.lru_cache(maxsize=32)
def _frame_pattern(lang: str) -> re.Pattern[str]:
    words = {normalize_text(w) for k in ("carry", "info") for w in lx.cues(lang, k)}
    words |= {normalize_text(w) for w in (*lx.PURCHASE_WORDS, *lx.OWN_WORDS)}
    words -= {normalize_text(w) for w in lx.CONDITION_WORDS}
    alts = "|".join(re.escape(w) for w in sorted((w for w in words if w.strip()), key=len, reverse=True))
    # in a spaced language a cue starts a word ("bring" is not in "unbringable"; "привез" is in "привезла")
    return re.compile(rf"(?<!\w)(?:{alts})" if spaced(lang) else f"(?:{alts})")


def speaks_of_goods(text: str, lang: str) -> bool:
    """Whether a message in which the lexicon found no goods still speaks of having, bringing, packing or buying
    something ("I packed a wheel of parmesan", "육포 두 봉지가 있어요", "can I bring…"): only then is the LLM asked
    what it names. A sentence with none of these words (small talk, a read sentence) is answered at once with the
    request to name the goods — the same answer the LLM's empty reply gives, without its ~0.3 s."""
    return bool(_frame_pattern(lang).search(normalize_text(text)))

