"""Review and confirm: every field in the traveler's language beside Korean; only the explicit confirmation marks the
declaration confirmed and makes its PDF and QR code.

Privacy: the PDF takes a few seconds (CJK fonts). It is rendered in the worker pool *in memory*; only back on the
GUI thread, and only if the session is still the same visit (`session.generation` unchanged, job not discarded by
a reset), is it written to the session's private folder and the QR code shown. A reset at any moment therefore
leaves no PDF or QR code of the previous traveler, on disk or on screen.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QApplication, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.declaration import Declaration, qr_png, render_pdf
from kiosk.declaration.output import form_rows, owner_name
from kiosk.declaration.wording import item_line
from kiosk.desk.kiosk_side import declaration_code
from kiosk.errors import Status
from kiosk.i18n import tr
from kiosk.ui.screens.base import Screen
from kiosk.ui.widgets import button, clear_layout, label, panel, scroll, show_added
from kiosk.ui.workers import Job

if TYPE_CHECKING:
    from kiosk.ui.window import KioskWindow

log = logging.getLogger(__name__)
QR_SIDE = 260


class ReviewScreen(Screen):
    title_key = "review_title"
    confirmed = Signal(object)  # the confirmed Declaration

    def __init__(self, win: KioskWindow) -> None:
        super().__init__(win)
        self.pdf_path: Path | None = None
        self.job: Job | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 8, 24, 8)
        self.title = label("", "title")
        outer.addWidget(self.title)
        inner = QWidget()
        self.body = QVBoxLayout(inner)
        self.grid = QGridLayout()
        self.grid.setColumnStretch(0, 3)
        self.grid.setColumnStretch(1, 3)
        self.grid.setColumnStretch(2, 3)
        self.qr = QLabel()
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.done_msg = label("", "big", center=True)
        self.lane = label("", "body", center=True)
        confirmed_row = QHBoxLayout()  # after confirmation: QR code first, then what to do next
        confirmed_row.addWidget(self.qr)
        words = QVBoxLayout()
        words.addWidget(self.done_msg)
        words.addWidget(self.lane)
        confirmed_row.addLayout(words, 1)
        self.body.addLayout(confirmed_row)
        self.body.addLayout(self.grid)
        self.body.addStretch(1)
        outer.addWidget(scroll(inner), 1)
        self.note = label("", "small")
        outer.addWidget(self.note)
        row = QHBoxLayout()
        self.edit = button("", "body")
        self.edit.clicked.connect(lambda: win.show_screen("form"))
        self.confirm = button("", "big", primary=True)
        self.confirm.clicked.connect(self.do_confirm)
        self.finish = button("", "big", primary=True)
        self.finish.clicked.connect(win.reset)
        self.finish.hide()
        row.addWidget(self.edit, 1)
        row.addWidget(self.confirm, 2)
        row.addWidget(self.finish, 2)
        outer.addLayout(row)

    def retranslate(self) -> None:
        self.title.setText(self.t("review_title"))
        self.note.setText(self.t("confirm_note"))
        self.edit.setText(self.t("edit"))
        self.confirm.setText(self.t("confirm"))
        self.finish.setText(self.t("done"))
        if self.win.current == "review":
            self.populate()

    def entered(self) -> None:
        self.populate()

    def basket_changed(self) -> None:
        """An answer came in before the confirmation: the declaration to confirm is drafted again from the basket
        (a confirmed one, with its PDF, is not changed)."""
        if not self.win.session.declaration.confirmed and self.job is None:
            self.win.draft_declaration()
            self.populate()

    def populate(self) -> None:
        d = self.win.session.declaration
        clear_layout(self.grid)
        rows = form_rows(d, self.win.lang)
        items = "\n".join("• " + item_line(it, self.win.lang, owner_name(d, it)) for it in d.items) or self.t("no_items")
        rows.append(("items", items))
        one_column = self.win.stacks()  # 12 mm text on a portrait panel: one framed box per field, label over value
        for r, (key, value) in enumerate(rows):
            trav = label(self.t(key), "small")
            trav.setProperty("role", "muted")
            ko = label(tr("ko", key), "small", lang="ko")
            ko.setProperty("role", "muted")
            val = label(value or "-", "body")
            val.setProperty("valuefont", True)
            if one_column:  # label and value visibly paired: one box each, the value under its label
                box = panel()
                box.setProperty("pair", True)
                lay = QVBoxLayout(box)
                lay.setContentsMargins(10, 4, 10, 4)
                lay.setSpacing(0)
                lay.addWidget(trav)
                if self.win.lang != "ko":
                    lay.addWidget(ko)
                else:
                    ko.deleteLater()
                lay.addWidget(val)
                self.grid.addWidget(box, r, 0, 1, 3)
                continue
            self.grid.addWidget(trav, r, 0)
            if self.win.lang != "ko":
                self.grid.addWidget(ko, r, 1)
            else:
                ko.deleteLater()
            self.grid.addWidget(val, r, 2)
        self.grid.setColumnStretch(2, 0 if one_column else 3)
        show_added(self.grid)  # on the screen now, not on the event loop's next turn (the page is already shown)
        self.set_confirmed(d.confirmed)
        self.win.restyle()
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)  # rows laid out now, not on a later turn

    def set_confirmed(self, done: bool) -> None:
        d = self.win.session.declaration
        self.confirm.setVisible(not done)
        self.edit.setVisible(not done)
        self.finish.setVisible(done)
        self.note.setText(self.t("status_confirmed") if done else self.t("confirm_note"))
        self.done_msg.setText(self.t("confirmed_msg") if done else "")
        self.lane.setText((self.t("go_red") if d.must_declare else self.t("go_green")) if done else "")
        for w in (self.qr, self.done_msg, self.lane):
            w.setVisible(done)
        if not done:
            self.qr.clear()

    def do_confirm(self) -> None:
        """The traveler's explicit confirmation: only now is the declaration marked confirmed and output made."""
        if self.job is not None:
            return
        s = self.win.session
        s.declaration = s.declaration.confirm()
        decl, lang, generation = s.declaration, self.win.lang, s.generation
        code = declaration_code(s, decl)  # signed for the officer's desk: the declaration + the kiosk's advice
        self.confirm.setEnabled(False)
        self.note.setText(self.t("loading"))  # the PDF takes a few seconds (CJK fonts)

        def work(stop: threading.Event) -> tuple[bytes, bytes]:  # in memory only: nothing touches the disk here
            pdf = render_pdf(decl, lang, payload=code)
            return pdf, b"" if stop.is_set() else qr_png(decl, scale=5, payload=code)

        self.job = self.win.runner.call(work, name="declaration",
                                        on_done=lambda r: self._made(r, decl, generation),
                                        on_failed=self._failed)

    def _made(self, result: tuple[bytes, bytes], decl: Declaration, generation: int) -> None:
        self.job = None
        s = self.win.session
        if s.generation != generation or s.declaration is not decl:  # reset (or edited) meanwhile: discard
            log.info("declaration output discarded: the session changed while it was made")
            return
        pdf, png = result
        path = s.temp_file(".pdf")
        path.write_bytes(pdf)
        self.pdf_path = path
        pix = QPixmap()
        pix.loadFromData(png, "PNG")
        self.qr.setPixmap(pix.scaled(QR_SIDE, QR_SIDE, Qt.AspectRatioMode.KeepAspectRatio))
        self.confirm.setEnabled(True)
        self.set_confirmed(True)
        self.win.restyle()
        self.win.read_aloud(self.done_msg.text() + " " + self.lane.text())
        self.confirmed.emit(decl)

    def _failed(self, status: Status) -> None:
        self.job = None
        self.confirm.setEnabled(True)
        self.note.setText(self.t(status.message_key))

    def clear(self) -> None:
        self.win.runner.cancel(self.job)  # a PDF in flight is discarded when it arrives
        self.job = None
        clear_layout(self.grid)
        self.qr.clear()
        self.pdf_path = None
        self.done_msg.setText("")
        self.lane.setText("")
        self.confirm.setEnabled(True)
        self.confirm.show()
        self.edit.show()
        self.finish.hide()


