"""Places and travel talk (issue 20 item 0/5): words that say where a traveler comes from, when, and how, never
what the goods are ("I flew in from Paris today", "je viens du Canada", "从土耳其回来"). They are accounted for
(kiosk/assistant/unaccounted.py), so a chatty sentence does not make a harmless message "unclear".

Country and territory names come from CLDR through Babel (already a dependency) in each language, cities from
CLDR's time-zone exemplar cities (localized where CLDR has the name, else the English name of the zone), plus the
travel vocabulary and the common cities CLDR lacks (locales/lexicon/chat.toml). A word that is also a goods word of
the lexicon or a term of the hazard gazetteer is never taken as a place: deny by default stays whole.
"""

from __future__ import annotations

import functools
import tomllib
import unicodedata
from typing import Any

from kiosk.config import settings

_RU_CASES = ("и", "ы", "е", "у", "ю", "ой", "ей", "ии")  # "из Франции", "во Францию", "из Турции"


@functools.lru_cache(maxsize=1)
def _chat() -> dict[str, Any]:
    with (settings().locales_dir / "lexicon" / "chat.toml").open("rb") as fh:
        return tomllib.load(fh)


@functools.lru_cache(maxsize=16)
def _cldr(lang: str) -> frozenset[str]:
    try:
        from babel import Locale

        loc = Locale.parse(lang)
    except Exception:  # noqa: BLE001 - no Babel data for a language leaves only the chat.toml words
        return frozenset()
    names = {str(n) for n in loc.territories.values()}
    own = loc.time_zones
    for zone in _zones():
        data = own.get(zone)
        city = data.get("city") if data is not None and hasattr(data, "get") else None
        names.add(str(city) if city else zone.rsplit("/", 1)[-1].replace("_", " "))
    return frozenset(names)


@functools.lru_cache(maxsize=1)
def _zones() -> tuple[str, ...]:
    """The IANA zones named after a city ("Europe/Paris", "Asia/Seoul"), from the system's tz database."""
    import zoneinfo

    regions = ("Africa/", "America/", "Asia/", "Atlantic/", "Australia/", "Europe/", "Indian/", "Pacific/")
    return tuple(sorted(z for z in zoneinfo.available_timezones() if z.startswith(regions)))


def _variants(name: str, lang: str) -> set[str]:
    out = {name}
    if lang == "ru" and len(name) > 4 and name[-1] in "аяь":  # Франция -> Франции/Францию
        out |= {name[:-1] + e for e in _RU_CASES}
    if lang == "ru" and len(name) > 4 and name[-1] not in "аяьйоеиыуюэ":  # Китай? Пекин -> Пекина/Пекине
        out |= {name + e for e in ("а", "е", "у", "ом")}
    return out


@functools.lru_cache(maxsize=32)
def travel_words(lang: str, exclude: frozenset[str] = frozenset()) -> frozenset[str]:
    """Normalized place names and travel words of a language (and English, for names said in English), less the
    words in `exclude` (goods words and hazard terms: never a place)."""
    data = _chat()
    raw: set[str] = set()
    for lg in dict.fromkeys((lang, "en")):
        for name in _cldr(lg) | set(data.get("cities", {}).get(lg, ())):
            raw |= _variants(name, lg)
        raw |= {w for t in ("travel", "permission", "each") for w in data.get(t, {}).get(lg, ())}
    # names are clean data: NFKC and lower case is what kiosk.assistant.textnorm.clean does to such words (its
    # full pass, for emoji and look-alike letters, costs 0.7 s on these ~15,000 names)
    out = {unicodedata.normalize("NFKC", w).lower().strip().replace("’", "'") for w in raw}
    return frozenset(w for w in out if len(w) >= 2 and w not in exclude)


def chat_list(table: str, lang: str) -> tuple[str, ...]:
    """A word list of locales/lexicon/chat.toml (e.g. `[stems] ko`), normalized like place names."""
    return tuple(unicodedata.normalize("NFKC", str(w)).lower() for w in _chat().get(table, {}).get(lang, ()))

