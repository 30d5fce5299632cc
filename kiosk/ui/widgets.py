"""Look and feel: fonts per script, sizes, high-contrast accessibility theme, touch-size buttons, wrapping labels."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QByteArray, QObject, Qt
from PySide6.QtGui import QFont, QRawFont
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QWidget

from kiosk.ui.catalog import font_family

FALLBACK_FAMILIES = ("Noto Sans", "Noto Sans CJK KR", "Noto Sans Thai", "Noto Sans CJK SC", "Noto Sans CJK JP")


@dataclass(frozen=True)
class Theme:
    name: str
    base_px: int
    target_cm: float  # minimum touch target edge
    fg: str
    bg: str
    panel: str
    accent: str
    accent_fg: str
    muted: str
    idle_timeout_s: int
    countdown_s: int
    speech_rate: float
    listen_max_s: float


NORMAL = Theme("normal", 22, 1.5, "#10223a", "#f4f7fb", "#ffffff", "#0b5cad", "#ffffff", "#4a5a70",
               idle_timeout_s=60, countdown_s=20, speech_rate=1.0, listen_max_s=15.0)
ACCESSIBLE = Theme("accessible", 32, 2.0, "#ffffff", "#000000", "#101010", "#ffd400", "#000000", "#e0e0e0",
                   idle_timeout_s=180, countdown_s=45, speech_rate=0.8, listen_max_s=25.0)

ROLE_SCALE = {"title": 1.6, "big": 1.35, "body": 1.0, "small": 0.8, "state": 1.25}


def prop(w: QObject, name: str, default: object = None) -> object:
    """w.property(name) without PySide6 6.12's bug: property() of an UNSET property decrements None's refcount
    (Python 3.11 then aborts with 'none_dealloc' at exit). Only read properties that exist."""
    if QByteArray(name.encode()) in w.dynamicPropertyNames():
        return w.property(name)
    return default


KEY_PAD_V, KEY_PAD_H = 2, 4  # on-screen keyboard keys: min-height/width are set so the OUTER size is the target


def px_per_cm(widget: QWidget) -> float:
    return widget.logicalDpiX() / 2.54


def stylesheet(theme: Theme, target_px: int) -> str:
    """Colours and sizes only (fonts are set with QFont so that fontMetrics stay truthful)."""
    t = theme
    bw = 3 if t.name == "accessible" else 1  # border width
    border = f"{bw}px solid " + (t.fg if t.name == "accessible" else "#b8c4d4")
    return f"""
    QWidget#root, QStackedWidget, QScrollArea, QScrollArea > QWidget > QWidget {{ background: {t.bg}; color: {t.fg}; }}
    QLabel {{ color: {t.fg}; background: transparent; }}
    QLabel[role="muted"] {{ color: {t.muted}; }}
    QFrame[panel="true"] {{ background: {t.panel}; border: {border}; border-radius: 12px; }}
    QPushButton {{ min-height: {target_px}px; min-width: {target_px}px; padding: 6px 18px; border-radius: 12px;
                   background: {t.panel}; color: {t.fg}; border: {border}; }}
    QPushButton[ptt="true"] {{ min-height: {target_px * 2}px; }}
    QPushButton[primary="true"] {{ background: {t.accent}; color: {t.accent_fg}; border: 3px solid {t.accent}; }}
    QPushButton[officer="true"] {{ background: #c0392b; color: #ffffff; border: 3px solid #c0392b; }}
    QPushButton:checked {{ background: {t.accent}; color: {t.accent_fg}; }}
    QPushButton:disabled {{ color: {t.muted}; }}
    QLineEdit, QSpinBox {{ min-height: {target_px}px; padding: 4px 10px; background: {t.panel}; color: {t.fg};
                           border: {border}; border-radius: 8px; }}
    QProgressBar {{ min-height: 14px; max-height: 14px; border: none; background: {t.panel}; }}
    QProgressBar::chunk {{ background: {t.accent}; }}
    QFrame#keyboard {{ background: {t.bg if t.name == "accessible" else "#dde4ee"}; border-top: {border}; }}
    QPushButton[key="true"] {{ padding: {KEY_PAD_V}px {KEY_PAD_H}px; border-radius: 8px;
                               min-height: {target_px - 2 * (KEY_PAD_V + bw)}px; min-width: {target_px - 2 * (KEY_PAD_H + bw)}px; }}
    QPushButton[key="true"]:pressed {{ background: {t.accent}; color: {t.accent_fg}; }}
    QFrame#overlay {{ background: rgba(0, 0, 0, 170); }}
    QFrame#dialog {{ background: {t.panel}; border: 4px solid {t.accent}; border-radius: 18px; }}
    QLabel[verdict="allowed"] {{ color: {"#7CFC00" if t.name == "accessible" else "#1b7f3b"}; }}
    QLabel[verdict="declare"], QLabel[verdict="unclear"] {{ color: {"#ffd400" if t.name == "accessible" else "#a15c00"}; }}
    QLabel[verdict="restricted"], QLabel[verdict="prohibited"] {{ color: {"#ff6b6b" if t.name == "accessible" else "#b3261e"}; }}
    """


def families(primary: str) -> list[str]:
    """Font fallback chain: the script's font first, then the others (Noto Sans Thai has no Latin letters, the
    CJK fonts lack some Vietnamese; a Korean name may be typed on an English screen)."""
    return [primary, *(f for f in FALLBACK_FAMILIES if f != primary)]


def _raw(family: str, px: int = 20) -> QRawFont:
    f = QFont(family)
    f.setPixelSize(px)
    return QRawFont.fromFont(f)


def supports(family: str | list[str], text: str, px: int = 20) -> bool:
    """True when every non-space character of `text` has a glyph in `family` (or one of a fallback list)."""
    raws = [_raw(f, px) for f in ([family] if isinstance(family, str) else family)]
    return all(ch.isspace() or any(r.supportsCharacter(ord(ch)) for r in raws) for ch in text)


def family_for_text(text: str, lang: str) -> str:
    """The language's font when it covers `text`, else the first Noto family that does (names in other scripts)."""
    preferred = font_family(lang)
    if not text or supports(preferred, text):
        return preferred
    for fam in FALLBACK_FAMILIES:
        if supports(fam, text):
            return fam
    return preferred


def label(text: str = "", role: str = "body", *, wrap: bool = True, center: bool = False,
          lang: str | None = None) -> QLabel:
    lab = QLabel(text)
    lab.setWordWrap(wrap)
    lab.setProperty("role", role)
    if lang:
        lab.setProperty("lang", lang)
    lab.setTextFormat(Qt.TextFormat.PlainText)
    if center:
        lab.setAlignment(Qt.AlignmentFlag.AlignCenter)
    lab.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    return lab


def button(text: str = "", role: str = "big", *, primary: bool = False, officer: bool = False,
           lang: str | None = None, checkable: bool = False) -> QPushButton:
    b = QPushButton(text)
    b.setProperty("role", role)
    if primary:
        b.setProperty("primary", True)
    if officer:
        b.setProperty("officer", True)
    if lang:
        b.setProperty("lang", lang)
    b.setCheckable(checkable)
    b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    b.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
    return b


def apply_fonts(root: QWidget, lang: str, theme: Theme) -> None:
    """Set the font of every widget under `root` from its role and language (property 'lang' overrides)."""
    widgets = [root, *root.findChildren(QWidget)]
    for w in widgets:
        role = prop(w, "role") or "body"
        wlang = prop(w, "lang") or lang
        text = w.text() if hasattr(w, "text") and callable(w.text) else ""
        fam = family_for_text(str(text), str(wlang)) if prop(w, "valuefont") else font_family(str(wlang))
        f = QFont(fam)
        f.setFamilies(families(fam))
        f.setPixelSize(max(10, round(theme.base_px * ROLE_SCALE.get(str(role), 1.0))))
        if role in ("title", "state"):
            f.setWeight(QFont.Weight.DemiBold)
        w.setFont(f)
