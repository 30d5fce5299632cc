"""The kiosk window: navigation between the screens, theme (normal / accessibility), keypad operation, idle warning
and reset, kiosk lock-down. Holds no business logic: the screens start pipeline turns in the worker pool
(kiosk.ui.workers) and render their events; everything of the visit is in the `Session`."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QBoxLayout,
    QInputDialog,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.config import settings
from kiosk.events import Drafted, TurnEvent
from kiosk.i18n import tr
from kiosk.languages import UI_LANGUAGES
from kiosk.pipeline import Pipeline, get_pipeline
from kiosk.session import Session, purge_leftovers
from kiosk.ui.display import adopt_output, px_per_mm, resolution
from kiosk.ui.screens import (
    AskScreen,
    AttractScreen,
    FormScreen,
    InterpretScreen,
    LanguageScreen,
    ReviewScreen,
    Screen,
    StillThere,
    TopBar,
)
from kiosk.ui.screens.desk_review import DeskScreen
from kiosk.ui.screens.green import GreenScreen
from kiosk.ui.screens.phrases import PhraseScreen
from kiosk.ui.screens.picker import PickerScreen
from kiosk.ui.theme import ACCESSIBLE, NORMAL, Theme, stylesheet
from kiosk.ui.widgets import apply_fonts, families, family_for_text, label, prop, px_per_cm, text_px
from kiosk.ui.workers import Job, Runner, is_final

log = logging.getLogger(__name__)

MAX_REFITS = 4  # re-fits of a window that grew past the panel, per restyle
SCREENS = ("attract", "language", "ask", "picker", "green", "form", "review", "interpret", "phrases", "desk")
_NAV_NEXT = (Qt.Key.Key_Right, Qt.Key.Key_Down)
_NAV_PREV = (Qt.Key.Key_Left, Qt.Key.Key_Up)
_ACTIVATE = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space, Qt.Key.Key_Select)


class KioskWindow(QMainWindow):
    screen_changed = Signal(str)
    officer_requested = Signal()
    interpret_done = Signal(object)
    was_reset = Signal()

    def __init__(self, pipeline: Pipeline | None = None, *, kiosk_mode: bool = False, lang: str = "en",
                 officer_mode: bool = False, session: Session | None = None, warm_up: bool = False) -> None:
        super().__init__()
        self.pipeline = pipeline or get_pipeline()
        self.session = session or Session()
        self.kiosk_mode = kiosk_mode
        self.default_lang = lang if lang in UI_LANGUAGES else "en"
        self.lang = self.default_lang
        self.theme: Theme = NORMAL
        self.current = "attract"
        self.allowance: tuple[float, str] | None = None  # each person's own allowance (Drafted), for the form
        self.keypad_used = False  # a key was pressed this visit: focus follows screens and is read aloud
        self._quiet_focus = False
        self._allow_close = False
        self.follows_output = False  # full screen (run_app): lay out for the size the compositor gives the window
        self._refits = 0  # re-fits since the last restyle (a window that grew past the panel)
        self._speech_job: Job | None = None
        self.runner = Runner(self)
        self.setWindowTitle("Customs Help")
        root = QWidget()
        self.root = root
        root.setObjectName("root")
        # the root holds the focus (no ring anywhere) until a key is pressed: see show_screen and reset
        self.setCentralWidget(root)
        lay = QVBoxLayout(root)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        self.top = TopBar(self)
        lay.addWidget(self.top)
        self.banner = label("", "big", center=True)
        self.banner.setObjectName("banner")
        self.banner.hide()
        lay.addWidget(self.banner)
        self.stack = QStackedWidget()
        lay.addWidget(self.stack, 1)
        self.screens: dict[str, Screen] = {
            "attract": AttractScreen(self), "language": LanguageScreen(self), "ask": AskScreen(self),
            "picker": PickerScreen(self), "green": GreenScreen(self), "form": FormScreen(self),
            "review": ReviewScreen(self), "interpret": InterpretScreen(self), "phrases": PhraseScreen(self),
            "desk": DeskScreen(self),  # the officer's desk review (officer mode: the top bar's switch)
        }
        for s in self.screens.values():
            self.stack.addWidget(s)
        self.overlay = StillThere(self, root)
        self.idle = QTimer(self)
        self.idle.setSingleShot(True)
        self.idle.timeout.connect(self.ask_still_there)
        self.tick = QTimer(self)
        self.tick.setInterval(1000)
        self.tick.timeout.connect(self._countdown)
        self._left = 0
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.installEventFilter(self)
            app.aboutToQuit.connect(self.shutdown)
            app.focusChanged.connect(self._focus_changed)
        if officer_mode:
            self.top.add_switch(self.screens["desk"].switch)  # type: ignore[attr-defined]
        else:
            self.screens["desk"].switch.hide()  # type: ignore[attr-defined]
        self.exit_shortcut = QShortcut(QKeySequence("Ctrl+Alt+Shift+Q"), self)
        self.exit_shortcut.activated.connect(self.operator_exit)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.resize(*resolution())  # the kiosk's panel (kiosk mode shows it full screen)
        self.restyle()
        self.retranslate()
        self.show_screen("interpret" if officer_mode else "attract")
        root.setFocus(Qt.FocusReason.OtherFocusReason)
        if kiosk_mode:
            self.setWindowFlags(Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint)
            purge_leftovers()
        if warm_up:
            self.ask_screen.set_state("loading")
            self.runner.call(lambda stop: self.pipeline.warm_up(), name="warm-up",
                             on_done=lambda _p: self.ask_screen.set_state("ready"))

    @property
    def ask_screen(self) -> AskScreen:
        return self.screens["ask"]  # type: ignore[return-value]

    @property
    def picker_screen(self) -> PickerScreen:
        return self.screens["picker"]  # type: ignore[return-value]

    @property
    def form_screen(self) -> FormScreen:
        return self.screens["form"]  # type: ignore[return-value]

    @property
    def review_screen(self) -> ReviewScreen:
        return self.screens["review"]  # type: ignore[return-value]

    @property
    def interpret_screen(self) -> InterpretScreen:
        return self.screens["interpret"]  # type: ignore[return-value]

    def t(self, key: str, **kw: object) -> str:
        return tr(self.lang, key, **kw)

    # ---- language / look ------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.top.title.setText(self.t("app_title"))
        self.top.a11y.setText(self.t("a11y_off") if self.theme.accessible else self.t("a11y_on"))
        self.top.officer.setText(self.t("ask_officer"))
        self.top.restart.setText(self.t("start_over"))
        self.top.restart.setVisible(self.current != "attract")
        if self.banner.isVisible():
            self.banner.setText(self.t("officer_called"))
        for s in self.screens.values():
            s.retranslate()
        self.overlay.retranslate(self._left)
        self.restyle()

    def stacks(self) -> bool:
        """Rows of controls become columns: accessibility mode on a portrait screen (one thing per line)."""
        w, h = resolution()
        return self.theme.accessible and h > w

    def restyle(self) -> None:
        target = round(px_per_cm(self) * self.theme.target_cm)
        sheet = stylesheet(self.theme, target)
        stack = self.stacks()
        for root in (self, self.interpret_screen.officer):
            for lay in root.findChildren(QBoxLayout):
                if prop(lay, "stack"):
                    lay.setDirection(QBoxLayout.Direction.TopToBottom if stack else QBoxLayout.Direction.LeftToRight)
        self.top.arrange(stack)
        self.setStyleSheet(sheet)
        apply_fonts(self, self.lang, self.theme)
        officer_panel = self.interpret_screen.officer
        officer_panel.setStyleSheet(sheet)
        apply_fonts(officer_panel, self.interpret_screen.officer_lang, self.theme)
        self.fix_value_fonts(self)
        self.fix_value_fonts(officer_panel)
        self._refits = 0
        QTimer.singleShot(20, self._fit_panel)  # after the buttons' posted re-wraps (zero timers)

    def _fit_panel(self) -> None:
        """Back to the panel's size once the new fonts are laid out (a re-wrap briefly grows the window; one that
        still does not fit stays larger: the geometry tests report it)."""
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        if self._grown():
            w, h = resolution()
            self.resize(min(self.width(), w), min(self.height(), h))

    def _grown(self) -> bool:
        """Larger than the panel: a window (not full screen) pushed out by a minimum size while it re-lays out."""
        w, h = resolution()
        return not self.isFullScreen() and (self.width() > w or self.height() > h)

    def fix_value_fonts(self, root: QWidget) -> None:
        for w in root.findChildren(QWidget):
            if prop(w, "valuefont"):
                self.restyle_one(w)

    def restyle_one(self, w: QWidget) -> None:
        """Font for text typed or spoken by people: the first family that covers it, then the fallbacks."""
        if isinstance(w, QLineEdit | QAbstractButton) or hasattr(w, "text"):
            f = w.font()
            text, lang = str(w.text()), str(prop(w, "lang") or self.lang)  # type: ignore[attr-defined]
            fam = family_for_text(text, lang)
            f.setFamilies(families(fam))
            f.setPixelSize(text_px(f, text, lang, self.theme, str(prop(w, "role") or "body"), px_per_mm(self)))
            w.setFont(f)

    def set_language(self, lang: str) -> None:
        """The screen's language (a language without a UI catalog shows English)."""
        self.lang = lang if lang in UI_LANGUAGES else "en"
        self.retranslate()

    def choose_language(self, code: str) -> None:
        self.session.language = code
        self.set_language(code)
        self.show_screen("ask")

    def just_speak(self) -> None:
        """No language chosen: the first utterance picks it (and is asked as the first question)."""
        self.session.language = None
        self.show_screen("ask")
        self.ask_screen.ask(None)

    def set_accessibility(self, on: bool) -> None:
        self.theme = ACCESSIBLE if on else NORMAL
        self.session.accessibility = on
        self.top.a11y.setChecked(on)
        self.retranslate()
        self.touch()
        if on:
            self.read_aloud(self.screens[self.current].spoken(), force=True)

    # ---- navigation ---------------------------------------------------------------------------------------
    def show_screen(self, name: str) -> None:
        self.current = name
        for key, scr in self.screens.items():  # only the visible page counts for the window's minimum size
            pol = QSizePolicy.Policy.Preferred if key == name else QSizePolicy.Policy.Ignored
            scr.setSizePolicy(pol, pol)
        self.stack.setCurrentWidget(self.screens[name])
        self.top.restart.setVisible(name != "attract")
        self.screens[name].entered()
        self.restyle()
        self.touch()
        if self.keypad_used:  # keypad user: where the focus landed is said after the screen's title
            focused = self._focus_first(self.screens[name])
            said = focused.accessibleName() or focused.text() if focused is not None else ""
            self.read_aloud(f"{self.screens[name].spoken()}. {said}".strip(" ."), force=True)
        elif self.theme.accessible:
            self.read_aloud(self.screens[name].spoken())
        self.screen_changed.emit(name)

    def draft_declaration(self) -> bool:
        """Draft the declaration from the basket (`Pipeline.declaration`, rules only); whether a form is needed."""
        needed = False
        for event in self.pipeline.declaration(self.session, self.session.language or self.lang):
            if isinstance(event, Drafted):
                needed, self.allowance = event.needed, event.allowance
        return needed

    def open_declaration(self) -> None:
        """The declaration only when needed: nothing to declare -> the green channel, the form only on request."""
        self.show_screen("form" if self.draft_declaration() else "green")  # green only when known to be nothing

    def call_officer(self) -> None:
        self.banner.setText(self.t("officer_called"))
        self.banner.show()
        self.restyle()
        log.info("officer requested")
        self.officer_requested.emit()
        self.read_aloud(self.t("officer_called"), force=True)

    # ---- keypad operation (a blind traveler with a keypad and headphones) -------------------------------------
    def _focus_first(self, screen: QWidget) -> QPushButton | None:
        """Focus the first control of a screen that was just shown (not read aloud here: show_screen says it)."""
        for w in screen.findChildren(QPushButton):
            if w.isVisible() and w.isEnabled() and w.focusPolicy() != Qt.FocusPolicy.NoFocus:
                self._quiet_focus = True
                w.setFocus(Qt.FocusReason.TabFocusReason)
                self._quiet_focus = False
                return w
        return None

    def _keypad(self, event: QKeyEvent) -> bool:
        """Arrows move the focus, Enter/Space activate the focused button. Returns True when handled."""
        self.keypad_used = True
        focused = QApplication.focusWidget()
        key = event.key()
        if self.current == "attract" and not self.overlay.isVisible():
            self.show_screen("language")
            return True
        if isinstance(focused, QLineEdit) or (focused is not None and focused.inherits("QAbstractSpinBox")):
            return False  # typing: arrows and Enter belong to the field
        if key in _NAV_NEXT or key in _NAV_PREV:
            self.focusNextPrevChild(key in _NAV_NEXT)
            return True
        if key in _ACTIVATE and isinstance(focused, QAbstractButton) and focused.isVisible():
            focused.click()
            return True
        return False

    def _focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        """Focus moved by keypad: read the control aloud (in its own language for the language buttons)."""
        if self._quiet_focus or not self.keypad_used or new is None or not self.isAncestorOf(new):
            return
        # buttons, and any other focusable control that names itself (the officer's phrase cards)
        text = new.accessibleName() or (new.text() if isinstance(new, QAbstractButton) else "")
        if not text:
            return
        self.read_aloud(text, str(prop(new, "speak_lang") or prop(new, "lang") or self.lang), force=True)

    # ---- speech out (read aloud) -------------------------------------------------------------------------------
    def read_aloud(self, text: str, lang: str | None = None, *, force: bool = False) -> None:
        """Speak `text` in the background (always in accessibility mode, or when forced); interrupts what is
        being read aloud."""
        if not text or not (force or self.theme.accessible):
            return
        self.stop_speech()
        rate, lang, pipeline = self.theme.speech_rate, lang or self.lang, self.pipeline

        def done(event: TurnEvent) -> None:
            if self._speech_job is job and is_final(event):
                self._speech_job = None

        job = self.runner.turn(lambda stop, _end: pipeline.read_aloud(text, lang, rate, stop), done,
                               name="read-aloud")
        self._speech_job = job

    def speaking(self) -> bool:
        return self._speech_job is not None

    def stop_speech(self) -> None:
        self.runner.cancel(self._speech_job)
        self._speech_job = None

    # ---- idle / reset ---------------------------------------------------------------------------------------
    def touch(self) -> None:
        """Any activity: restart the idle timer (not needed on the attract screen with nothing to wipe)."""
        if self.overlay.isVisible():
            return
        if self.current == "attract" and self.session.is_empty():
            self.idle.stop()
        else:
            self.idle.start(self.theme.idle_timeout_s * 1000)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin, QEvent.Type.KeyPress):
            self.touch()
        if (kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) and obj is QApplication.focusWidget()
                and self.isActiveWindow()):
            return self._keypad(event)
        return False

    def ask_still_there(self) -> None:
        if self.ask_screen.job is not None or self.interpret_screen.job is not None:
            self.touch()
            return
        self._left = self.theme.countdown_s
        self.overlay.retranslate(self._left)
        self.overlay.setGeometry(self.root.rect())
        self.overlay.show()
        self.overlay.raise_()
        self.restyle()
        self.overlay.cont.setFocus(Qt.FocusReason.OtherFocusReason)  # Enter on a keypad: more time
        self.tick.start()
        self.read_aloud(f"{self.t('still_there')} {self.t('reset_in', n=self._left)}", force=self.theme.accessible)

    def _countdown(self) -> None:
        self._left -= 1
        self.overlay.retranslate(self._left)
        if self._left <= 0:
            self.reset()

    def still_here(self) -> None:
        self.tick.stop()
        self.overlay.hide()
        self.touch()

    def reset(self) -> None:
        """Wipe every trace of the session (audio, text, form, files, jobs in flight) and go back to the start."""
        self.tick.stop()
        self.idle.stop()
        self.overlay.hide()
        self.runner.cancel_all()  # stop every turn; whatever they still yield is dropped
        self._speech_job = None
        for s in self.screens.values():
            s.clear()
        self.session.wipe()  # in-flight turns see the new generation and record nothing
        self.banner.hide()
        self.banner.setText("")
        self.theme = NORMAL
        self.top.a11y.setChecked(False)
        self.lang = self.default_lang
        self.keypad_used = False
        self._left = 0
        self.retranslate()
        self.show_screen("attract")
        self.root.setFocus(Qt.FocusReason.OtherFocusReason)
        self.was_reset.emit()

    def shutdown(self) -> None:
        """Wait for the workers (models may be mid-call) so nothing runs while Qt and Python shut down."""
        self.runner.shutdown()
        self.pipeline.close()  # the microphone stream stays open between turns (pre-roll): close it

    # ---- kiosk lock-down ----------------------------------------------------------------------------------------
    def operator_exit(self) -> None:
        pin = settings().operator_pin
        if not pin:
            log.warning("operator exit refused: KIOSK_OPERATOR_PIN is not set")
            return
        text, ok = QInputDialog.getText(self, "Operator", "PIN", QLineEdit.EchoMode.Password)
        if ok and text == pin:
            log.info("operator exit")
            self._allow_close = True
            self.close()
            QApplication.quit()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.kiosk_mode and not self._allow_close:
            event.ignore()
            return
        self.runner.cancel_all()
        self.session.wipe()
        event.accept()

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        if self._grown() and self._refits < MAX_REFITS:  # grown by a re-wrap that came after the restyle's fit (a
            self._refits += 1  # loaded machine runs the timers late): fit again once it is laid out, a few times
            QTimer.singleShot(0, self._fit_panel)  # at most (content that truly does not fit stays larger)
        if self.overlay.isVisible():
            self.overlay.setGeometry(self.root.rect())
        if self.follows_output and adopt_output(self.size().toTuple()):  # the output's layout, never forcing one
            QTimer.singleShot(0, self.retranslate)

