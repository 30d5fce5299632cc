"""The "did I hear you right?" check (kiosk.ui.screens.heard, kiosk.ui.readback): words the recognizer is unsure of
are shown large with the facts that decide the verdict and a one-touch "yes" (answered) / "no" (listens again),
in every UI language, read back aloud from the catalogs' templates."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from kiosk.asr import Segment, Transcript
from kiosk.assistant import Answer
from kiosk.events import CheckHeard, Done
from kiosk.i18n import tr
from kiosk.languages import UI_LANGUAGES
from kiosk.pipeline import Pipeline
from kiosk.rules.model import Item
from kiosk.ui.readback import fact_lines, readback
from kiosk.ui.window import KioskWindow

# what a traveler says, in each UI language, with the facts the kiosk's parser finds in it ("written")
SAID = {"en": "I have three bottles of whisky and 200 cigarettes.", "ko": "위스키 두 병이랑 담배 한 보루 있어요",
        "ja": "ウイスキーを2本とたばこを1カートン持っています", "ru": "У меня три бутылки виски и 5000 долларов",
        "zh": "我带了两瓶白酒和一条香烟", "de": "Ich habe drei Flaschen Whisky und 2000 Euro Bargeld",
        "fr": "J'ai trois bouteilles de vin et un parfum de 100 ml",
        "es": "Tengo tres botellas de vino y dos kilos de queso",
        "th": "ฉันมีวิสกี้สามขวดและบุหรี่หนึ่งคาร์ตัน", "vi": "Tôi có ba chai rượu whisky và một cây thuốc lá"}
_BRACES = re.compile(r"[{}]")
# the counted goods in SAID, as the traveler said them (th_a11y_check_heard.png showed "บุหรี่" without its carton)
COUNTED = {"en": {("alcohol", 3, "bottle"), ("cigarettes", 200, "cigarette")},
           "ko": {("alcohol", 2, "bottle"), ("cigarettes", 1, "carton")},
           "ja": {("alcohol", 2, "bottle"), ("cigarettes", 1, "carton")}, "ru": {("alcohol", 3, "bottle")},
           "zh": {("alcohol", 2, "bottle"), ("cigarettes", 1, "carton")}, "de": {("alcohol", 3, "bottle")},
           "fr": {("alcohol", 3, "bottle")}, "es": {("alcohol", 3, "bottle")},
           "th": {("alcohol", 3, "bottle"), ("cigarettes", 1, "carton")},
           "vi": {("alcohol", 3, "bottle"), ("cigarettes", 1, "carton")}}


def _unsure(text: str, lang: str) -> Transcript:
    """A transcript as Whisper returns one it is unsure of (low token log-probability, language right)."""
    return Transcript(text=text, language=lang, language_probability=0.97, duration_s=3.0,
                      segments=(Segment(0.0, 3.0, text, -1.3, 0.02),), model="whisper-base", seconds=0.5)


def _check(text: str, lang: str) -> CheckHeard:
    tr_ = _unsure(text, lang)
    assert not tr_.confident and tr_.assessment.reason == "low_logprob"
    return Pipeline.check_heard(tr_, lang)


def _show(win: KioskWindow, ev: CheckHeard) -> None:
    """Render a not-confident turn exactly as the pipeline yields it (CheckHeard, then Done)."""
    ask = win.ask_screen
    ask.on_event(ev)
    ask.on_event(Done(stopped=False))


# ---- the words and sentences, every language ---------------------------------------------------------------------
@pytest.mark.parametrize("lang", UI_LANGUAGES)
def test_readback_in_every_language_has_the_facts_and_no_placeholders(lang: str) -> None:
    ev = _check(SAID[lang], lang)
    assert ev.facts, f"{lang}: the parser found no goods in {SAID[lang]!r}"
    said = readback(ev.transcript.text, ev.facts, lang)
    words = readback(ev.transcript.text, (), lang)
    for text in (said, words, *(tr(lang, k) for k in ("check_title", "check_facts", "check_yes", "check_again"))):
        assert text.strip() and not _BRACES.search(text), f"{lang}: {text!r}"
    assert ev.transcript.text.strip().rstrip(".") in words
    for line in fact_lines(ev.facts, lang):
        assert line.item and not _BRACES.search(line.details())
        for part in line.parts:  # every number of the facts is said (NBSP in the screen's "3 bottles" -> space)
            assert part.replace("\u00a0", " ") in said, f"{lang}: {part!r} not in {said!r}"
    if lang != "en":  # translated, not English
        assert tr(lang, "check_yes") != tr("en", "check_yes") and tr(lang, "check_title") != tr("en", "check_title")


@pytest.mark.parametrize("lang", UI_LANGUAGES)
def test_the_facts_keep_every_count_the_traveler_said(lang: str) -> None:
    facts = {(f.category, f.quantity, f.unit) for f in _check(SAID[lang], lang).facts}
    assert COUNTED[lang] <= facts, f"{lang}: {SAID[lang]!r} -> {facts}"


@pytest.mark.parametrize("said", ["ฉันมีบุหรี่หนึ่งคาร์ตัน", "บุหรี่ 2 คาร์ตัน", "บุหรี่สองคาตัน", "บุหรี่หนึ่งคอตตอน",
                                  "บุหรี่สามแถว"], ids=["kartan", "2-kartan", "katan", "khottoen", "thaeo"])
def test_a_thai_carton_is_counted_however_it_is_spelled(said: str) -> None:
    """คาร์ตัน (the loanword as written) was not a unit: the read-back showed the cigarettes without the amount."""
    facts = [(f.category, f.unit) for f in _check(said, "th").facts]
    assert facts == [("cigarettes", "carton")], (said, facts)


def test_facts_name_count_volume_weight_value_and_whose() -> None:
    items = (Item("alcohol", "wine", quantity=2, unit="bottle", volume_ml=1500, value=120, currency="USD",
                  owner="wife"),
             Item("cigarettes", "cigarettes", quantity=200, unit="cigarette"),
             Item("meat", "", weight_g=2500))
    lines = fact_lines(items, "en")
    assert lines[0].item == "wine" and lines[0].parts == ("2\u00a0bottles", "1.5\u00a0L", "120\u00a0USD")
    assert lines[0].owner and "wife" in lines[0].owner and lines[0].owner in lines[0].details()
    assert lines[2].item == tr("en", "cat_meat") and lines[2].parts == ("2.5\u00a0kg",)
    said = readback("…", items, "en")
    assert "wine, 2 bottles, 1.5 L, 120 USD" in said
    assert "cigarettes, 200 cigarettes" not in said and "200 cigarettes" in said  # the name is not said twice


# ---- the screen ----------------------------------------------------------------------------------------------------
def test_unsure_turn_shows_the_words_and_the_facts(win: KioskWindow) -> None:
    win.choose_language("en")
    ask = win.ask_screen
    ev = _check(SAID["en"], "en")
    _show(win, ev)
    check = ask.check
    assert check.showing() and check.isVisible() and ask.state == "ready" and ask.job is None
    assert check.words.text() == SAID["en"]
    assert check.title.text() == tr("en", "check_title")
    assert check.yes.text() == tr("en", "check_yes") and check.again.text() == tr("en", "check_again")
    shown = [check.grid.itemAt(i).widget().text() for i in range(check.grid.count())]
    assert shown == ["whisky", "3\u00a0bottles", "cigarettes", "200\u00a0cigarettes"]
    assert check.facts_box.isVisible()
    assert check.spoken() == "I heard: whisky, 3 bottles and 200 cigarettes. Is that right?"
    assert win.speaking(), "the facts are read back aloud"
    win.stop_speech()
    # words without goods: the words alone, no empty facts box
    _show(win, _check("Hello, where is the exit?", "en"))
    assert check.showing() and check.grid.count() == 0 and not check.facts_box.isVisible()


@pytest.mark.slow  # the Korean read-back loads the Korean voice
def test_unsure_words_in_another_language_switch_the_screen(win: KioskWindow) -> None:
    win.show_screen("ask")  # no language chosen yet: the screen shows the attract screen's default (English)
    assert win.session.language is None and win.lang == "en"
    _show(win, _check(SAID["ko"], "ko"))
    assert win.lang == "ko" and win.ask_screen.check.yes.text() == tr("ko", "check_yes")
    assert win.session.language is None, "the session's language is decided only by words heard for sure"


@pytest.mark.slow  # the confirmed words are answered and spoken (rules + the voice)
def test_yes_answers_the_heard_words(win: KioskWindow, qtbot: Any) -> None:
    win.choose_language("en")
    ask = win.ask_screen
    _show(win, _check(SAID["en"], "en"))
    with qtbot.waitSignal(ask.finished, timeout=120_000) as blocker:
        qtbot.mouseClick(ask.check.yes, Qt.MouseButton.LeftButton)
        assert not ask.check.showing() and ask.state == "thinking"
    result = blocker.args[0]
    assert isinstance(result, Answer), result
    assert ask.said.text() == SAID["en"]  # the confirmed words, as heard
    cats = {b.category: b for b in result.basket}
    assert cats["alcohol"].quantity == 3 and cats["cigarettes"].quantity == 200
    assert win.session.language == "en" and win.session.exchanges[-1].question == SAID["en"]
    assert ask.verdict.isVisible() and ask.verdict.text()


@pytest.mark.slow  # the recorder starts (and finds no microphone): ~6 s, like test_ui's no-microphone test
def test_no_listens_again(win: KioskWindow, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import kiosk.audio as audio

    def no_device(self: Any) -> Any:  # no microphone on the test machine: the turn fails after it started listening
        raise audio.MicrophoneUnavailable("No microphone found.")

    monkeypatch.setattr(audio.Recorder, "_check_device", no_device)
    win.choose_language("en")
    ask = win.ask_screen
    _show(win, _check(SAID["en"], "en"))
    assert ask.check.showing()
    with qtbot.waitSignal(ask.finished, timeout=30_000):
        qtbot.mouseClick(ask.check.again, Qt.MouseButton.LeftButton)
        assert ask.state == "listening" and ask.job is not None and not ask.check.showing()
        assert ask.talk.text() == tr("en", "stop_talk")
    assert not win.session.exchanges, "nothing was answered from the unsure words"


# ---- screenshots ------------------------------------------------------------------------------------------------
@pytest.mark.slow  # renders the check in 10 languages x 2 modes
@pytest.mark.parametrize("lang", UI_LANGUAGES)
def test_check_fits_without_tofu(win: KioskWindow, qtbot: Any, artifacts_dir: Path, lang: str,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    from test_ui import _problems  # the screenshot tests' check: clipped text, tofu, a window that grew

    said: list[str] = []  # a layout test: what would be read aloud is kept, not synthesized (10 voices to load)
    monkeypatch.setattr(win, "read_aloud", lambda text, lang=None, *, force=False: said.append(text))
    out = artifacts_dir / "screens"
    out.mkdir(exist_ok=True)
    win.choose_language(lang)
    for a11y in (False, True):
        win.set_accessibility(a11y)
        _show(win, _check(SAID[lang], lang))
        assert win.ask_screen.check.showing()
        assert said[-1] == readback(SAID[lang], win.ask_screen.check.heard.facts, lang)  # type: ignore[union-attr]
        qtbot.wait(30)
        path = out / f"{lang}{'_a11y' if a11y else ''}_check_heard.png"
        win.grab().save(str(path))
        problems = _problems(win)
        assert not problems, "\n".join(problems)
        for w in (win.ask_screen.check.words, win.ask_screen.check.title):
            assert not _BRACES.search(w.text())
        assert path.stat().st_size > 10_000
