"""The desk screens tell trust and speaker apart (issue 23 item 7): a standard phrase and a machine translation are
marked with colour, symbol and words in the reader's language (Arabic too); the kiosk's own "please repeat" is
never shown as a person's words; a traveler's hazard words reach the officer in Korean; phrase cards with slots
are filled in or ask for them. Screenshots in artifacts/screens/trust_*.png."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QLabel

from kiosk.interpret import Turn
from kiosk.phrasebook import get_phrasebook, render
from kiosk.phrasebook.labels import phrase_label
from kiosk.phrasebook.render import SAMPLE_SLOTS
from kiosk.ui.screens.phrase_widgets import Badge, PhraseRow
from kiosk.ui.screens.phrases import PhraseScreen
from kiosk.ui.window import KioskWindow

BOOK = get_phrasebook()


def _turn(side: str, original: str, translation: str, src: str, tgt: str, engine: str, flagged: bool = False,
          note: str = "") -> Turn:
    return Turn(side=side, original=original, translation=translation, source_lang=src, target_lang=tgt,
                confidence=0.1 if flagged else 0.9, flagged=flagged, engine=engine,
                timestamp=dt.datetime.now(dt.UTC), note=note)


def _texts(w: Any) -> list[str]:
    return [x.text() for x in w.findChildren(QLabel) if x.isVisible()]


def _badges(w: Any) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for b in w.findChildren(Badge):
        if b.isVisible():
            out.setdefault(b.kind, []).append(b.text())
    return out


def _shot(win: KioskWindow, qtbot: Any, artifacts_dir: Path, name: str) -> None:
    out = artifacts_dir / "screens"
    out.mkdir(exist_ok=True)
    win.stop_speech()
    qtbot.wait(300)
    win.grab().save(str(out / f"{name}.png"))


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_interpretation_marks_trust_speaker_and_hazards(win: KioskWindow, qtbot: Any, artifacts_dir: Path,
                                                        lang: str) -> None:
    win.choose_language(lang)
    win.session.language = lang
    win.show_screen("interpret")
    screen = win.interpret_screen
    it = win.session.interpreter("ko")
    it.traveler_lang = lang
    # a machine translation of a traveler's sentence that names a gun; then a standard phrase from the officer
    it.add_turn(_turn("traveler", "I have nothing to declare but a gun", "신고할 물건은 없지만 총이 있습니다.", "en",
                      "ko", "llm"))
    it.add_turn(_turn("officer", BOOK.phrase("doc02").text("ko"), BOOK.phrase("doc02").text(lang), "ko", lang,
                      "phrasebook", note="machine-written"))
    screen.show_turns()
    qtbot.wait(50)
    officer, traveler = _badges(screen.officer), _badges(screen.traveler)
    assert officer["machine"] == ["\u26a0 " + phrase_label("machine", "ko")]
    assert officer["standard"] == ["\u2714 " + phrase_label("standard", "ko")]  # Korean: the source, no check needed
    assert officer["danger"] == ["\u26d4 주의 물품 언급: 총기 «gun»"]  # the hazard in Korean, whatever the engine
    assert traveler["standard"] == [f"\u2714 {phrase_label('standard', lang)} · {phrase_label('unchecked', lang)}"]
    assert "danger" not in traveler
    assert f"{phrase_label('officer', lang)}: {BOOK.phrase('doc02').text(lang)}" in _texts(screen.traveler)
    _shot(win, qtbot, artifacts_dir, f"trust_interpret_{lang}")
    # the kiosk did not understand the traveler: its own message, never "Traveler: ..."
    it.add_turn(_turn("traveler", "mmm", "", lang, "ko", "identity", flagged=True, note="unclear speech"))
    screen.show_turns()
    qtbot.wait(50)
    traveler_texts, officer_texts = _texts(screen.traveler), _texts(screen.officer)
    assert not any(t.startswith(phrase_label("traveler", lang) + ":") for t in traveler_texts)
    assert not any(t.startswith(phrase_label("traveler", "ko") + ":") for t in officer_texts[-3:])
    ask = render(BOOK, BOOK.phrase("hlp02"), lang, SAMPLE_SLOTS)
    assert _badges(screen.traveler)["system"] == [f"\u24d8 {phrase_label('kiosk', lang)}: {ask}"]
    assert _badges(screen.officer)["system"] == [
        f"\u24d8 {phrase_label('kiosk', 'ko')}: {phrase_label('unclear', 'ko')} ({phrase_label('traveler', 'ko')})"]
    _shot(win, qtbot, artifacts_dir, f"trust_interpret_{lang}_unclear")


def test_board_marks_the_phrase_in_the_travelers_language_and_asks_for_slots(win: KioskWindow, qtbot: Any,
                                                                              artifacts_dir: Path) -> None:
    win.choose_language("ko")  # the officer's UI language: the traveler's panel must not follow it
    win.show_screen("phrases")
    board = win.screens["phrases"]
    assert isinstance(board, PhraseScreen)
    board.pick_language("ar")
    board.state.favourites[:] = ["doc13", "doc02"]
    board.show_category("favourites")
    qtbot.wait(50)  # new rows are shown on the next event-loop turn
    cards = {r.objectName(): r for r in board.list_box.findChildren(PhraseRow)}
    ask = cards["phrase-doc13"].ask
    assert ask is not None and ask.isVisible() and ask.text().startswith("\u270e") and "수량" in ask.text()
    assert cards["phrase-doc02"].ask is None  # nothing to fill in
    board.say("doc02", SAMPLE_SLOTS)
    qtbot.wait(50)
    review = board.traveler.review
    assert review.text() == f"\u2714 {phrase_label('standard', 'ar')} · {phrase_label('unchecked', 'ar')}"
    assert "기계" not in review.text() and "machine" not in review.text()
    _shot(win, qtbot, artifacts_dir, "trust_board_ar")
    # a slot value heard in the officer's words: the card shows the sentence filled in, nothing to ask
    board.search_box.setText("최근 14일 동안 어느 나라를 방문하셨습니까")
    qtbot.wait(50)
    cards = {r.objectName(): r for r in board.list_box.findChildren(PhraseRow)}
    assert "phrase-doc13" in cards and cards["phrase-doc13"].ask is None
    assert "14" in cards["phrase-doc13"].text_label.text() and "[" not in cards["phrase-doc13"].text_label.text()


def test_large_text_keeps_hazard_and_trust_in_view_on_the_officers_half(win: KioskWindow, qtbot: Any,
                                                                        artifacts_dir: Path) -> None:
    win.choose_language("th")
    win.set_accessibility(True)
    win.show_screen("interpret")
    screen = win.interpret_screen
    it = win.session.interpreter("ko")
    it.traveler_lang = "th"
    it.add_turn(_turn("traveler", "ฉันมีปืน", "총이 있습니다.", "th", "ko", "llm"))
    screen.show_turns()
    qtbot.wait(300)
    panel = screen.officer.transcript
    shown = {b.kind: b for b in panel.findChildren(Badge) if b.isVisible()}
    assert set(shown) == {"danger", "machine"}
    for b in shown.values():  # wholly inside the officer's half: not cut off by the large text
        top = b.mapTo(panel, b.rect().topLeft()).y()
        assert top >= 0 and top + b.height() <= panel.height(), (b.text(), top, b.height(), panel.height())
    _shot(win, qtbot, artifacts_dir, "trust_interpret_th_large_text")


@pytest.mark.parametrize("large", [True, False], ids=["large_text", "normal"])
def test_the_officers_last_sentence_stays_after_the_traveler_answered(win: KioskWindow, qtbot: Any,
                                                                       artifacts_dir: Path, large: bool) -> None:
    """Issue 25 item 4: on the accessible interpretation screen the traveler's own answer pushed the officer's
    sentence out (one turn shown). Each side's latest sentence stays on both halves, wholly inside them."""
    win.choose_language("en")
    win.set_accessibility(large)
    win.show_screen("interpret")
    screen = win.interpret_screen
    it = win.session.interpreter("ko")
    it.traveler_lang = "en"
    it.add_turn(_turn("officer", "여권을 보여 주세요.", "Please show me your passport.", "ko", "en", "phrasebook"))
    it.add_turn(_turn("traveler", "Here it is, and I have two bottles of wine.", "여기 있습니다. 와인 두 병이 있습니다.",
                      "en", "ko", "llm"))
    it.add_turn(_turn("traveler", "They are for my family.", "가족을 위한 것입니다.", "en", "ko", "llm"))
    screen.show_turns()
    assert any("Please show me your passport." in t for t in _texts(screen.traveler))  # at once, no event-loop turn
    _shot(win, qtbot, artifacts_dir, f"interpret_officer_stays_{'large_text' if large else 'normal'}")
    halves = [(screen.traveler, "Please show me your passport.", "They are for my family.")]
    if not large:  # large text: the officer's half keeps its latest turn alone (hazards and trust in view)
        halves.append((screen.officer, "여권을 보여 주세요.", "가족을 위한 것입니다."))
    for panel, officer, traveler in halves:
        shown = [lab for lab in panel.transcript.findChildren(QLabel) if lab.isVisible() and lab.text()]
        assert any(officer in lab.text() for lab in shown), [lab.text() for lab in shown]
        assert any(traveler in lab.text() for lab in shown), [lab.text() for lab in shown]
    for panel in (screen.traveler, screen.officer):  # nothing cut off by the edge of its half
        box = panel.contentsRect()
        for lab in (lab for lab in panel.findChildren(QLabel) if lab.isVisible() and lab.text()):
            top = lab.mapTo(panel, lab.rect().topLeft()).y()
            assert top >= box.top() and top + lab.height() <= box.bottom() + 1, (lab.text(), top, lab.height())
        assert panel.height() <= (screen.view.viewport().height() if panel is screen.officer else screen.height())


@pytest.mark.parametrize("theme", ["normal", "large_text"])
def test_a_korean_travelers_sentence_is_shown_once_without_a_translation_warning(win: KioskWindow, qtbot: Any,
                                                                                 theme: str) -> None:
    """ko → ko needs no translation: each half shows the sentence once (no identical "translation" beneath it)
    and no "machine translation, may be wrong" badge (seen in ko_interpret.png)."""
    win.choose_language("ko")
    win.session.language = "ko"
    win.set_accessibility(theme == "large_text")
    win.show_screen("interpret")
    screen = win.interpret_screen
    it = win.session.interpreter("ko")
    it.traveler_lang = "ko"
    said = "소고기 육포를 가져와도 되나요?"
    it.add_turn(_turn("traveler", said, said, "ko", "ko", "identity"))
    screen.show_turns()
    qtbot.wait(50)
    for half in (screen.officer, screen.traveler):
        texts = _texts(half)
        assert sum(said in t for t in texts) == 1, texts
        assert "machine" not in _badges(half)
