"""The officer's phrase board (kiosk.ui.screens.phrases) on the real phrasebook (locales/phrases/): exact rendered
sentences with slot values in three languages, recents and favourites for one visit (wiped by the reset), search,
the traveler's language picker for every phrasebook language, and the top-3 phrases shown instead of an unsure
translation of the officer's words. Screenshots: artifacts/screens/phrases_*.png."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from kiosk.events import Translated
from kiosk.i18n import tr
from kiosk.interpret import Turn
from kiosk.phrasebook import PHRASE_LANGUAGES
from kiosk.phrasebook.labels import phrase_label
from kiosk.ui.display import resolution
from kiosk.ui.screens.phrase_widgets import PhraseRow
from kiosk.ui.screens.phrases import PhraseScreen
from kiosk.ui.window import KioskWindow

pytestmark = pytest.mark.slow  # Qt screens with real data (~1-9 s each): outside the fast inner loop

W, H = resolution()  # the configured kiosk panel (default 32" portrait 1080x1920)
KOREAN_1500 = "이 물건의 가격이 US$1,500입니까?"  # val09: 이 물건의 가격이 {money}입니까?
VAL09_1500_USD = {
    "es": "¿El precio de este artículo es 1.500\xa0US$?",  # es.toml + CLDR es_ES money: "1.500 US$"
    "th": "ราคาของสินค้านี้คือ US$1,500 ใช่หรือไม่",
    "ar": "هل سعر هذه القطعة \u200f1,500\xa0US$؟",  # CLDR ar_SA: right-to-left mark before the number
}


def _board(win: KioskWindow) -> PhraseScreen:
    board = win.screens["phrases"]
    assert isinstance(board, PhraseScreen)
    return board


def _rows(root: QWidget) -> list[PhraseRow]:
    return root.findChildren(PhraseRow)  # the rows of the list now (replaced rows are unparented at once)


def _shot(win: KioskWindow, qtbot: Any, artifacts_dir: Path, name: str) -> None:
    out = artifacts_dir / "screens"
    out.mkdir(exist_ok=True)
    win.stop_speech()
    qtbot.wait(300)  # new rows are shown and laid out on the next event-loop turns
    win.grab().save(str(out / f"{name}.png"))


def _say_val09(win: KioskWindow, qtbot: Any, board: PhraseScreen) -> Turn:
    board.tap("val09")
    ed = board.editor
    assert ed.isVisible() and ed.amount is not None and ed.currency is not None
    assert ed.amount.value == 100 and ed.currency.currentData() == "USD"  # starting values
    ed.amount.set_value(1490)
    qtbot.mouseClick(ed.amount.plus, Qt.MouseButton.LeftButton)  # USD steps by 10
    assert ed.preview.text() == KOREAN_1500
    qtbot.mouseClick(ed.say, Qt.MouseButton.LeftButton)
    assert not ed.isVisible()
    return win.session.interpret_turns[-1]


def test_phrase_with_money_slot_rendered_exactly_in_three_languages(win: KioskWindow, qtbot: Any,
                                                                     artifacts_dir: Path) -> None:
    win.show_screen("phrases")
    board = _board(win)
    for lang, expected in VAL09_1500_USD.items():
        win.set_language(lang)  # the traveler's UI language (Arabic has none: English chrome)
        board.open_languages()
        qtbot.mouseClick(board.lang_buttons[lang], Qt.MouseButton.LeftButton)
        assert board.traveler_lang() == lang and board.pages.currentIndex() == 0
        turn = _say_val09(win, qtbot, board)
        assert (turn.side, turn.original, turn.translation) == ("officer", KOREAN_1500, expected)
        assert (turn.source_lang, turn.target_lang, turn.engine) == ("ko", lang, "phrasebook")
        assert turn.confidence == 1.0 and not turn.flagged and turn.note == "machine-written"
        view = board.traveler
        shown = expected.replace("1,500\xa0US$", "\u20661,500\xa0US$\u2069")  # US$ kept as one LTR run
        assert view.sentence.text() == shown and view.korean.text() == KOREAN_1500
        # trust in the traveler's own language (Arabic too, which has no UI catalog): a standard phrase, and its
        # translation not yet checked by a translator
        assert view.review.text() == f"\u2714 {phrase_label('standard', lang)} · {phrase_label('unchecked', lang)}"
        assert view.review.kind == "standard" and view.review.isVisible()
        assert view.heading.text() == tr({"ar": "en"}.get(lang, lang), "phrase_traveler_language")
        row = PHRASE_LANGUAGES[lang]
        assert view.lang_button.text() == f"{row.flag} {row.native}"
        rtl = view.sentence.layoutDirection() == Qt.LayoutDirection.RightToLeft
        assert rtl == (lang == "ar") and bool(view.sentence.alignment() & Qt.AlignmentFlag.AlignRight) == rtl
        assert view.sentence.font().families()[0] == {"ar": "Noto Sans Arabic", "th": "Noto Sans Thai",
                                                      "es": "Noto Sans"}[lang]
        assert win.speaking()  # read aloud through the window's read-aloud path
        win.stop_speech()
        _shot(win, qtbot, artifacts_dir, f"phrases_traveler_{lang}")
    assert [t.target_lang for t in win.session.interpret_turns] == ["es", "th", "ar"]


def test_count_stepper_and_korean_template(win: KioskWindow, qtbot: Any) -> None:
    win.show_screen("phrases")
    board = _board(win)
    board.show_category("documents")
    rows = {r.objectName(): r for r in _rows(board.list_box)}
    assert rows["phrase-doc13"].text_label.text() == "최근 [수량]일 동안 어느 나라를 방문하셨습니까?"
    qtbot.mouseClick(rows["phrase-doc13"], Qt.MouseButton.LeftButton)
    assert board.editor.count is not None and board.editor.count.value == 1
    qtbot.mouseClick(board.editor.count.plus, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(board.editor.count.plus, Qt.MouseButton.LeftButton)
    assert board.editor.preview.text() == "최근 3일 동안 어느 나라를 방문하셨습니까?"
    board.pick_language("en")
    qtbot.mouseClick(board.editor.say, Qt.MouseButton.LeftButton)
    assert board.traveler.sentence.text() == "Which countries have you visited in the last 3 days?"


def test_recents_favourites_and_reset_wipes_them(win: KioskWindow, qtbot: Any) -> None:
    win.show_screen("phrases")
    board = _board(win)
    assert board.category == "documents"  # no favourite yet: the first category
    board.show_category("favourites")
    assert [r.text_label.text() for r in _rows(board.list_box)] == []  # empty, with a hint
    assert tr("ko", "phrase_no_favourites") in [w.text() for w in board.list_box.findChildren(QLabel)]
    board.show_category("documents")
    rows = {r.objectName(): r for r in _rows(board.list_box)}
    qtbot.mouseClick(rows["phrase-doc02"], Qt.MouseButton.LeftButton)  # 여권을 보여 주세요. (no slot: said at once)
    qtbot.mouseClick(rows["phrase-doc04"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(rows["phrase-doc02"], Qt.MouseButton.LeftButton)
    assert board.state.recents == ["doc02", "doc04"]
    assert [t.original for t in win.session.interpret_turns] == ["여권을 보여 주세요.", "탑승권을 보여 주세요.",
                                                                 "여권을 보여 주세요."]
    rows = {r.objectName(): r for r in _rows(board.list_box)}
    assert rows["phrase-doc04"].star is not None
    qtbot.mouseClick(rows["phrase-doc04"].star, Qt.MouseButton.LeftButton)
    assert board.state.favourites == ["doc04"]
    board.show_category("favourites")
    assert [r.objectName() for r in _rows(board.list_box)] == ["phrase-doc04"]
    assert _rows(board.list_box)[0].star.text() == "★"  # type: ignore[union-attr]
    board.show_category("recents")
    assert [r.objectName() for r in _rows(board.list_box)] == ["phrase-doc02", "phrase-doc04"]
    board.pick_language("th")
    win.reset()
    assert board.state.recents == [] and board.state.favourites == [] and board.state.traveler_lang is None
    assert board.last is None and board.traveler.sentence.text() == "" and not win.session.interpret_turns
    win.show_screen("phrases")
    assert board.category == "documents" and not any(r.star.text() == "★" for r in _rows(board.list_box))  # type: ignore[union-attr]


def test_search_literal_and_matched_with_slots(win: KioskWindow, qtbot: Any) -> None:
    """A card shows the sentence as it will be said when the search gave every slot a value (issue 23 item 7:
    "slots filled or the card asks for them"); a card with a slot still open shows [금액] and asks for it."""
    win.show_screen("phrases")
    board = _board(win)
    board.search_box.setText("여권")  # as the officer types it (an IME commits the syllables)
    texts = [r.text_label.text() for r in _rows(board.list_box)]
    assert texts and all("여권" in t for t in texts[:-3]) and "여권을 보여 주세요." in texts
    board.search_box.setText("세금은")  # a literal hit: no amount typed, the card asks for it
    open_card = next(r for r in _rows(board.list_box) if r.objectName() == "phrase-dut06")
    assert open_card.text_label.text() == "세금은 [금액]입니다." and open_card.ask is not None
    board.search_box.clear()
    board.search_box.setText("세금 12만원")  # no literal hit: the matcher's top 3 with the amount it found
    rows = _rows(board.list_box)
    assert rows[0].objectName() == "phrase-dut06" and rows[0].text_label.text() == "세금은 ₩120,000입니다."
    assert rows[0].ask is None, "every slot has its value: nothing to ask"
    qtbot.mouseClick(rows[0], Qt.MouseButton.LeftButton)
    ed = board.editor
    assert ed.amount is not None and ed.currency is not None
    assert (ed.amount.value, ed.currency.currentData(), ed.amount.step) == (120000, "KRW", 10_000)
    assert ed.preview.text() == "세금은 ₩120,000입니다."
    board.search_box.setText("zzqx")
    assert _rows(board.list_box) == [] or all(r.objectName().startswith("phrase-") for r in _rows(board.list_box))


def test_language_picker_has_every_phrasebook_language(win: KioskWindow, qtbot: Any, artifacts_dir: Path) -> None:
    win.choose_language("es")
    win.show_screen("phrases")
    board = _board(win)
    assert board.traveler_lang() == "es"  # the session's language until the officer picks another
    board.open_languages()
    assert set(board.lang_buttons) == set(PHRASE_LANGUAGES) and len(board.lang_buttons) >= 40
    for code, b in board.lang_buttons.items():
        row = PHRASE_LANGUAGES[code]
        assert b.text() == f"{row.flag} {row.native}"
    assert board.lang_buttons["my"].font().families()[0] == "Noto Sans Myanmar"
    assert board.pick_title.text() == tr("es", "phrase_pick_language")  # chrome stays in the UI language
    _shot(win, qtbot, artifacts_dir, "phrases_language_picker")
    qtbot.mouseClick(board.lang_buttons["km"], Qt.MouseButton.LeftButton)
    board.tap("doc02")
    assert win.lang == "es" and board.traveler.sentence.text() == get_text("doc02", "km")


def get_text(pid: str, lang: str) -> str:
    from kiosk.phrasebook import get_phrasebook

    return get_phrasebook().phrase(pid).texts[lang].text


def test_officer_board_screenshot(win: KioskWindow, qtbot: Any, artifacts_dir: Path) -> None:
    win.set_language("ko")
    win.show_screen("interpret")
    qtbot.mouseClick(win.interpret_screen.officer.phrases, Qt.MouseButton.LeftButton)
    assert win.current == "phrases"
    board = _board(win)
    board.show_category("baggage")
    board.toggle_favourite("bag05")
    board.pick_language("en")
    board.say("bag05", board.editor.slots())
    board.tap("itm09")  # the item picker
    assert board.editor.item is not None and board.editor.item.currentText() == "술"
    board.editor.item.setCurrentIndex(board.editor.item.findData("ginseng"))
    assert board.editor.preview.text() == get_text("itm09", "ko").replace("{item}", "인삼")
    _shot(win, qtbot, artifacts_dir, "phrases_officer_ko")


def test_unsure_officer_utterance_shows_top3_instead_of_a_translation(win: KioskWindow, qtbot: Any,
                                                                      artifacts_dir: Path) -> None:
    win.choose_language("en")
    win.show_screen("interpret")
    screen = win.interpret_screen
    # What Whisper heard from an officer, and an unsure model translation of it (not a standard sentence).
    heard = "가방 좀 열어 볼게요 그리고 음 뭐였지"
    turn = Turn(side="officer", original=heard, translation="I'll open the bag and um what was it",
                source_lang="ko", target_lang="en", confidence=0.7, flagged=False, engine="llm",
                timestamp=dt.datetime.now(dt.UTC))
    win.session.interpreter("ko").add_turn(turn)
    screen.on_event(screen.officer, Translated(turn=turn))
    qtbot.wait(50)
    cards = _rows(screen.officer.choices)
    # "그리고 ..." (and ...): more than a standard sentence says, so never passed on as one
    assert [c.objectName() for c in cards] == ["choice-bag05", "choice-bag06", "choice-bag07"]
    assert [c.text_label.text() for c in cards] == ["가방을 열어 주세요.", "이 가방을 열어 봐도 되겠습니까?",
                                                    "가방 안에 무엇이 있습니까?"]
    traveler_text = [w.text() for w in screen.traveler.findChildren(QLabel)]
    assert turn.translation not in traveler_text and not win.speaking()  # held back: not shown, not spoken
    _shot(win, qtbot, artifacts_dir, "phrases_interpret_candidates")
    qtbot.mouseClick(cards[0], Qt.MouseButton.LeftButton)
    last = win.session.interpret_turns[-1]
    assert (last.engine, last.original, last.translation) == ("phrasebook", "가방을 열어 주세요.",
                                                              get_text("bag05", "en"))
    assert not screen.officer.choices.isVisible() and win.speaking()
    shown = [w.text() for w in screen.traveler.findChildren(QLabel)]
    assert f"{tr('en', 'officer_side')}: {get_text('bag05', 'en')}" in shown and "가방을 열어 주세요." in shown
    # a confident standard sentence recognised by the phrasebook engine is passed on at once
    sure = Turn(side="officer", original="여권을 보여 주세요.", translation=get_text("doc02", "en"),
                source_lang="ko", target_lang="en", confidence=1.0, flagged=False, engine="phrasebook",
                timestamp=dt.datetime.now(dt.UTC))
    win.session.interpreter("ko").add_turn(sure)
    screen.on_event(screen.officer, Translated(turn=sure))
    assert not screen.officer.choices.isVisible()
    # 'pass on as is' releases a held translation
    screen.on_event(screen.officer, Translated(turn=turn))
    anyway = [b for b in screen.officer.choices.findChildren(QWidget)
              if getattr(b, "text", None) and b.text() == tr("ko", "phrase_send_anyway")]  # type: ignore[attr-defined]
    assert len(anyway) == 1
    screen.pass_on(turn)
    assert turn not in screen.held


@pytest.mark.slow  # Whisper + the translation service
def test_spoken_officer_sentence_outside_the_phrasebook_offers_candidates(win: KioskWindow, qtbot: Any) -> None:
    """A real Korean recording (tests/data/speech: a read sentence of a novel, no customs phrase) spoken on the
    officer's side: the translation is held back and the 3 closest phrases are offered instead."""
    from kiosk.errors import Status
    from kiosk.phrasebook import get_phrasebook
    from kiosk.phrasebook.match import Matcher

    wav = Path(__file__).resolve().parent / "data" / "speech" / "ko" / "picovoice_leopard_ko.wav"
    win.choose_language("en")
    win.show_screen("interpret")
    screen = win.interpret_screen
    screen.talk("officer", wav)
    with qtbot.waitSignal(win.interpret_done, timeout=300_000) as blocker:
        pass
    turn = blocker.args[0]
    assert not isinstance(turn, Status), turn
    assert turn.side == "officer" and turn.source_lang == "ko" and "피하" in turn.original.replace(" ", "")
    assert turn.engine != "phrasebook"
    expected = [c.phrase_id for c in Matcher(get_phrasebook(), "ko", "officer").match(turn.original).candidates]
    assert [c.objectName() for c in _rows(screen.officer.choices)] == [f"choice-{pid}" for pid in expected]
    assert len(expected) == 3 and turn in screen.held and not win.speaking()
    if turn.translation:
        assert all(turn.translation not in w.text() for w in screen.traveler.findChildren(QLabel))


def test_phrase_cards_are_reachable_and_said_by_keypad(win: KioskWindow, qtbot: Any, artifacts_dir: Path) -> None:
    win.show_screen("phrases")
    board = _board(win)
    board.show_category("documents")
    qtbot.wait(50)
    rows = _rows(board.list_box)
    assert len(rows) >= 20
    board.back.setFocus(Qt.FocusReason.TabFocusReason)
    reached: list[QWidget] = []
    assert all(b.focusPolicy() == Qt.FocusPolicy.TabFocus for b in board.cat_buttons.values())  # categories too
    for _ in range(len(rows) + len(board.cat_buttons) + 10):  # Tab walks every card of the list, in list order
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        reached.append(QApplication.focusWidget())
    cards = [w for w in reached if isinstance(w, PhraseRow)]
    assert cards[:len(rows)] == rows
    first = rows[0]
    said: list[str] = []
    win.read_aloud = lambda text, lang=None, force=False: said.append(text)  # type: ignore[method-assign]
    win.keypad_used = True
    first.setFocus(Qt.FocusReason.TabFocusReason)
    assert said and said[-1] == first.accessibleName() != ""  # a focused card is read aloud, like a button
    qtbot.keyClick(first, Qt.Key.Key_Down)  # the window's keypad arrows reach the next card
    assert QApplication.focusWidget() is rows[1]
    qtbot.keyClick(rows[1], Qt.Key.Key_Up)
    assert QApplication.focusWidget() is first
    # the focus is visible: the theme's ring around the focused card, none around the others
    ring = QColor(win.theme.focus)
    focused, other = first.grab().toImage(), rows[1].grab().toImage()
    mid = focused.height() // 2
    assert focused.pixelColor(1, mid) == ring and other.pixelColor(1, mid) != ring
    # the last card scrolls into view when focused
    last = rows[-1]
    last.setFocus(Qt.FocusReason.TabFocusReason)
    assert QApplication.focusWidget() is last
    qtbot.waitUntil(lambda: last.visibleRegion().boundingRect().height() == last.height(), timeout=3000)
    _shot(win, qtbot, artifacts_dir, "phrases_keypad_focus")
    # Enter says the focused phrase (doc02 has no slot: said at once)
    doc02 = next(r for r in rows if r.objectName() == "phrase-doc02")
    doc02.setFocus(Qt.FocusReason.TabFocusReason)
    board.pick_language("en")
    doc02.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(doc02, Qt.Key.Key_Return)
    assert [t.original for t in win.session.interpret_turns] == ["여권을 보여 주세요."]
    assert board.traveler.sentence.text() == "Please show me your passport."
    # a card with a slot opens its editor, as a tap does
    doc13 = next(r for r in _rows(board.list_box) if r.objectName() == "phrase-doc13")
    doc13.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(doc13, Qt.Key.Key_Enter)
    assert board.editor.isVisible() and board.editor.count is not None
