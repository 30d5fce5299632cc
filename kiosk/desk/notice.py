"""The decision notice for the traveler: A4 PDF (prints as is) in the traveler's language beside Korean, with the
declaration PDF's fonts: what was decided on each item and under which rule, the amounts, the outcome, and how to
contest it (the remedies and their deadline from kiosk/desk/remedies.toml). `notice_text` is the same content as
plain sentences in one language, for reading it aloud at the desk."""

from __future__ import annotations

import datetime as dt

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from kiosk.declaration.output import CJK_BOLD, _add_fonts
from kiosk.desk.decision import Decision
from kiosk.desk.texts import Remedies, dtr, remedies


def _item_name(decision: Decision, index: int) -> str:
    assert decision.payload.advice is not None
    a = decision.payload.advice.items[index]
    parts = [a.description or a.category]
    if a.quantity is not None:
        parts.append(f"{a.quantity:g} {a.unit}".strip())
    if a.value is not None:
        parts.append(f"{a.value:,.0f} {a.currency}".strip())
    return " · ".join(parts)


def _pair(lang: str, key: str, **kw: object) -> tuple[str, str]:
    """(traveler's language, Korean); the second is "" when the traveler reads Korean."""
    return dtr(lang, key, **kw), "" if lang == "ko" else dtr("ko", key, **kw)


def rows(decision: Decision, lang: str) -> list[tuple[str, str, str, str, str]]:
    """Per item: name, kiosk advice, decision, reason, rule + article (traveler's language / Korean)."""
    advice = decision.payload.advice
    assert advice is not None
    out = []
    for d in sorted(decision.items, key=lambda d: d.index):
        a = advice.items[d.index]

        def both(key: str) -> str:
            t, k = _pair(lang, key)
            return f"{t} / {k}" if k else t

        officer_val = "" if d.value is None else f" ({d.value:,.0f} {a.currency})".rstrip()
        rule = d.rule_id or a.rule_id
        article = a.article if not d.rule_id or d.rule_id == a.rule_id else ""
        out.append((_item_name(decision, d.index), both(f"v_{a.verdict}"), both(f"v_{d.verdict}") + officer_val,
                    both(f"reason_{d.reason}"), f"{rule} {article}".strip()))
    return out


def render_notice(decision: Decision, lang: str, *, received: dt.date, office: str = "",
                  data: Remedies | None = None) -> bytes:
    """The notice as PDF bytes. `received`: the day it is handed over (the deadline counts from it)."""
    data = data or remedies()
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(True, margin=15)
    pdf.set_title("Customs decision notice")
    pdf.set_creator("customs-kiosk")
    main = _add_fonts(pdf, lang)
    bold = "B" if CJK_BOLD.exists() else ""
    pdf.add_page()

    def para(key: str, size: float = 10, style: str = "", **kw: object) -> None:
        t, k = _pair(lang, key, **kw)
        pdf.set_font(main, style if main == "cjk-ko" else "", size)
        pdf.multi_cell(0, size * 0.55, t, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if k:
            pdf.set_font("cjk-ko", style, size * 0.9)
            pdf.multi_cell(0, size * 0.5, k, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(1)

    pdf.set_font("cjk-ko", bold, 16)
    pdf.cell(0, 9, dtr("ko", "n_title"), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if lang != "ko":
        pdf.set_font(main, "", 13)
        pdf.cell(0, 8, dtr(lang, "n_title"), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)
    para("n_intro")
    widths = (50.0, 30.0, 34.0, 30.0)
    w_rule = pdf.epw - sum(widths)
    head = [dtr(lang, k) + ("" if lang == "ko" else f"\n{dtr('ko', k)}")
            for k in ("n_item", "n_kiosk", "n_officer", "n_reason", "n_rule")]
    for cells, size in [(head, 8.5), *((list(r), 8.5) for r in rows(decision, lang))]:
        _row(pdf, main, cells, [*widths, w_rule], size)
    pdf.ln(2)
    para("n_outcome", 11, bold)
    t, k = _pair(lang, f"outcome_{decision.outcome}")
    pdf.set_font(main, "", 11)
    pdf.multi_cell(0, 6, f"{t}{' / ' + k if k else ''}", align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if decision.duty_krw is not None:
        t, k = _pair(lang, "n_duty")
        pdf.multi_cell(0, 6, f"{t}{' / ' + k if k else ''}: {decision.duty_krw:,.0f} KRW",
                       align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(main, "", 9)
    t, k = _pair(lang, "n_date")
    ref_t, ref_k = _pair(lang, "n_ref")
    pdf.multi_cell(0, 5, f"{t}{' / ' + k if k else ''}: {received.isoformat()}    "
                         f"{ref_t}{' / ' + ref_k if ref_k else ''}: {decision.payload.digest[:12]}"
                         + (f"    {office}" if office else ""), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)
    para("n_kiosk_note", 9)
    pdf.set_draw_color(60, 60, 60)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + pdf.epw, pdf.get_y())
    pdf.ln(2)
    para("n_contest_title", 12, bold)
    deadline = data.deadline(received)
    para("n_contest_intro", 10, days=data.deadline_days, date=deadline.isoformat())
    for r in data.remedies:
        t, k = _pair(lang, f"remedy_{r.id}")
        pdf.set_font(main, "", 10)
        pdf.multi_cell(0, 5.5, f"• {t}", align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_font("cjk-ko", "", 9)
        pdf.multi_cell(0, 5, f"   {k or r.name_ko} ({r.article})",
                       align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        wt, wk = _pair(lang, f"place_{r.file_with}")
        where_t, where_k = _pair(lang, "n_where")
        pdf.set_font(main, "", 9)
        pdf.multi_cell(0, 5, f"   {where_t}: {wt}", align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if wk:
            pdf.set_font("cjk-ko", "", 9)
            pdf.multi_cell(0, 5, f"   {where_k}: {data.places_ko.get(r.file_with, wk)}",
                           align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(1)
    return bytes(pdf.output())


def _row(pdf: FPDF, main: str, cells: list[str], widths: list[float], size: float) -> None:
    heights = []
    for w, txt in zip(widths, cells, strict=True):
        pdf.set_font(main, "", size)
        heights.append(float(pdf.multi_cell(w - 1.5, size * 0.5, txt, dry_run=True, align="L", output="HEIGHT")))  # type: ignore[arg-type]
    h = max(heights) + 1.5
    if pdf.get_y() + h > pdf.h - pdf.b_margin:
        pdf.add_page()
    y0, x = pdf.get_y(), pdf.l_margin
    for w, txt in zip(widths, cells, strict=True):
        pdf.set_font(main, "", size)
        pdf.set_xy(x, y0)
        pdf.multi_cell(w - 1.5, size * 0.5, txt, align="L")
        x += w
    pdf.set_draw_color(190, 190, 190)
    pdf.line(pdf.l_margin, y0 + h, pdf.l_margin + pdf.epw, y0 + h)
    pdf.set_xy(pdf.l_margin, y0 + h + 0.5)


def notice_text(decision: Decision, lang: str, *, received: dt.date, data: Remedies | None = None) -> str:
    """The notice as sentences in one language, for reading aloud to the traveler."""
    data = data or remedies()
    parts = [dtr(lang, "n_title") + ".", dtr(lang, "n_intro")]
    for name, _kiosk, officer, reason, _rule in rows(decision, lang):
        parts.append(f"{name}: {officer.split(' / ')[0]}, {reason.split(' / ')[0]}.")
    parts.append(f"{dtr(lang, 'n_outcome')}: {dtr(lang, 'outcome_' + decision.outcome)}.")
    if decision.duty_krw is not None:
        parts.append(f"{dtr(lang, 'n_duty')}: {decision.duty_krw:,.0f} KRW.")
    parts.append(dtr(lang, "n_contest_title") + ".")
    parts.append(dtr(lang, "n_contest_intro", days=data.deadline_days, date=data.deadline(received).isoformat()))
    parts += [dtr(lang, f"remedy_{r.id}") + "." for r in data.remedies]
    return " ".join(parts)
