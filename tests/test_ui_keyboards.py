"""On-screen keyboards per script (issue 25 item 5): the form's keyboard follows the UI language — Hangul, Cyrillic,
Japanese kana, Thai, Vietnamese, Chinese pinyin with hanzi candidates — and typing a known word on each gives that
word (NFC). Screenshots: artifacts/screens/kb_<lang>.png (looked at by a person)."""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from kiosk.ui import pinyin
from kiosk.ui.display import px_per_mm
from kiosk.ui.kb_layouts import CANDIDATE_KEYS
from kiosk.ui.keyboard import OnScreenKeyboard
from kiosk.ui.marks import ACUTE, CIRCUMFLEX, DAKUTEN, DOT, GRAVE, HANDAKUTEN, HOOK, HORN, SMALL, apply_mark
from kiosk.ui.window import KioskWindow

NFC = "NFC"
# (language, keys pressed, text expected); "⇧" is the shift key, "␣" the space bar, "カナ" the katakana switch
WORDS = {
    "ja": ("とうきょう", ["と", "う", "き", "よ", SMALL, "う"]),
    "th": ("กรุงเทพ", ["ก", "ร", "ุ", "ง", "เ", "ท", "พ"]),
    "vi": ("Hà Nội", ["⇧", "h", "a", GRAVE, "␣", "⇧", "n", "o", CIRCUMFLEX, "i", DOT]),
    "ko": ("서울", ["ㅅ", "ㅓ", "ㅇ", "ㅜ", "ㄹ"]),
    "ru": ("МОСКВА", ["М", "О", "С", "К", "В", "А"]),
    "zh": ("北京", [*"beijing", "cand0"]),  # pinyin, then the first hanzi candidate
}
_NAMES = {"⇧": "shift", "␣": "space", "カナ": "kana"}


def _press(qtbot: Any, kb: OnScreenKeyboard, keys: list[str]) -> None:
    for k in keys:
        qtbot.mouseClick(kb.key(_NAMES.get(k, k)), Qt.MouseButton.LeftButton)


def _open_keyboard(win: KioskWindow, qtbot: Any, lang: str) -> OnScreenKeyboard:
    win.choose_language(lang)
    win.show_screen("form")
    form = win.form_screen
    form.edits["f_address"].clear()
    form.edits["f_address"].setFocus(Qt.FocusReason.MouseFocusReason)
    qtbot.waitUntil(lambda: form.keyboard.target is form.edits["f_address"], timeout=2000)
    return form.keyboard


@pytest.mark.parametrize("lang", [pytest.param(lang, marks=[pytest.mark.slow] if lang == "zh" else [])
                                  for lang in WORDS])  # zh: the candidates' index takes seconds to build
def test_typing_a_known_word(win: KioskWindow, qtbot: Any, artifacts_dir: Path, lang: str) -> None:
    kb = _open_keyboard(win, qtbot, lang)
    assert lang != "zh" or pinyin.ready(timeout_s=60)  # the candidates' index (built in the background)
    word, keys = WORDS[lang]
    _press(qtbot, kb, keys)
    field = win.form_screen.edits["f_address"]
    assert field.text() == unicodedata.normalize(NFC, word)
    assert unicodedata.is_normalized(NFC, field.text())
    assert kb.key("script").isVisible()  # a switch to Latin and back
    out = artifacts_dir / "screens"
    out.mkdir(exist_ok=True)
    qtbot.wait(30)
    win.grab().save(str(out / f"kb_{lang}.png"))


def test_kana_marks_and_katakana(win: KioskWindow, qtbot: Any) -> None:
    kb = _open_keyboard(win, qtbot, "ja")
    field = win.form_screen.edits["f_address"]
    _press(qtbot, kb, ["か", DAKUTEN, "は", HANDAKUTEN, "つ", SMALL, "と"])
    assert field.text() == "がぱっと"
    _press(qtbot, kb, [DAKUTEN, DAKUTEN])  # again: back to the plain kana
    assert field.text() == "がぱっと"
    _press(qtbot, kb, ["ん", DAKUTEN])  # does not apply: nothing typed
    assert field.text() == "がぱっとん"
    field.clear()
    _press(qtbot, kb, ["カナ", "と", "う", "き", "よ", SMALL, "う"])
    assert field.text() == "トウキョウ" and kb.key("と").text() == "ト"
    _press(qtbot, kb, ["カナ"])
    assert kb.key("と").text() == "と"


@pytest.mark.slow  # builds the candidates' index
def test_pinyin_candidates_replace_the_pinyin(win: KioskWindow, qtbot: Any, artifacts_dir: Path) -> None:
    kb = _open_keyboard(win, qtbot, "zh")
    assert pinyin.ready(timeout_s=60)
    field = win.form_screen.edits["f_address"]
    _press(qtbot, kb, [*"jiudian"])
    assert field.text() == "jiudian" and kb.key("cand0").text() == "酒店"  # shown as typed, hanzi offered
    qtbot.wait(30)
    (artifacts_dir / "screens").mkdir(exist_ok=True)
    win.grab().save(str(artifacts_dir / "screens" / "kb_zh_candidates.png"))
    _press(qtbot, kb, ["backspace", "backspace", "backspace", "backspace"])  # one letter back each: "jiu"
    assert field.text() == "jiu" and "酒" in [kb.key(k).text() for k in CANDIDATE_KEYS]
    _press(qtbot, kb, [k for k in CANDIDATE_KEYS if kb.key(k).text() == "酒"])
    assert field.text() == "酒" and not kb.key("cand0").isEnabled()  # chosen: no candidates until the next letter
    _press(qtbot, kb, [*"beij", "cand0", "␣", "⇧", "k", "e"])
    assert field.text() == "酒北京 Ke"  # a shifted letter is Latin as typed (no candidates)


def test_vietnamese_marks_follow_the_spelling_rules() -> None:
    def typed(text: str, *marks: str) -> str:
        for m in marks:
            text = apply_mark(text, m) or text
        return text

    nfc = [unicodedata.normalize(NFC, w) for w in ("hòa", "thủy", "quá", "toán", "người", "Việt", "Hà Nội")]
    assert typed("hoa", GRAVE) == nfc[0] and typed("thuy", HOOK) == nfc[1] and typed("qua", ACUTE) == nfc[2]
    assert typed("toan", ACUTE) == nfc[3] and typed("nguoi", HORN, GRAVE) == nfc[4]
    assert typed("Viet", CIRCUMFLEX, DOT) == nfc[5] and typed("Ha Noi", CIRCUMFLEX, DOT) == "Ha Nội"
    assert typed("hoa", GRAVE, ACUTE) == unicodedata.normalize(NFC, "hoá".replace("oá", "óa"))  # tone replaced
    assert typed("hoa", GRAVE, GRAVE) == "hoa"  # the same tone again: removed
    assert apply_mark("xyz ", GRAVE) is None and apply_mark("", DOT) is None


@pytest.mark.slow  # renders four keyboards in accessibility mode
def test_script_keys_are_two_centimetres_in_accessibility_mode(win: KioskWindow, qtbot: Any,
                                                                artifacts_dir: Path) -> None:
    win.set_accessibility(True)
    two_cm = 20 * px_per_mm(win)
    for lang in ("ja", "th", "vi", "zh"):
        kb = _open_keyboard(win, qtbot, lang)
        qtbot.wait(30)
        keys = [b for b in kb.current_keys().values() if b.isVisible()]
        small = [(b.text(), b.size().toTuple()) for b in keys if b.height() < two_cm - 1 or b.width() < two_cm - 1]
        assert len(keys) > 40 and not small, (lang, small)
        assert kb.geometry().right() <= win.width()
        win.grab().save(str(artifacts_dir / "screens" / f"kb_{lang}_a11y.png"))
