"""Declaration outputs: a bilingual PDF (traveler's language beside Korean) and a QR code of the versioned JSON."""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
from pathlib import Path
from zoneinfo import ZoneInfo

import segno
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from kiosk import languages
from kiosk.declaration.model import Declaration, DeclaredItem
from kiosk.declaration.wording import amount, category_name, money
from kiosk.errors import KioskError
from kiosk.i18n import tr

log = logging.getLogger(__name__)

CJK_REGULAR = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
CJK_BOLD = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc")
NOTO_SANS = Path("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf")
NOTO_THAI = Path("/usr/share/fonts/truetype/noto/NotoSansThai-Regular.ttf")
# script (kiosk.languages) -> index of its face inside NotoSansCJK-*.ttc
_TTC_INDEX = {"Jpan": 0, "Hang": 1, "Hans": 2}


class FontMissing(KioskError):
    """A font the PDF needs is not installed."""

    code = "unavailable"


def _add_fonts(pdf: FPDF, lang: str) -> str:
    """Register the fonts for Korean + `lang`, with fallbacks so every script renders. Returns the main family."""
    script = languages.get(lang).script if languages.is_supported(lang) else "Latn"
    if not CJK_REGULAR.exists():
        raise FontMissing(f"{CJK_REGULAR} not found: install the Debian package fonts-noto-cjk")
    pdf.add_font("cjk-ko", "", str(CJK_REGULAR), collection_font_number=_TTC_INDEX["Hang"])
    if CJK_BOLD.exists():
        pdf.add_font("cjk-ko", "B", str(CJK_BOLD), collection_font_number=_TTC_INDEX["Hang"])
    fallbacks = ["cjk-ko"]
    if script in ("Hans", "Jpan"):
        pdf.add_font(f"cjk-{lang}", "", str(CJK_REGULAR), collection_font_number=_TTC_INDEX[script])
        fallbacks.append(f"cjk-{lang}")
    if NOTO_SANS.exists():
        pdf.add_font("noto", "", str(NOTO_SANS))
        fallbacks.append("noto")
    if NOTO_THAI.exists():
        pdf.add_font("noto-thai", "", str(NOTO_THAI))
        fallbacks.append("noto-thai")
    pdf.set_fallback_fonts(fallbacks, exact_match=False)
    try:  # proper Thai/Vietnamese mark placement when uharfbuzz is installed
        import uharfbuzz  # noqa: F401

        pdf.set_text_shaping(True)
    except ImportError:
        pass
    if script in ("Hans", "Jpan"):
        return f"cjk-{lang}"
    if script == "Thai" and NOTO_THAI.exists():
        return "noto-thai"
    return "noto" if script != "Hang" and NOTO_SANS.exists() else "cjk-ko"


QUESTION_FIELDS = {"q_over": "over_allowance", "q_cash": "cash_over_10k_usd", "q_restricted": "restricted_items",
                   "q_animal": "animals_plants_meat", "q_sale": "goods_for_sale_or_others"}


def form_rows(decl: Declaration, lang: str) -> list[tuple[str, str]]:
    """(catalog key of the field, value) in the order of the official form; yes/no and the trip purpose in the
    traveler's language with Korean beside it. The PDF and the review screen show exactly these rows."""
    i, t = decl.identity, decl.trip

    def both(key: str) -> str:
        return tr(lang, key) if lang == "ko" else f"{tr(lang, key)} / {tr('ko', key)}"

    def yn(v: bool) -> str:
        return both("yes" if v else "no")

    said = decl.answers.model_dump()
    rows = [
        ("f_name", i.name), ("f_dob", i.date_of_birth.isoformat() if i.date_of_birth else ""),
        ("f_korean", yn(i.korean_national)), ("f_passport", i.passport_no), ("f_nationality", i.nationality),
        ("f_occupation", i.occupation), ("f_purpose", both(f"purpose_{t.purpose}") if t.purpose else ""),
        ("f_days", "" if t.travel_days is None else str(t.travel_days)), ("f_flight", t.flight_no),
        ("f_countries", ", ".join(t.countries_visited)), ("f_address", i.address_kr), ("f_phone", i.phone),
        ("f_family", str(max(t.family_members, len(decl.members)))),
    ]
    rows += [("f_members", "\n".join(f"{n}. {m.name or m.relation}" + (f" ({m.date_of_birth.isoformat()})"
                                                                       if m.date_of_birth else "")
                                      for n, m in enumerate(decl.members, 1)))] if decl.members else []
    rows += [(key, yn(bool(said[attr]))) for key, attr in QUESTION_FIELDS.items()]
    return rows


IDENTITY_FIELDS = ("f_name", "f_dob", "f_korean", "f_passport", "f_nationality", "f_occupation", "f_purpose",
                   "f_days", "f_flight", "f_countries", "f_address", "f_phone", "f_family", "f_members")
ZONE = "Asia/Seoul"  # the form is the Korean one: its date is Korea's local time, with the zone
_INK, _LINE, _SHADE, _MUTED = (16, 34, 58), (120, 130, 145), (236, 240, 246), (90, 100, 115)


def owner_name(decl: Declaration, item: DeclaredItem) -> str:
    """'' for the declarant's own items, else the family member's name (else their relation, else #n)."""
    if 0 < item.owner <= len(decl.members):
        m = decl.members[item.owner - 1]
        return m.name or m.relation or f"#{item.owner}"
    return ""


def local_time(when: dt.datetime) -> str:
    """"2026-12-06 10:16 KST (UTC+09:00)": the declaration's time in Korea, with its zone."""
    t = when.astimezone(ZoneInfo(ZONE))
    off = t.strftime("%z")
    return f"{t:%Y-%m-%d %H:%M} {t.tzname()} (UTC{off[:3]}:{off[3:]})"


class _Sheet:
    """Drawing helpers of the one-page form: bilingual labels (Korean first, the traveler's language under it,
    each language once), boxed rows, check boxes."""

    def __init__(self, pdf: FPDF, lang: str, main: str) -> None:
        self.pdf, self.lang, self.main = pdf, lang, main

    def label(self, key: str, **kw: object) -> str:
        ko = tr("ko", key, **kw)
        return ko if self.lang == "ko" else f"{ko}\n{tr(self.lang, key, **kw)}"

    def _height(self, w: float, fam: str, size: float, text: str, lh: float) -> float:
        self.pdf.set_font(fam, "", size)
        return float(self.pdf.multi_cell(w - 2, lh, text or " ", align="L", dry_run=True, output="HEIGHT"))  # type: ignore[arg-type]

    def row(self, cells: list[tuple[float, str, float, str, bool]], lh: float = 4.2) -> None:
        """One boxed row: (width, font family, size, text, shaded) per cell; wraps, never cut; a new page only
        when the row does not fit."""
        pdf = self.pdf
        h = max(self._height(w, fam, size, text, lh) for w, fam, size, text, _ in cells) + 1.4
        if pdf.get_y() + h > pdf.h - pdf.b_margin:
            pdf.add_page()
        x, y = pdf.l_margin, pdf.get_y()
        pdf.set_draw_color(*_LINE)
        for w, fam, size, text, shaded in cells:
            pdf.set_fill_color(*_SHADE)
            pdf.rect(x, y, w, h, style="DF" if shaded else "D")
            pdf.set_font(fam, "", size)
            pdf.set_xy(x + 1, y + 0.7)
            pdf.multi_cell(w - 2, lh, text, align="L")
            x += w
        pdf.set_xy(pdf.l_margin, y + h)

    def heading(self, text: str) -> None:
        pdf = self.pdf
        pdf.ln(2)
        pdf.set_font(self.main, "", 11)
        pdf.set_fill_color(*_INK)
        pdf.set_text_color(255, 255, 255)
        pdf.multi_cell(0, 6.5, " " + text, align="L", fill=True, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_text_color(*_INK)

    def check(self, x: float, y: float, on: bool, text: str) -> None:
        """A check box with its words; a ticked one is crossed."""
        pdf = self.pdf
        pdf.set_draw_color(*_INK)
        pdf.rect(x, y, 4, 4)
        if on:
            pdf.line(x + 0.6, y + 0.6, x + 3.4, y + 3.4)
            pdf.line(x + 3.4, y + 0.6, x + 0.6, y + 3.4)
        pdf.set_font(self.main, "", 8.5)
        pdf.set_xy(x + 5, y - 0.3)
        pdf.cell(0, 4.6, text)


def _yes_no(lang: str, key: str) -> str:
    return tr(lang, key) if lang == "ko" else f"{tr('ko', key)} {tr(lang, key)}"


def render_pdf(decl: Declaration, lang: str | None = None, payload: str | None = None) -> bytes:
    """A4, modelled on the official traveler declaration (여행자 휴대품 신고서): the issuing authority and the form's
    title, the traveler's particulars, the yes/no questions with check boxes, the goods to declare (item, quantity,
    value; unresolved ones "to be checked by the officer"), the declaration sentence, date (Korea's local time with
    its zone) and signature line, and the QR code beside the title. Every label in Korean with the traveler's
    language under it (Korean once on a Korean form); no rule codes. One page when it fits. The QR code holds
    `payload` (the kiosk's signed code, kiosk.desk.payload) when given, its short code printed under it for the desk
    to type when the QR cannot be scanned."""
    lang = lang or decl.language or "en"
    pdf = FPDF(format="A4")
    pdf.set_margins(14, 12, 14)
    pdf.set_auto_page_break(True, margin=12)
    pdf.set_title(tr("ko", "form_title"))
    pdf.set_author(tr("ko", "pdf_authority"))
    pdf.set_creator("customs-kiosk")
    main = _add_fonts(pdf, lang)
    sheet = _Sheet(pdf, lang, main)
    pdf.add_page()
    pdf.set_text_color(*_INK)
    qr_w = 30.0 if payload is None else 40.0  # the signed code is longer: bigger modules to stay scannable
    top = pdf.get_y()
    pdf.image(io.BytesIO(qr_png(decl, scale=3, payload=payload)), x=pdf.w - pdf.r_margin - qr_w, y=top, w=qr_w)
    qr_h = qr_w
    if payload is not None:
        from kiosk.desk.scanner import short_code

        pdf.set_font(main, "", 9)
        pdf.set_xy(pdf.w - pdf.r_margin - qr_w, top + qr_w)
        pdf.cell(qr_w, 5, short_code(payload), align="C")
        pdf.set_xy(pdf.l_margin, top)
        qr_h += 5
    text_w = pdf.epw - qr_w - 4
    authority = tr("ko", "pdf_authority") + ("" if lang == "ko" else f"  {tr(lang, 'pdf_authority')}")
    pdf.set_font(main, "", 10)
    pdf.multi_cell(text_w, 5, authority, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("cjk-ko", "B" if CJK_BOLD.exists() else "", 19)
    pdf.multi_cell(text_w, 10, tr("ko", "form_title"), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if lang != "ko":
        pdf.set_font(main, "", 13)
        pdf.multi_cell(text_w, 6.5, tr(lang, "form_title"), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    state = "status_confirmed" if decl.confirmed else "status_draft"
    pdf.set_font(main, "", 9)
    pdf.set_text_color(*_MUTED)
    pdf.multi_cell(text_w, 5, tr("ko", state) if lang == "ko" else f"{tr('ko', state)} / {tr(lang, state)}",
                   align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(*_INK)
    pdf.set_y(max(pdf.get_y(), top + qr_h) + 2)

    # the traveler's particulars: two label/value pairs per row
    values = dict(form_rows(decl, lang))
    pairs = [(k, values.get(k, "")) for k in IDENTITY_FIELDS if k in values]
    lw, vw = 36.0, pdf.epw / 2 - 36.0
    sheet.heading(sheet.label("f_section_traveler").replace("\n", " · "))
    for n in range(0, len(pairs), 2):
        cells: list[tuple[float, str, float, str, bool]] = []
        for key, value in pairs[n:n + 2]:
            cells += [(lw, main, 7, sheet.label(key), True), (vw, main, 9.5, value or "", False)]
        if len(cells) == 2:
            cells[1] = (pdf.epw - lw, main, 9.5, cells[1][3], False)
        sheet.row(cells)

    # the yes/no questions
    sheet.heading(sheet.label("f_section_questions").replace("\n", " · "))
    said = decl.answers.model_dump()
    box_w = 56.0
    for n, (key, attr) in enumerate(QUESTION_FIELDS.items(), 1):
        y = pdf.get_y()
        sheet.row([(pdf.epw - box_w, main, 8.5, f"{n}. " + sheet.label(key).replace("\n", "\n    "), False),
                   (box_w, main, 8.5, "", False)])
        end = pdf.get_y()
        mid = (y + end) / 2 - 2 if end > y else pdf.t_margin + 1  # (the row may have opened a new page)
        x = pdf.l_margin + pdf.epw - box_w + 2
        sheet.check(x, mid, bool(said[attr]), _yes_no(lang, "yes"))
        sheet.check(x + box_w / 2, mid, not said[attr], _yes_no(lang, "no"))
        pdf.set_xy(pdf.l_margin, end)

    # the goods to declare
    sheet.heading(sheet.label("items").replace("\n", " · "))
    widths = [8.0, pdf.epw * 0.44, pdf.epw * 0.2, pdf.epw * 0.17]
    widths.append(pdf.epw - sum(widths))
    head = ["", sheet.label("col_item"), sheet.label("col_quantity"), sheet.label("col_value"),
            sheet.label("col_note")]
    if decl.items:
        sheet.row([(w, main, 7.5, t, True) for w, t in zip(widths, head, strict=True)])
    else:
        sheet.row([(pdf.epw, main, 9.5, sheet.label("no_items").replace("\n", " / "), False)])
    for n, item in enumerate(decl.items, 1):
        name = item.description or category_name(item.category, lang)
        ko_name = category_name(item.category, "ko") if item.category else ""
        what = f"{name}\n{ko_name}" if ko_name and ko_name != name else name  # the officer's word under the traveler's
        qty = amount(item, lang)
        if lang != "ko" and qty:
            qty = f"{qty}\n{amount(item, 'ko')}"
        value = money(item.value, item.currency, lang) if item.value is not None else ""
        note = [owner_name(decl, item)] + ([sheet.label("to_check")] if item.to_check else [])
        sheet.row([(w, main, 9, t, False) for w, t in
                   zip(widths, [str(n), what, qty, value, "\n".join(x for x in note if x)], strict=True)])

    # the declaration sentence, date and signature
    pdf.ln(4)
    if pdf.get_y() + 24 > pdf.h - pdf.b_margin:
        pdf.add_page()
    pdf.set_font(main, "", 9.5)
    pdf.multi_cell(0, 5, sheet.label("pdf_statement"), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(5)
    y = pdf.get_y()
    half = pdf.epw / 2
    when = local_time(decl.confirmed_at) if decl.confirmed_at else ""
    for x, key, value in ((pdf.l_margin, "pdf_date", when), (pdf.l_margin + half, "pdf_signature", "")):
        pdf.set_font(main, "", 8)
        pdf.set_xy(x, y)
        pdf.multi_cell(28, 4, sheet.label(key), align="L")
        pdf.set_font(main, "", 9.5)
        pdf.set_xy(x + 29, y + 3)
        pdf.cell(half - 34, 5, value)
        pdf.set_draw_color(*_INK)
        pdf.line(x + 29, y + 8.5, x + half - 4, y + 8.5)
    out = pdf.output()
    log.info("declaration pdf rendered: %d bytes, %d items, %d pages", len(out), len(decl.items), pdf.page_no())
    return bytes(out)


QR_MAX_BYTES = 2300  # well inside QR version 40 at error level M (2331 bytes), so it stays scannable


def qr_payload(decl: Declaration) -> str:
    """Compact versioned JSON for the QR code. When it is too long, item descriptions are shortened (then
    dropped) and `"truncated": true` is added; the PDF always carries the full text."""
    payload = decl.to_compact_json()
    if len(payload.encode()) <= QR_MAX_BYTES:
        return payload
    for limit in (40, 16, 0):
        short = decl.model_copy(deep=True)
        for item in short.items:
            item.description = item.description[:limit]
        short.identity.name = short.identity.name[:60]
        data = json.loads(short.to_compact_json())
        data["truncated"] = True
        payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        if len(payload.encode()) <= QR_MAX_BYTES:
            return payload
    raise ValueError(f"declaration too large for a QR code ({len(decl.items)} items)")


def qr_png(decl: Declaration, scale: int = 6, payload: str | None = None) -> bytes:
    """PNG of a QR code whose payload is the declaration's compact, versioned JSON (schema.json), or `payload`
    (the kiosk's signed code, kiosk.desk.payload)."""
    qr = segno.make(payload or qr_payload(decl), error="m", micro=False)
    buf = io.BytesIO()
    qr.save(buf, kind="png", scale=scale, border=4)
    return buf.getvalue()
