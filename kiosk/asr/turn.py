"""Has the traveler finished the sentence? Completeness of an on-the-fly transcript, from per-language tables.

At each pause the kiosk transcribes the words so far (kiosk.asr.streaming); `judge(text, lang)` says whether they
form a sentence that is

* "complete"   a question, or a statement of >= 3 words closed by a full stop or a sentence-final form that
               names goods (the kiosk can answer it): the utterance may end after a short silence
               (EndpointConfig.end_silence_ms);
* "incomplete" ending in a conjunction, a particle, an article, a Korean/Japanese connective ending, a comma, or a
               number without its unit: the traveler is still thinking (incomplete_end_silence_ms, the longest);
* "unsure"     anything else (unsure_end_silence_ms).

The signals are data (locales/turn/endings.toml, written from each language's grammar); like LiveKit's turn
detector and pipecat's smart-turn they judge the words, not the silence alone, but with tables instead of a model:
deterministic, instant, and the same on every machine.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from kiosk import languages
from kiosk.paths import project_dir

__all__ = ["Completeness", "TurnTable", "guess_language", "judge", "looks_complete", "table"]

Completeness = Literal["complete", "incomplete", "unsure"]

_CLOSERS = re.escape("'\"”’」』)）]")
_QUESTION = re.compile(rf"[?？][{_CLOSERS}]*\s*$")
_STOP = re.compile(rf"[.!。！][{_CLOSERS}]*\s*$")
_DANGLING = re.compile(rf"([,，、;；:：\-–—]|\.\.\.|…)[{_CLOSERS}]*\s*$")
_TRAILING = re.compile(rf"[\s.!?。！？{_CLOSERS}]+$")
_CURRENCY = "$€£¥₩"
_DIGITS = re.compile(r"\d[\d,.]*")
_DIGITS_END = re.compile(r"\d[\d,.]*$")
_WORD_EDGES = re.compile(r"^[^\w]+|[^\w]+$")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class TurnTable:
    """One language's completeness signals (see locales/turn/endings.toml)."""

    final_endings: tuple[str, ...] = ()
    question_endings: tuple[str, ...] = ()
    incomplete_endings: tuple[str, ...] = ()
    incomplete_words: frozenset[str] = frozenset()
    openers: tuple[str, ...] = ()
    number_words: frozenset[str] = frozenset()
    statements: tuple[str, ...] = ()


@functools.cache
def _tables() -> dict[str, TurnTable]:
    data = tomllib.loads((project_dir("locales") / "turn" / "endings.toml").read_text(encoding="utf-8"))
    out = {}
    for lang, row in data.items():
        if not isinstance(row, dict):
            continue
        out[lang] = TurnTable(
            final_endings=tuple(row.get("final_endings", ())),
            question_endings=tuple(row.get("question_endings", ())),
            incomplete_endings=tuple(row.get("incomplete_endings", ())),
            incomplete_words=frozenset(w.lower() for w in row.get("incomplete_words", ())),
            openers=tuple(sorted((o.lower() for o in row.get("openers", ())), key=len, reverse=True)),
            number_words=frozenset(w.lower() for w in row.get("number_words", ())),
            statements=tuple(w.lower() for w in row.get("statements", ())))
    return out


def table(lang: str) -> TurnTable:
    """The table of `lang` (its base code: "zh-Hant" -> zh); an empty one for a language without signals."""
    return _tables().get(lang.split("-")[0].lower(), TurnTable())


def guess_language(text: str) -> str:
    """The table to use when the transcript's language is unknown: from the script (Latin -> en)."""
    script = languages.script_of(text)
    return {"Hang": "ko", "Hira": "ja", "Kana": "ja", "Hani": "zh", "Cyrl": "ru", "Thai": "th"}.get(script, "en")


def _ending(core: str, t: TurnTable) -> str:
    """"final" | "question" | "incomplete" | "": the kind of the longest table ending `core` ends with."""
    best, kind = 0, ""
    for name, endings in (("question", t.question_endings), ("final", t.final_endings),
                          ("incomplete", t.incomplete_endings)):
        for e in endings:
            if len(e) > best and core.endswith(e):
                best, kind = len(e), name
    return kind


def _size(text: str, spaced: bool) -> int:
    """Words; two CJK characters count as one in unspaced languages."""
    if spaced:
        return len(text.split())
    return len(_CJK.findall(text)) // 2 + len(_WORD.findall(_CJK.sub(" ", text)))


def _number_at_end(core: str, last: str, t: TurnTable, spaced: bool) -> bool:
    """The words end with a number and no unit after it ("I paid 300", "위스키 두", "三百")."""
    if spaced:
        if last[:1] in _CURRENCY:
            return False
        rest = _DIGITS.sub("", last)  # "300" -> "", "3만" -> "만", "2병" -> "병"
        return rest == "" or rest in t.number_words
    m = _DIGITS_END.search(core)
    if m:
        return core[: m.start()][-1:] not in _CURRENCY
    return any(core.endswith(w) for w in t.number_words)


def judge(text: str, lang: str | None = None, names_goods: Callable[[str, str], bool] | None = None) -> Completeness:
    """Completeness of the words heard so far (see the module docstring). `lang`: the transcript's language.

    `names_goods(text, lang)`: whether the words name something the traveler brings. Given, a statement (not a
    question) is complete only when it does, or is one of the table's `statements` ("nothing to declare"):
    Whisper ends every clip with a full stop, so "Mr. Quilter is the apostle." at a pause inside a sentence
    looks finished; a customs statement the kiosk can answer is what ends a turn soon."""
    text = text.strip()
    if not text:
        return "unsure"
    lang = (lang or guess_language(text)).split("-")[0].lower()
    t = table(lang)
    if _DANGLING.search(text):  # "And so my fellow Americans," / "위스키 두 병이랑," / "…"
        return "incomplete"
    question = bool(_QUESTION.search(text))
    stop = bool(_STOP.search(text))
    core = _TRAILING.sub("", text).lower()
    if not core:
        return "unsure"
    spaced = languages.is_spaced(lang) if languages.is_supported(lang) else " " in core
    last = core.split()[-1]
    if question:  # Whisper's question mark: a question, even one ending in a number ("Can I bring 2?")
        return "complete"
    if _number_at_end(core, last, t, spaced):
        return "incomplete"
    if _WORD_EDGES.sub("", last) in t.incomplete_words:
        return "incomplete"
    kind = _ending(last if spaced else core, t)
    if kind == "incomplete":
        return "incomplete"
    if kind == "question":
        return "complete"
    closed = (stop or kind == "final") and _size(core, spaced) >= 3 and not _opens(core, t)
    answerable = closed and (names_goods is None or any(p in core for p in t.statements)
                             or names_goods(text, lang))
    return "complete" if answerable else "unsure"


def _opens(core: str, t: TurnTable) -> bool:
    """The declarative starts with a word that announces more to come ("And so …", "그래서 …")."""
    for opener in t.openers:
        if core == opener or core.startswith(opener + " ") or core.startswith(opener + ","):
            return True
    return False


def looks_complete(text: str, lang: str | None = None) -> bool:
    """True when `judge` says "complete" (a shorter end silence suffices)."""
    return judge(text, lang) == "complete"
