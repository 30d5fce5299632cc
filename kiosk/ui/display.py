"""The physical display and what "character size" means on it, defined once.

Millimetres on screen come from the real panel: `KIOSK_SCREEN_DIAGONAL_IN` and `KIOSK_SCREEN_RESOLUTION` (default a
32" portrait airport kiosk, 1080x1920), or, with the diagonal set to 0, from the display's own physical DPI
(`QScreen.physicalDotsPerInch`, i.e. the size the monitor reports in its EDID). Qt's *logical* DPI is never used: it is
a desktop preference, not a length.

Character size (the Korean kiosk accessibility rule, 과기정통부 고시 「장애인·고령자 등의 정보 접근 및 이용 편의 증진을 위한
고시」: 12 mm, 7.25 mm on screens of 28 cm diagonal or less) is the INK HEIGHT of one reference glyph of the text's
script, measured from the outline of the glyph in the font that draws it (`QRawFont.pathForGlyph`), never from a
guessed ratio:

* Latin, Vietnamese, digits: the capital H (cap height); Cyrillic: Н; Greek: Η;
* Hangul: the syllable 한 (a full syllable block); Han (Chinese, Japanese kanji): 国; kana: あ;
* Thai: ก (the consonant body, no ascender or vowel mark); Devanagari: क (with its head line); Arabic: alef ا.

A text's character size is the smallest of the sizes of the scripts it contains (a Latin name on a Korean screen
counts as Latin).
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from PySide6.QtGui import QFont, QRawFont
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.config import settings

MM_PER_INCH = 25.4
SMALL_SCREEN_CM = 28.0  # the rule's small kiosk: screen diagonal <= 28 cm (11 inches)
REFERENCE = {"latin": "H", "cyrillic": "Н", "greek": "Η", "hangul": "한", "han": "国", "kana": "あ", "thai": "ก",
             "devanagari": "क", "arabic": "ا"}
_PREFIX = {"LATIN": "latin", "DIGIT": "latin", "CYRILLIC": "cyrillic", "GREEK": "greek", "HANGUL": "hangul",
           "CJK": "han", "HIRAGANA": "kana", "KATAKANA": "kana", "THAI": "thai", "DEVANAGARI": "devanagari",
           "ARABIC": "arabic"}
LANG_SCRIPT = {"ko": "hangul", "zh": "han", "ja": "kana", "th": "thai", "ru": "cyrillic", "hi": "devanagari",
               "ar": "arabic", "el": "greek"}  # every other language: latin


@dataclass(frozen=True)
class Panel:
    """A screen of known size: diagonal in inches, resolution in pixels."""

    diagonal_in: float
    width_px: int
    height_px: int

    @property
    def px_per_mm(self) -> float:
        return math.hypot(self.width_px, self.height_px) / (self.diagonal_in * MM_PER_INCH)

    @property
    def diagonal_cm(self) -> float:
        return self.diagonal_in * 2.54

    @property
    def portrait(self) -> bool:
        return self.height_px > self.width_px


# the panel the layouts' margins were drawn for, in pixels (32" 1080x1920, portrait or landscape)
DESIGN_PX_PER_MM = Panel(32.0, 1080, 1920).px_per_mm

_output: tuple[int, int] | None = None


def adopt_output(size: tuple[int, int] | None) -> bool:
    """Full screen: lay out for the output the kiosk was given (cage's 1280x720 headless output, a 4K panel, a
    panel rotated to portrait) instead of the configured resolution; None: the configured one again.
    Whether the resolution in use changed (the window must then be laid out again)."""
    global _output
    before = resolution()
    _output = size if size is None or (size[0] > 0 and size[1] > 0) else None
    return resolution() != before


def resolution() -> tuple[int, int]:
    """The (width, height) in pixels of the output in use (full screen), else the configured one."""
    if _output is not None:
        return _output
    w, h = settings().screen_resolution.split("x")
    return int(w), int(h)


def configured_panel() -> Panel | None:
    """The panel from the settings; None when the diagonal is 0 (ask the display instead)."""
    s = settings()
    if s.screen_diagonal_in <= 0:
        return None
    return Panel(s.screen_diagonal_in, *resolution())


def px_per_mm(widget: QWidget | None = None) -> float:
    """Pixels per millimetre of the kiosk's screen: the configured panel, else the display's physical DPI."""
    p = configured_panel()
    if p is not None:
        return p.px_per_mm
    screen = widget.screen() if widget is not None else None
    if screen is None:
        app = QApplication.instance()
        screen = app.primaryScreen() if isinstance(app, QApplication) else None
    dpi = screen.physicalDotsPerInch() if screen is not None else 96.0
    return (dpi if dpi > 0 else 96.0) / MM_PER_INCH


def small_screen() -> bool:
    """A small kiosk in the rule's sense (diagonal <= 28 cm): 7.25 mm text is enough in accessibility mode."""
    p = configured_panel()
    return p is not None and p.diagonal_cm <= SMALL_SCREEN_CM


def script_of(ch: str) -> str | None:
    """The script whose reference glyph measures `ch` (None for punctuation, symbols, spaces and marks)."""
    if not ch.isalnum():
        return None
    name = unicodedata.name(ch, "")
    first = name.split(" ", 1)[0]
    if first == "FULLWIDTH":
        return "latin"
    return _PREFIX.get(first, "latin" if ch.isascii() else None)


def scripts(text: str, lang: str) -> set[str]:
    """The scripts of the letters in `text`; the language's own script when it has none (numbers, symbols)."""
    found = {s for s in map(script_of, text) if s is not None}
    return found or {LANG_SCRIPT.get(lang, "latin")}


@lru_cache(maxsize=256)
def glyph_ratio(family: str, script: str) -> float:
    """Ink height of the script's reference glyph / font pixel size, from the glyph outline in `family`
    (0.0 when the family has no such glyph)."""
    f = QFont(family)
    f.setPixelSize(200)
    raw = QRawFont.fromFont(f)
    ref = REFERENCE[script]
    if not raw.isValid() or not raw.supportsCharacter(ord(ref)):
        return 0.0
    glyphs = raw.glyphIndexesForString(ref)
    return raw.pathForGlyph(glyphs[0]).boundingRect().height() / 200 if glyphs else 0.0


def drawing_family(font: QFont, script: str) -> str:
    """The first family of the font's fallback chain that has the script's reference glyph."""
    for fam in font.families() or [font.family()]:
        if glyph_ratio(fam, script) > 0:
            return fam
    return font.family()


def char_px(font: QFont, script: str) -> float:
    """The character size of `script` in `font`, in pixels (see the module's definition)."""
    ratio = glyph_ratio(drawing_family(font, script), script)
    return ratio * (font.pixelSize() if font.pixelSize() > 0 else font.pointSizeF() * 96 / 72)


def char_mm(font: QFont, text: str, lang: str, ppm: float) -> float:
    """The character size of `text` drawn in `font` on a screen of `ppm` pixels per millimetre: the smallest of
    its scripts."""
    return min(char_px(font, s) for s in scripts(text, lang)) / ppm


def font_px_for(mm: float, font: QFont, script_set: set[str], ppm: float) -> int:
    """The smallest pixel size of `font` whose characters of every script in `script_set` are >= `mm`."""
    need = 0
    for s in script_set:
        ratio = glyph_ratio(drawing_family(font, s), s)
        if ratio > 0:
            need = max(need, math.ceil(mm * ppm / ratio - 1e-6))
    return need
