"""A phrase may stand for an utterance only when it hides none of it: what the phrase and its slots leave over.

"I have nothing to declare but a gun" is not trv09 ("I have nothing to declare."): "but" and "gun" are left over.
"I have two bottles of wine" is not trv43 ("I have {count} bottles."): "wine" is left over. The matcher refuses a
phrase with anything left over (the text goes to the flagged engines, or the officer picks from the top 3).

Two strengths:
- strict (traveler replies, any language): every word of the utterance must be a word of the phrase, a slot value
  the phrase uses, or a filler of locales/phrases/match/cover.toml ("um", "please", "the"). Languages written
  without spaces are aligned character by character: every character run the phrase lacks is left over.
- protected (officer speech, paraphrased freely): only the things a paraphrase must never drop are checked — an
  item or place, a number, a percentage, a counter unit ("200개비" is not "200갑"), a negation the phrase lacks.
Both: a slot value beyond the first of its kind (the phrase holds one) is left over, and so is a number or item
that the phrase has no slot for and does not say itself.
"""

from __future__ import annotations

import difflib
import functools
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz

from kiosk.assistant.lexicon import LANGS as LEXICON_LANGS
from kiosk.assistant.parser import find_mentions
from kiosk.phrasebook.morph import morphemes
from kiosk.phrasebook.slots import Found, find_slots
from kiosk.phrasebook.store import Phrasebook

UNSPACED = frozenset({"zh", "zh-Hant", "ja", "th", "lo", "km", "my"})
_PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
_PERCENT = re.compile(r"%|퍼센트|프로(?![가-힣])|percent|por ?ciento|pour ?cent|prozent|процент")
_DIGIT = re.compile(r"\d")
_NOT_GOODS = frozenset({"general", "personal_effects"})  # "bought", "things", "my phone": no item lost
FUZZY_AT = 85  # a word this close to a word of the phrase is that word (ASR spelling); never for protected words


@dataclass(frozen=True)
class Leftover:
    """Something the utterance says that the phrase does not."""

    word: str
    """The words of the utterance (normalized)."""
    kind: str
    """item | number | unit | negation | contrast | word."""

    def to_dict(self) -> dict[str, str]:
        return {"word": self.word, "kind": self.kind}


@dataclass(frozen=True)
class _Data:
    fillers: dict[str, frozenset[str]]
    contrast: dict[str, frozenset[str]]
    parents: dict[str, str]
    units: tuple[str, ...]
    goods: dict[str, frozenset[str]]
    not_numbers: dict[str, frozenset[str]]


@functools.lru_cache(maxsize=8)
def _data(folder: str) -> _Data:
    path = Path(folder) / "match" / "cover.toml"
    raw: dict[str, object] = {}
    if path.exists():
        with path.open("rb") as fh:
            raw = tomllib.load(fh)

    def table(name: str) -> dict[str, frozenset[str]]:
        t = raw.get(name, {})
        return {str(k): frozenset(str(w) for w in v) for k, v in t.items()} if isinstance(t, dict) else {}

    parents = raw.get("parents", {})
    units = raw.get("units", {})
    ko_units = units.get("ko", []) if isinstance(units, dict) else []
    return _Data(table("fillers"), table("contrast"),
                 {str(k): str(v) for k, v in parents.items()} if isinstance(parents, dict) else {},
                 tuple(sorted((str(u) for u in ko_units), key=len, reverse=True)), table("goods"), table("not_numbers"))


def used_slots(found: list[Found], kinds: tuple[str, ...]) -> list[Found]:
    """The slot values the phrase takes: the first of each of its kinds (slots_of takes the same ones)."""
    taken: dict[str, Found] = {}
    for f in found:
        if f.kind in kinds and f.kind not in taken:
            taken[f.kind] = f
    return list(taken.values())


def _blank(text: str, spans: list[Found]) -> str:
    chars = list(text)
    for f in spans:
        chars[f.start:f.end] = " " * (f.end - f.start)
    return "".join(chars)


@functools.lru_cache(maxsize=4096)
def _template_slots(book: Phrasebook, plain: str, lang: str) -> tuple[Found, ...]:
    """Slot values a phrase's own text names (its items and numbers); the same for every utterance, so kept."""
    return tuple(_whole_words(find_slots(book, plain, lang), plain, lang))


@functools.lru_cache(maxsize=4096)
def _named_categories(plain: str, lang: str) -> frozenset[str]:
    return frozenset(m.category for m in find_mentions(plain, lang))


def _whole_words(found: list[Found], text: str, lang: str) -> list[Found]:
    """In a language written with spaces, an item name inside a longer word is not that item (French "or" = gold
    in "coréen")."""
    if lang in UNSPACED or lang == "ko":
        return found

    def inside(f: Found) -> bool:
        return (f.start > 0 and text[f.start - 1].isalnum()) or (f.end < len(text) and text[f.end].isalnum())

    return [f for f in found if f.kind not in ("item", "place") or not inside(f)]


def _keys(found: Sequence[Found]) -> set[str]:
    return {str(f.value) for f in found if f.kind in ("item", "place")}


def _word_in(word: str, text: str, lang: str) -> bool:
    if lang in UNSPACED or lang == "ko":
        return word.replace(" ", "") in text.replace(" ", "")
    return re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text) is not None


def leftovers(book: Phrasebook, lang: str, norm: str, found: list[Found], kinds: tuple[str, ...],
              templates: tuple[str, ...], strict: bool, negated_text: bool, negated_phrase: bool,
              ) -> tuple[Leftover, ...]:
    """What `norm` (the normalized utterance, slot values `found` in it) says beyond the phrase whose normalized
    texts (its text, its paraphrases; placeholders as {slot}) are `templates`. Empty: the phrase covers it."""
    data = _data(str(book.folder))
    plain = " ".join(_PLACEHOLDER.sub(" ", t) for t in templates)
    found = _whole_words(found, norm, lang)
    tpl_found = _template_slots(book, plain, lang)
    tpl_keys = _keys(tpl_found)
    used = used_slots(found, kinds)
    said_keys = _keys(found)
    tpl_keys |= _keys(used)  # "치즈나 버터" for {item} = dairy: both are dairy
    out: list[Leftover] = []
    for f in found:
        if f in used:
            continue
        surface = norm[f.start:f.end].strip()
        if f.kind == "count" and surface in data.not_numbers.get(lang, ()) and f.start and norm[f.start - 1].isalpha():
            continue  # "6병까지만": 만 = only, glued to the word before
        if f.kind in ("item", "place"):
            key = str(f.value)
            if key not in tpl_keys and data.parents.get(key) not in tpl_keys:
                out.append(Leftover(surface, "item"))
        elif not _word_in(surface, plain, lang) and surface not in data.fillers.get(lang, ()):  # "a" = 1
            out.append(Leftover(surface, "number"))
    rest = _blank(norm, found)
    out += _goods_words(lang, rest, plain)
    for m in _PERCENT.finditer(rest):
        if not _PERCENT.search(plain):
            out.append(Leftover(m.group(0), "number"))
    if lang == "ko":
        out += _korean_checks(norm, rest, found, templates, plain, data)
    if not strict:  # officer speech: a phrase that names an item the officer did not say changes the question
        said_all = said_keys | {data.parents[k] for k in said_keys if k in data.parents}
        out += [Leftover(norm_term, "added") for norm_term, key in _term_names(tpl_found, plain)
                if key not in said_all]
    if negated_text and not negated_phrase:
        out.append(Leftover("", "negation"))
    if strict:
        out += _uncovered_words(lang, rest, plain, data)
    else:  # "가방 좀 열어 주세요 그리고 ...": what follows "and"/"but" is more than the phrase says
        words = set(plain.split())
        out += [Leftover(w, "contrast") for w in rest.split() if w in data.contrast.get(lang, ()) and w not in words]
    seen: set[str] = set()
    return tuple(x for x in out if not (x.word in seen or seen.add(x.word)))  # type: ignore[func-returns-value]


def _term_names(found: Sequence[Found], text: str) -> list[tuple[str, str]]:
    return [(text[f.start:f.end], str(f.value)) for f in found if f.kind in ("item", "place")]


_KO_NUMBER_BEFORE = re.compile(r"(?:\d|몇|한|두|세|네|다섯|여섯|일곱|여덟|아홉|열|스무|{count})\s?$")


def _ko_units(text: str, units: tuple[str, ...], skip: list[Found] = ()) -> set[str]:  # type: ignore[assignment]
    """Counters right after a number, "몇" or {count}: "200개비" -> 개비, "몇 보루" -> 보루 (not inside an amount
    of money or a date, whose unit is part of the slot value)."""
    if not units:
        return set()
    out = set()
    for m in re.finditer("|".join(re.escape(u) for u in units), text):
        if any(f.start <= m.start() < f.end for f in skip if f.kind in ("money", "date")):
            continue
        if _KO_NUMBER_BEFORE.search(text[:m.start()]):
            out.add(m.group(0))
    return out


def _korean_checks(norm: str, rest: str, found: list[Found], templates: tuple[str, ...], plain: str,
                   data: _Data) -> list[Leftover]:
    """Counters the phrase does not say, and goods nouns (Kiwi morphemes: "총" but not "총액") it does not name."""
    tpl_units: set[str] = set()
    for t in templates:
        tpl_units |= _ko_units(t, data.units)
    out = [Leftover(u, "unit") for u in sorted(_ko_units(norm, data.units, found) - tpl_units)]
    goods = data.goods.get("ko", frozenset())
    if goods:
        said = {m.lemma for m in morphemes(rest) if m.tag in ("NNG", "NNP")} & goods
        named = {m.lemma for m in morphemes(plain) if m.tag in ("NNG", "NNP")}
        out += [Leftover(g, "item") for g in sorted(said - named)]
    return out


def _goods_words(lang: str, rest: str, plain: str) -> list[Leftover]:
    """Goods the kiosk's lexicon knows (a gun, wine, 망고) that the phrase does not name: left over."""
    if lang not in LEXICON_LANGS:
        return []
    said = [m for m in find_mentions(rest, lang) if m.category not in _NOT_GOODS]
    if not said:
        return []
    named = _named_categories(plain, lang)
    return [Leftover(m.text.strip(), "item") for m in said if m.category not in named]


def _uncovered_words(lang: str, rest: str, plain: str, data: _Data) -> list[Leftover]:
    fillers = data.fillers.get(lang, frozenset())
    contrast = data.contrast.get(lang, frozenset())
    if lang in UNSPACED:
        a, b = rest.replace(" ", ""), plain.replace(" ", "")
        sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
        out, pos = [], 0
        for block in sm.get_matching_blocks():
            run = a[pos:block.a]
            for f in sorted(fillers, key=len, reverse=True):
                run = run.replace(f, "")
            if run:
                kind = "contrast" if any(c in a[pos:block.a] for c in contrast) else "word"
                out.append(Leftover(a[pos:block.a], kind))
            pos = block.a + block.size
        return out
    tpl_words = set(plain.split())
    out = []
    for w in rest.split():
        if w in tpl_words or w in fillers:
            continue
        protected = w in contrast or _DIGIT.search(w) is not None
        if not protected and len(w) >= 4 and any(fuzz.ratio(w, t) >= FUZZY_AT for t in tpl_words):
            continue
        out.append(Leftover(w, "contrast" if w in contrast else "number" if _DIGIT.search(w) else "word"))
    return out
