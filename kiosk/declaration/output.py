"""Declaration outputs: a bilingual PDF (traveler's language beside Korean) and a QR code of the versioned JSON."""

from __future__ import annotations

import io
import json
import logging
from pathlib import Path

import segno
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from kiosk import languages
from kiosk.declaration.model import Declaration, DeclaredItem
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


def _rows(decl: Declaration, lang: str) -> list[tuple[str, str, str]]:
    return [(tr(lang, k), tr("ko", k), v) for k, v in form_rows(decl, lang)]


def item_line(item: DeclaredItem, owner: str = "") -> str:
    """One item: what, how many, how much, the rules; `owner` names the family member it belongs to."""
    parts = [item.description or item.category or item.kind]
    if item.quantity is not None:
        parts.append(f"{item.quantity:g} {item.unit}".strip())
    if item.value is not None:
        parts.append(f"{item.value:,.0f} {item.currency}".strip())
    if item.rule_ids:
        parts.append("[" + ", ".join(item.rule_ids) + "]")
    if owner:
        parts.append(owner)
    return " · ".join(p for p in parts if p)


def owner_name(decl: Declaration, item: DeclaredItem) -> str:
    """'' for the declarant's own items, else the family member's name (else their relation, else #n)."""
    if 0 < item.owner <= len(decl.members):
        m = decl.members[item.owner - 1]
        return m.name or m.relation or f"#{item.owner}"
    return ""


def render_pdf(decl: Declaration, lang: str | None = None, payload: str | None = None) -> bytes:
    """A4 PDF: each field labelled in the traveler's language with the Korean label beside it, the items, the
    confirmation state and the QR code (of `payload`, the kiosk's signed code, when given; its short code is
    printed under it for the desk to type when the QR cannot be scanned)."""
    lang = lang or decl.language or "en"
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(True, margin=15)
    pdf.set_title("Customs declaration")
    pdf.set_creator("customs-kiosk")
    main = _add_fonts(pdf, lang)
    pdf.add_page()
    pdf.set_font("cjk-ko", "B" if CJK_BOLD.exists() else "", 16)
    pdf.cell(0, 9, tr("ko", "form_title"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(main, "", 13)
    if lang != "ko":
        pdf.cell(0, 8, tr(lang, "form_title"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)
    w_label, w_ko = 62.0, 48.0
    w_val = pdf.epw - w_label - w_ko
    pdf.set_font(main, "", 10)
    for label, ko, value in _rows(decl, lang):
        cols = [(w_label, main, label), (w_ko, "cjk-ko", ko), (w_val, main, value or "-")]
        heights = []
        for w, fam, txt in cols:
            pdf.set_font(fam, "", 10)
            heights.append(float(pdf.multi_cell(w - 2, 6, txt, align="L", dry_run=True, output="HEIGHT")))  # type: ignore[arg-type]
        row_h = max(heights) + 1
        if pdf.get_y() + row_h > pdf.h - pdf.b_margin:
            pdf.add_page()
        y0 = pdf.get_y()
        x = pdf.l_margin
        for w, fam, txt in cols:
            pdf.set_font(fam, "", 10)
            pdf.set_xy(x, y0)
            pdf.multi_cell(w - 2, 6, txt, align="L")
            x += w
        y1 = y0 + row_h
        pdf.set_draw_color(200, 200, 200)
        pdf.line(pdf.l_margin, y1, pdf.l_margin + pdf.epw, y1)
        pdf.set_xy(pdf.l_margin, y1 + 0.5)
    pdf.ln(3)
    pdf.set_font(main, "", 12)
    pdf.cell(0, 8, f"{tr(lang, 'items')} / {tr('ko', 'items')}", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(main, "", 10)
    if not decl.items:
        pdf.multi_cell(0, 6, f"{tr(lang, 'no_items')} / {tr('ko', 'no_items')}", align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    for item in decl.items:
        pdf.multi_cell(0, 6, "• " + item_line(item, owner_name(decl, item)), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)
    state = "status_confirmed" if decl.confirmed else "status_draft"
    pdf.set_font(main, "", 12)
    pdf.multi_cell(0, 7, f"{tr(lang, state)} / {tr('ko', state)}", align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if decl.confirmed_at:
        pdf.set_font(main, "", 9)
        pdf.cell(0, 6, decl.confirmed_at.isoformat(timespec="seconds"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)
    if pdf.get_y() > pdf.h - 80:
        pdf.add_page()
    pdf.image(io.BytesIO(qr_png(decl, scale=4, payload=payload)), x=pdf.l_margin, w=60)
    if payload is not None:
        from kiosk.desk.scanner import short_code

        pdf.set_font(main, "", 14)
        pdf.cell(60, 8, short_code(payload), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    out = pdf.output()
    log.info("declaration pdf rendered: %d bytes, %d items", len(out), len(decl.items))
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
