"""Qt kiosk tests (offscreen, pytest-qt): every flow driven with audio files instead of a microphone, screenshots of
every screen in Latin, Hangul, CJK and Thai scripts and in accessibility mode (artifacts/screens/*.png), no clipped
text, no tofu, 2 cm touch targets, idle timeout -> reset that wipes the session."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QRawFont
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QWidget,
)

from kiosk.asr import Transcript
from kiosk.errors import Status
from kiosk.events import Answered, Heard
from kiosk.i18n import tr
from kiosk.interpret import Turn
from kiosk.languages import UI_LANGUAGES
from kiosk.pipeline import Pipeline
from kiosk.session import leftover_session_dirs
from kiosk.ui.basket import ItemFacts
from kiosk.ui.display import char_mm, px_per_mm, resolution
from kiosk.ui.keyboard import OnScreenKeyboard
from kiosk.ui.theme import ACCESSIBLE, KEY_PAD_H, NORMAL
from kiosk.ui.widgets import WrapButton, min_char_mm, prop
from kiosk.ui.window import SCREENS, KioskWindow

W, H = resolution()  # the configured kiosk panel (default 32" portrait 1080x1920)
MIN_MM = {"normal": 4.8, "accessible": 12.0}  # character size (kiosk.ui.display) by mode on a 32" panel
PUSH_PADDING = 18  # QPushButton horizontal padding in the stylesheet
LINE_EDIT_PADDING = 10  # QLineEdit horizontal padding in the stylesheet


# ---- fixtures -----------------------------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def speech(artifacts_dir: Path) -> dict[str, Path]:
    """Questions spoken by the kiosk's own TTS, saved as WAV files (the 'microphone' of these tests)."""
    from kiosk.audio import AudioClip, save_wav
    from kiosk.tts import get_speaker

    out = artifacts_dir / "ui_audio"
    out.mkdir(exist_ok=True)
    # Piper (en) and Kokoro (zh) voices Whisper understands (Korean would be espeak-ng, too robotic for Whisper)
    texts = {"en": ("Can I bring three bottles of whisky?", "en"),
             "zh": ("我可以带两条香烟吗？", "zh")}
    files = {}
    for key, (text, lang) in texts.items():
        clip = get_speaker().synthesize(text, lang)
        files[key] = out / f"{key}.wav"
        save_wav(clip, files[key])
    files["silence"] = out / "silence.wav"
    save_wav(AudioClip(np.zeros(16000 * 2, np.float32), 16000), files["silence"])
    return files


def _make_window(qtbot: Any, pipeline: Pipeline | None = None, **kw: Any) -> KioskWindow:
    win = KioskWindow(pipeline or Pipeline(play_audio=False), **kw)
    qtbot.addWidget(win)
    win.resize(*resolution())
    win.show()
    qtbot.waitExposed(win)
    return win


def _assistant_answer(text: str, lang: str) -> Any:
    from kiosk.assistant import get_assistant

    return get_assistant().ask(text, lang=lang)


def _wait_job(qtbot: Any, signal: Any, timeout_s: float = 120) -> Any:
    with qtbot.waitSignal(signal, timeout=int(timeout_s * 1000)) as blocker:
        pass
    return blocker.args[0]


# ---- checks --------------------------------------------------------------------------------------------------
def _text_widgets(win: KioskWindow) -> list[QWidget]:
    roots: list[QWidget] = [win]
    if win.current == "interpret":
        roots.append(win.interpret_screen.officer)  # shown through a QGraphicsView (rotatable)
    out: list[QWidget] = []
    for root in roots:
        for w in root.findChildren(QWidget):
            if isinstance(w, QLabel | QPushButton | QLineEdit) and w.text() and w.isVisibleTo(root):
                out.append(w)
    return out


def _ancestors(w: QWidget) -> Iterator[QWidget]:
    p = w.parentWidget()
    while p is not None:
        yield p
        p = p.parentWidget()


def _icon_width(b: QPushButton) -> int:
    return 0 if b.icon().isNull() else b.iconSize().width() + 4  # the icon and its spacing take room too


def _padding(b: QPushButton) -> int:
    if prop(b, "key"):  # on-screen keyboard keys: their own small padding (theme.KEY_PAD_H)
        return KEY_PAD_H
    return 0 if prop(b, "compact") else PUSH_PADDING  # one-sign buttons (basket ✎ / ✕) have no side padding


def _settle(win: KioskWindow, limit_s: float = 2.0) -> None:
    """Let the layout settle before it is judged: a button's re-wrap grows its row on a posted call, and a window that
    a re-wrap pushed past the panel fits back on the event loop; a loaded CI machine runs both later than a test's
    short wait. Settled = inside the panel and no widget moved, resized or re-wrapped for three rounds of the event
    loop. What still does not fit after `limit_s` stays as it is and `_problems` reports it."""
    width, height = resolution()

    def snapshot() -> tuple[object, ...]:
        return (win.size().toTuple(), *((w.geometry().getRect(), w.isVisible(),
                                         w.shown() if isinstance(w, WrapButton) else "")
                                        for w in win.findChildren(QWidget)))

    deadline = time.monotonic() + limit_s
    last, still = snapshot(), 0
    while time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.005)
        now = snapshot()
        still = still + 1 if now == last else 0
        last = now
        if still >= 3 and win.width() <= width + 1 and win.height() <= height + 1:
            return


def _problems(win: KioskWindow) -> list[str]:
    """Clipped text (fontMetrics vs geometry), tofu (QRawFont.supportsCharacter) and text below the mode's
    character size (millimetres on the configured panel) in every visible widget."""
    _settle(win)
    bad: list[str] = []
    ppm, need = px_per_mm(win), min_char_mm(win.theme)
    for w in _text_widgets(win):
        text = w.text()  # type: ignore[attr-defined]
        size = char_mm(w.font(), text, str(prop(w, "lang") or win.lang), ppm)
        if size < need - 0.01:
            bad.append(f"small text {size:.2f} mm < {need} mm: {type(w).__name__} '{text[:40]}'")
        fm = w.fontMetrics()
        raws = []
        for fam in w.font().families() or [w.font().family()]:
            f = QFont(fam)
            f.setPixelSize(max(8, w.font().pixelSize()))
            raws.append(QRawFont.fromFont(f))
        missing = sorted({ch for ch in text
                          if not ch.isspace() and not any(r.supportsCharacter(ord(ch)) for r in raws)})
        if missing:
            bad.append(f"tofu {missing} in {type(w).__name__} '{text[:40]}' font={w.font().family()}")
        area = next((a for a in _ancestors(w) if isinstance(a, QScrollArea)), None)
        if area is not None and w.mapTo(area.viewport(), w.rect().topRight()).x() > area.viewport().width() + 1:
            bad.append(f"cut by the right edge of its scroll area: {type(w).__name__} '{text[:40]}'")
        if isinstance(w, QLabel):
            r = w.contentsRect()
            if w.wordWrap():
                br = fm.boundingRect(r, int(Qt.TextFlag.TextWordWrap) | int(w.alignment()), text)
                fits = br.height() <= r.height() + 1 and br.width() <= r.width() + 1
            else:
                fits = fm.horizontalAdvance(text) <= r.width() + 1 and fm.height() <= r.height() + 1
            if not fits:
                bad.append(f"clipped label '{text[:40]}' {r.width()}x{r.height()}")
        elif isinstance(w, QLineEdit) and not isinstance(w.parentWidget(), QAbstractSpinBox):  # a value wider
            room = w.width() - 2 * (LINE_EDIT_PADDING + (3 if win.theme.accessible else 1)) - 4  # than its field
            if fm.horizontalAdvance(text) > room:
                bad.append(f"clipped field '{text[:40]}' {fm.horizontalAdvance(text)} px in {room} px")
        elif isinstance(w, QPushButton):
            lines = (w.shown() if isinstance(w, WrapButton) else text).split("\n")  # the lines it draws
            if "".join(lines).replace(" ", "") != text.replace(" ", ""):
                bad.append(f"button '{text[:40]}' lost words when it wrapped: {lines}")
            if (max(fm.horizontalAdvance(ln) for ln in lines) + 2 * _padding(w) + _icon_width(w) > w.width() + 1
                    or fm.lineSpacing() * (len(lines) - 1) + fm.height() > w.height()):
                bad.append(f"clipped button '{text[:40]}' {len(lines)} lines {w.width()}x{w.height()}")
    width, height = resolution()
    if win.width() > width + 1 or win.height() > height + 1:
        bad.append(f"window grew to {win.width()}x{win.height()}: content does not fit a {width}x{height} screen")
    return bad


QUESTIONS = {"en": "Can I bring three bottles of whisky?", "ko": "소고기 육포를 가져와도 되나요?",
             "zh": "我可以带两条香烟吗？", "ja": "ウイスキーを三本持ち込めますか？",
             "th": "ฉันนำเงินสด 15000 ดอลลาร์มาได้ไหม", "ru": "Можно ввезти три бутылки водки?",
             "es": "¿Puedo traer queso?", "fr": "Puis-je apporter quatre bouteilles de vin ?",
             "vi": "Tôi có thể mang xoài không?", "de": "Darf ich drei Stangen Zigaretten mitbringen?"}


def _basket_answer(win: KioskWindow, q: str, lang: str) -> Any:
    """The worst case for the ask screen's layout: the spoken question plus two items picked by touch (a 3-item
    basket), with the clarifying question and an amount read back in words and digits (as the conversation
    writes them, kiosk.assistant.spoken) shown together."""
    from kiosk.assistant import Confirm
    from kiosk.assistant.spoken import in_digits, in_words
    from kiosk.assistant.templates import load_templates, question_text
    from kiosk.rules.model import Item

    conv = win.session.converse()
    conv.ask(q, lang, from_speech=True)
    conv.add(Item("general", tr(lang, "tile_luxury"), value=1_250_000, currency="KRW", source="touch"))
    _, ans = conv.add(Item("cigarettes", tr(lang, "tob_cigarettes"), quantity=15, unit="pack", source="touch"))
    assert len(ans.basket) == 3
    item = ans.basket[1]
    name = load_templates(lang)["currency"]["KRW"]
    words = f"{in_words(1_250_000, lang)}{'' if lang in ('zh', 'ja', 'ko') else ' '}{name}"
    confirm = Confirm(item.id, 1_250_000, "KRW", words, in_digits(1_250_000, "KRW", lang), "")
    return dataclasses.replace(ans, question=ans.question or question_text("value", lang), confirm=confirm)


def _populate(win: KioskWindow, lang: str) -> None:
    """Fill every screen with realistic content (real assistant answer, declaration, interpretation turns)."""
    q = QUESTIONS[lang]
    win.choose_language(lang)
    ans = _basket_answer(win, q, lang)
    ask = win.ask_screen  # render the events of a turn exactly as the pipeline would yield them
    ask.on_event(Heard(transcript=Transcript(q, lang, 0.99, 2.0, (), "fixture", 0.1), language=lang))
    win.session.add_exchange(q, lang, ans)
    ask.on_event(Answered(answer=ans))
    d = win.session.declaration
    d.identity.name = "김민준 KIM MINJUN"
    d.identity.date_of_birth = dt.date(1975, 5, 17)
    d.identity.passport_no = "M12345678"
    d.identity.nationality = "Republic of Korea"
    d.trip.flight_no = "KE652"
    d.trip.countries_visited = ["Thailand", "Vietnam"]
    d.trip.travel_days = 9
    # hand-written sample translations (screenshots only): each Turn's translation matches its original
    officer_ko = "가방을 열어 주세요."
    officer_said = {"en": "Please open your bag.", "ko": officer_ko, "zh": "请打开您的包。",
                    "ja": "バッグを開けてください。", "th": "กรุณาเปิดกระเป๋าของคุณ",
                    "ru": "Пожалуйста, откройте сумку.", "es": "Por favor, abra su bolso.",
                    "fr": "Veuillez ouvrir votre sac.", "vi": "Vui lòng mở túi của bạn.",
                    "de": "Bitte öffnen Sie Ihre Tasche."}
    traveler_ko = {"en": "위스키 세 병을 반입해도 되나요?", "ko": q, "zh": "담배 두 보루를 가져가도 되나요?",
                   "ja": "위스키 세 병을 반입할 수 있나요?", "th": "현금 15,000달러를 가져와도 되나요?",
                   "ru": "보드카 세 병을 반입해도 되나요?", "es": "치즈를 가져와도 되나요?",
                   "fr": "와인 네 병을 가져와도 되나요?", "vi": "망고를 가져와도 되나요?",
                   "de": "담배 세 보루를 가져와도 되나요?"}
    now = dt.datetime.now(dt.UTC)
    interp = win.session.interpreter("ko")  # the session's store of interpretation turns
    same = "identity" if lang == "ko" else "fixture"
    for turn in (Turn("officer", officer_ko, officer_said[lang], "ko", lang, 0.9, False, same, now),
                 Turn("traveler", q, traveler_ko[lang], lang, "ko", 0.9, False, same, now)):  # ko → ko: identity
        interp.add_turn(turn)
    picker = win.picker_screen  # two items picked by touch (not checked yet)
    picker.items = [ItemFacts("alcohol", quantity=3, volume_ml=2250, value=240),
                    ItemFacts("cash", value=15000, currency="USD")]


def _shoot(win: KioskWindow, qtbot: Any, out: Path, tag: str) -> list[str]:
    problems: list[str] = []
    for name in SCREENS:
        win.show_screen(name)
        qtbot.wait(30)
        _settle(win)
        win.grab().save(str(out / f"{tag}_{name}.png"))
        problems += [f"{tag}/{name}: {p}" for p in _problems(win)]
    win.show_screen("picker")  # the picker's second step: the steppers of one tile
    win.picker_screen.pick("alcohol")
    qtbot.wait(30)
    _settle(win)
    win.grab().save(str(out / f"{tag}_picker_steppers.png"))
    problems += [f"{tag}/picker_steppers: {p}" for p in _problems(win)]
    win.picker_screen.cancel_edit()
    win.show_screen("ask")
    win.ask_screen.more.setChecked(True)  # the answer's details behind "More"
    qtbot.wait(30)
    _settle(win)
    win.grab().save(str(out / f"{tag}_ask_more.png"))
    problems += [f"{tag}/ask_more: {p}" for p in _problems(win)]
    win.ask_screen.more.setChecked(False)
    win.ask_screen.change_amount()  # "No, change it": the value stepper of the amount read back
    qtbot.wait(30)
    _settle(win)
    win.grab().save(str(out / f"{tag}_ask_edit.png"))
    problems += [f"{tag}/ask_edit: {p}" for p in _problems(win)]
    win.ask_screen.close_editor()
    win.ask_still_there()
    qtbot.wait(30)
    _settle(win)
    win.grab().save(str(out / f"{tag}_still_there.png"))
    problems += [f"{tag}/still_there: {p}" for p in _problems(win)]
    win.still_here()
    return problems


# ---- layout, fonts, screenshots ---------------------------------------------------------------------------------
@pytest.mark.slow  # renders every screen in 10 languages x 2 modes
@pytest.mark.parametrize("a11y", [False, True], ids=["normal", "a11y"])
@pytest.mark.parametrize("lang", UI_LANGUAGES)
def test_every_screen_fits_without_tofu(win: KioskWindow, qtbot: Any, artifacts_dir: Path, lang: str,
                                        a11y: bool) -> None:
    out = artifacts_dir / "screens"
    out.mkdir(exist_ok=True)
    _populate(win, lang)
    win.set_accessibility(a11y)
    assert min_char_mm(win.theme) == MIN_MM[win.theme.name]  # 12 mm: the panel is larger than 28 cm
    problems = _shoot(win, qtbot, out, f"{lang}{'_a11y' if a11y else ''}")
    assert not problems, "\n".join(problems)
    assert (out / f"{lang}{'_a11y' if a11y else ''}_review.png").stat().st_size > 10_000


@pytest.mark.slow  # renders every screen
@pytest.mark.parametrize("a11y", [False, True], ids=["normal", "a11y"])
@pytest.mark.parametrize("lang", ["de", "th", "ko"])
def test_landscape_panel_fits_too(qtbot: Any, artifacts_dir: Path, monkeypatch: pytest.MonkeyPatch, lang: str,
                                  a11y: bool) -> None:
    """A 32" panel mounted landscape (1920x1080): the same checks, rows of buttons stay rows."""
    monkeypatch.setenv("KIOSK_SCREEN_RESOLUTION", "1920x1080")
    assert resolution() == (1920, 1080)
    out = artifacts_dir / "screens"
    out.mkdir(exist_ok=True)
    w = _make_window(qtbot)
    try:
        assert w.size().width() == 1920 and not w.stacks()
        _populate(w, lang)
        w.set_accessibility(a11y)
        problems = _shoot(w, qtbot, out, f"landscape_{lang}{'_a11y' if a11y else ''}")
        assert not problems, "\n".join(problems)
    finally:
        w.shutdown()


def _cut_rows(area: QScrollArea) -> list[str]:
    """Rows (the content's direct children, smaller than half the viewport) cut by the viewport's bottom edge at
    rest: half a row reads as a whole one, or hides that there is more."""
    port, inner = area.viewport(), area.widget()
    edge, half = area.verticalScrollBar().value() + port.height(), port.height() // 2
    direct = Qt.FindChildOption.FindDirectChildrenOnly
    rows = []
    for w in inner.findChildren(QWidget, options=direct):  # a tall child (the inline basket): by its own rows
        if w.isVisibleTo(inner):
            rows += ([(c, w.y() + c.y()) for c in w.findChildren(QWidget, options=direct) if c.isVisibleTo(w)]
                     if w.height() >= half else [(w, w.y())])
    return [f"{type(c).__name__} '{getattr(c, 'text', lambda: '')()[:30]}' {top}+{c.height()} cut at {edge}"
            for c, top in rows if top < edge < top + c.height() and c.height() < half]


OUTPUTS = [("1280x720", "de"), ("1280x720", "th"), ("1280x720", "ko"), ("3840x2160", "ko")]


@pytest.mark.slow  # renders every screen
@pytest.mark.parametrize("a11y", [False, True], ids=["normal", "a11y"])
@pytest.mark.parametrize(("res", "lang"), OUTPUTS, ids=[f"{r}-{lang}" for r, lang in OUTPUTS])
def test_720p_and_4k_panels_fit_too(qtbot: Any, artifacts_dir: Path, monkeypatch: pytest.MonkeyPatch, res: str,
                                    lang: str, a11y: bool) -> None:
    """A 32" panel at 1280x720 (cage's headless output) and at 3840x2160: the same checks as on the portrait
    panel: every screen inside the output, no clipped text, text no smaller in millimetres than the mode's
    minimum (so 720p has fewer pixels per character, and large text leaves fewer lines on the screen)."""
    monkeypatch.setenv("KIOSK_SCREEN_RESOLUTION", res)
    width, height = (int(v) for v in res.split("x"))
    assert resolution() == (width, height)
    out = artifacts_dir / "screens"
    out.mkdir(exist_ok=True)
    w = _make_window(qtbot)
    try:
        assert w.size().toTuple() == (width, height) and not w.stacks()
        _populate(w, lang)
        w.set_accessibility(a11y)
        assert min_char_mm(w.theme) == MIN_MM[w.theme.name]
        problems = _shoot(w, qtbot, out, f"panel_{res}_{lang}{'_a11y' if a11y else ''}")
        assert not problems, "\n".join(problems)
        w.show_screen("ask")  # the answer keeps the height: large text puts the actions in a column beside it
        _settle(w)
        assert not _cut_rows(w.ask_screen.scroll_area)
        w.show_screen("form")
        _settle(w)
        assert not _cut_rows(w.screens["form"].scroll_area)  # type: ignore[attr-defined]
        w.show_screen("ask")
        _settle(w)
        area, port = w.ask_screen.scroll_area, w.ask_screen.scroll_area.viewport()
        assert area.height() >= 0.45 * height, f"the answer has {area.height()} px of {height}"  # was ~120 at 720p
        for b in (w.ask_screen.confirm_yes, w.ask_screen.confirm_change):  # "did I hear the amount right": whole
            top = b.mapTo(port, b.rect().topLeft())
            assert top.y() >= 0 and top.y() + b.height() <= port.height() and top.x() + b.width() <= port.width()
    finally:
        w.shutdown()


@pytest.mark.slow
def test_landscape_large_text_keeps_the_officers_sentence(qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """landscape_de_a11y_interpret.png: the traveler's half dropped the officer's "Bitte öffnen Sie Ihre Tasche."
    while it kept the Korean copy of the traveler's own sentence. The other language goes first, both persons'
    latest sentences stay, wholly inside the half."""
    monkeypatch.setenv("KIOSK_SCREEN_RESOLUTION", "1920x1080")
    w = _make_window(qtbot)
    try:
        _populate(w, "de")
        w.set_accessibility(True)
        w.show_screen("interpret")
        qtbot.wait(100)
        half = w.interpret_screen.traveler
        shown = [lab for lab in half.findChildren(QLabel) if lab.isVisible() and lab.text()]
        texts = [lab.text() for lab in shown]
        assert any("Bitte öffnen Sie Ihre Tasche." in t for t in texts), texts
        assert any("Darf ich drei Stangen Zigaretten mitbringen?" in t for t in texts), texts
        box = half.contentsRect()
        for lab in shown:
            top = lab.mapTo(half, lab.rect().topLeft()).y()
            assert top >= box.top() and top + lab.height() <= box.bottom() + 1, (lab.text(), top, lab.height())
    finally:
        w.shutdown()


@pytest.mark.slow  # over 2 s: kept out of the fast inner loop
def test_accessibility_mode_large_text_and_2cm_targets(win: KioskWindow) -> None:
    win.choose_language("en")
    normal_px = win.ask_screen.answer_label.font().pixelSize()
    win.set_accessibility(True)
    assert win.theme is ACCESSIBLE and win.session.accessibility
    # 32" 1080x1920 panel: 2.710 px/mm; Noto Sans capital H = 0.714 of the pixel size. Body text 6.0 mm -> 23 px in
    # normal mode, 12 mm -> 46 px in accessibility mode (see test_ui_access.test_text_size_in_millimetres)
    big_px = win.ask_screen.answer_label.font().pixelSize()
    assert (normal_px, big_px) == (23, 46)
    assert ACCESSIBLE.speech_rate < NORMAL.speech_rate and ACCESSIBLE.idle_timeout_s > NORMAL.idle_timeout_s
    two_cm = 20 * px_per_mm(win)
    for name in SCREENS:
        win.show_screen(name)
        for w in _text_widgets(win):
            if isinstance(w, QPushButton):
                assert w.height() >= two_cm - 1 and w.width() >= two_cm - 1, (name, w.text(), w.size())
    # one touch to enter from every screen: the toggle lives in the top bar, always visible
    for name in SCREENS:
        win.show_screen(name)
        assert win.top.a11y.isVisibleTo(win) and win.top.officer.isVisibleTo(win)


def test_language_buttons_use_their_own_script_font(win: KioskWindow) -> None:
    win.show_screen("language")
    buttons = win.screens["language"].buttons  # type: ignore[attr-defined]
    assert buttons["ko"].font().family() == "Noto Sans CJK KR"
    assert buttons["ja"].font().family() == "Noto Sans CJK JP"
    assert buttons["th"].font().family() == "Noto Sans Thai"
    assert buttons["ru"].text() == "Русский"


def test_kiosk_mode_cannot_be_closed(qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    w = _make_window(qtbot, kiosk_mode=True)
    assert w.windowFlags() & Qt.WindowType.FramelessWindowHint
    w.close()
    assert w.isVisible(), "kiosk mode must ignore close requests"
    monkeypatch.delenv("KIOSK_OPERATOR_PIN", raising=False)
    w.operator_exit()  # no PIN configured -> refused without a dialog
    assert w.isVisible()
    w.shutdown()
    w._allow_close = True
    w.close()


# ---- idle timeout and wipe -------------------------------------------------------------------------------------
def _all_texts(win: KioskWindow) -> str:
    widgets = [*win.findChildren(QWidget), *win.interpret_screen.officer.findChildren(QWidget)]
    return "\n".join(w.text() for w in widgets if isinstance(w, QLabel | QPushButton | QLineEdit))


@pytest.mark.slow  # over 2 s: kept out of the fast inner loop
def test_idle_timeout_asks_then_resets_and_wipes(win: KioskWindow, qtbot: Any) -> None:
    _populate(win, "en")
    win.show_screen("form")
    win.form_screen.edits["f_passport"].setText("M98765432")
    path = win.session.temp_file(".pdf")
    path.write_bytes(b"%PDF private")
    win.session.audio.append(np.ones(800, np.float32))
    win.theme = dataclasses.replace(NORMAL, idle_timeout_s=1, countdown_s=1)
    win.touch()
    qtbot.waitUntil(win.overlay.isVisible, timeout=5000)
    assert tr("en", "still_there") in win.overlay.question.text()
    with qtbot.waitSignal(win.was_reset, timeout=5000):
        pass
    assert win.current == "attract" and not win.overlay.isVisible()
    assert win.session.is_empty() and not path.exists()
    texts = _all_texts(win)
    for secret in ("M98765432", "KIM MINJUN", "whisky", "가방을"):
        assert secret not in texts
    assert all(not e.text() for e in win.form_screen.edits.values())
    assert win.session._tmp is None


def test_still_there_continue_keeps_the_session(win: KioskWindow, qtbot: Any) -> None:
    win.choose_language("ja")
    win.session.add_exchange("question", "ja")
    win.theme = dataclasses.replace(NORMAL, idle_timeout_s=1, countdown_s=30)
    win.touch()
    qtbot.waitUntil(win.overlay.isVisible, timeout=5000)
    qtbot.mouseClick(win.overlay.cont, Qt.MouseButton.LeftButton)
    assert not win.overlay.isVisible() and win.session.exchanges and win.lang == "ja"


# ---- real flows with audio files -----------------------------------------------------------------------------
@pytest.mark.slow
def test_ask_form_review_confirm_then_reset(win: KioskWindow, qtbot: Any, speech: dict[str, Path],
                                            artifacts_dir: Path) -> None:
    win.show_screen("language")
    qtbot.mouseClick(win.screens["language"].buttons["en"], Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    assert win.current == "ask" and win.session.language == "en"
    win.ask_screen.ask(speech["en"])
    assert win.ask_screen.progress.isVisibleTo(win) or win.ask_screen.state != "ready"  # shows progress
    result = _wait_job(qtbot, win.ask_screen.finished)
    assert not isinstance(result, Status), result
    said = win.ask_screen.said.text().lower()
    assert "whisk" in said and ("three" in said or "3" in said)
    assert win.ask_screen.verdict.text() == tr("en", "verdict_declare")
    assert win.ask_screen.next_step.text() == tr("en", "next_declare")  # what to do next, and where
    assert win.ask_screen.answer_label.text()
    assert len(win.session.exchanges) == 1 and win.session.answers

    qtbot.mouseClick(win.ask_screen.form, Qt.MouseButton.LeftButton)
    form = win.form_screen
    assert form.toggles["q_over"].isChecked(), "pre-filled from the answer"
    assert "whisk" in form.items.text().lower()
    qtbot.keyClicks(form.edits["f_name"], "Jane Doe")
    qtbot.keyClicks(form.edits["f_dob"], "1990-13-01")
    qtbot.mouseClick(form.review, Qt.MouseButton.LeftButton)
    assert win.current == "form" and form.error.text() == tr("en", "invalid_date")
    form.edits["f_dob"].setText("1990-03-01")
    qtbot.mouseClick(form.review, Qt.MouseButton.LeftButton)
    assert win.current == "review"
    review = win.review_screen
    assert not win.session.declaration.confirmed and review.pdf_path is None, "nothing before confirmation"
    texts = _all_texts(win)
    assert "Jane Doe" in texts and tr("ko", "f_name") in texts  # Korean beside the traveler's language
    qtbot.mouseClick(review.confirm, Qt.MouseButton.LeftButton)
    decl = _wait_job(qtbot, review.confirmed, 60)
    assert decl.confirmed and win.session.declaration.confirmed
    assert review.pdf_path is not None and review.pdf_path.read_bytes().startswith(b"%PDF")
    assert review.qr.pixmap() is not None and not review.qr.pixmap().isNull()
    assert review.lane.text() == tr("en", "go_red")
    out = artifacts_dir / "screens"
    out.mkdir(exist_ok=True)
    qtbot.wait(50)
    win.grab().save(str(out / "flow_en_confirmed.png"))
    assert not _problems(win), _problems(win)

    pdf, tmp = review.pdf_path, win.session.tmp_dir
    qtbot.mouseClick(review.finish, Qt.MouseButton.LeftButton)
    assert win.current == "attract" and win.session.is_empty()
    assert not pdf.exists() and not tmp.exists() and tmp not in leftover_session_dirs()
    assert "Jane Doe" not in _all_texts(win) and "whisk" not in _all_texts(win).lower()


@pytest.mark.slow
def test_just_speak_detects_language(win: KioskWindow, qtbot: Any, speech: dict[str, Path]) -> None:
    win.show_screen("language")
    win.session.language = None
    win.show_screen("ask")
    assert win.session.language is None
    win.ask_screen.ask(speech["zh"])
    qtbot.waitUntil(lambda: win.ask_screen.answer is not None, timeout=120_000)
    with qtbot.waitSignal(win.ask_screen.finished, timeout=120_000) as blocker:
        if win.ask_screen.state == "speaking":  # tapping while the answer is read aloud stops the speech
            qtbot.mouseClick(win.ask_screen.talk, Qt.MouseButton.LeftButton)
    result = blocker.args[0]
    assert not isinstance(result, Status), result
    assert win.session.language == "zh" and win.lang == "zh"
    assert win.top.officer.text() == tr("zh", "ask_officer")
    assert win.ask_screen.verdict.text() == tr("zh", "verdict_declare")
    assert win.ask_screen.said.font().families()[0] == "Noto Sans CJK SC"


@pytest.mark.slow
def test_silence_is_not_understood(win: KioskWindow, qtbot: Any, speech: dict[str, Path]) -> None:
    win.choose_language("fr")
    win.ask_screen.ask(speech["silence"])
    result = _wait_job(qtbot, win.ask_screen.finished)
    assert isinstance(result, Status) and result.code == "not_understood"
    assert win.ask_screen.state_label.text() == tr("fr", "err_not_understood")
    assert win.ask_screen.talk.isEnabled() and not win.session.answers


@pytest.mark.slow
def test_missing_model_degrades_with_a_message(qtbot: Any, speech: dict[str, Path]) -> None:
    w = _make_window(qtbot, Pipeline(play_audio=False, asr_model="no-such-model"))
    w.choose_language("de")
    w.ask_screen.ask(speech["en"])
    result = _wait_job(qtbot, w.ask_screen.finished)
    assert isinstance(result, Status) and result.code == "model_unavailable" and result.fix
    assert w.ask_screen.state_label.text() == tr("de", "err_model")
    w.shutdown()


@pytest.mark.slow  # over 2 s: kept out of the fast inner loop
def test_no_microphone_falls_back_to_touch(win: KioskWindow, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import kiosk.audio as audio

    def no_device(self: Any) -> Any:  # fault simulation: a kiosk whose microphone is unplugged
        raise audio.MicrophoneUnavailable("No microphone found.")

    monkeypatch.setattr(audio.Recorder, "_check_device", no_device)
    win.choose_language("vi")
    win.ask_screen.hands_free.setChecked(True)
    qtbot.mouseClick(win.ask_screen.talk, Qt.MouseButton.LeftButton)
    result = _wait_job(qtbot, win.ask_screen.finished, 30)
    assert isinstance(result, Status) and result.code == "no_microphone"
    assert win.ask_screen.state_label.text() == tr("vi", "err_no_mic")
    assert not win.ask_screen.hands_free.isChecked() and win.ask_screen.talk.isEnabled()
    qtbot.mouseClick(win.ask_screen.form, Qt.MouseButton.LeftButton)  # touch still works
    assert win.current == "green", "nothing asked yet: nothing to declare, no form needed"
    qtbot.mouseClick(win.screens["green"].form, Qt.MouseButton.LeftButton)  # the form only on request
    assert win.current == "form"
    qtbot.mouseClick(win.form_screen.back, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(win.ask_screen.pick, Qt.MouseButton.LeftButton)  # items by touch instead of voice
    assert win.current == "picker"


@pytest.mark.slow
def test_officer_interpretation_split_screen(win: KioskWindow, qtbot: Any, speech: dict[str, Path],
                                             artifacts_dir: Path) -> None:
    win.choose_language("en")
    win.show_screen("interpret")
    screen = win.interpret_screen
    assert screen.officer.title.text() == tr("ko", "officer_side")
    assert screen.traveler.title.text() == tr("en", "traveler_side")
    qtbot.mouseClick(screen.officer.rotate, Qt.MouseButton.LeftButton)  # type: ignore[arg-type]
    assert screen.view.rotated and screen.view.proxy.rotation() == 180
    screen.talk("traveler", speech["en"])
    turn = _wait_job(qtbot, win.interpret_done, 180)
    assert not isinstance(turn, Status), turn
    assert turn.side == "traveler" and turn.source_lang == "en" and turn.target_lang == "ko"
    assert "whisk" in turn.original.lower()
    assert turn.flagged or turn.translation, "either a translation or an explicit 'please repeat'"
    assert win.session.interpret_turns and turn in win.session.interpret_turns
    texts = _all_texts(win)
    assert turn.original in texts
    qtbot.wait(50)  # widgets added to a visible layout are shown on the next event-loop turn
    out = artifacts_dir / "screens"
    out.mkdir(exist_ok=True)
    win.grab().save(str(out / "flow_interpret_rotated.png"))
    assert not _problems(win), _problems(win)
    qtbot.mouseClick(screen.officer.replay, Qt.MouseButton.LeftButton)  # re-speaks the traveler's words in Korean
    win.reset()
    assert not win.session.interpret_turns and win.session.interpretation is None and not screen.view.rotated
    assert turn.original not in _all_texts(win)


# ---- on-screen keyboard (touch-only kiosk: the form's fields are typed on screen) ------------------------------
def _tap(qtbot: Any, w: QWidget) -> None:
    qtbot.mouseClick(w, Qt.MouseButton.LeftButton)


def _type(qtbot: Any, kb: OnScreenKeyboard, text: str) -> None:
    for ch in text:
        _tap(qtbot, kb.key("space" if ch == " " else ch))


def _fill_identity(win: KioskWindow) -> None:
    d = win.session.declaration
    d.identity.name = "KIM MINJUN"
    d.identity.date_of_birth = dt.date(1975, 5, 17)
    d.identity.passport_no = "M12345678"
    d.identity.nationality = "Republic of Korea"
    d.trip.flight_no = "KE652"
    d.trip.countries_visited = ["Thailand", "Vietnam"]


def _in_view(form: Any, field: QWidget) -> bool:
    """The field lies wholly inside the scroll area's viewport (not under the keyboard, not scrolled away)."""
    vp = form.scroll_area.viewport()
    top = field.mapTo(vp, field.rect().topLeft()).y()
    return top >= 0 and top + field.height() <= vp.height()


def test_keyboard_types_into_the_focused_field(win: KioskWindow, qtbot: Any,
                                               caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    win.choose_language("en")
    win.show_screen("form")
    form = win.form_screen
    kb = form.keyboard
    assert not kb.isVisible(), "no keyboard until a field is tapped"
    _tap(qtbot, form.edits["f_name"])
    qtbot.waitUntil(kb.isVisible, timeout=2000)
    assert kb.target is form.edits["f_name"] and not kb.numeric
    assert kb.key("next").text() == tr("en", "kb_next") and kb.key("backspace").text() == tr("en", "kb_backspace")
    _type(qtbot, kb, "KIM MINJUX")
    _tap(qtbot, kb.key("backspace"))
    _type(qtbot, kb, "N")
    assert form.edits["f_name"].text() == "KIM MINJUN"
    assert form.edits["f_name"].hasFocus(), "keys take no focus: the field keeps it"

    _tap(qtbot, kb.key("next"))  # date of birth: the number pad with '-'
    assert form.edits["f_dob"].hasFocus() and kb.target is form.edits["f_dob"]
    assert kb.numeric and kb.key("-").isVisible() and "A" not in kb.current_keys()
    _type(qtbot, kb, "1975-05-17")
    assert form.edits["f_dob"].text() == "1975-05-17"

    _tap(qtbot, kb.key("next"))  # passport: letters again
    assert kb.target is form.edits["f_passport"] and not kb.numeric
    _type(qtbot, kb, "XY'Z,")
    _tap(qtbot, kb.key("clear"))
    assert form.edits["f_passport"].text() == ""
    _type(qtbot, kb, "M12345678")
    assert form.edits["f_passport"].text() == "M12345678"

    for _ in range(4):  # nationality, occupation, flight, countries visited
        _tap(qtbot, kb.key("next"))
    assert kb.target is form.edits["f_countries"]
    _type(qtbot, kb, "THAILAND, VIETNAM")
    qtbot.waitUntil(lambda: _in_view(form, form.edits["f_countries"]), timeout=2000)
    _tap(qtbot, kb.key("next"))  # address in Korea: letters
    assert kb.target is form.edits["f_address"] and not kb.numeric
    _type(qtbot, kb, "LOTTE HOTEL SEOUL")
    _tap(qtbot, kb.key("next"))  # phone: the number pad; the lowest text field stays in view
    assert kb.target is form.edits["f_phone"] and kb.numeric
    _type(qtbot, kb, "010-1234-5678")
    qtbot.waitUntil(lambda: _in_view(form, form.edits["f_phone"]), timeout=2000)

    _tap(qtbot, kb.key("next"))  # days abroad: a spin box, number pad without '-'
    assert kb.target is form.days and kb.numeric and not kb.key("-").isVisible()
    _tap(qtbot, kb.key("clear"))
    _type(qtbot, kb, "12")
    assert form.days.value() == 12
    _tap(qtbot, kb.key("next"))
    assert kb.target is form.family and kb.key("next").text() == tr("en", "kb_done")  # the last field
    _tap(qtbot, kb.key("next"))
    assert not kb.isVisible() and kb.target is None and not form.family.hasFocus()
    assert win.current == "form" and win.width() <= W + 1 and win.height() <= H + 1

    _tap(qtbot, form.review)
    assert win.current == "review"
    d = win.session.declaration
    assert d.identity.name == "KIM MINJUN" and d.identity.passport_no == "M12345678"
    assert d.identity.date_of_birth == dt.date(1975, 5, 17) and d.trip.travel_days == 12
    assert d.trip.countries_visited == ["THAILAND", "VIETNAM"]
    assert d.identity.address_kr == "LOTTE HOTEL SEOUL" and d.identity.phone == "010-1234-5678"
    for secret in ("KIM", "MINJUN", "M12345678", "1975-05-17", "THAILAND", "LOTTE", "1234-5678"):  # nothing typed is logged
        assert secret not in caplog.text


def test_keyboard_shows_on_focus_and_hides_on_leaving(win: KioskWindow, qtbot: Any) -> None:
    win.choose_language("ko")
    win.show_screen("form")
    form = win.form_screen
    kb = form.keyboard
    _tap(qtbot, form.edits["f_flight"])
    qtbot.waitUntil(kb.isVisible, timeout=2000)
    assert kb.key("clear").text() == tr("ko", "kb_clear")
    _tap(qtbot, form.toggles["q_cash"])  # answering a yes/no question ends typing
    assert not kb.isVisible() and form.toggles["q_cash"].isChecked()
    _tap(qtbot, form.edits["f_name"])
    qtbot.waitUntil(kb.isVisible, timeout=2000)
    _tap(qtbot, form.back)  # leaving the form
    assert win.current == "ask" and not kb.isVisibleTo(form) and kb.target is None
    win.show_screen("form")  # coming back: no keyboard until a field is tapped again
    assert not kb.isVisibleTo(form)
    _tap(qtbot, form.edits["f_passport"])
    qtbot.waitUntil(kb.isVisible, timeout=2000)
    win.reset()  # the idle reset wipes the form and hides the keyboard
    assert not kb.isVisibleTo(form) and kb.target is None


@pytest.mark.parametrize(("lang", "a11y"), [("en", False), ("ko", False), ("zh", False), ("en", True)])
@pytest.mark.slow  # renders the keyboard in every language
def test_keyboard_fits_without_tofu(win: KioskWindow, qtbot: Any, artifacts_dir: Path, lang: str,
                                    a11y: bool) -> None:
    out = artifacts_dir / "screens"
    out.mkdir(exist_ok=True)
    win.choose_language(lang)
    win.set_accessibility(a11y)
    _fill_identity(win)
    win.show_screen("form")
    form = win.form_screen
    kb = form.keyboard
    tag = f"{lang}{'_a11y' if a11y else ''}"
    problems: list[str] = []
    two_cm = 20 * px_per_mm(win)
    for field, shot in ((form.edits["f_passport"], "keyboard"), (form.edits["f_dob"], "keypad")):
        _tap(qtbot, field)
        qtbot.waitUntil(lambda: kb.target is field and _in_view(form, field), timeout=2000)  # noqa: B023
        qtbot.wait(30)
        win.grab().save(str(out / f"{tag}_form_{shot}.png"))
        problems += [f"{tag}/{shot}: {p}" for p in _problems(win)]
        keys = [b for b in kb.current_keys().values() if b.isVisible()]
        assert len(keys) >= (40 if shot == "keyboard" else 14)
        if a11y:  # every key at least 2 cm on each side
            small = [(b.text(), b.size().toTuple()) for b in keys
                     if b.height() < two_cm - 1 or b.width() < two_cm - 1]
            assert not small, small
    assert not problems, "\n".join(problems)
