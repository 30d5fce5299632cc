"""PySide6 kiosk UI: `app` starts it, `window` navigates, `screens/` render pipeline events, `workers` run turns
off the GUI thread, `theme` holds the two palettes. Strings come from kiosk.i18n (Qt-free).

PySide6 is pinned to 6.11.3: 6.12.0 on Python 3.11 decrements None's reference count on every Qt call that returns
nothing, which aborts a long-running kiosk with "Fatal Python error: none_dealloc" (tests/test_qt_runtime.py).
"""
