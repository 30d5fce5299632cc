"""The declaration form: identity, trip, the five yes/no questions, the items from the conversation (pre-filled,
editable), typed on the docked on-screen keyboard.

One form per family: every member the conversation heard of ("my wife has ...") gets a row (relation shown, name
and date of birth typed), and the items are listed person by person, each with their own duty-free allowance
(allowances are per person and cannot be pooled)."""

from __future__ import annotations

import datetime as dt
import logging
import re
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from kiosk.assistant import family
from kiosk.declaration import Declaration, FamilyMember
from kiosk.declaration.model import PURPOSES
from kiosk.declaration.output import QUESTION_FIELDS
from kiosk.declaration.wording import item_line, money
from kiosk.ui.display import resolution
from kiosk.ui.keyboard import OnScreenKeyboard
from kiosk.ui.screens.base import Screen
from kiosk.ui.widgets import button, clear_layout, label, scroll

if TYPE_CHECKING:
    from kiosk.ui.window import KioskWindow

log = logging.getLogger(__name__)

FIELDS = ("f_name", "f_dob", "f_passport", "f_nationality", "f_occupation", "f_flight", "f_countries", "f_address",
          "f_phone")
NUMERIC = ("f_dob", "f_phone")  # the on-screen keyboard shows its number pad (digits and '-')
LATIN_ONLY = ("f_passport", "f_flight")
QUESTIONS = ("q_over", "q_cash", "q_restricted", "q_animal", "q_sale")
Q_ATTR = QUESTION_FIELDS


class FormScreen(Screen):
    title_key = "form_title"

    def __init__(self, win: KioskWindow) -> None:
        super().__init__(win)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 8, 24, 8)
        self.title = label("", "title")
        outer.addWidget(self.title)
        inner = QWidget()
        self.grid = QGridLayout(inner)
        self.grid.setColumnStretch(1, 1)
        self.rows: list[tuple[QWidget, QWidget | None]] = []  # (label, field) or (a full-width widget, None)
        self.one_column: bool | None = None
        self.labels: dict[str, QLabel] = {}
        self.edits: dict[str, QLineEdit] = {}
        for key in FIELDS:
            lab = label("", "body")
            edit = QLineEdit()
            edit.setProperty("valuefont", True)
            edit.textChanged.connect(lambda _t, e=edit: self.win.restyle_one(e))
            if key in NUMERIC:
                edit.setInputMethodHints(Qt.InputMethodHint.ImhDate | Qt.InputMethodHint.ImhPreferNumbers)
            elif key in LATIN_ONLY:  # as in the passport: the on-screen keyboard offers Latin letters only
                edit.setInputMethodHints(Qt.InputMethodHint.ImhLatinOnly)
            edit.editingFinished.connect(lambda e=edit: e.setCursorPosition(0))  # left: its start in view
            self.labels[key], self.edits[key] = lab, edit
            self.rows.append((lab, edit))
            if key == "f_passport":  # Korean nationals may leave the passport number empty
                self.labels["f_korean"] = label("", "body")
                self.korean = button("", "body", checkable=True)
                self.korean.toggled.connect(self._korean_toggled)
                self.korean.clicked.connect(self._question_tapped)
                self.passport_note = label("", "small")
                self.passport_note.setProperty("role", "muted")
                self.passport_note.hide()
                self.rows += [(self.labels["f_korean"], self.korean), (self.passport_note, None)]
            if key == "f_occupation":
                self.labels["f_purpose"] = label("", "body")
                self.purpose = button("", "body")
                self.purpose.clicked.connect(self._next_purpose)
                self.purpose_value = ""
                self.rows.append((self.labels["f_purpose"], self.purpose))
        self.days = QSpinBox()
        self.days.setRange(0, 3650)
        self.family = QSpinBox()
        self.family.setRange(0, 20)
        for spin in (self.days, self.family):  # typed on the keyboard's number pad: no tiny arrows
            spin.setButtonSymbols(QAbstractSpinBox.ButtonSymbols.NoButtons)
        for key, spin in (("f_days", self.days), ("f_family", self.family)):
            lab = label("", "body")
            self.labels[key] = lab
            self.rows.append((lab, spin))
        self.members_caption = label("", "body")
        self.members_note = label("", "small")
        self.members_note.setProperty("role", "muted")
        members = QWidget()
        self.members_box = QVBoxLayout(members)
        self.members_box.setContentsMargins(0, 0, 0, 0)
        self.member_rows: list[tuple[QLineEdit, QLineEdit]] = []
        self.member_relations: list[str] = []  # what the conversation heard ("wife"), kept with each row
        self.add_member = button("", "body")
        self.add_member.clicked.connect(lambda: self.add_member_row())
        self.rows += [(self.members_caption, None), (self.members_note, None), (members, None),
                      (self.add_member, None)]
        self.toggles: dict[str, QPushButton] = {}
        for key in QUESTIONS:
            lab = label("", "body")
            tog = button("", "body", checkable=True)
            tog.toggled.connect(lambda _on, b=tog: self._toggle_text(b))
            tog.clicked.connect(self._question_tapped)
            self.labels[key], self.toggles[key] = lab, tog
            self.rows.append((lab, tog))
        self.items_caption = label("", "big")
        self.items = label("", "body")
        self.items.setProperty("valuefont", True)
        self.rows += [(self.items_caption, None), (self.items, None)]
        self.arrange(False)
        self.scroll_area = scroll(inner, whole_rows=True)  # no field cut in half at the bottom edge
        outer.addWidget(self.scroll_area, 1)
        self.error = label("", "body")
        self.error.hide()  # takes room only when there is something to say
        outer.addWidget(self.error)
        row = QHBoxLayout()
        self.back = button("", "body")
        self.back.clicked.connect(self.go_back)
        self.review = button("", "big", primary=True)
        self.review.clicked.connect(self.go_review)
        row.addWidget(self.back, 1)
        row.addWidget(self.review, 2)
        outer.addLayout(row)
        self.keyboard = OnScreenKeyboard()  # touch-only kiosk: docked at the bottom while a field has focus
        self._attach_keyboard()
        self.keyboard.shown.connect(self._keyboard_shown)
        outer.addWidget(self.keyboard)

    def arrange(self, one_column: bool) -> None:
        """Label beside field (fields never narrower than ~2/5 of the panel), or, with large text on a portrait
        panel, each field full width under its label: a name or an address is never cut."""
        if one_column == self.one_column:
            return
        self.one_column = one_column
        for lab, field in self.rows:
            self.grid.removeWidget(lab)
            if field is not None:
                self.grid.removeWidget(field)
        self.grid.setColumnMinimumWidth(1, 0 if one_column else resolution()[0] * 2 // 5)
        r = 0
        for lab, field in self.rows:
            if field is None:
                self.grid.addWidget(lab, r, 0, 1, 2)
            elif one_column:
                self.grid.addWidget(lab, r, 0, 1, 2)
                r += 1
                self.grid.addWidget(field, r, 0, 1, 2)
            else:
                self.grid.addWidget(lab, r, 0)
                self.grid.addWidget(field, r, 1)
            r += 1

    def _attach_keyboard(self) -> None:
        fields: list[QWidget] = [*(self.edits[k] for k in FIELDS), self.days, self.family]
        fields += [e for row in self.member_rows for e in row]
        self.keyboard.attach(fields, self.scroll_area, on_focus=self._field_focused)

    # ---- family members (one form per family; allowances are per person) ----------------------------------
    def add_member_row(self, name: str = "", dob: str = "", relation: str = "") -> None:
        row = QWidget()
        lay = QHBoxLayout(row)
        lay.setContentsMargins(0, 0, 0, 0)
        n = len(self.member_rows) + 1
        who = f" ({family.label(relation, self.win.lang, start=True)})" if relation else ""
        caption = label(self.t("member", n=n) + who, "body")
        name_edit, dob_edit = QLineEdit(name), QLineEdit(dob)
        name_edit.setAccessibleName(f"{self.t('member', n=n)}: {self.t('f_name')}")
        dob_edit.setAccessibleName(f"{self.t('member', n=n)}: {self.t('f_dob')}")
        dob_edit.setPlaceholderText("YYYY-MM-DD")
        dob_edit.setInputMethodHints(Qt.InputMethodHint.ImhDate | Qt.InputMethodHint.ImhPreferNumbers)
        for e in (name_edit, dob_edit):
            e.setProperty("valuefont", True)
        remove = button("✕", "body")
        remove.setAccessibleName(f"{self.t('member', n=n)}: {self.t('remove')}")
        remove.clicked.connect(lambda: self.remove_member_row(name_edit))
        lay.addWidget(caption, 2)
        lay.addWidget(name_edit, 4)
        lay.addWidget(dob_edit, 3)
        lay.addWidget(remove)
        self.members_box.addWidget(row)
        row.show()  # now, not on the event loop's next turn (the form may be shown already)
        self.member_rows.append((name_edit, dob_edit))
        self.member_relations.append(relation)
        self.family.setValue(max(self.family.value(), len(self.member_rows)))
        self._attach_keyboard()
        self.win.restyle()

    def remove_member_row(self, name_edit: QLineEdit) -> None:
        """Take a member off the form; their items stay on it as the declarant's (whoever carries them declares
        them) and the later members' items keep pointing at the right person."""
        gone = next((n for n, (e, _) in enumerate(self.member_rows, 1) if e is name_edit), 0)
        if gone and self.member_relations[gone - 1]:  # not brought back by the next draft from the basket
            self.win.session.members_removed.add(self.member_relations[gone - 1])
        kept = [(n.text(), d.text(), r) for (n, d), r in zip(self.member_rows, self.member_relations, strict=True)
                if n is not name_edit]
        self._clear_members()
        for name, dob, relation in kept:
            self.add_member_row(name, dob, relation)
        d = self.win.session.declaration
        if gone:
            for item in d.items:
                item.owner = 0 if item.owner == gone else item.owner - 1 if item.owner > gone else item.owner
            if gone <= len(d.members):
                del d.members[gone - 1]
        self._show_items()
        self._attach_keyboard()

    def _clear_members(self) -> None:
        self.keyboard.dismiss()
        clear_layout(self.members_box)
        self.member_rows = []
        self.member_relations = []

    def _korean_toggled(self, on: bool) -> None:
        self.korean.setText(self.t("yes") if on else self.t("no"))
        self.passport_note.setText(self.t("passport_optional"))
        self.passport_note.setVisible(on)

    def _next_purpose(self) -> None:
        self._question_tapped()
        i = PURPOSES.index(self.purpose_value) + 1 if self.purpose_value in PURPOSES else 0
        self.purpose_value = PURPOSES[i % len(PURPOSES)]
        self._show_purpose()

    def _show_purpose(self) -> None:
        self.purpose.setText(self.t(f"purpose_{self.purpose_value}") if self.purpose_value else "—")

    def _question_tapped(self) -> None:
        self.keyboard.dismiss()  # answering a yes/no question ends typing

    def _field_focused(self, field: QWidget) -> None:
        """Accessibility mode reads the field's name aloud (never what is typed)."""
        for key, w in (*self.edits.items(), ("f_days", self.days), ("f_family", self.family)):
            if w is field:
                self.win.read_aloud(self.t(key))

    def _keyboard_shown(self, on: bool) -> None:
        """Large text: the title gives its room to the fields while the keyboard is up."""
        self.title.setVisible(not (on and self.win.theme.accessible))

    def hideEvent(self, event: Any) -> None:
        self.keyboard.dismiss()
        super().hideEvent(event)

    def _toggle_text(self, b: QPushButton) -> None:
        b.setText(self.t("yes") if b.isChecked() else self.t("no"))

    def retranslate(self) -> None:
        self.arrange(self.win.stacks())
        self.title.setText(self.t("form_title"))
        for key, lab in self.labels.items():
            lab.setText(self.t(key))
        for b in self.toggles.values():
            self._toggle_text(b)
        self.items_caption.setText(self.t("items"))
        self.members_caption.setText(self.t("f_members"))
        self.members_note.setText(self.t("one_form"))
        self.add_member.setText(self.t("add_member"))
        self._korean_toggled(self.korean.isChecked())
        self._show_purpose()
        self.back.setText(self.t("back"))
        self.review.setText(self.t("review"))
        self.keyboard.set_language(self.win.lang)
        self.keyboard.retranslate(self.t)
        self._show_items()

    def _show_items(self) -> None:
        d = self.win.session.declaration
        if not d.items:
            self.items.setText(self.t("no_items"))
            return
        if not any(i.owner for i in d.items):
            self.items.setText("\n".join("• " + item_line(i, self.win.lang) for i in d.items))
            return
        lines: list[str] = []
        own = self._own_allowance()
        for owner in sorted({i.owner for i in d.items}):
            if owner == 0:
                who = family.label("me", self.win.lang, start=True)
            elif owner <= len(d.members):
                m = d.members[owner - 1]
                rel = family.label(m.relation, self.win.lang, start=True) if m.relation else ""
                who = f"{self.t('member', n=owner)}: " + " · ".join(x for x in (m.name, rel) if x)
            else:
                who = self.t("member", n=owner)
            lines.append(f"{who} — {own}" if own else who)
            lines += ["   • " + item_line(i, self.win.lang) for i in d.items if i.owner == owner]
        self.items.setText("\n".join(lines))

    def _own_allowance(self) -> str:
        """'Own allowance: 800 USD' from the rule table in force (each person has their own; the pipeline's
        declaration draft carries it)."""
        if self.win.allowance is None:
            return ""
        value, currency = self.win.allowance
        return family.text(self.win.lang, "own_allowance").format(value=money(value, "", self.win.lang),
                                                                  currency=currency)

    def entered(self) -> None:
        """Pre-fill from the conversation (keeps what the traveler already typed)."""
        self.keyboard.dismiss()  # the keyboard appears when the traveler taps a field, not on arrival
        focused = QApplication.focusWidget()
        if focused is not None and self.isAncestorOf(focused):
            focused.clearFocus()
        self.win.draft_declaration()  # the items are the basket's (Pipeline.declaration), never added twice
        self.load(self.win.session.declaration)

    def basket_changed(self) -> None:
        """An answer came in while the form was open: its items and yes/no answers follow the basket, what was
        typed stays (a member the answer brought gets a row)."""
        self.win.session.declaration = self.read_form(self.win.session.declaration, strict=False)
        self.win.draft_declaration()
        d = self.win.session.declaration
        for m in d.members[len(self.member_rows):]:
            self.add_member_row(m.name, "", m.relation)
        said = d.answers.model_dump()
        for key, attr in Q_ATTR.items():
            self.toggles[key].setChecked(bool(said[attr]))
            self._toggle_text(self.toggles[key])
        self._show_items()

    def load(self, d: Declaration) -> None:
        i, t = d.identity, d.trip
        values = {"f_name": i.name, "f_dob": i.date_of_birth.isoformat() if i.date_of_birth else "",
                  "f_passport": i.passport_no, "f_nationality": i.nationality, "f_occupation": i.occupation,
                  "f_flight": t.flight_no, "f_countries": ", ".join(t.countries_visited),
                  "f_address": i.address_kr, "f_phone": i.phone}
        for k, v in values.items():
            self.edits[k].setText(v)
            self.edits[k].setCursorPosition(0)  # a value longer than its field shows its start, not its end
        self.days.setValue(t.travel_days or 0)
        self.korean.setChecked(i.korean_national)
        self.purpose_value = t.purpose
        self._show_purpose()
        self._clear_members()
        for m in d.members:
            self.add_member_row(m.name, m.date_of_birth.isoformat() if m.date_of_birth else "", m.relation)
        self.family.setValue(max(t.family_members, len(d.members)))
        said = d.answers.model_dump()
        for key, attr in Q_ATTR.items():
            self.toggles[key].setChecked(bool(said[attr]))
            self._toggle_text(self.toggles[key])
        self._show_items()
        self.win.restyle()

    def read_form(self, base: Declaration, strict: bool = True) -> Declaration:
        d = base.model_copy(deep=True)
        e = {k: w.text().strip() for k, w in self.edits.items()}
        d.identity.name = e["f_name"][:120]
        d.identity.passport_no = e["f_passport"].upper()[:20]
        d.identity.nationality = e["f_nationality"][:60]
        d.identity.korean_national = self.korean.isChecked()
        d.identity.occupation = e["f_occupation"][:60]
        d.identity.address_kr = e["f_address"][:200]
        d.identity.phone = e["f_phone"][:30]
        d.trip.purpose = self.purpose_value  # type: ignore[assignment]
        d.trip.flight_no = e["f_flight"].upper().replace(" ", "")[:12]
        d.trip.countries_visited = [c.strip() for c in re.split(r"[,;、，]", e["f_countries"]) if c.strip()]
        d.trip.travel_days = self.days.value() or None
        d.members = []
        for (name_edit, dob_edit), relation in zip(self.member_rows, self.member_relations, strict=True):
            dob_text = dob_edit.text().strip()
            try:
                born = dt.date.fromisoformat(dob_text) if dob_text else None
            except ValueError:
                if strict:
                    raise
                born = None
            d.members.append(FamilyMember(name=name_edit.text().strip()[:120], date_of_birth=born,
                                          relation=relation))
        d.trip.family_members = max(self.family.value(), len(d.members))
        dob = e["f_dob"]
        if dob:
            try:
                d.identity.date_of_birth = dt.date.fromisoformat(dob)
            except ValueError:
                if strict:
                    raise
        else:
            d.identity.date_of_birth = None
        d.answers = d.answers.model_copy(update={attr: self.toggles[key].isChecked() for key, attr in Q_ATTR.items()})
        d.confirmed = False
        d.confirmed_at = None
        return d

    def go_back(self) -> None:
        """Keep what was typed (even an unfinished date) and return to the questions."""
        self.win.session.declaration = self.read_form(self.win.session.declaration, strict=False)
        self.win.show_screen("ask")

    def go_review(self) -> None:
        try:
            self.win.session.declaration = self.read_form(self.win.session.declaration)
        except ValueError:
            self.set_error(self.t("invalid_date"))
            self.win.read_aloud(self.t("invalid_date"))
            return
        self.set_error("")
        self.win.show_screen("review")

    def set_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def clear(self) -> None:
        self.keyboard.dismiss()
        for e in self.edits.values():
            e.clear()
        self.days.setValue(0)
        self.family.setValue(0)
        self.korean.setChecked(False)
        self.purpose_value = ""
        self._clear_members()
        for b in self.toggles.values():
            b.setChecked(False)
        self.items.setText("")
        self.set_error("")


