"""Small pieces of the desk's Review screen: the keypad-friendly field, item words, status colours."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit

from kiosk.desk.advice import ItemAdvice

# how each payload status looks: the verdict colour it borrows (green / amber / red)
STATUS_COLOUR = {"verified": "allowed", "unsigned": "declare", "altered": "prohibited", "foreign": "prohibited",
                 "unreadable": "prohibited"}


class ScanField(QLineEdit):
    """A field on the keypad's path (the scan field, the officer's amounts). Neither a scanner nor an amount needs
    Up/Down: they leave the field (keypad operation)."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            self.focusNextPrevChild(event.key() == Qt.Key.Key_Down)
            return
        super().keyPressEvent(event)


def item_words(item: ItemAdvice) -> str:
    parts = [item.description or item.category]
    if item.quantity is not None:
        parts.append(f"{item.quantity:g} {item.unit}".strip())
    if item.value is not None:
        parts.append(f"{item.value:,.0f} {item.currency}".strip())
    return " · ".join(parts)
