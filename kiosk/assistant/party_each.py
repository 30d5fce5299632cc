"""Issue 20 item 3: "one bottle each" said about a travelling party that is counted, not named ("we are three, one
bottle of whisky each", "저희 셋이 … 위스키 세 병 … 한 사람당 한 병씩", "wir sind zu dritt, jeder eine Flasche").

The goods spread over the party: the traveler keeps one share, and each other person of the party is a companion
(`companion_1`, `companion_2` …, arriving with the traveler) holding the same share, judged against their own
allowance. A companion's age is not known, so an alcohol or tobacco share of theirs is asked about, never presumed
adult ("allowed" never rests on an unsaid age). Only a consistent reading is taken: the count said per person (the
smallest count of the turn) times the party's size must be the total said, or the count said is the per-person one;
otherwise the goods stay the traveler's (the stricter reading). The party's size patterns and the number forms the
number reader does not read ("셋", "трое", "zu dritt") are data: locales/family/<lang>.toml `[party]`."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from kiosk.assistant import family
from kiosk.assistant.adults import ADULT, adults_said
from kiosk.assistant.numbers import find_numbers, normalize_text, spaced
from kiosk.assistant.places import chat_list
from kiosk.rules.model import Item
from kiosk.rules.party import ME

MAX_PARTY = 9


@functools.lru_cache(maxsize=16)
def _patterns(lang: str) -> tuple[re.Pattern[str], ...]:
    size = family.data(lang).get("party", {}).get("size", ())
    edge = r"(?<!\w)" if spaced(lang) else ""
    return tuple(re.compile(edge + re.escape(normalize_text(t).strip()).replace(r"\{n\}", r"(?P<n>[^\s,.!?]+?)")
                            + (r"(?!\w)" if spaced(lang) and t.strip().endswith("{n}") else ""))
                 for t in size)


def party_size(norm: str, lang: str) -> int | None:
    """The size of the party said in the turn ("we are three" -> 3), None when none is said."""
    words = {normalize_text(k).strip(): int(v) for k, v in family.data(lang).get("party", {}).get("words", {}).items()}
    for rx in _patterns(lang):
        for m in rx.finditer(norm):
            said = m.group("n")
            if said in words:
                return words[said]
            nums = find_numbers(said, lang)
            if len(nums) == 1 and nums[0][0] == 0 and nums[0][1] == len(said) and nums[0][2] == int(nums[0][2]):
                return int(nums[0][2])
    return None


def _says_each(norm: str, lang: str) -> bool:
    return any(w in norm for w in (*chat_list("each", lang), *chat_list("each", "en")))


def spread(conv: Any, norm: str, lang: str, touched: Sequence[str], quantities: Sequence[Any]) -> list[str]:
    """Split the traveler's goods told in this turn over a counted party (see the module doc); returns the ids of
    the companions' shares added. `conv` is the conversation (its basket and party members)."""
    n = party_size(norm, lang)
    if n is None or not 2 <= n <= MAX_PARTY or not _says_each(norm, lang) or family.names_member(norm, lang):
        return []
    added: list[str] = []
    relation = ADULT if adults_said(norm, lang) == "all" else "companion"  # "wir sind zu dritt, alle erwachsen"
    for item_id, item in [(i, it) for i, it in conv._items if i in touched]:
        if item.owner != ME or not item.quantity or item.quantity < 1:
            continue
        counts = [float(q.value) for q in quantities if q.kind in ("count", "bare") and q.value and q.value >= 1
                  and q.unit in (None, item.unit) and q.value == int(q.value)]
        k = min([*counts, item.quantity])
        # the total is the largest count said ("세 병 … 한 병씩": 3, though the two counts may have been added up)
        said = max(counts) if counts else item.quantity
        if k * n not in (said, item.quantity) and item.quantity != k:  # "我们三个人" read as 3 bottles: 3 = 3 x 1
            continue  # "we are three, five bottles each": no consistent share, the traveler's goods stay whole
        share = _share(item, k)
        conv._items = [(i, share if i == item_id else it) for i, it in conv._items]
        for c in range(1, n):
            owner = f"companion_{c}"
            conv._set_member(owner, relation=relation, travelling=True)
            added.append(conv._add(replace(share, owner=owner)))
    return added


def _share(item: Item, k: float) -> Item:
    """The item cut to k of its units, its volume and price in proportion (per unit when they were per unit)."""
    q = item.quantity or k
    scale = k / q

    def part(x: float | None) -> float | None:
        return None if x is None else x * scale
    return replace(item, quantity=k, volume_ml=part(item.volume_ml), value=part(item.value))
