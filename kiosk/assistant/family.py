"""Who in a travelling family an item belongs to: member words per language (locales/family/<lang>.toml) and the
split of one utterance into per-person parts ("my wife has two bottles of wine and I have a carton of cigarettes").

Qt-free and deterministic. A part starts at a member word ("wife", "아내", "妻子", "妻") or at a word for the
traveler ("I", "저는", "我有", "私は"); the text before the first one is the traveler's. A member's age said next
to the word ("my son (10)", "my 10-year-old son", "아들(10살)", "10岁的儿子", "息子（10歳）") is read here and cut out
of the part so that it is never taken for a count of goods. A language without a file is read with English words.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from typing import Any

from kiosk.assistant import lexicon as lx
from kiosk.assistant.numbers import find_numbers, normalize_text
from kiosk.assistant.templates import fmt_number
from kiosk.config import settings
from kiosk.rules.party import ME, PartyEvaluation

_AGE = r"(?:years?[ -]old|year-olds?|yrs?|yo|살|세|岁|歲|歳|才|años|ans|jahre|лет|года|год|tuổi|ขวบ|ปี)"
_AFTER = re.compile(
    r"(?:'s|’s)?\s*(?:"
    r"[(（]\s*(\d{1,2})\s*(?:" + _AGE + r")?\s*[)）]"
    r"|[,，:]?\s*(?:who is|who's|is|aged|age|은|는|이|가|は|が|今年)?\s*(\d{1,2})\s*" + _AGE +
    r"|\s*,?\s*(?:who is|who's|is|aged|age)\s+(\d{1,2})(?=\s*(?:[,.;!?)]|and\b|$))"
    r"|\s*[,，]\s*(\d{1,2})\s*[,，])")  # "my son, 17, has ..."
_BEFORE = re.compile(r"(\d{1,2})\s*-?\s*" + _AGE + r"\s*(?:의|的|の)?\s*$")
_PRONOUN_AGE = re.compile(r"\b(?:he|she)(?:\s+is|'s)\s+(\d{1,2})(?=\s*(?:[,.;!?)]|and\b|$|" + _AGE + r"))")
_UNSPACED = ("ko", "zh", "ja", "th")  # member and reply words matched as substrings (Korean: they take particles);
# elsewhere as whole words, also in a language without a lexicon (its words are then English ones)
_NEAR = 3  # a traveler word this close before a member word is part of it ("我的妻子"-like phrasing)


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    owner: str  # ME or a relation ("wife")


@dataclass(frozen=True)
class Part:
    """One person's part of an utterance. `owner` None: the traveler, implicitly (the text before any person)."""

    owner: str | None
    text: str
    age: int | None = None


@functools.lru_cache(maxsize=16)
def _load(lang: str) -> dict[str, Any]:
    path = settings().locales_dir / "family" / f"{lang}.toml"
    if not path.exists():
        return {}
    with path.open("rb") as fh:
        return tomllib.load(fh)


def data(lang: str) -> dict[str, Any]:
    """The language's family file, English where it has none."""
    return _load(lang) or _load("en")


def label(owner: str, lang: str, start: bool = False) -> str:
    """How the answer names a person ("your wife", "아내"; `start`: at the start of a sentence, "Your wife");
    an unknown member id is said as it is."""
    base, _, nth = owner.rpartition("_") if re.fullmatch(r"\w+_\d+", owner) else (owner, "", "")
    name = str(data(lang).get("labels", {}).get(base) or _load("en").get("labels", {}).get(base) or base)
    name = f"{name} {nth}" if nth else name  # "companion_2": "your travel companion 2"
    return name[:1].upper() + name[1:] if start else name


def text(lang: str, key: str) -> str:
    return str(data(lang).get("text", {}).get(key) or _load("en")["text"][key])


def yes_no(norm: str, lang: str) -> bool | None:
    """A reply to "is … arriving with you?": True, False, or None (neither). A "no" word wins ("yes, but she
    stayed at home")."""
    d = data(lang).get("reply") or _load("en").get("reply", {})
    spaced = lang not in _UNSPACED

    def said(kind: str) -> bool:
        terms = [normalize_text(str(w)) for w in d.get(kind, ())]
        return any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", norm) if spaced else w in norm for w in terms)

    return False if said("no") else True if said("yes") else None


def verdict_text(lang: str, verdict: str) -> str:
    return str(data(lang).get("verdict", {}).get(verdict) or _load("en")["verdict"].get(verdict, verdict))


def _pattern(term: str, spaced: bool, inflect: bool) -> str:
    if term.startswith("re:"):
        return term[3:]
    body = re.escape(normalize_text(term))
    suffix = "(?:'s|’s|s)?" if inflect else ""
    return rf"(?<![\w']){body}{suffix}(?![\w'])" if spaced else body


@functools.lru_cache(maxsize=32)
def _regexes(lang: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    out: list[tuple[str, re.Pattern[str]]] = []
    for lg in (lang if _load(lang) else "en",):  # English words in French ("son", "me") would be wrong
        d = _load(lg)
        spaced = lg not in _UNSPACED
        for owner, terms in [*d.get("relations", {}).items(), (ME, d.get("self", {}).get("terms", []))]:
            if terms:
                alts = sorted((_pattern(t, spaced, owner != ME) for t in terms), key=len, reverse=True)
                out.append((owner, re.compile("|".join(f"(?:{a})" for a in alts))))
    return tuple(out)


def mentions(norm: str, lang: str) -> list[Mention]:
    """Member and traveler words in normalized text, left to right, longest first where they overlap."""
    found: list[Mention] = []
    for owner, rx in _regexes(lang):
        found += [Mention(m.start(), m.end(), owner) for m in rx.finditer(norm) if m.end() > m.start()]
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[Mention] = []
    for m in found:
        if kept and m.start < kept[-1].end:
            continue
        kept.append(m)
    # a traveler word right before a member word belongs to it; a member word with no one else is still a member
    kept = [m for n, m in enumerate(kept) if not (m.owner == ME and n + 1 < len(kept)
                                                  and kept[n + 1].owner != ME and kept[n + 1].start - m.end <= _NEAR)]
    # "my wife is here with me she is forty": a traveler word after "with" is no part of the traveler's
    after = _self_after(lang)
    return [m for n, m in enumerate(kept) if not (m.owner == ME and n > 0 and after is not None
                                                  and after.search(norm, 0, m.start))]


@functools.lru_cache(maxsize=16)
def _self_after(lang: str) -> re.Pattern[str] | None:
    words = [normalize_text(w).strip() for w in lx.words_list(lang, "self_after")]
    if not words:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")\s*$")


@functools.lru_cache(maxsize=64)
def _cue_regexes(lang: str, table: str, key: str) -> tuple[re.Pattern[str], ...]:
    spaced = lang not in _UNSPACED
    out = []
    for t in data(lang).get(table, {}).get(key, ()):
        t = str(t)
        if t.startswith("re:"):
            out.append(re.compile(t[3:]))
        else:
            body = re.escape(normalize_text(t))
            out.append(re.compile(rf"(?<!\w){body}(?!\w)" if spaced else body))
    return tuple(out)


def gift_owners(norm: str, lang: str) -> set[str]:
    """Members named as the receiver of a purchase ("a watch for my dad", "아빠 드릴 시계", "母へのお土産"): the
    goods stay the traveler's own (the buyer carries them; a person at home has no allowance of theirs)."""
    before, after = _cue_regexes(lang, "gift", "before"), _cue_regexes(lang, "gift", "after")
    gifts: set[str] = set()
    for m in mentions(norm, lang):
        head = norm[max(0, m.start - 24):m.start]
        if m.owner != ME and (any(rx.search(head) for rx in before) or any(rx.match(norm, m.end) for rx in after)):
            gifts.add(m.owner)
    return gifts


def presence(norm: str, lang: str) -> bool | None:
    """A member said to be here with the traveler (True), away (False; "away" wins), or neither (None)."""
    if any(rx.search(norm) for rx in _cue_regexes(lang, "presence", "away")):
        return False
    if any(rx.search(norm) for rx in _cue_regexes(lang, "presence", "here")):
        return True
    return None


def together(norm: str, lang: str) -> bool:
    """The traveler says the party travels together ("we are a family of four", "가족 네 명이서 왔는데"): members
    named later without a word of their own about it arrive too (`[presence] together`; "away" still wins)."""
    return any(rx.search(norm) for rx in _cue_regexes(lang, "presence", "together"))


def names_member(norm: str, lang: str) -> bool:
    return any(m.owner != ME for m in mentions(norm, lang))


def pronoun_age(body: str, lang: str) -> tuple[int, int, int] | None:
    """An age said of the member with a pronoun right after their word, digits or number words, with or without
    a years word ("she is forty five", "sie ist achtunddreißig", "elle a 35 ans", "เธออายุสี่สิบ"): (age, start,
    end of the span to cut out). The pronouns are data in locales/family/<lang>.toml: `age_pronouns` are copulas or
    age words ("she is", "sie ist", "อายุ", "今年"); after `age_pronouns_with_years` ("elle a", "tiene", "ей") a years
    word must follow, for there the number may be a count of goods ("elle a deux bouteilles")."""
    spaced_ = lang not in _UNSPACED
    cues = [(c, False) for c in data(lang).get("age_pronouns", ())]
    cues += [(c, True) for c in data(lang).get("age_pronouns_with_years", ())]  # "elle a deux bouteilles": a count
    for cue, needs_years in cues:
        w = normalize_text(cue)
        rx = (r"(?<!\w)" + re.escape(w) + r"(?!\w)") if spaced_ else re.escape(w)
        for m in re.finditer(rx, body):
            for s, e, v in find_numbers(body, lang):
                if s < m.end() or body[m.end():s].strip() or not (0 < v < 120) or v != int(v):
                    continue
                unit = re.match(r"\s*" + _AGE + r"(?!\w)", body[e:])
                if needs_years and unit is None:
                    continue
                return int(v), m.start(), e + (unit.end() if unit else 0)
    return None


def split(norm: str, lang: str) -> list[Part]:
    """The utterance as per-person parts (see the module docstring); ages said next to a member word are read."""
    ms = mentions(norm, lang)
    if not ms:
        return [Part(None, norm)]
    text_ = list(norm)
    starts: list[int] = []
    ages: list[int | None] = []
    for m in ms:
        start, age = m.start, None
        if m.owner != ME:
            after = _AFTER.match(norm, m.end)
            if after:
                age = int(next(g for g in after.groups() if g))
                text_[m.end:after.end()] = " " * (after.end() - m.end)
            before = _BEFORE.search(norm, 0, m.start)
            if before and (not starts or before.start() >= starts[-1]):
                age = age if age is not None else int(before.group(1))
                text_[before.start():before.end()] = " " * (before.end() - before.start())
                start = before.start()
        starts.append(start)
        ages.append(age)
    cleaned = "".join(text_)
    parts = [Part(None, cleaned[:starts[0]])] if starts[0] > 0 else []
    for n, m in enumerate(ms):
        end = starts[n + 1] if n + 1 < len(ms) else len(cleaned)
        body = cleaned[m.end:end] if m.end <= end else ""
        age = ages[n]
        if age is None and m.owner != ME:
            pron = _PRONOUN_AGE.search(body)
            if pron:
                age = int(pron.group(1))
                body = body[:pron.start()] + " " * (pron.end() - pron.start()) + body[pron.end():]
            elif said := pronoun_age(body, lang):  # "meiner Frau, sie ist achtunddreißig", "elle a trente cinq ans"
                age, s, e = said
                body = body[:s] + " " * (e - s) + body[e:]
        parts.append(Part(m.owner, body, age))
    return parts


def read_back(party: PartyEvaluation, lang: str) -> list[str]:
    """The read-back of a family's basket: each person's items and their own verdict (nothing for one traveler)."""
    if all(p.member.id == ME for p in party.people):
        return []
    lines = [text(lang, "intro")]
    for p in party.people:
        descs = ", ".join(dict.fromkeys(p.evaluation.items[n].description for n in range(len(p.indexes))))
        lines.append(text(lang, "owner").format(who=label(p.member.id, lang, start=True), items=descs,
                                                verdict=verdict_text(lang, p.verdict)))
    if party.pooled_cash:
        vals = dict(next(f for f in party.combined.findings if f.key == "pooled_cash").params)
        lines.append(text(lang, "pooled_cash").format(total=fmt_number(vals["total"], lang),
                                                      limit=fmt_number(vals["limit"], lang),
                                                      currency=vals["currency"]))
    return lines
