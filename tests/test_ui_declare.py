"""The "please declare" path (issue 25): the verdict banner (size, position, what to do next), no rule codes or
English units on a translated screen, every declared item on the form and the review screen, keyboards per script
(Hangul composed as typed, Cyrillic), the amount keypad."""

from __future__ import annotations

import re
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractSpinBox, QLabel, QLineEdit, QPushButton, QWidget

from kiosk.declaration.wording import COUNT_UNITS
from kiosk.events import Answered
from kiosk.i18n import tr
from kiosk.languages import UI_LANGUAGES
from kiosk.rules.model import Item
from kiosk.ui.hangul import compose
from kiosk.ui.window import KioskWindow

RULE_ID = re.compile(r"\b(kr|jp)\.[a-z_]+(\.[a-z_]+)*\b|\[[A-Z]+-[A-Z]+\]")
ENGLISH_UNITS = re.compile(r"\b\d[\d.,\u00a0 ]*\s?(bottles?|packs?|cartons?|pieces?|containers?|cigarettes?|"
                           r"cigars?|sticks?)\b")


def _english_units(text: str, lang: str) -> list[str]:
    """English unit words after a number, less the words that are the language's own unit words too (French
    "200 cigarettes", "200 sticks de tabac chauffé")."""
    own = {w.lower() for key in set(COUNT_UNITS.values()) for w in re.findall(r"[^\W\d_]+", tr(lang, key))}
    return [m.group(0) for m in ENGLISH_UNITS.finditer(text) if m.group(1).lower() not in own]


# one basket that holds an item of every verdict, one still open (volume unknown), in the traveler's language
_ITEMS = [("alcohol", "tile_alcohol", {"quantity": 3, "unit": "bottle"}),
          ("cigarettes", "tob_cigarettes", {"quantity": 15, "unit": "pack"}),
          ("general", "tile_luxury", {"value": 1_250_000, "currency": "KRW"}),
          ("meat", "cat_meat", {"quantity": 1, "unit": "item"})]


def _basket(win: KioskWindow, lang: str, items: list[tuple[str, str, dict[str, Any]]] = _ITEMS) -> Any:
    win.choose_language(lang)
    conv = win.session.converse()
    conv.ask("", lang)
    ans = None
    for category, name, facts in items:
        _, ans = conv.add(Item(category, tr(lang, name), source="touch", **facts))
    assert ans is not None
    win.session.add_exchange("", lang, ans)
    win.ask_screen.on_event(Answered(answer=ans))
    return ans


def _texts(win: KioskWindow) -> list[str]:
    return [w.text() for w in win.findChildren(QWidget)  # type: ignore[attr-defined]
            if isinstance(w, QLabel | QPushButton | QLineEdit) and w.isVisibleTo(win) and w.text()]


def test_hangul_composition() -> None:
    cases = {"ㅎㅏㄴㄱㅜㄱ": "한국", "ㅅㅓㅇㅜㄹ": "서울", "ㄷㅏㄹㄱ": "닭", "ㄷㅏㄹㄱㅏ": "달가", "ㄱㅗㅏ": "과",
             "ㅇㅡㅣ": "의", "ㄲㅗㅊ": "꽃", "ㅇㅜㅓㄴ": "원", "ㅂㅏㅂㅅㅣ": "밥시", "ㄱ": "ㄱ"}
    assert {k: compose(k) for k in cases} == cases


@pytest.mark.slow  # a window per language
@pytest.mark.parametrize("lang", UI_LANGUAGES)
def test_no_rule_codes_or_english_units_and_every_item_on_the_form(win: KioskWindow, lang: str) -> None:
    ans = _basket(win, lang)
    assert [b.verdict for b in ans.basket][0] == "unclear", "the bottles' volume is open"
    declared = [b for b in ans.basket if b.verdict != "allowed"]
    win.ask_screen.more.setChecked(True)
    for screen in ("ask", "form", "review"):
        win.open_declaration() if screen == "form" else win.show_screen(screen)
        assert win.current == screen
        texts = _texts(win)
        joined = "\n".join(texts)
        assert not RULE_ID.search(joined), f"{lang}/{screen}: {RULE_ID.search(joined)}"
        if lang != "en":
            assert not _english_units(joined, lang), f"{lang}/{screen}: {_english_units(joined, lang)}"
        if screen in ("form", "review"):  # every item not clearly allowed is on it, the open one to be checked
            for b in declared:
                assert any(b.description in t for t in texts), f"{lang}/{screen}: {b.description} missing"
            assert any(tr(lang, "tile_alcohol") in t and tr(lang, "to_check") in t for t in texts)
    assert len(win.session.declaration.items) == len(declared)


def _arrives(win: KioskWindow, category: str, name: str, facts: dict[str, Any]) -> None:
    """A traveler turn's answer as the worker delivers it (recorded by the pipeline, then the Answered event),
    whatever screen is shown."""
    _, ans = win.session.converse().add(Item(category, tr(win.lang, name), source="speech", **facts))
    win.session.add_exchange(name, win.lang, ans)
    win.ask_screen.on_event(Answered(answer=ans))


def test_an_answer_arriving_after_the_form_opened_is_on_the_form_and_the_review(win: KioskWindow) -> None:
    """A spoken turn goes on after the traveler left the ask screen (they tapped the form while it was thinking):
    its answer, recorded when it arrives, brings its items onto the open form and the review; what was typed
    stays."""
    _basket(win, "en", [_ITEMS[2]])
    win.open_declaration()
    form = win.form_screen
    assert win.current == "form" and "Alcohol" not in form.items.text()
    assert not form.toggles["q_animal"].isChecked()
    form.edits["f_name"].setText("Kim Minji")
    _arrives(win, *_ITEMS[0])
    assert win.current == "form" and "Alcohol" in form.items.text() and "Luxury goods" in form.items.text()
    assert form.edits["f_name"].text() == "Kim Minji"
    form.go_review()
    assert win.current == "review"
    _arrives(win, *_ITEMS[3])  # meat: quarantine
    texts = _texts(win)
    assert any("Meat" in t and "Alcohol" in t and "Luxury goods" in t for t in texts), texts
    assert any("Kim Minji" in t for t in texts) and win.session.declaration.answers.animals_plants_meat


@pytest.mark.parametrize(("lang", "kind"), [("en", "declare"), ("ru", "quarantine"), ("ko", "restricted"),
                                            ("th", "prohibited")])
def test_verdict_banner_is_the_largest_thing_at_the_top(win: KioskWindow, lang: str, kind: str) -> None:
    items = {"declare": [_ITEMS[1]], "quarantine": [("meat", "cat_meat", {"quantity": 1, "unit": "item"})],
             "restricted": [("knife", "cat_knife", {"quantity": 1, "unit": "item"})],
             "prohibited": [("narcotics", "cat_narcotics", {})]}[kind]
    _basket(win, lang, items)
    ask = win.ask_screen
    assert ask.banner.property("banner") == kind and ask.banner.isVisibleTo(win)
    headline = {"quarantine": "verdict_quarantine"}.get(kind, f"verdict_{kind}")
    assert ask.verdict.text() == tr(lang, headline)
    step = {"declare": "next_declare", "quarantine": "next_quarantine", "restricted": "next_restricted",
            "prohibited": "next_prohibited"}[kind]
    assert ask.next_step.text() == tr(lang, step) and ask.next_step.isVisibleTo(win)
    # position: right under the top bar, above the answer's scroll area and the actions
    top = ask.banner.mapTo(win, QPoint(0, 0)).y()
    assert top < win.height() * 0.15
    assert top + ask.banner.height() <= ask.scroll_area.mapTo(win, QPoint(0, 0)).y()
    # size: the headline is the largest text on the screen, the question (if any) and the answer are smaller
    px = ask.verdict.font().pixelSize()
    for w in (ask.answer_label, ask.question, ask.next_step, ask.talk):
        assert w.font().pixelSize() <= px
    assert ask.symbol.font().pixelSize() > px
    assert ask.banner.width() >= win.width() * 0.9


def test_keyboard_composes_hangul_and_types_cyrillic(win: KioskWindow, qtbot: Any) -> None:
    win.choose_language("ko")
    win.show_screen("form")
    form = win.form_screen
    kb = form.keyboard
    form.edits["f_address"].setFocus(Qt.FocusReason.MouseFocusReason)
    qtbot.waitUntil(kb.isVisible, timeout=2000)
    assert "ㅎ" in kb.current_keys() and "A" not in kb.current_keys(), "Korean screen: the Hangul page first"
    for key in ("ㅅ", "ㅓ", "ㅇ", "ㅜ", "ㄹ", "space", "ㅎ", "ㅗ", "ㅌ", "ㅔ", "ㄹ", "ㄱ"):
        qtbot.mouseClick(kb.key(key), Qt.MouseButton.LeftButton)
    assert form.edits["f_address"].text() == "서울 호텕"
    qtbot.mouseClick(kb.key("backspace"), Qt.MouseButton.LeftButton)  # one jamo back: 텕 -> 텔
    assert form.edits["f_address"].text() == "서울 호텔"
    qtbot.mouseClick(kb.key("shift"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(kb.key("ㄱ"), Qt.MouseButton.LeftButton)  # shifted: ㄲ
    assert form.edits["f_address"].text().endswith("ㄲ")
    qtbot.mouseClick(kb.key("script"), Qt.MouseButton.LeftButton)  # to Latin and back
    assert "A" in kb.current_keys()
    form.edits["f_passport"].setFocus(Qt.FocusReason.MouseFocusReason)  # a Latin-only field
    qtbot.waitUntil(lambda: kb.target is form.edits["f_passport"], timeout=2000)
    assert "A" in kb.current_keys() and not kb.key("script").isVisible()
    win.choose_language("ru")
    win.show_screen("form")
    form.edits["f_name"].setFocus(Qt.FocusReason.MouseFocusReason)
    qtbot.waitUntil(lambda: kb.target is form.edits["f_name"], timeout=2000)
    for key in ("И", "В", "А", "Н"):
        qtbot.mouseClick(kb.key(key), Qt.MouseButton.LeftButton)
    assert form.edits["f_name"].text() == "ИВАН"


def test_the_start_of_a_long_value_stays_in_view(win: KioskWindow) -> None:
    win.choose_language("th")
    win.set_accessibility(True)
    win.session.declaration.identity.nationality = "United Kingdom of Great Britain and Northern Ireland"
    win.show_screen("form")
    edit = win.form_screen.edits["f_nationality"]
    assert edit.cursorPosition() == 0
    for spin in (win.form_screen.days, win.form_screen.family):  # no tiny arrows: typed on the number pad
        assert spin.buttonSymbols() == QAbstractSpinBox.ButtonSymbols.NoButtons


def test_the_ui_imports_neither_the_rule_engine_nor_assistant_internals() -> None:
    """Screens render pipeline events: the rule engine and the assistant's modules stay behind the pipeline
    (the interpretation and phrase screens excepted: another part of the kiosk)."""
    import ast
    from pathlib import Path

    import kiosk.ui

    internal = ("kiosk.rules.engine", "kiosk.rules.schema", "kiosk.assistant.templates", "kiosk.assistant.conversation",
                "kiosk.assistant.parser", "kiosk.assistant.spoken", "kiosk.assistant.assistant")
    root = Path(kiosk.ui.__file__).parent
    bad = []
    for path in sorted(root.rglob("*.py")):
        if path.name in ("interpret.py", "phrases.py", "phrase_widgets.py"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else (
                [a.name for a in node.names] if isinstance(node, ast.Import) else [])
            if isinstance(node, ast.ImportFrom) and node.module == "kiosk.rules":
                names += [f"kiosk.rules.{a.name}" for a in node.names]
            bad += [f"{path.name}: {n}" for n in names if n.startswith(internal)]
    assert not bad, bad


@pytest.mark.slow  # renders the main screens three times
@pytest.mark.parametrize("output", [(1280, 720), (1920, 1080), (1080, 1920)], ids=["720p", "1080p", "portrait"])
def test_full_screen_adopts_the_output_it_gets(qtbot: Any, artifacts_dir: Any, monkeypatch: pytest.MonkeyPatch,
                                               output: tuple[int, int]) -> None:
    """The configured panel is portrait 1080x1920; under cage the output may be 1280x720 (or any other): the kiosk
    lays out for the output it got, with nothing clipped and the window no larger than it."""
    from test_ui import _make_window, _populate, _problems

    from kiosk.ui.display import adopt_output, resolution

    monkeypatch.setenv("KIOSK_SCREEN_RESOLUTION", "1080x1920")
    adopt_output(output)
    out = artifacts_dir / "screens"
    out.mkdir(exist_ok=True)
    try:
        assert resolution() == output
        w = _make_window(qtbot)
        try:
            _populate(w, "de")
            problems = []
            for name in ("attract", "ask", "form", "review"):
                w.show_screen(name)
                qtbot.wait(30)
                w.grab().save(str(out / f"output_{output[0]}x{output[1]}_{name}.png"))
                problems += [f"{name}: {p}" for p in _problems(w)]
                assert w.width() <= output[0] + 1 and w.height() <= output[1] + 1
            assert not problems, "\n".join(problems)
            assert w.ask_screen.basket_inline == (output[1] > output[0])  # portrait: one column
        finally:
            w.shutdown()
    finally:
        adopt_output(None)
