"""The ask screen's verdict banner: one look per kind (shape symbol, colour, headline, what to do next and where),
and which kind an answer gets (`banner_kind`)."""

from __future__ import annotations

from kiosk.assistant import ANSWER_VERDICTS, Answer
from kiosk.declaration import classify
from kiosk.ui.screens.basket_view import SYMBOL

__all__ = ["BANNER_SYMBOL", "HEADLINE", "NEXT_STEP", "banner_kind"]

BANNER_SYMBOL = {**SYMBOL, "quarantine": "☘"}  # restricted keeps "!" (an emoji ✋ was clipped in the CJK font)
HEADLINE = {**{v: f"verdict_{v}" for v in ANSWER_VERDICTS}, "quarantine": "verdict_quarantine"}
NEXT_STEP = {"allowed": "green_msg", "declare": "next_declare", "restricted": "next_restricted",
             "quarantine": "next_quarantine", "prohibited": "next_prohibited", "unclear": "next_unclear"}


def banner_kind(ans: Answer) -> str:
    """The banner of an answer: its verdict, or "quarantine" when every item that is not allowed is an animal,
    plant or food product (the quarantine desk and the amnesty bin; with other goods to declare: the red channel)."""
    verdict = ans.verdict if ans.verdict in ANSWER_VERDICTS else "unclear"
    if verdict in ("restricted", "prohibited"):
        behind = [(b.category, b.verdict) for b in ans.basket if b.verdict != "allowed"]  # all of them: else the
        if behind and all(classify(c, v) == "animal_plant" for c, v in behind):  # red channel is next, not only this
            return "quarantine"
    return verdict
