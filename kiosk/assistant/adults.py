"""Issue 20 item 3: an age question answered for the whole party ("we are all adults", "다 성인이에요", "tous
adultes", "wir sind alle erwachsen") or for the one asked about ("she is an adult", "성인이에요").

When the kiosk asks a companion's birth year (a share of "one bottle each", a member named without an age), the
traveler often answers with no number. Such an answer settles the ages asked for: every person of the party whose age
is not known (or only the person asked about, for the one-person form) is taken as an adult, relation "adult"
(kiosk.rules.party.ADULT_RELATIONS). It is what the traveler says, like an age said; nothing is presumed. No answer is
taken when the turn holds a word that undoes it ("not all adults", "all adults except my son", "미성년", "sauf"):
then the kiosk asks on. The phrases are data: locales/family/<lang>.toml `[party] adults`, `adult`, `not_adult`.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from kiosk.assistant import family
from kiosk.assistant.numbers import normalize_text, spaced
from kiosk.rules.party import ME

ADULT = "adult"


@functools.lru_cache(maxsize=64)
def _pattern(lang: str, key: str) -> re.Pattern[str] | None:
    words = [normalize_text(w).strip() for lg in dict.fromkeys((lang, "en"))
             for w in family.data(lg).get("party", {}).get(key, ())]
    words = sorted({w for w in words if w}, key=len, reverse=True)
    if not words:
        return None
    body = "|".join(re.escape(w) for w in words)
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)" if spaced(lang) else f"(?:{body})")


def _says(norm: str, lang: str, key: str) -> bool:
    rx = _pattern(lang, key)
    return rx is not None and rx.search(norm) is not None


def adults_said(norm: str, lang: str) -> str | None:
    """"all" when the turn says the whole party is adult, "one" when it says the person asked about is, else None."""
    if _says(norm, lang, "not_adult"):
        return None
    if _says(norm, lang, "adults"):
        return "all"
    if _says(norm, lang, "adult"):
        return "one"
    return None


def settle_adults(conv: Any, norm: str, lang: str, asked: str | None) -> bool:
    """Take the party (or `asked`, the person whose birth year was asked) as adults when the turn says so; returns
    whether any age was settled. `conv` is the conversation (its members and basket)."""
    said = adults_said(norm, lang)
    if said is None:
        return False
    owners = [asked] if said == "one" else list(dict.fromkeys([*conv.members, *(it.owner for _, it in conv._items)]))
    settled = False
    for owner in owners:
        if owner is None or owner == ME:
            continue
        m = conv._member(owner)
        if m.age is None and m.birth_year is None and not m.presumed_adult:
            conv._set_member(owner, relation=ADULT)
            settled = True
    return settled
