"""The interpretation screen keeps the other person's latest sentence in view (issue 25 item 4: "the officer's last
sentence disappears from the accessible interpretation screen"), in every UI language, on a portrait, a landscape
and a 720p output, in normal and large text. The half's lines are fitted to the height the layout finally gives it
(landscape_th_a11y_interpret.png lost the officer's sentence when the fit ran on an earlier layout's size)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.interpret import Turn
from kiosk.languages import UI_LANGUAGES
from kiosk.phrasebook import get_phrasebook
from kiosk.phrasebook.labels import phrase_label
from kiosk.ui.display import resolution
from tests.test_ui import QUESTIONS, _make_window, _settle

OFFICER_PHRASE = "doc02"  # a standard phrase, in every phrasebook language


def _inside(lab: QWidget, box: QWidget) -> bool:
    """Wholly inside `box` and given the height its text needs at its width (not squeezed)."""
    top = lab.mapTo(box, lab.rect().topLeft()).y()
    return (top >= 0 and top + lab.height() <= box.height() + 1
            and lab.height() + 1 >= (lab.heightForWidth(lab.width()) if lab.hasHeightForWidth() else 0))


CASES = [("1280x720", UI_LANGUAGES, (True,)),  # landscape + large text: the least room per half (in mm as 1080p)
         ("1920x1080", ("th", "ko"), (False, True)),  # the tallest script; Korean shown once (identity)
         ("1080x1920", ("th", "de"), (False, True))]


@pytest.mark.slow  # ~30 screens in all
@pytest.mark.parametrize(("res", "langs", "modes"), CASES, ids=[c[0] for c in CASES])
def test_each_half_keeps_the_other_persons_latest_sentence(qtbot: Any, artifacts_dir: Path,
                                                            monkeypatch: pytest.MonkeyPatch, res: str,
                                                            langs: tuple[str, ...], modes: tuple[bool, ...]) -> None:
    monkeypatch.setenv("KIOSK_SCREEN_RESOLUTION", res)
    book = get_phrasebook()
    out = artifacts_dir / "screens"
    out.mkdir(exist_ok=True)
    w = _make_window(qtbot)
    monkeypatch.setattr(w, "read_aloud", lambda *_a, **_k: None)  # layout only: no speech synthesis meanwhile
    bad: list[str] = []
    try:
        for lang in langs:
            w.choose_language(lang)  # a new traveler language: a new interpretation session
            for large in modes:
                w.show_screen("ask")  # the fonts change while another screen is on: the halves' size changes later
                w.set_accessibility(large)
                said = book.phrase(OFFICER_PHRASE)
                now = dt.datetime.now(dt.UTC)
                it = w.session.interpreter("ko")
                heard = QUESTIONS[lang] if lang == "ko" else f"[ko] {QUESTIONS[lang]}"
                engine = "identity" if lang == "ko" else "fixture"
                it.add_turn(Turn("officer", said.text("ko"), said.text(lang), "ko", lang, 0.9, False, "phrasebook",
                                 now))
                it.add_turn(Turn("traveler", QUESTIONS[lang], heard, lang, "ko", 0.9, False,
                                 engine, now))
                w.show_screen("interpret")
                _settle(w)
                tag = f"{lang} {'large' if large else 'normal'}"
                screen = w.interpret_screen
                for half, who, text in ((screen.traveler, phrase_label("officer", lang), said.text(lang)),
                                        (screen.officer, phrase_label("traveler", "ko"), heard)):
                    line = f"{who}: {text}"
                    shown = [lab for lab in half.findChildren(QLabel) if lab.text() == line and lab.isVisibleTo(half)]
                    if not shown:
                        bad.append(f"{tag}: {half.side}'s half lost {line!r}")
                    elif not _inside(shown[0], half.transcript) or not _inside(half.transcript, half):
                        bad.append(f"{tag}: {line!r} not wholly inside the {half.side}'s half")
                if lang in ("th", "de"):
                    w.grab().save(str(out / f"interpret_fit_{res}_{lang}{'_a11y' if large else ''}.png"))
                if w.size().toTuple() != resolution():
                    bad.append(f"{tag}: window {w.size().toTuple()}")
    finally:
        w.shutdown()
    assert not bad, "\n".join(bad)
