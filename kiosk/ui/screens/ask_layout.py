"""Where the ask screen's actions go (mixed into `AskScreen`), by the output's shape and the text size:
- "wide": [talk | hands-free] over [pick | form | interpret] below the answer;
- "narrow" (large text, portrait): the talk button alone, then two buttons per row;
- "column" (large text, landscape: 720p and 1080p outputs are short): one column beside the banner and the answer,
  talk first. Two rows of actions under a banner left a 1280x720 screen about 120 px for the answer, the amount
  read back and the basket (issue 25 item 4: fewer, grouped actions; the verdict and the answer keep the height)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QBoxLayout

from kiosk.ui.display import resolution

if TYPE_CHECKING:
    from PySide6.QtWidgets import QGridLayout, QPushButton

    from kiosk.ui.window import KioskWindow


def action_mode(accessible: bool) -> str:
    width, height = resolution()
    if not accessible:
        return "wide"
    return "narrow" if height > width else "column"


class ActionLayout:
    """The ask screen's action buttons; the screen provides what is declared here."""

    win: KioskWindow
    talk: QPushButton
    hands_free: QPushButton
    pick: QPushButton
    form: QPushButton
    interpret: QPushButton
    action_grid: QGridLayout
    frame_row: QBoxLayout  # [banner + answer] then the actions: a column (top to bottom) or a row (column mode)
    actions_mode: str | None

    def arrange_actions(self, mode: str) -> None:
        if mode == self.actions_mode:
            return
        self.actions_mode = mode
        grid = self.action_grid
        buttons = (self.talk, self.hands_free, self.pick, self.form, self.interpret)
        for b in buttons:
            grid.removeWidget(b)
        for n in range(6):
            grid.setColumnStretch(n, 0)
            grid.setRowStretch(n, 0)
        column = mode == "column"
        self.frame_row.setDirection(QBoxLayout.Direction.LeftToRight if column else QBoxLayout.Direction.TopToBottom)
        self.frame_row.setStretch(0, 3 if column else 1)  # beside: a quarter of the width for the actions
        self.frame_row.setStretch(1, 1 if column else 0)
        if column:
            for row, b in enumerate((self.talk, self.pick, self.form, self.interpret, self.hands_free)):
                grid.addWidget(b, row, 0)
            grid.setColumnStretch(0, 1)
            grid.setRowStretch(5, 1)  # the buttons at the top, their own height
        elif mode == "narrow":
            grid.addWidget(self.talk, 0, 0, 1, 2)
            grid.addWidget(self.pick, 1, 0)
            grid.addWidget(self.form, 1, 1)
            grid.addWidget(self.interpret, 2, 0)
            grid.addWidget(self.hands_free, 2, 1)
            for n in (0, 1):
                grid.setColumnStretch(n, 1)
        else:  # six columns: talk 3 : hands-free 1 above three equal buttons
            grid.addWidget(self.talk, 0, 0, 1, 4)
            grid.addWidget(self.hands_free, 0, 4, 1, 2)
            for n, b in enumerate((self.pick, self.form, self.interpret)):
                grid.addWidget(b, 1, 2 * n, 1, 2)
            for n in range(6):
                grid.setColumnStretch(n, 1)
