"""The officer's Review screen (`kiosk app --officer`): scan the traveler's declaration QR (a USB scanner types the
code and Enter into the scan field, which holds the focus) or type the short code under it; see per person each
item, the kiosk's verdict, the rule and article, every assumption and every uncertain fact, whether the code is
signed by a trusted kiosk; confirm or change each verdict (touch or keypad: arrows and Enter), pick the reason and
the outcome, record the decision (hash-chained log), print the decision notice, have it read aloud to the traveler.
Renders kiosk.desk only; nothing of the traveler stays after "Next traveler" or the idle reset."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QDoubleValidator
from PySide6.QtWidgets import (
    QApplication,
    QBoxLayout,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.desk import (
    OUTCOMES,
    REASONS,
    Decision,
    DecisionLog,
    DeskPayload,
    LogError,
    Review,
    check_log,
    dtr,
    lookup,
    notice_text,
    parse_scan,
    render_notice,
    verify_payload,
)
from kiosk.desk.advice import ItemAdvice
from kiosk.rules.model import VERDICTS
from kiosk.ui.display import resolution
from kiosk.ui.screens.base import Screen
from kiosk.ui.screens.desk_widgets import STATUS_COLOUR, ScanField, item_words
from kiosk.ui.widgets import button, clear_layout, label, panel, repolish, scroll

if TYPE_CHECKING:
    from kiosk.ui.window import KioskWindow

log = logging.getLogger(__name__)
def _keys() -> dict[str, object]:
    from kiosk.updates.signing import trusted_keys

    return dict(trusted_keys())


def default_log() -> Path:
    from kiosk.config import settings

    return settings().desk_log or settings().home / "desk" / "decisions.jsonl"


class DeskScreen(Screen):
    title_key = "desk_title"

    def __init__(self, win: KioskWindow) -> None:
        super().__init__(win)
        self.review: Review | None = None
        self.duty_krw: float | None = None
        self.clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC)
        self.keys: Callable[[], dict[str, object]] = _keys
        self.log_path: Callable[[], Path] = default_log
        self.notice_path: Path | None = None
        self.last_seq: int | None = None
        self._verdict_groups: dict[int, list[QPushButton]] = {}
        self._reason_buttons: dict[int, QPushButton] = {}
        self._value_fields: dict[int, QLineEdit] = {}
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 8, 24, 8)
        self.title = label("", "title")
        self.hint = label("", "small")
        row = QHBoxLayout()  # the title beside the scan field: one row more for the review
        row.addWidget(self.title)
        self.field = ScanField()
        self.field.setObjectName("scan")
        self.field.returnPressed.connect(self.open_scan)  # the scanner's Enter
        self.open = button("", "body")
        self.open.clicked.connect(self.open_scan)
        row.addWidget(self.field, 1)
        row.addWidget(self.open)  # its words whole; the scanner needs no wide field
        outer.addLayout(row)
        outer.addWidget(self.hint)
        # the code's status and the review scroll together (fixed rows above it made the window 1500 px high)
        inner = QWidget()
        content = QVBoxLayout(inner)
        self.status, self.meta = label("", "big"), label("", "small")
        self.body = QVBoxLayout()  # the advice right below the status; the code's meta line after it
        for part in (self.status, self.body, self.meta):
            content.addWidget(part) if isinstance(part, QWidget) else content.addLayout(part, 1)
        self.area = scroll(inner)
        # landscape: the actions in a column beside the review (it keeps the height); portrait: rows below it
        self.split = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self.split.addWidget(self.area, 2)
        outer.addLayout(self.split, 1)
        app = QApplication.instance()
        if isinstance(app, QApplication):  # the keypad's focus is always in view
            app.focusChanged.connect(self._follow_focus)
        side = QVBoxLayout()
        self.split.addLayout(side)
        self.result = label("", "body")  # shown with a message only (_result)
        self.result.hide()
        side.addWidget(self.result)
        self.out_row = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.outcome = button("", "body")
        self.outcome.clicked.connect(self.next_outcome)
        self.duty = ScanField()  # the duty the officer assessed, KRW (on the notice)
        self.duty.setValidator(QDoubleValidator(0, 1e12, 0, self.duty))
        self.duty.textChanged.connect(self._duty_changed)
        for w, stretch in ((self.outcome, 3), (self.duty, 2)):
            self.out_row.addWidget(w, stretch)
        side.addLayout(self.out_row)
        self.act_row = QBoxLayout(QBoxLayout.Direction.LeftToRight)  # a row of wrapping buttons in portrait, never
        self.record_btn = button("", "big", primary=True)  # a column (three stacked left the review a quarter)
        self.notice_btn, self.read_btn, self.next_btn = button("", "body"), button("", "body"), button("", "body")
        for b, slot in ((self.record_btn, self.record), (self.notice_btn, self.write_notice),
                        (self.read_btn, self.read_notice), (self.next_btn, self.clear)):
            b.clicked.connect(slot)
            self.act_row.addWidget(b, 1)
        side.addLayout(self.act_row)
        side.addStretch(1)
        self.switch = button("", "body", officer=True)  # placed in the top bar by the window (officer mode)
        self.switch.clicked.connect(self.toggle)
        self._refresh_actions()

    # ---- language ------------------------------------------------------------------------------------------
    def d(self, key: str, **kw: object) -> str:
        return dtr(self.win.lang, key, **kw)

    def retranslate(self) -> None:
        self.title.setText(self.d("desk_title"))
        self.hint.setText(self.d("desk_scan_hint"))
        self.open.setText(self.d("desk_open"))
        self.duty.setPlaceholderText(self.d("n_duty") + " (KRW)")
        self.duty.setAccessibleName(self.duty.placeholderText())
        self.record_btn.setText(self.d("desk_record"))
        self.notice_btn.setText(self.d("desk_notice"))
        self.read_btn.setText(self.d("desk_read"))
        self.next_btn.setText(self.d("desk_next"))
        self.switch.setText(self.d("desk_interpret" if self.win.current == "desk" else "desk_review"))
        self.field.setAccessibleName(self.d("desk_scan_hint"))
        width, height = resolution()
        wide, row, column = width > height, QBoxLayout.Direction.LeftToRight, QBoxLayout.Direction.TopToBottom
        self.split.setDirection(row if wide else column)
        self.split.setStretch(1, 1 if wide else 0)  # beside: a third of the width; below: only its height
        for lay in (self.out_row, self.act_row):
            lay.setDirection(column if wide else row)
        self._render()

    def spoken(self) -> str:
        return self.d("desk_title")

    def entered(self) -> None:
        self.field.setFocus()  # the scanner types into the field
        self.retranslate()
        path = self.log_path()
        chk = check_log(path) if path.exists() else None  # the whole chain, each time the desk opens
        if chk is not None and not chk.ok:
            self._result(self.d("desk_log_damaged", problem=chk.problems[0]), "prohibited")

    def toggle(self) -> None:
        self.win.show_screen("interpret" if self.win.current == "desk" else "desk")
        self.retranslate()

    # ---- scanning -------------------------------------------------------------------------------------------
    def open_scan(self) -> None:
        raw = self.field.text()
        self.field.clear()
        self.open_text(raw)

    def open_text(self, raw: str) -> DeskPayload | None:
        """What the scanner or the keypad entered: a payload, or a short code looked up in the desk inbox."""
        scan = parse_scan(raw)
        self._result("")
        if scan.kind == "invalid":
            self._message(self.d("code_bad") if scan.text else self.d("status_unreadable"), "prohibited")
            return None
        text = scan.text
        if scan.kind == "code":
            from kiosk.config import settings

            inbox = settings().desk_inbox
            if inbox is None:
                self._message(self.d("code_no_inbox"), "declare")
                return None
            found = lookup(inbox, text)
            if found is None:
                self._message(self.d("code_not_found"), "declare")
                return None
            text = found
        payload = verify_payload(text, self.keys())  # type: ignore[arg-type]
        log.info("desk scan: status=%s items=%d", payload.status,
                 len(payload.advice.items) if payload.advice else 0)
        self.review = Review(payload)
        self.notice_path = None
        self.last_seq = None
        self._render()
        return payload

    def _result(self, text: str, colour: str = "") -> None:
        """The line under the review: what recording did (or a damaged log); not shown while there is none."""
        self.result.setText(text)
        self.result.setVisible(bool(text))
        if colour:
            self.result.setProperty("verdict", colour)
            repolish(self.result)

    def _message(self, text: str, colour: str) -> None:
        self.status.setText(text)
        self.status.setProperty("verdict", colour)
        repolish(self.status)

    # ---- the review -------------------------------------------------------------------------------------------
    def _render(self) -> None:
        clear_layout(self.body)
        self._verdict_groups.clear()
        self._reason_buttons.clear()
        self._value_fields.clear()
        r = self.review
        self.hint.setVisible(r is None)  # how to scan: until a code is open (the field keeps it as its name)
        if r is None:
            self.status.setText("")
            self.meta.setText("")
            self._refresh_actions()
            return
        p = r.payload
        self._message(self.d(f"status_{p.status}") + (f" ({p.key_id})" if p.status == "foreign" else ""),
                      STATUS_COLOUR[p.status])
        if p.advice is not None:
            a = p.advice
            self.meta.setText(self.d("table_kiosk", table=a.table_version, kiosk=a.kiosk_id, language=a.language))
        for person in r.people:
            who = person.owner
            head = label(self.d("person_me") if who == "me" else self.d("person_member", who=who), "big")
            self.body.addWidget(head)
            for ix in person.indexes:
                self.body.addWidget(self._item_panel(ix, r.items[ix]))
        self.body.addStretch(1)
        self.area.verticalScrollBar().setValue(0)  # a new code opens at its status line
        self._refresh_actions()
        self._tab_order()
        self.win.restyle()  # the new rows: fonts, sizes, stacking in accessibility mode

    def _item_panel(self, ix: int, item: ItemAdvice) -> QWidget:
        assert self.review is not None
        box = panel()
        lay = QVBoxLayout(box)
        lang = self.review.payload.advice.language if self.review.payload.advice else self.win.lang
        name = label(item_words(item), "body", lang=lang)
        name.setProperty("valuefont", True)
        lay.addWidget(name)
        said = label(f"{self.d('kiosk_said')}: {self.d('v_' + item.verdict)} · {self.d('rule')}: "
                     f"{item.rule_id or '—'} {item.article}".strip(), "body")
        if self.review.payload.trusted:  # an altered or foreign code's advice is shown without the verdict colour
            said.setProperty("verdict", item.verdict)
        lay.addWidget(said)
        if item.assumptions:
            lay.addWidget(label(f"{self.d('assumed')}: " + "; ".join(self._assumption(a) for a in item.assumptions),
                                "body"))
        if item.low_confidence:
            low = label("⚠ " + f"{self.d('low_conf')}: " + "; ".join(self.d('low_' + x) for x in item.low_confidence),
                        "body")
            low.setProperty("verdict", "unclear")
            lay.addWidget(low)
        lay.addWidget(label(self.d("officer_says"), "small"))
        row = QGridLayout()  # one row; two columns in large text on a portrait screen (five rows were one item)
        cols = 2 if self.win.stacks() else 3 if self.win.theme.accessible else len(VERDICTS)
        group: list[QPushButton] = []  # one choice, kept by choose() (a QButtonGroup hides the others from the keypad)
        chosen = self.review.verdicts.get(ix, item.verdict)
        for v in VERDICTS:
            b = button(self.d("v_" + v), "body", checkable=True)
            b.setChecked(v == chosen)
            b.setProperty("verdict_choice", v)
            b.clicked.connect(lambda _c=False, ix=ix, v=v: self.choose(ix, v))
            row.addWidget(b, len(group) // cols, len(group) % cols)
            group.append(b)
        self._verdict_groups[ix] = group
        lay.addLayout(row)
        amount = ScanField()  # the value the officer established, in the item's currency
        amount.setValidator(QDoubleValidator(0, 1e12, 2, amount))
        amount.setPlaceholderText(f"{self.d('officer_value')} ({item.currency or '-'})")
        amount.setAccessibleName(amount.placeholderText())
        if ix in self.review.values:
            amount.setText(f"{self.review.values[ix]:g}")
        amount.textChanged.connect(lambda text, ix=ix: self.set_value(ix, text))
        self._value_fields[ix] = amount
        lay.addWidget(amount)
        reason = button("", "body")
        reason.clicked.connect(lambda _c=False, ix=ix: self.next_reason(ix))
        self._reason_buttons[ix] = reason
        lay.addWidget(reason)
        self._reason_text(ix)
        return box

    def _follow_focus(self, _old: QWidget | None, new: QWidget | None) -> None:
        inner = self.area.widget()
        if new is not None and inner is not None and inner.isAncestorOf(new):
            self.area.ensureWidgetVisible(new)

    def _tab_order(self) -> None:
        """Keypad order = reading order: scan field, each item's verdicts and reason, outcome, actions."""
        chain: list[QWidget] = [self.field, self.open]
        for ix in sorted(self._verdict_groups):
            chain += [*self._verdict_groups[ix], self._value_fields[ix], self._reason_buttons[ix]]
        chain += [self.outcome, self.duty, self.record_btn, self.notice_btn, self.read_btn, self.next_btn]
        for a, b in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(a, b)

    def _assumption(self, a: str) -> str:
        key, _, detail = a.partition(":")
        if key == "bottle_ml":
            return self.d("assume_bottle_ml", ml=detail)
        return self.d("assume_adult_presumed") if key == "adult_presumed" else self.d("assume_other")

    def _reason_text(self, ix: int) -> None:
        assert self.review is not None
        reason = self.review.reasons.get(ix, "confirmed")
        mark = "" if reason == "confirmed" else "≠ "  # the officer changed the kiosk's advice on this item
        self._reason_buttons[ix].setText(f"{mark}{self.d('n_reason')}: {self.d('reason_' + reason)} ▸")

    # ---- the officer's choices ---------------------------------------------------------------------------------
    def choose(self, ix: int, verdict: str) -> None:
        if self.review is None:
            return
        self.review.set_verdict(ix, verdict)
        for b in self._verdict_groups[ix]:
            b.setChecked(b.property("verdict_choice") == verdict)
        self._reason_text(ix)
        self._refresh_actions()

    def set_value(self, ix: int, text: str) -> None:
        """The officer typed the value they established: a different value is a changed item ("value differs")."""
        if self.review is None:
            return
        try:
            value = float(text.replace(",", ""))
        except ValueError:
            self.review.values.pop(ix, None)
        else:
            self.review.values[ix] = value
            if self.review.reasons.get(ix, "confirmed") == "confirmed":
                self.review.set_reason(ix, "value_differs")
        if ix not in self.review.values and self.review.reasons.get(ix) == "value_differs" and \
                self.review.verdicts.get(ix, self.review.items[ix].verdict) == self.review.items[ix].verdict:
            self.review.set_reason(ix, "confirmed")
        self._reason_text(ix)
        self._refresh_actions()

    def _duty_changed(self, text: str) -> None:
        try:
            self.duty_krw = float(text.replace(",", ""))
        except ValueError:
            self.duty_krw = None

    def next_reason(self, ix: int) -> None:
        """Cycle the reason codes (a changed verdict never goes back to 'confirmed' this way)."""
        if self.review is None:
            return
        changed = (self.review.verdicts.get(ix, self.review.items[ix].verdict) != self.review.items[ix].verdict
                   or ix in self.review.values)
        codes = [r for r in REASONS if r != "confirmed"] if changed else list(REASONS)
        now = self.review.reasons.get(ix, "confirmed")
        self.review.set_reason(ix, codes[(codes.index(now) + 1) % len(codes)] if now in codes else codes[0])
        self._reason_text(ix)
        self._refresh_actions()

    def next_outcome(self) -> None:
        if self.review is None:
            return
        now = self.review.outcome or self.review.suggested_outcome()
        self.review.outcome = OUTCOMES[(OUTCOMES.index(now) + 1) % len(OUTCOMES)]
        self._refresh_actions()

    def _refresh_actions(self) -> None:
        r = self.review
        ready = r is not None and r.can_decide
        self.outcome.setVisible(ready)
        self.duty.setVisible(ready)
        if r is not None and ready:
            self.outcome.setText(f"{self.d('outcome')}: {self.d('outcome_' + (r.outcome or r.suggested_outcome()))} ▸")
        # what cannot be done yet is not shown (a disabled button reads as one more thing to press)
        self.record_btn.setVisible(ready and self.last_seq is None)
        self.notice_btn.setVisible(self.last_seq is not None)
        self.read_btn.setVisible(self.last_seq is not None)

    # ---- record, notice ----------------------------------------------------------------------------------------
    def record(self) -> int | None:
        """Append the decision to the log; the notice is only offered once it is recorded."""
        if self.review is None or not self.review.can_decide:
            return None
        try:
            rec = self._decision(self.clock()).record()
            self.last_seq = DecisionLog(self.log_path()).append(rec)
        except (LogError, ValueError) as exc:
            log.error("decision not recorded: %s", exc)
            self._result(self.d("desk_not_recorded", problem=str(exc)), "prohibited")
            return None
        self._result(self.d("desk_recorded", seq=self.last_seq), "allowed")
        self._refresh_actions()
        return self.last_seq

    def _decision(self, when: dt.datetime) -> Decision:
        assert self.review is not None
        return self.review.decision(when, duty_krw=self.duty_krw)

    def _traveler_lang(self) -> str:
        p = self.review.payload if self.review else None
        return p.advice.language if p and p.advice else (p.declaration.language if p and p.declaration else "en")

    def write_notice(self) -> Path | None:
        """The decision notice PDF into the session's private folder (wiped with the visit)."""
        if self.review is None or self.last_seq is None:
            return None
        now = self.clock()
        pdf = render_notice(self._decision(now), self._traveler_lang(), received=now.date())
        path = self.win.session.temp_file(".pdf")
        path.write_bytes(pdf)
        self.notice_path = path
        return path

    def read_notice(self) -> None:
        if self.review is None or self.last_seq is None:
            return
        lang = self._traveler_lang()
        now = self.clock()
        self.win.read_aloud(notice_text(self._decision(now), lang, received=now.date()), lang, force=True)

    def clear(self) -> None:
        self.review = None
        self.notice_path = None
        self.last_seq = None
        self.field.clear()
        self.duty.clear()
        self.duty_krw = None
        self._result("")
        self._render()
        self.field.setFocus()
