"""Building blocks of the screens: fonts per script, touch-size buttons reachable by keypad, wrapping labels."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, QObject, QSize, Qt, QTimer
from PySide6.QtGui import QFont, QIcon, QPainter, QPixmap, QRawFont, QResizeEvent, QTextLayout, QTextOption
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QLabel,
    QLayout,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStyle,
    QStyleOptionButton,
    QWidget,
)

from kiosk.i18n import font_family
from kiosk.ui.display import DESIGN_PX_PER_MM, LANG_SCRIPT, font_px_for, px_per_mm, scripts, small_screen
from kiosk.ui.theme import ROLE_SCALE, SMALL_SCREEN_MIN_MM, Theme

FALLBACK_FAMILIES = ("Noto Sans", "Noto Sans CJK KR", "Noto Sans Thai", "Noto Sans CJK SC", "Noto Sans CJK JP",
                     "Noto Sans Symbols2", "DejaVu Sans", "Noto Color Emoji")


def prop(w: QObject, name: str, default: object = None) -> object:
    """w.property(name) without PySide6 6.12's bug: property() of an UNSET property decrements None's refcount
    (Python 3.11 then aborts with 'none_dealloc' at exit). Only read properties that exist."""
    if QByteArray(name.encode()) in w.dynamicPropertyNames():
        return w.property(name)
    return default


def px_per_cm(widget: QWidget) -> float:
    """Pixels per centimetre of the kiosk's real panel (kiosk.ui.display), not Qt's logical DPI."""
    return px_per_mm(widget) * 10


def min_char_mm(theme: Theme) -> float:
    """The smallest character size allowed in this theme on this kiosk's screen (millimetres)."""
    if theme.accessible and small_screen():
        return min(theme.min_char_mm, SMALL_SCREEN_MIN_MM)
    return theme.min_char_mm


def stacked(layout: QBoxLayout) -> QBoxLayout:
    """Mark a row of controls that becomes a column of full-width buttons in accessibility mode on a portrait
    screen (the window sets the direction on every restyle)."""
    layout.setProperty("stack", True)
    return layout


def scale_margins(root: QWidget, ppm: float) -> None:
    """Layout margins keep their millimetres: written in pixels for the 32" 1080x1920 panel (unchanged there),
    scaled by the pixel density elsewhere (a third less on a 1280x720 output, twice as much on 4K, where 24 px
    would be a 4 mm margin). Spacing is left to Qt (unset spacing is the style's per-control spacing)."""
    factor = ppm / DESIGN_PX_PER_MM
    for lay in root.findChildren(QLayout):
        design = lay.property("design_margins")
        if design is None:
            m = lay.contentsMargins()
            design = [m.left(), m.top(), m.right(), m.bottom()]
            lay.setProperty("design_margins", design)
        lay.setContentsMargins(*(round(int(v) * factor) for v in design))  # type: ignore[union-attr]


def text_px(font: QFont, text: str, lang: str, theme: Theme, role: str, ppm: float) -> int:
    """Pixel size of a text of `role`: body text is `theme.body_char_mm`, roles scale it, and nothing is below
    `min_char_mm` in any script of the language (plus Latin: digits and names) or of the text itself."""
    need = scripts(text, lang) | {LANG_SCRIPT.get(lang, "latin"), "latin"}
    floor = font_px_for(min_char_mm(theme), font, need, ppm)
    body = font_px_for(theme.body_char_mm, font, need, ppm)
    return max(floor, round(body * ROLE_SCALE[theme.name].get(role, 1.0)))


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


class Label(QLabel):
    """A text label that takes no height while it has nothing to show: an empty status or result line leaves its
    room to the rest of the screen (the desk screen before a scan, four empty lines, was 42 px taller than a
    1280x720 output in Thai large text)."""

    def _empty(self) -> bool:
        return not self.text() and self.pixmap().isNull()

    def sizeHint(self) -> QSize:
        return QSize(0, 0) if self._empty() else super().sizeHint()

    def minimumSizeHint(self) -> QSize:
        return QSize(0, 0) if self._empty() else super().minimumSizeHint()

    def heightForWidth(self, width: int) -> int:
        return 0 if self._empty() else super().heightForWidth(width)


def label(text: str = "", role: str = "body", *, wrap: bool = True, center: bool = False,
          lang: str | None = None) -> QLabel:
    lab = Label(text)
    lab.setWordWrap(wrap)
    lab.setProperty("role", role)
    if lang:
        lab.setProperty("lang", lang)
    lab.setTextFormat(Qt.TextFormat.PlainText)
    if center:
        lab.setAlignment(Qt.AlignmentFlag.AlignCenter)
    lab.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    return lab


def wrap_lines(text: str, font: QFont, width: float) -> list[str]:
    """`text` broken into lines no wider than `width` at Unicode line-break opportunities (spaces, between CJK
    characters, Thai words via libthai); a word is never cut ("KRW" does not become "KR/W")."""
    layout = QTextLayout(text, font)
    opt = QTextOption()
    opt.setWrapMode(QTextOption.WrapMode.WordWrap)
    layout.setTextOption(opt)
    layout.beginLayout()
    lines: list[str] = []
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(max(1.0, width))
        lines.append(text[line.textStart():line.textStart() + line.textLength()].strip())
    layout.endLayout()
    return [ln for ln in lines if ln] or [text]


class WrapButton(QPushButton):
    """A push button whose words wrap onto more lines when its row is too narrow (12 mm text in ten languages on a
    1080-pixel-wide screen). `text()` is the whole text; the lines drawn are `shown()`."""

    def __init__(self, text: str = "") -> None:
        super().__init__(text)
        self._full = text

    def text(self) -> str:  # type: ignore[override]
        return self._full

    def shown(self) -> str:
        return super().text()

    def setText(self, text: str) -> None:  # type: ignore[override]
        self._full = text
        super().setText(text)
        self._rewrap()

    def room(self) -> float:
        """Width available to the text: the button minus its padding, border and icon."""
        opt = QStyleOptionButton()
        self.initStyleOption(opt)
        contents = self.style().subElementRect(QStyle.SubElement.SE_PushButtonContents, opt, self)
        icon = 0 if self.icon().isNull() else self.iconSize().width() + 4
        return float(contents.width() - icon)

    def _rewrap(self) -> None:
        if not self._full:
            return
        self._hold_height(announce=False)  # on every resize: no new layout request unless the floor moved
        room = self.room()
        one_line = self.fontMetrics().horizontalAdvance(self._full) <= room
        shown = self._full if one_line else "\n".join(wrap_lines(self._full, self.font(), room))
        if shown != super().text():
            super().setText(shown)
            # the row must grow to the new number of lines; asked from a resize (inside the layout's own pass) the
            # request would be lost, so it is posted
            QTimer.singleShot(0, self._hold_height)

    def _hold_height(self, announce: bool = True) -> None:
        """Never squeezed below its lines: the stylesheet's min-height would otherwise be the only floor."""
        need = super().sizeHint().height()
        if self.minimumHeight() != need:
            self.setMinimumHeight(need)
        if announce:
            self.updateGeometry()

    def _extra(self, hint: QSize) -> int:
        """Width of the button around its text (padding, border, icon) in a size hint."""
        return hint.width() - max((self.fontMetrics().horizontalAdvance(ln) for ln in super().text().split("\n")),
                                  default=0)

    def sizeHint(self) -> QSize:
        """As wide as the text on one line; as tall as the lines it shows at its present width."""
        hint = super().sizeHint()
        return QSize(self._extra(hint) + self.fontMetrics().horizontalAdvance(self._full), hint.height())

    def minimumSizeHint(self) -> QSize:
        """As narrow as its longest word allows (the rest wraps), as tall as the lines it shows."""
        hint = super().sizeHint()
        longest = max((self.fontMetrics().horizontalAdvance(w) for w in self._full.split()), default=0)
        return QSize(min(self.sizeHint().width(), self._extra(hint) + longest), hint.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._rewrap()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._rewrap()


def button(text: str = "", role: str = "big", *, primary: bool = False, officer: bool = False,
           lang: str | None = None, checkable: bool = False, focus: bool = True) -> QPushButton:
    """A touch button (its words wrap when the row is too narrow). `focus`: reachable with Tab/arrows (a keypad),
    never focused by a tap (taps keep the focus where it is, e.g. in the field the on-screen keyboard types into)."""
    b = WrapButton(text)
    b.setProperty("role", role)
    if primary:
        b.setProperty("primary", True)
    if officer:
        b.setProperty("officer", True)
    if lang:
        b.setProperty("lang", lang)
    b.setCheckable(checkable)
    b.setFocusPolicy(Qt.FocusPolicy.TabFocus if focus else Qt.FocusPolicy.NoFocus)
    # vertically "Minimum", not "Fixed": a row is only as tall as the lowest maximum of its buttons, and a button
    # whose words wrap needs the whole row to grow with it
    b.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    return b


def apply_fonts(root: QWidget, lang: str, theme: Theme) -> None:
    """Set the font of every widget under `root` from its role and language (property 'lang' overrides)."""
    widgets = [root, *root.findChildren(QWidget)]
    ppm = px_per_mm(root)
    scale_margins(root, ppm)  # margins in millimetres, like the text
    for w in widgets:
        role = prop(w, "role") or "body"
        wlang = prop(w, "lang") or lang
        text = w.text() if hasattr(w, "text") and callable(w.text) else ""
        fam = family_for_text(str(text), str(wlang)) if prop(w, "valuefont") else font_family(str(wlang))
        f = QFont(fam)
        f.setFamilies(families(fam))
        sized = str(text)  # its own scripts count too (a Thai language name on a Korean officer's board)
        f.setPixelSize(text_px(f, sized, str(wlang), theme, str(role), ppm))
        if role in ("title", "state", "symbol"):
            f.setWeight(QFont.Weight.DemiBold)
        w.setFont(f)
        got = w.font()
        if got.families() != f.families():  # a widget that picks its own fonts (phrase board): size for those
            got.setPixelSize(text_px(got, sized, str(wlang), theme, str(role), ppm))
            w.setFont(got)


class VScroll(QScrollArea):
    """A vertical scroll area whose scroll bar and widget width always agree with the content.

    QScrollArea shows or hides an as-needed scroll bar on a *later* turn of the event loop (a queued slot on the
    bar's range change): in between, a bar that is no longer needed covers the right edge of a widget that already
    has the full width again (the basket rows' ✎ / ✕ buttons lay 17 px under it, outside the visible column), or
    a bar that is needed is missing. Here the bar is laid out as soon as its range changes."""

    def __init__(self, whole_rows: bool = False) -> None:
        super().__init__()
        self.whole_rows = whole_rows  # no row shown cut in half at the bottom edge at rest (see `snap`)
        self.cut = 0
        self.verticalScrollBar().rangeChanged.connect(self._range_changed)
        self.verticalScrollBar().valueChanged.connect(self.snap)

    def _range_changed(self, low: int, high: int) -> None:
        bar = self.verticalScrollBar()
        if self.verticalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAsNeeded and bar.isVisibleTo(self) != (high > low):
            self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)  # lays the bar out now
        self.snap()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.snap()

    def snap(self) -> None:
        """Whole rows: the viewport ends above a row (a direct child of the content) that the bottom edge would cut;
        the rest of the area stays empty and the row is the first one the next scroll shows."""
        inner = self.widget()
        if not self.whole_rows or inner is None:
            return
        full = self.viewport().height() + self.cut
        edge = self.verticalScrollBar().value() + full
        direct = Qt.FindChildOption.FindDirectChildrenOnly
        rows = []  # (top, height) in the content; a tall child (the inline basket) by its own rows
        for w in inner.findChildren(QWidget, options=direct):
            if w.isVisibleTo(inner):
                rows += ([(w.y() + c.y(), c.height()) for c in w.findChildren(QWidget, options=direct)
                          if c.isVisibleTo(w)] if w.height() >= full // 2 else [(w.y(), w.height())])
        cut = max((edge - top for top, h in rows if top < edge < top + h and h < full // 2), default=0)
        if cut != self.cut:
            self.cut = cut
            self.setViewportMargins(0, 0, 0, cut)


def scroll(inner: QWidget, whole_rows: bool = False) -> QScrollArea:
    area = VScroll(whole_rows)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setWidget(inner)
    return area


def panel() -> QFrame:
    f = QFrame()
    f.setProperty("panel", True)
    return f


def clear_layout(layout: QLayout) -> None:
    """Remove and delete every widget of `layout` (dynamic rows: review fields, interpretation lines)."""
    while layout.count():
        item = layout.takeAt(0)
        w = item.widget() if item is not None else None
        if w is not None:
            w.hide()
            w.setParent(None)
            w.deleteLater()


def show_added(layout: QLayout) -> None:
    """Show now the widgets just added to `layout` (and its sub-layouts) on a page that is already visible.

    Qt shows a widget added to a visible parent only on a later turn of the event loop (a queued call): until then
    it is hidden: not on the screen, not in a grab or the accessibility tree, not seen by the screen's own checks.
    A widget hidden on purpose (`hide()` before it was added) stays hidden."""
    for n in range(layout.count()):
        item = layout.itemAt(n)
        w = item.widget() if item is not None else None
        if w is not None and not (w.isHidden() and w.testAttribute(Qt.WidgetAttribute.WA_WState_ExplicitShowHide)):
            w.setVisible(True)
        sub = item.layout() if item is not None else None
        if sub is not None:
            show_added(sub)


def repolish(w: QWidget) -> None:
    """Re-apply the stylesheet after a dynamic property changed (e.g. the verdict colour)."""
    w.style().unpolish(w)
    w.style().polish(w)


def pictogram(symbol: str, px: int) -> QIcon:
    """An icon of one pictogram character drawn with the colour emoji font (fonts-noto-color-emoji)."""
    pix = QPixmap(px, px)
    pix.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pix)
    f = QFont("Noto Color Emoji")
    f.setFamilies(["Noto Color Emoji", *FALLBACK_FAMILIES])
    f.setPixelSize(round(px * 0.8))
    painter.setFont(f)
    painter.drawText(pix.rect(), int(Qt.AlignmentFlag.AlignCenter), symbol)
    painter.end()
    return QIcon(pix)
