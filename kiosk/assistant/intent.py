"""The intent of one traveler turn, as one typed value: what the turn does to the basket.

kinds: "remove" (throw away / take off), "family" (names family members: their goods, ages, moves and splits),
"follow_up" (amounts for an item already in the basket), "correct" (new facts replacing an item's), "info" (a
question about the rules, naming no goods), "add" (goods told). Flags that may come with any kind: an information
question, "where", a correction cue, a spoken "yes" to an amount read back.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from kiosk.assistant import family
from kiosk.assistant import lexicon as lx
from kiosk.assistant.numbers import normalize_text, unit_at
from kiosk.assistant.parser import ParsedQuestion, Quantity

INTENT_KINDS: tuple[str, ...] = ("add", "correct", "remove", "family", "info", "follow_up")


def has_cue(norm: str, lang: str, kind: str) -> bool:
    """A cue word of `kind` ("remove", "correct", "info", "where", "yes") in the normalized text."""
    return any(normalize_text(w) in norm for w in lx.cues(lang, kind))


def asks_limit(norm: str, lang: str) -> bool:
    """A quantity question word right before a unit ("how many ml", "wie viel milliliter", "bao nhiêu ml", "何ミリ",
    "กี่มวน"): a question about the limit, not goods told (`[cues] how_many`). "何本か" (some bottles) is no question."""
    needs = [normalize_text(w) for w in lx.words_list(lang, "how_many_needs")]  # ko "몇 개": also "a few"
    if any(normalize_text(w) in norm for w in lx.words_list(lang, "how_many_told")):
        return False  # "몇 병 샀어요": a few bottles bought, told
    for w in lx.cues(lang, "how_many"):
        cue = normalize_text(w).strip()
        edge = r"(?<!\w)" if lang in lx.SPACED or cue.isascii() else ""
        for m in re.finditer(edge + re.escape(cue), norm):
            unit = unit_at(norm, m.end(), lang)
            if unit is not None and unit[0] != "age" and norm[unit[2]:unit[2] + 1] != "か" and (
                    not needs or any(n in norm[unit[2]:] for n in needs)):
                return True
    return False


def is_fact(q: Quantity) -> bool:
    """An amount that describes goods: money, volume, weight, or a count with its unit."""
    return q.kind in ("money", "volume", "weight") or (q.kind == "count" and q.unit is not None)


@dataclass(frozen=True)
class TurnIntent:
    kind: str
    """One of INTENT_KINDS."""
    facts: tuple[Quantity, ...]
    info: bool = False
    where: bool = False
    correcting: bool = False
    confirmed: bool = False
    """A "yes" to the amount read back (then the read-back is done; the rest of the turn is still read)."""

    @property
    def family(self) -> bool:
        return self.kind == "family"


def names_family(norm: str, language: str, parsed: ParsedQuestion) -> bool:
    """The turn names family members (and is no removal, no instruction to the kiosk)."""
    return family.names_member(norm, language) and not has_cue(norm, language, "remove") and not parsed.injection


def read_intent(norm: str, language: str, parsed: ParsedQuestion, *, has_items: bool, confirm_pending: bool,
                follows_up: Callable[[list[Quantity], bool], bool]) -> TurnIntent:
    """What the turn does. `follows_up(facts, correcting)` says whether amounts without a goods word belong to an
    item already in the basket (the conversation's state decides)."""
    facts = [q for q in parsed.quantities if is_fact(q)]
    info = (has_cue(norm, language, "info") or asks_limit(norm, language)) and not facts
    where = info and has_cue(norm, language, "where")
    correcting = has_cue(norm, language, "correct")
    confirmed = confirm_pending and not facts and has_cue(norm, language, "yes")
    if has_cue(norm, language, "remove") and not facts and not parsed.injection:
        kind = "remove"
    elif names_family(norm, language, parsed):
        kind = "family"
    elif parsed.mentions == 0 and facts and has_items and follows_up(facts, correcting):
        kind = "follow_up"
    elif correcting:
        kind = "correct"
    elif info and not parsed.items:
        kind = "info"
    else:
        kind = "add"
    return TurnIntent(kind, tuple(facts), info, where, correcting, confirmed)
