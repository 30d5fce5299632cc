"""Text as the voice should read it: numbers as words, unit symbols and abbreviations by their spoken names, and
the screen's packing punctuation (· ( ) : ;) as pauses.

The tables are data (voices/readings.toml, per language; Korean first: its voice reads digits as Sino-Korean,
"2병" as "이 병" where a person says "두 병", and Latin abbreviations letter by letter). Only what the engine gets
changes: the text on screen, the phrase plan and the cache keys keep the written form.
"""

from __future__ import annotations

import functools
import logging
import re
import tomllib
from dataclasses import dataclass

from kiosk.paths import project_dir

log = logging.getLogger(__name__)

__all__ = ["Readings", "engine_text", "readings", "speakable"]

_NUMBER = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?")


@dataclass(frozen=True)
class Readings:
    """One language's reading table (voices/readings.toml)."""

    native_counters: tuple[str, ...] = ()
    native_units: tuple[str, ...] = ()
    native_tens: tuple[str, ...] = ()
    native_twenty: str = ""
    units: tuple[tuple[str, str], ...] = ()  # longest symbol first
    prefix_currencies: tuple[str, ...] = ()
    words: tuple[tuple[str, str], ...] = ()
    pause: tuple[str, ...] = ()
    stop: tuple[str, ...] = ()
    pronounce: bool = False  # Hangul rewritten as pronounced before the engine (kiosk.tts.ko_pron)
    sino_words: tuple[str, ...] = ()  # words that begin like a native counter but count in Sino-Korean ("개월")
    number_words: tuple[tuple[str, str], ...] = ()  # a written number + word read irregularly ("6월" -> "유월")
    clock: tuple[str, str] = ("", "")  # "10:30" -> native hour + clock[0], Sino minutes + clock[1] ("시", "분")


@functools.cache
def readings(lang: str) -> Readings | None:
    """The reading table of `lang`, or None (the text is read as written)."""
    path = project_dir("voices") / "readings.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        log.warning("no reading table (%s)", type(exc).__name__)
        return None
    row = data.get(lang.split("-")[0])
    if not isinstance(row, dict):
        return None
    by_len = lambda kv: -len(kv[0])  # noqa: E731
    return Readings(
        native_counters=tuple(sorted(row.get("native_counters", ()), key=len, reverse=True)),
        native_units=tuple(row.get("native_units", ())), native_tens=tuple(row.get("native_tens", ())),
        native_twenty=str(row.get("native_twenty_before_counter", "")),
        units=tuple(sorted(row.get("units", {}).items(), key=by_len)),
        prefix_currencies=tuple(sorted(row.get("prefix_currencies", ()), key=len, reverse=True)),
        words=tuple(sorted(row.get("words", {}).items(), key=by_len)),
        pause=tuple(row.get("pause", ())), stop=tuple(row.get("stop", ())),
        pronounce=bool(row.get("pronounce", False)),
        sino_words=tuple(sorted(row.get("sino_words", ()), key=len, reverse=True)),
        number_words=tuple(sorted(row.get("number_words", {}).items(), key=by_len)),
        clock=(str(row.get("clock", {}).get("hour", "")), str(row.get("clock", {}).get("minute", ""))))


def _sino(whole: str, frac: str | None, lang: str) -> str:
    from kiosk.assistant.spoken import in_words

    value = float(whole.replace(",", "") + (f".{frac}" if frac else ""))
    return in_words(value, lang)


def _native(n: int, r: Readings) -> str | None:
    """A count below 100 in native words before a counter ("두", "스무", "서른세"), or None."""
    if not (0 < n < 100) or len(r.native_units) < 10 or len(r.native_tens) < 10:
        return None
    tens, units = divmod(n, 10)
    if tens == 2 and units == 0 and r.native_twenty:
        return r.native_twenty
    return r.native_tens[tens] + r.native_units[units]


def _clock(m: re.Match[str], r: Readings, lang: str) -> str:
    """"10:30" -> "열 시 삼십 분" (the hour in native words, the minutes Sino-Korean, ":00" not said)."""
    hour, minute = int(m.group(1)), int(m.group(2))
    said = (_native(hour, r) or _sino(str(hour), None, lang)) if hour else _sino("0", None, lang)
    out = f"{said} {r.clock[0]}"
    return f"{out} {_sino(str(minute), None, lang)} {r.clock[1]}" if minute else out


def speakable(text: str, lang: str) -> str:
    """`text` as the `lang` voice should read it (unchanged for a language without a reading table)."""
    r = readings(lang)
    if r is None or not text:
        return text
    out = text
    if r.clock[0]:  # "10:30" before ":" becomes a pause
        out = re.sub(r"(?<![\d:.,])([01]?\d|2[0-3]):([0-5]\d)(?![\d:])", lambda m: _clock(m, r, lang), out)
    for written, said in r.number_words:  # "6월" -> "유월", "1만" -> "만"
        out = re.sub(rf"(?<![\d.,]){re.escape(written)}", said, out)
    if r.prefix_currencies:  # "USD 800" -> "800 USD"
        cur = "|".join(re.escape(c) for c in r.prefix_currencies)
        out = re.sub(rf"(?<![A-Za-z])({cur})\s?(\d[\d,]*(?:\.\d+)?)", r"\2 \1", out)
    pieces: list[str] = []
    pos = 0
    for m in _NUMBER.finditer(out):
        pieces.append(out[pos:m.start()])
        rest = out[m.end():]
        gap = len(rest) - len(rest.lstrip(" "))
        after = rest[gap:]
        counter = None if any(after.startswith(w) for w in r.sino_words) else next(
            (c for c in r.native_counters if after.startswith(c)), None)
        unit = next(((sym, name) for sym, name in r.units
                     if after.startswith(sym) and not re.match(r"[A-Za-z]", after[len(sym):len(sym) + 1])), None)
        native = _native(int(m.group(1).replace(",", "")), r) if counter and not m.group(2) else None
        if native is not None:
            pieces.append(f"{native} ")
            pos = m.end() + gap
        elif unit is not None:
            pieces.append(f"{_sino(m.group(1), m.group(2), lang)} {unit[1]}")
            pos = m.end() + gap + len(unit[0])
        else:
            pieces.append(_sino(m.group(1), m.group(2), lang) + (" " if gap or counter else ""))
            pos = m.end() + gap
    pieces.append(out[pos:])
    out = "".join(pieces)
    for word, spoken in r.words:
        out = re.sub(rf"(?<![A-Za-z]){re.escape(word)}(?![A-Za-z])", spoken, out)
    out = re.sub(r"[)）](?=[\uac00-\ud7a3])", "", out)  # "(…)은": the particle follows on, no pause before it
    for ch in r.pause:
        out = out.replace(ch, ", ")
    for ch in r.stop:
        out = out.replace(ch, ". ")
    out = re.sub(r"\s*,(\s*,)+", ",", out)
    out = re.sub(r",\s*([.?!])", r"\1", out)
    out = re.sub(r"\s+([,.?!])", r"\1", out)
    out = re.sub(r"([,.])(?=[^\s\d])", r"\1 ", out)
    return re.sub(r"\s{2,}", " ", out).strip(" ,")


def engine_text(text: str, lang: str) -> str:
    """What the engine is handed for one chunk of `speakable` text: Korean written as pronounced ("합니다" ->
    "함니다", kiosk.tts.ko_pron) where the reading table asks for it; otherwise the chunk unchanged."""
    r = readings(lang)
    if r is None or not r.pronounce:
        return text
    from kiosk.tts.ko_pron import pronounce

    return pronounce(text)
