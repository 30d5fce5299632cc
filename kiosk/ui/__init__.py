"""PySide6 kiosk UI. Qt is imported by kiosk.ui.app / widgets / workers; kiosk.ui.catalog is Qt-free.

PySide6 is pinned to 6.11.3: 6.12.0 on Python 3.11 decrements None's reference count on every Qt call that returns
nothing, which aborts a long-running kiosk with "Fatal Python error: none_dealloc" (tests/test_ui.py guards it).
"""
