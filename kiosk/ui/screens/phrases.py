"""The officer's phrase board: standard sentences of the phrasebook (kiosk.phrasebook) by category, search, recents
and favourites, slots filled with steppers and pickers. A tap records an interpretation turn (engine "phrasebook")
and shows the traveler side the sentence in the traveler's language with the Korean beside it and its review state,
and reads it aloud through the window's read-aloud path. Recents, favourites and the chosen traveler language live
for one visit: the window's reset clears them with the session."""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.i18n import tr
from kiosk.interpret import Turn
from kiosk.phrasebook import (
    PHRASE_LANGUAGES,
    Phrase,
    Phrasebook,
    PhrasebookError,
    Slots,
    UnknownPhraseLanguage,
    get_phrasebook,
    phrase_language,
    render,
)
from kiosk.phrasebook.match import Matcher
from kiosk.phrasebook.model import MACHINE_WRITTEN
from kiosk.ui.screens.base import Screen
from kiosk.ui.screens.phrase_board import (
    OFFICER_LANG,
    BoardState,
    Said,
    card_text,
    display_text,
    search,
    template_text,
)
from kiosk.ui.screens.phrase_panels import SlotEditor, TravelerView
from kiosk.ui.screens.phrase_widgets import PhraseRow, ScriptButton
from kiosk.ui.widgets import apply_fonts, button, clear_layout, label, scroll, stacked

log = logging.getLogger(__name__)
FAVOURITES, RECENTS = "favourites", "recents"  # the two lists before the categories

if TYPE_CHECKING:
    from kiosk.ui.window import KioskWindow


class PhraseScreen(Screen):
    """Officer board (left, in Korean) and the traveler's view (right); the language picker replaces both."""

    title_key = "phrase_board"

    def __init__(self, win: KioskWindow) -> None:
        super().__init__(win)
        self._book: Phrasebook | None = None
        self._matcher: Matcher | None = None
        self.state = BoardState()
        self.last: Said | None = None
        self.category = FAVOURITES
        self.pages = QStackedWidget()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 4, 12, 4)
        outer.addWidget(self.pages)
        # page 0: board | traveler view
        board = QWidget()
        self.pages.addWidget(board)
        split = stacked(QHBoxLayout(board))  # accessibility mode, portrait: the traveler view below
        split.setContentsMargins(0, 0, 0, 0)
        officer = QWidget()
        left = QVBoxLayout(officer)
        left.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        self.back = button("", "body", lang=OFFICER_LANG)
        self.back.clicked.connect(lambda: win.show_screen("interpret"))
        top.addWidget(self.back)
        self.search_box = QLineEdit()
        self.search_box.setProperty("lang", OFFICER_LANG)
        self.search_box.textChanged.connect(lambda _t: self.show_list())
        top.addWidget(self.search_box, 1)
        left.addLayout(top)
        lists = QHBoxLayout()
        self.cat_box = QWidget()
        self.cat_lay = QVBoxLayout(self.cat_box)
        self.cat_lay.setContentsMargins(0, 0, 0, 0)
        self.cat_buttons: dict[str, QPushButton] = {}
        self.cat_scroll = scroll(self.cat_box)  # as wide as its longest name: see fit_categories
        self.cat_scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        lists.addWidget(self.cat_scroll)
        self.list_box = QWidget()
        self.list_lay = QVBoxLayout(self.list_box)
        self.list_lay.setContentsMargins(0, 0, 0, 0)
        lists.addWidget(scroll(self.list_box), 1)
        left.addLayout(lists, 1)
        self.editor = SlotEditor(self)
        left.addWidget(self.editor)
        split.addWidget(officer, 3)
        self.traveler = TravelerView(self)
        split.addWidget(self.traveler, 2)
        # page 1: the traveler's language picker
        picker = QWidget()
        self.pages.addWidget(picker)
        play = QVBoxLayout(picker)
        play.setContentsMargins(0, 0, 0, 0)
        self.pick_title = label("", "big")
        play.addWidget(self.pick_title)
        grid_box = QWidget()
        grid = QGridLayout(grid_box)
        self.lang_buttons: dict[str, ScriptButton] = {}
        for i, row in enumerate(PHRASE_LANGUAGES.values()):
            b = ScriptButton(f"{row.flag} {row.native}", row.code)
            b.setProperty("role", "body")
            b.clicked.connect(lambda _c=False, code=row.code: self.pick_language(code))
            grid.addWidget(b, i // 4, i % 4)
            self.lang_buttons[row.code] = b
        play.addWidget(scroll(grid_box), 1)
        self.pick_back = button("", "body")
        self.pick_back.clicked.connect(lambda: self.pages.setCurrentIndex(0))
        play.addWidget(self.pick_back)

    # ---- data -----------------------------------------------------------------------------------------------
    @property
    def book(self) -> Phrasebook:
        if self._book is None:
            self._book = get_phrasebook()
        return self._book

    @property
    def matcher(self) -> Matcher:
        if self._matcher is None:
            self._matcher = Matcher(self.book, OFFICER_LANG, "officer")
        return self._matcher

    def traveler_lang(self) -> str:
        """The picked language, else the session's (or the screen's) language when the phrasebook has it."""
        for code in (self.state.traveler_lang, self.win.session.language, self.win.lang):
            if code:
                try:
                    return phrase_language(code).code
                except UnknownPhraseLanguage:
                    continue
        return "en"

    def template(self, phrase: Phrase) -> str:
        """The Korean sentence with its slots shown as [수량], [금액] ... (what the officer taps)."""
        return template_text(phrase)

    # ---- look -----------------------------------------------------------------------------------------------
    def refonts(self, root: QWidget) -> None:
        """Fonts for widgets made after the window's restyle (list rows, slot controls)."""
        apply_fonts(root, OFFICER_LANG, self.win.theme)
        self.win.fix_value_fonts(root)

    def retranslate(self) -> None:
        ko = OFFICER_LANG
        self.back.setText(tr(ko, "phrase_back"))
        self.search_box.setPlaceholderText(tr(ko, "phrase_search"))
        self.editor.retranslate()
        self.traveler.retranslate(self.win.lang)
        self.pick_title.setText(self.t("phrase_pick_language"))
        self.pick_back.setText(self.t("back"))
        self._categories()

    def _categories(self) -> None:
        clear_layout(self.cat_lay)
        self.cat_buttons = {}
        names = [(FAVOURITES, "★ " + tr(OFFICER_LANG, "phrase_favourites")),
                 (RECENTS, tr(OFFICER_LANG, "phrase_recents"))]
        names += [(c.id, c.names.get(OFFICER_LANG, c.id)) for c in self.book.categories.values()
                  if c.side == "officer"]
        for cid, name in names:
            b = button(name, "body", lang=OFFICER_LANG, checkable=True)  # keypad-reachable; a tap never takes the focus
            b.setProperty("valuefont", True)
            b.setChecked(cid == self.category)
            b.clicked.connect(lambda _c=False, cid=cid: self.show_category(cid))
            self.cat_lay.addWidget(b)
            self.cat_buttons[cid] = b
        self.cat_lay.addStretch(1)
        self.show_list()
        QTimer.singleShot(0, self.fit_categories)  # after the window's restyle has set the fonts

    def fit_categories(self) -> None:
        """The category column as wide as its longest name in the current text size (never clipped)."""
        widest = max((b.sizeHint().width() for b in self.cat_buttons.values()), default=200)
        self.cat_scroll.setFixedWidth(widest + self.cat_scroll.verticalScrollBar().sizeHint().width() + 8)

    def spoken(self) -> str:
        return tr(OFFICER_LANG, "phrase_board")

    # ---- lists ----------------------------------------------------------------------------------------------
    def show_category(self, cid: str) -> None:
        self.category = cid
        for key, b in self.cat_buttons.items():
            b.setChecked(key == cid)
        if self.search_box.text():
            self.search_box.clear()  # textChanged shows the list
        else:
            self.show_list()

    def shown_phrases(self) -> list[tuple[str, Slots]]:
        """What the list shows now: search results, favourites, recents or one category."""
        if self.search_box.text().strip():
            return search(self.book, self.matcher, self.search_box.text())
        if self.category == FAVOURITES:
            ids = list(self.state.favourites)
        elif self.category == RECENTS:
            ids = list(self.state.recents)
        else:
            ids = [p.id for p in self.book.by_category(self.category)]
        return [(pid, Slots()) for pid in ids]

    def show_list(self) -> None:
        clear_layout(self.list_lay)
        rows = self.shown_phrases()
        for pid, slots in rows:
            phrase = self.book.phrase(pid)
            text, ask = card_text(self.book, phrase, slots)
            row = PhraseRow(text, star=pid in self.state.favourites, ask=ask,
                            on_star=lambda _c=False, pid=pid: self.toggle_favourite(pid))
            row.setObjectName(f"phrase-{pid}")
            row.clicked.connect(lambda pid=pid, slots=slots: self.tap(pid, slots))
            self.list_lay.addWidget(row)
        if not rows:
            key = ("phrase_no_match" if self.search_box.text().strip() else
                   "phrase_no_favourites" if self.category == FAVOURITES else "phrase_no_recents")
            self.list_lay.addWidget(label(tr(OFFICER_LANG, key), "body", lang=OFFICER_LANG))
        self.list_lay.addStretch(1)
        self.refonts(self.list_box)
        self.list_lay.activate()  # sized now, not on the next event-loop turn (a screenshot may come first)

    def toggle_favourite(self, phrase_id: str) -> None:
        self.state.toggle_favourite(phrase_id)
        self.show_list()

    # ---- saying a phrase ------------------------------------------------------------------------------------
    def tap(self, phrase_id: str, slots: Slots | None = None) -> None:
        """A tap on a phrase: said at once when it has no slots, else the slot editor opens."""
        phrase = self.book.phrase(phrase_id)
        if phrase.slots:
            self.editor.open(phrase, slots)
        else:
            self.say(phrase_id, Slots())

    def say(self, phrase_id: str, slots: Slots) -> Turn:
        """Render the phrase for the traveler, record the turn in the session, show it and read it aloud."""
        book, lang = self.book, self.traveler_lang()
        phrase = book.phrase(phrase_id)
        korean = render(book, phrase, OFFICER_LANG, slots)
        try:
            text = render(book, phrase, lang, slots)
        except PhrasebookError as err:  # a language file not yet complete: English rather than nothing
            log.warning("phrase %s not shown in %s: %s", phrase_id, lang, err.detail)
            lang = "en"
            text = render(book, phrase, lang, slots)
        review = phrase.texts[lang].review or MACHINE_WRITTEN
        turn = Turn(side="officer", original=korean, translation=text, source_lang=OFFICER_LANG, target_lang=lang,
                    confidence=1.0, flagged=False, engine="phrasebook", timestamp=dt.datetime.now(dt.UTC),
                    note=review)
        self.win.session.interpreter(OFFICER_LANG).add_turn(turn)
        self.state.used(phrase_id)
        self.last = Said(phrase_id, slots, lang, text, display_text(book, phrase, lang, slots), korean, review)
        self.traveler.retranslate(self.win.lang)
        self.refonts(self.traveler)
        if self.category == RECENTS and not self.search_box.text():
            self.show_list()
        self.win.read_aloud(text, lang, force=True)
        return turn

    def replay(self) -> None:
        if self.last is not None:
            self.win.read_aloud(self.last.text, self.last.lang, force=True)

    # ---- traveler language -----------------------------------------------------------------------------------
    def open_languages(self) -> None:
        current = self.traveler_lang()
        for code, b in self.lang_buttons.items():
            b.setProperty("primary", code == current)
        self.pages.setCurrentIndex(1)
        self.win.restyle()

    def pick_language(self, code: str) -> None:
        """The traveler's language for the next phrases; the sentence on screen is shown again in it."""
        self.state.traveler_lang = phrase_language(code).code
        if self.last is not None:
            last, book = self.last, self.book
            phrase = book.phrase(last.phrase_id)
            lang = self.state.traveler_lang
            self.last = Said(last.phrase_id, last.slots, lang, render(book, phrase, lang, last.slots),
                             display_text(book, phrase, lang, last.slots), last.korean,
                             phrase.texts[lang].review or MACHINE_WRITTEN)
        self.pages.setCurrentIndex(0)
        self.win.root.setFocus(Qt.FocusReason.OtherFocusReason)  # no focus ring left on a hidden page's button
        self.traveler.retranslate(self.win.lang)
        self.win.restyle()

    # ---- screen hooks ----------------------------------------------------------------------------------------
    def entered(self) -> None:
        QTimer.singleShot(0, self.fit_categories)
        self.pages.setCurrentIndex(0)
        self.traveler.retranslate(self.win.lang)
        if self.category == FAVOURITES and not self.state.favourites:  # nothing starred yet: the first category
            self.show_category(self.first_category())

    def first_category(self) -> str:
        return next((c.id for c in self.book.categories.values() if c.side == "officer"), FAVOURITES)

    def clear(self) -> None:
        """Reset: recents, favourites, the picked language, the search and the shown sentence are forgotten."""
        self.state.clear()
        self.last = None
        self.category = FAVOURITES
        self.editor.close_editor()
        self.search_box.blockSignals(True)
        self.search_box.clear()
        self.search_box.blockSignals(False)
        self.pages.setCurrentIndex(0)
