"""No personal data in logs: what travelers say and type never reaches a log record, even at DEBUG level."""

from __future__ import annotations

import logging

import pytest

from kiosk.assistant import get_assistant
from kiosk.declaration import Declaration, prefill, qr_png, render_pdf
from kiosk.interpret import InterpretSession
from kiosk.translate import get_translation_service

SECRET_NAME = "Zebulon Quartermaine"
SECRET_PASSPORT = "X98765432"


@pytest.mark.slow
def test_questions_declarations_and_turns_are_not_logged(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    question = f"My name is {SECRET_NAME}, passport {SECRET_PASSPORT}; I have 3 bottles of whisky"
    answer = get_assistant(use_llm=False).ask(question)
    assert answer.verdict == "declare"

    decl: Declaration = prefill([answer], language="en")
    decl.identity.name = SECRET_NAME
    decl.identity.passport_no = SECRET_PASSPORT
    assert render_pdf(decl, "en").startswith(b"%PDF")
    assert qr_png(decl).startswith(b"\x89PNG")

    session = InterpretSession(officer_lang="en", traveler_lang="es", translator=get_translation_service())
    session.add_text("officer", f"{SECRET_NAME}, please open your bag")
    session.clear()

    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert caplog.records, "the modules log (sizes, timings, codes) at DEBUG; the test must see those records"
    for secret in (SECRET_NAME, SECRET_PASSPORT, "whisky", "open your bag"):
        assert secret not in logged
