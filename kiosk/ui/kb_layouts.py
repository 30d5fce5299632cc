"""The on-screen keyboard's layouts, as tables: (key name, grid row, grid column, column span). Character keys are
named by the character they type (mark keys by the combining mark they add: kiosk.ui.marks); control keys by
CONTROL_KEYS (the candidate keys of the pinyin page among them). One page per script a UI language needs
(LANG_PAGE).

Sources of the letter layouts: Korean 두벌식 (KS X 5002), Russian ЙЦУКЕН (ГОСТ 6431-90), Thai Kedmanee (TIS 820-2538),
Japanese 五十音 table (あ-row columns as on ticket machines), Chinese pinyin with a row of hanzi candidates
(kiosk.ui.pinyin), Vietnamese: the QWERTY letters with đ and the five tone and three vowel-shape marks as keys (as
VNI/Telex keyboards apply them: to the syllable before the cursor).
"""

from __future__ import annotations

from collections.abc import Iterable

from kiosk.ui import hangul
from kiosk.ui.marks import BREVE, CIRCUMFLEX, DAKUTEN, HANDAKUTEN, HORN, SMALL, TONES

Layout = tuple[tuple[str, int, int, int], ...]
CONTROL_KEYS = ("backspace", "clear", "next", "space", "shift", "script", "kana", *(f"cand{i}" for i in range(6)))


def _row(chars: Iterable[str], row: int, start: int = 0) -> tuple[tuple[str, int, int, int], ...]:
    return tuple((c, row, start + i, 1) for i, c in enumerate(chars) if c != " ")


TEXT_LAYOUT: Layout = (
    *_row("1234567890", 0), ("backspace", 0, 10, 3),
    *_row("QWERTYUIOP", 1), ("clear", 1, 10, 3),
    *_row("ASDFGHJKL'", 2), ("next", 2, 10, 3),
    *_row("ZXCVBNM,-", 3), ("space", 3, 9, 3), ("script", 3, 12, 1),
)
HANGUL_LAYOUT: Layout = (
    *_row("1234567890", 0), ("backspace", 0, 10, 3),
    *_row(hangul.ROWS[0][0], 1), ("clear", 1, 10, 3),
    *_row(hangul.ROWS[1][0] + "-", 2), ("next", 2, 10, 3),
    ("shift", 3, 0, 1), *_row(hangul.ROWS[2][0] + ",", 3, 1), ("space", 3, 9, 3), ("script", 3, 12, 1),
)
CYRILLIC_LAYOUT: Layout = (
    *_row("1234567890Ъ", 0), ("backspace", 0, 11, 2),
    *_row("ЙЦУКЕНГШЩЗХ", 1), ("clear", 1, 11, 2),
    *_row("ФЫВАПРОЛДЖЭ", 2), ("next", 2, 11, 2),
    *_row("ЯЧСМИТЬБЮЁ", 3), ("space", 3, 10, 2), ("script", 3, 12, 1),
)


def _controls(row: int, first: str, spans: tuple[int, ...] = (1, 2, 3, 2, 3, 2)) -> Layout:
    """The control keys on a row of their own (the script pages: long labels such as 'ล้างทั้งหมด' get room)."""
    names, starts = (first, "script", "space", "backspace", "clear", "next"), [0]
    for span in spans[:-1]:
        starts.append(starts[-1] + span)
    return tuple((n, row, c, span) for n, c, span in zip(names, starts, spans, strict=True))


# Kedmanee: plain rows and the same keys shifted
THAI_ROWS = ("ๅ/-ภถุึคตจขช", "ๆไำพะัีรนยบลฃ", "ฟหกดเ้่าสวง", "ผปแอิืทมใฝ")
THAI_SHIFTED = ("+๑๒๓๔ู฿๕๖๗๘๙", '๐"ฎฑธํ๊ณฯญฐ,ฅ', "ฤฆฏโฌ็๋ษศซ.", "()ฉฮฺ์?ฒฬฦ")
THAI_LAYOUT: Layout = (*(k for r, chars in enumerate(THAI_ROWS) for k in _row(chars, r)), *_controls(4, "shift"))
# 五十音: one column per consonant row (あかさたなはまやらわ), one grid row per vowel (a i u e o)
KANA_COLUMNS = ("あいうえお", "かきくけこ", "さしすせそ", "たちつてと", "なにぬねの", "はひふへほ", "まみむめも", "や ゆ よ",
                "らりるれろ", "わ   を", ("ん", "ー", DAKUTEN, HANDAKUTEN, SMALL), "、。・")
KANA_LAYOUT: Layout = (
    *((c, r, col, 1) for col, chars in enumerate(KANA_COLUMNS) for r, c in enumerate(chars) if c != " "),
    *_controls(5, "kana", (2, 2, 2, 2, 2, 2)),
)
VIET_LAYOUT: Layout = (
    *_row("1234567890-,.", 0), *_row("qwertyuiopđ", 1), *_row(("a", "s", "d", "f", "g", "h", "j", "k", "l", *TONES[:4]), 2),
    *_row(("z", "x", "c", "v", "b", "n", "m", TONES[4], CIRCUMFLEX, BREVE, HORN), 3), *_controls(4, "shift"),
)
# Chinese: pinyin in lower-case letters; the row above them offers the hanzi for what was typed (kiosk.ui.pinyin)
CANDIDATE_KEYS = tuple(f"cand{i}" for i in range(6))
PINYIN_LAYOUT: Layout = (
    *((k, 0, 2 * i, 2) for i, k in enumerate(CANDIDATE_KEYS)),
    *_row("1234567890-,.", 1), *_row("qwertyuiop'", 2), *_row("asdfghjkl", 3), *_row("zxcvbnm", 4),
    *_controls(5, "shift"),
)
NUMBER_LAYOUT: Layout = (
    *_row("123", 0), ("backspace", 0, 3, 2),
    *_row("456", 1), ("clear", 1, 3, 2),
    *_row("789", 2), ("next", 2, 3, 2),
    ("-", 3, 0, 1), ("0", 3, 1, 2),
)
TEXT_COLUMNS = 13
SCRIPT_LAYOUTS: dict[str, tuple[Layout, int]] = {  # page: (layout, grid columns)
    "Hang": (HANGUL_LAYOUT, 13), "Cyrl": (CYRILLIC_LAYOUT, 13), "Kana": (KANA_LAYOUT, 12),
    "Thai": (THAI_LAYOUT, 13), "Viet": (VIET_LAYOUT, 13), "Hans": (PINYIN_LAYOUT, 13),
}
LANG_PAGE = {"ko": "Hang", "ru": "Cyrl", "ja": "Kana", "th": "Thai", "vi": "Viet", "zh": "Hans"}  # others: Latin
SCRIPT_KEY = {"Latn": "ABC", "Hang": "한", "Cyrl": "АБВ", "Kana": "あ", "Thai": "กข", "Viet": "ăâ",
              "Hans": "拼音"}  # the switch key
SHIFTED: dict[str, dict[str, str]] = {  # page: what a key types with shift (one key, then back)
    "Hang": dict(zip(hangul.ROWS[0][0], hangul.ROWS[0][1], strict=True)),
    "Thai": {p: s for plain, shifted in zip(THAI_ROWS, THAI_SHIFTED, strict=True)
             for p, s in zip(plain, shifted, strict=True)},
    "Viet": {c: c.upper() for c in "qwertyuiopasdfghjklđzxcvbnm"},
    "Hans": {c: c.upper() for c in "qwertyuiopasdfghjklzxcvbnm"},
}
