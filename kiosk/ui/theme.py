"""The two looks of the kiosk: normal and accessibility mode (large text, high contrast, slower speech, more time).

Every colour the screens use lives in the palette of a `Theme`, so that contrast can be computed and tested
(WCAG 2.x relative luminance): >= 4.5:1 for every text colour on its background in normal mode, >= 7:1 in
accessibility mode (KS X 9211 / WCAG AAA). Text sizes are character heights in millimetres on the real panel
(kiosk/ui/display.py defines "character size" and the panel): the Korean kiosk accessibility rule (과기정통부 고시
「장애인·고령자 등의 정보 접근 및 이용 편의 증진을 위한 고시」, all kiosks by 2026-01-28) asks 12 mm in accessibility mode
(7.25 mm on screens of 28 cm diagonal or less); normal mode keeps >= 4.8 mm. Timing facts sit here too: the idle reset warns `countdown_s` (>= 20 s)
before it wipes the session, and one touch gives more time.
"""

from __future__ import annotations

from dataclasses import dataclass

KEY_PAD_V, KEY_PAD_H = 2, 4  # on-screen keyboard keys: min-height/width are set so the OUTER size is the target


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
    officer: str  # the "call an officer" button (white text on it)
    allowed: str  # verdict colours (text on bg and on panel)
    declare: str
    prohibited: str
    info: str  # verdict "info": an answer about the rules themselves
    quarantine: str  # animals, plants, meat, fruit: the quarantine desk (not the same look as "over the allowance")
    focus: str  # the ring around the focused control (keypad operation)
    min_char_mm: float  # no text smaller: character size (display.py) on the screen, millimetres
    body_char_mm: float  # the size of body text (titles and buttons are larger by ROLE_SCALE)
    idle_timeout_s: int
    countdown_s: int
    speech_rate: float
    listen_max_s: float

    @property
    def accessible(self) -> bool:
        return self.name == "accessible"

    def text_pairs(self) -> dict[str, tuple[str, str]]:
        """Every (text colour, background colour) the stylesheet puts on screen, by name."""
        return {
            "text/bg": (self.fg, self.bg), "text/panel": (self.fg, self.panel),
            "muted/bg": (self.muted, self.bg), "muted/panel": (self.muted, self.panel),
            "primary button": (self.accent_fg, self.accent), "officer button": ("#ffffff", self.officer),
            "allowed/bg": (self.allowed, self.bg), "allowed/panel": (self.allowed, self.panel),
            "declare/bg": (self.declare, self.bg), "declare/panel": (self.declare, self.panel),
            "prohibited/bg": (self.prohibited, self.bg), "prohibited/panel": (self.prohibited, self.panel),
            "info/bg": (self.info, self.bg), "info/panel": (self.info, self.panel),
            "quarantine/bg": (self.quarantine, self.bg), "quarantine/panel": (self.quarantine, self.panel),
            "banner": ("#ffffff", self.officer), "disabled button": (self.muted, self.panel),
        }


NORMAL = Theme("normal", 26, 1.5, fg="#10223a", bg="#f4f7fb", panel="#ffffff", accent="#0b5cad", accent_fg="#ffffff",
               muted="#4a5a70", officer="#b3261e", allowed="#1b6e35", declare="#8a4f00", prohibited="#b3261e",
               info="#4527a0", quarantine="#00606e", focus="#b35900", min_char_mm=4.8, body_char_mm=6.0,
               idle_timeout_s=60, countdown_s=20,
               speech_rate=1.0, listen_max_s=15.0)
ACCESSIBLE = Theme("accessible", 32, 2.0, fg="#ffffff", bg="#000000", panel="#101010", accent="#ffd400",
                   accent_fg="#000000", muted="#e0e0e0", officer="#9c1c14", allowed="#7cfc00", declare="#ffd400",
                   prohibited="#ff8080", info="#9ecbff", quarantine="#6ff2e0", focus="#00e5ff", min_char_mm=12.0,
                   body_char_mm=12.0, idle_timeout_s=180, countdown_s=45, speech_rate=0.8, listen_max_s=25.0)
MIN_CONTRAST = {"normal": 4.5, "accessible": 7.0}

SMALL_SCREEN_MIN_MM = 7.25  # accessibility mode on a small kiosk (diagonal <= 28 cm), 2025 revision of the rule
# text size of each role relative to body text, per theme (accessibility mode: body text is already 12 mm, so
# headings grow less and nothing is smaller than body text)
ROLE_SCALE = {"normal": {"title": 1.6, "big": 1.35, "body": 1.0, "small": 0.8, "state": 1.25, "symbol": 3.2},
              "accessible": {"title": 1.15, "big": 1.05, "body": 1.0, "small": 1.0, "state": 1.1, "symbol": 2.2}}


def _channel(c: float) -> float:
    c /= 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(hex_colour: str) -> float:
    """WCAG relative luminance of '#rrggbb'."""
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i:i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours (1..21)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def stylesheet(theme: Theme, target_px: int) -> str:
    """Colours and sizes only (fonts are set with QFont so that fontMetrics stay truthful)."""
    t = theme
    bw = 3 if t.accessible else 1  # border width
    border = f"{bw}px solid " + (t.fg if t.accessible else "#8795a8")
    fw = 4 if t.accessible else 3  # focus ring width: keypad users must see where they are
    sb = target_px // 2 if t.accessible else 16  # scroll bars: large, visible controls in accessibility mode
    return f"""
    QWidget#root, QStackedWidget, QScrollArea, QScrollArea > QWidget > QWidget {{ background: {t.bg}; color: {t.fg}; }}
    QLabel {{ color: {t.fg}; background: transparent; }}
    QLabel[role="muted"] {{ color: {t.muted}; }}
    QFrame[panel="true"] {{ background: {t.panel}; border: {border}; border-radius: 12px; }}
    QPushButton {{ min-height: {target_px}px; min-width: {target_px}px; padding: 6px 18px; border-radius: 12px;
                   background: {t.panel}; color: {t.fg}; border: {border}; }}
    QPushButton[ptt="true"] {{ min-height: {target_px * 2}px; }}
    QPushButton[compact="true"] {{ padding: 0px; }}
    QPushButton[primary="true"] {{ background: {t.accent}; color: {t.accent_fg}; border: 3px solid {t.accent}; }}
    QPushButton[officer="true"] {{ background: {t.officer}; color: #ffffff; border: 3px solid {t.officer}; }}
    QPushButton:checked {{ background: {t.accent}; color: {t.accent_fg}; }}
    QPushButton:disabled, QPushButton:checked:disabled, QPushButton[primary="true"]:disabled,
    QPushButton[officer="true"]:disabled {{ background: {t.panel}; color: {t.muted}; border: {bw}px dashed {t.muted}; }}
    QPushButton:focus, QPushButton[primary="true"]:focus, QPushButton[officer="true"]:focus,
    QLineEdit:focus, QSpinBox:focus {{ border: {fw}px solid {t.focus}; }}
    QLineEdit, QSpinBox {{ min-height: {target_px}px; padding: 4px 10px; background: {t.panel}; color: {t.fg};
                           border: {border}; border-radius: 8px; }}
    QProgressBar {{ min-height: 14px; max-height: 14px; border: none; background: {t.panel}; }}
    QProgressBar::chunk {{ background: {t.accent}; }}
    QFrame#keyboard {{ background: {t.bg if t.accessible else "#dde4ee"}; border-top: {border}; }}
    QPushButton[key="true"] {{ padding: {KEY_PAD_V}px {KEY_PAD_H}px; border-radius: 8px;
                               min-height: {target_px - 2 * (KEY_PAD_V + bw)}px; min-width: {target_px - 2 * (KEY_PAD_H + bw)}px; }}
    QPushButton[key="true"]:pressed {{ background: {t.accent}; color: {t.accent_fg}; }}
    QScrollBar:vertical {{ width: {sb}px; background: {t.panel}; border: none; margin: 0px; }}
    QScrollBar::handle:vertical {{ background: {t.accent}; min-height: {sb * 2}px; border-radius: {sb // 2}px; }}
    QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical {{ height: 0px; }}
    QScrollBar::add-page:vertical, QScrollBar::sub-page:vertical {{ background: none; }}
    QFrame[pair="true"] {{ border: {bw}px solid {t.muted}; border-radius: 10px; background: {t.panel}; }}
    QFrame#overlay {{ background: rgba(0, 0, 0, 170); }}
    QFrame#dialog {{ background: {t.panel}; border: 4px solid {t.accent}; border-radius: 18px; }}
    QLabel#banner {{ background: {t.officer}; color: #ffffff; }}
    QLabel[verdict="allowed"] {{ color: {t.allowed}; }}
    QLabel[verdict="declare"], QLabel[verdict="unclear"], QLabel[verdict="restricted"] {{ color: {t.declare}; }}
    QLabel[verdict="prohibited"] {{ color: {t.prohibited}; }}
    QLabel[verdict="info"] {{ color: {t.info}; }}
    QLabel[verdict="quarantine"] {{ color: {t.quarantine}; }}
    QFrame[banner="allowed"] {{ background: {t.panel}; border: {bw + 5}px solid {t.allowed}; border-radius: 16px; }}
    QFrame[banner="declare"], QFrame[banner="unclear"], QFrame[banner="restricted"] {{
        background: {t.panel}; border: {bw + 5}px solid {t.declare}; border-radius: 16px; }}
    QFrame[banner="prohibited"] {{ background: {t.panel}; border: {bw + 5}px solid {t.prohibited}; border-radius: 16px; }}
    QFrame[banner="quarantine"] {{ background: {t.panel}; border: {bw + 5}px solid {t.quarantine}; border-radius: 16px; }}
    QFrame[banner="info"] {{ background: {t.panel}; border: {bw + 5}px solid {t.info}; border-radius: 16px; }}
    """
