"""The ask screen's basket (issue #9 items 8 and 9): one row per item with its own verdict symbol, running totals
against the rule table's limits, removal and correction by touch (a new answer, recorded for the declaration
pre-fill), the clarifying question, the spoken amount read back with "Yes, correct" / "No, change it", and verdict
"info" shown as information."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import Qt

from kiosk import clock
from kiosk.declaration import prefill
from kiosk.events import Answered
from kiosk.i18n import tr
from kiosk.languages import UI_LANGUAGES
from kiosk.rules.engine import get_engine
from kiosk.rules.model import Item
from kiosk.ui.allowance import limit_lines
from kiosk.ui.basket import ItemFacts
from kiosk.ui.display import px_per_mm, resolution
from kiosk.ui.screens.ask import SYMBOL
from kiosk.ui.theme import ACCESSIBLE, NORMAL
from kiosk.ui.window import KioskWindow

pytestmark = pytest.mark.slow  # Qt screens with real data (~1-9 s each): outside the fast inner loop

W, H = resolution()  # the configured kiosk panel (default 32" portrait 1080x1920)
NB = "\u00a0"


def _turn(win: KioskWindow, text: str, lang: str = "en", *, speech: bool = True) -> Any:
    """One traveler turn as the pipeline records and shows it (text instead of audio)."""
    ans = win.session.converse().ask(text, lang, from_speech=speech)
    win.session.add_exchange(text, lang, ans)
    win.ask_screen.on_event(Answered(answer=ans))
    return ans


def _limits() -> tuple[float, float]:
    today = clock.today()  # pinned by conftest
    eng = get_engine("KR")
    allowance = eng.table.by_kind("allowance", today)[0].thresholds["value"]
    alcohol = eng.table.for_category("alcohol", today)[0].thresholds["volume_ml"]
    return allowance, alcohol


# ---- verdict info ---------------------------------------------------------------------------------------------
def test_info_has_its_own_shape_and_colour() -> None:
    assert SYMBOL == {"info": "ℹ", "allowed": "✔", "declare": "!", "restricted": "!", "prohibited": "✖",
                      "unclear": "?"}
    assert len({SYMBOL[v] for v in ("info", "allowed", "declare", "prohibited", "unclear")}) == 5
    for theme in (NORMAL, ACCESSIBLE):
        pairs = theme.text_pairs()
        assert pairs["info/bg"] == (theme.info, theme.bg) and pairs["info/panel"] == (theme.info, theme.panel)
        assert theme.info not in (theme.allowed, theme.declare, theme.prohibited)


@pytest.mark.parametrize("lang", UI_LANGUAGES)
def test_info_answer_is_shown_as_information(win: KioskWindow, lang: str) -> None:
    win.choose_language(lang)
    ans = _turn(win, "what is the limit?", lang, speech=False)
    ask = win.ask_screen
    assert ans.verdict == "info" and not ans.basket
    assert ask.symbol.text() == "ℹ" and ask.verdict.text() == tr(lang, "verdict_info")
    assert ask.verdict.property("verdict") == "info" and ask.verdict.text() != tr(lang, "verdict_unclear")
    assert not ask.basket.isVisibleTo(win), "no basket yet"


# ---- the basket -----------------------------------------------------------------------------------------------
def test_basket_rows_and_totals_from_the_rule_table(win: KioskWindow) -> None:
    win.choose_language("en")
    _turn(win, "I bought a jacket for 500 dollars")
    _turn(win, "two bottles of whisky, one litre each, 150 dollars")
    ans = _turn(win, "and 15 packs of cigarettes")
    view = win.ask_screen.basket
    assert win.ask_screen.basket.isVisibleTo(win)
    assert [r.name.text() for r in view.rows] == ["jacket", "whisky", "cigarettes"]
    assert [r.symbol.text() for r in view.rows] == ["✔", "✔", "!"]
    assert [r.item.verdict for r in view.rows] == [b.verdict for b in ans.basket] == ["allowed", "allowed", "declare"]
    assert view.rows[1].facts.text() == f"2{NB}bottles · 2{NB}L · 150{NB}USD"
    allowance, alcohol_ml = _limits()
    lines = [lab.text() for lab in view.lines]
    assert lines == [f"✔ Goods: 500{NB}USD of {allowance:,.0f}{NB}USD duty-free",
                     f"✔ Alcohol: {alcohol_ml / 1000:g}{NB}L of {alcohol_ml / 1000:g}{NB}L, 150{NB}USD of 400{NB}USD",
                     f"! Cigarettes: 300{NB}cigarettes of 200{NB}cigarettes"]
    assert view.rows[0].remove.accessibleName() == tr("en", "remove_item", item="jacket")


def test_totals_follow_the_table_not_typed_numbers() -> None:
    """The lines read their limits from the table in force: before 2022-09-06 the alcohol limit was 1 L."""
    whisky = Item("alcohol", "whisky", quantity=1, unit="bottle", volume_ml=700, value=50, currency="USD")
    shoes = Item("general", "shoes")
    engine = get_engine("KR")
    old = {x.key: x for x in limit_lines(engine.evaluate([whisky, shoes], arrival=dt.date(2020, 6, 1)).totals, "en")}
    new = {x.key: x for x in limit_lines(engine.evaluate([whisky, shoes], arrival=dt.date(2025, 6, 1)).totals, "en")}
    goods = old["total_goods"]
    assert goods.state == "unknown" and goods.fmt()["total"] == "?"
    assert old["total_alcohol"].fmt()["limit_l"] == f"1{NB}L" and new["total_alcohol"].fmt()["limit_l"] == f"2{NB}L"
    two_kinds = engine.evaluate([Item("cigarettes", "cigarettes", quantity=1, unit="pack"),
                                 Item("cigars", "cigars", quantity=3)]).totals
    kinds = limit_lines(two_kinds, "en")
    assert [(k.key, k.state, k.fmt()["kinds"]) for k in kinds] == [("tobacco_kinds", "over", "cigarettes,cigars")]


def test_remove_and_correct_by_touch_give_a_new_answer(win: KioskWindow, qtbot: Any) -> None:
    win.choose_language("en")
    _turn(win, "I bought a jacket for 500 dollars")
    ans = _turn(win, "and shoes for 400 dollars", speech=False)
    assert ans.verdict == "declare"
    assert prefill(win.session.answers[-1:], language="en").answers.over_allowance
    ask = win.ask_screen
    shoes = ask.basket.rows[1]
    qtbot.mouseClick(shoes.remove, Qt.MouseButton.LeftButton)
    new = win.session.last_answer
    assert new is not None and new is ask.answer and new.verdict == "allowed"
    assert [b.description for b in new.basket] == ["jacket"] and len(ask.basket.rows) == 1
    assert ask.verdict.text() == tr("en", "verdict_allowed")
    assert not prefill(win.session.answers[-1:], language="en").answers.over_allowance, "the pre-fill reads it"
    assert win.session.exchanges[-1].question == tr("en", "remove_item", item="shoes")
    # correct the jacket's value: 500 -> 5,000 USD typed on the keypad, then one step down (a tenth of the magnitude)
    qtbot.mouseClick(ask.basket.rows[0].change, Qt.MouseButton.LeftButton)
    assert ask.pages.currentIndex() == 1 and not ask.talk.isVisibleTo(win)
    ed = ask.editor
    assert ed.values["value"].text() == "500" and not ed.values["quantity"].isVisibleTo(win)
    for key in "5000":
        qtbot.mouseClick(ed.keys[key], Qt.MouseButton.LeftButton)
    assert ed.values["value"].text() == "5,000"
    qtbot.mouseClick(ed.widgets["value"][1], Qt.MouseButton.LeftButton)  # −
    assert ed.values["value"].text() == "4,900"
    qtbot.mouseClick(ed.save, Qt.MouseButton.LeftButton)
    fixed = win.session.last_answer
    assert fixed is not None and fixed.basket[0].value == 4900 and fixed.verdict == "declare"
    assert ask.pages.currentIndex() == 0 and ask.talk.isVisibleTo(win)
    assert prefill(win.session.answers[-1:], language="en").answers.over_allowance


def test_touch_edits_keep_the_picker_in_step(win: KioskWindow, qtbot: Any) -> None:
    win.choose_language("en")
    picker = win.picker_screen
    picker.items = [ItemFacts("alcohol", quantity=1, volume_ml=700, value=60),
                    ItemFacts("electronics", value=300)]
    picker.check_items()
    ask = win.ask_screen
    assert [r.item.source for r in ask.basket.rows] == ["touch", "touch"]
    qtbot.mouseClick(ask.basket.rows[0].remove, Qt.MouseButton.LeftButton)
    assert [f.tile for f in picker.items] == ["electronics"], "removed on the ask screen: gone from the picker"
    qtbot.mouseClick(ask.basket.rows[0].change, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(ask.editor.widgets["value"][3], Qt.MouseButton.LeftButton)  # +
    qtbot.mouseClick(ask.editor.save, Qt.MouseButton.LeftButton)
    assert picker.items[0].value == 310
    picker.check_items()  # checking again changes nothing back
    last = win.session.last_answer
    assert last is not None and [(b.category, b.value) for b in last.basket] == [("general", 310)]


# ---- the clarifying question and the spoken amount ------------------------------------------------------------
def test_question_is_shown_prominently(win: KioskWindow) -> None:
    win.choose_language("en")
    ans = _turn(win, "I have a jacket", speech=False)
    assert ans.verdict == "unclear" and ans.question
    assert win.ask_screen.question.text() == ans.question and win.ask_screen.question.isVisibleTo(win)
    assert ans.question in win.ask_screen.spoken()


def test_amount_heard_is_confirmed_or_changed_by_touch(win: KioskWindow, qtbot: Any) -> None:
    win.choose_language("ko")
    ans = _turn(win, "가방을 백만 원에 샀어요", "ko")
    ask = win.ask_screen
    assert ans.confirm is not None and ask.confirm_box.isVisibleTo(win)
    assert ask.confirm_words.text() == ans.confirm.words and "1,000,000" in ask.confirm_digits.text()
    assert ask.confirm_yes.text() == tr("ko", "confirm_yes") and ask.confirm_change.text() == tr("ko", "confirm_change")
    qtbot.mouseClick(ask.confirm_yes, Qt.MouseButton.LeftButton)
    yes = win.session.last_answer
    assert yes is not None and yes.confirm is None and yes.basket == ans.basket
    assert not ask.confirm_box.isVisibleTo(win) and ans.confirm.text not in yes.answer
    # heard ten times too much: "No, change it" opens the editor of that item; the amount typed again, saved
    heard = _turn(win, "신발을 이백만 원에 샀어요", "ko")
    assert heard.confirm is not None
    qtbot.mouseClick(ask.confirm_change, Qt.MouseButton.LeftButton)
    assert ask.pages.currentIndex() == 1 and ask.editor.draft is not None
    assert ask.editor.draft.item.id == heard.confirm.item_id and ask.editor.currency.text() == "KRW"
    for key in "2000000⌫":  # a digit too many, deleted
        qtbot.mouseClick(ask.editor.keys[key], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(ask.editor.save, Qt.MouseButton.LeftButton)
    fixed = win.session.last_answer
    assert fixed is not None and fixed.confirm is None
    assert {b.id: b.value for b in fixed.basket}[heard.confirm.item_id] == 200_000


@pytest.mark.parametrize("lang", UI_LANGUAGES)
def test_basket_rows_fit_their_column_in_large_text(win: KioskWindow, qtbot: Any, lang: str) -> None:
    """Every row's buttons lie inside the basket's visible width (no button cut by the edge), at 2 cm targets."""
    win.choose_language(lang)
    picker = win.picker_screen
    picker.items = [ItemFacts("cash", value=15000), ItemFacts("luxury", value=1_250_000, currency="KRW"),
                    ItemFacts("alcohol", quantity=3, volume_ml=2250, value=240)]
    picker.check_items()
    win.set_accessibility(True)
    qtbot.wait(30)
    ask = win.ask_screen
    # one column on a portrait panel: the basket scrolls with the answer, under the verdict
    portrait = H > W
    assert ask.basket_inline == portrait and ask.scroll_area.isAncestorOf(ask.basket) == portrait
    viewport = (ask.scroll_area if ask.basket_inline else ask.basket_area).viewport()
    two_cm = 20 * px_per_mm(win)
    assert len(ask.basket.rows) == 3
    for row in ask.basket.rows:
        for b in (row.change, row.remove):
            right = b.mapTo(viewport, b.rect().topRight()).x()
            assert right <= viewport.width(), (lang, row.name.text(), right, viewport.width())
            assert b.width() >= two_cm - 1 and b.height() >= two_cm - 1


@pytest.mark.parametrize(("lang", "vol", "value"), [("ru", "1,5\u00a0л", "1\u00a0250\u00a0000"),
                                                    ("de", "1,5\u00a0l", "1.250.000"),
                                                    ("zh", "1.5升", "1,250,000"),
                                                    ("th", "750\u00a0มล.", "1,250,000")])
def test_picker_shows_units_and_digits_in_the_travelers_locale(win: KioskWindow, lang: str, vol: str,
                                                               value: str) -> None:
    """ru_a11y_picker_steppers.png showed "0 ml" (English unit) and the basket chips "1,250,000" in every locale."""
    win.choose_language(lang)
    picker = win.picker_screen
    ml = 750 if lang == "th" else 1500
    f = ItemFacts("alcohol", quantity=2, volume_ml=ml, value=1250000, currency="KRW")
    line = picker.describe(f)
    assert vol in line and f"{value}\u00a0KRW" in line, line
    picker.editing = f
    picker._show_editing()
    assert picker.steppers["volume"].value.text() == vol
    assert picker.steppers["value"].value.text() == value
    assert " ml" not in line and "ml" not in picker.steppers["volume"].value.text()


@pytest.mark.slow  # a landscape window with the screenshots' 3-item basket
@pytest.mark.parametrize("lang", ["ko", "th"])
def test_basket_buttons_inside_the_viewport_on_a_landscape_panel_in_large_text(
        qtbot: Any, monkeypatch: pytest.MonkeyPatch, lang: str) -> None:
    """landscape_ko_a11y_ask.png: the basket column beside the answer cut the rows' ✎ / ✕ at its scroll area's
    right edge. Every row's buttons lie wholly inside the basket's viewport (left, right, 2 cm targets)."""
    from test_ui import _make_window, _populate

    monkeypatch.setenv("KIOSK_SCREEN_RESOLUTION", "1920x1080")
    w = _make_window(qtbot)
    try:
        _populate(w, lang)
        w.set_accessibility(True)
        w.show_screen("ask")
        for _ in range(3):  # the re-wraps after the restyle, as on a loaded machine
            qtbot.wait(30)
        ask = w.ask_screen
        # large text on a landscape output puts the basket under the answer, in the answer's scroll area (l25's
        # column of actions); normal text keeps it in its own area beside the answer: the rows' buttons lie wholly
        # inside whichever viewport holds them
        viewport = (ask.scroll_area if ask.basket_inline else ask.basket_area).viewport()
        two_cm = 20 * px_per_mm(w)
        assert len(ask.basket.rows) == 3
        for row in ask.basket.rows:
            for b in (row.change, row.remove):
                assert b.isVisible()
                left = b.mapTo(viewport, b.rect().topLeft()).x()
                right = b.mapTo(viewport, b.rect().topRight()).x()
                assert left >= 0 and right < viewport.width(), (lang, row.name.text(), b.text(), left, right,
                                                                viewport.width())
                assert b.width() >= two_cm - 1 and b.height() >= two_cm - 1
    finally:
        w.shutdown()
