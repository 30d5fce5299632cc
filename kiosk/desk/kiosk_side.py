"""The kiosk's side of the desk loop: the signed code its declaration QR carries (the declaration plus the kiosk's
advice on every item), deposited in the desk inbox when one is configured (KIOSK_DESK_INBOX)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from kiosk.desk.advice import advise
from kiosk.desk.payload import sign_payload
from kiosk.desk.scanner import deposit

if TYPE_CHECKING:
    from kiosk.assistant import BasketItem
    from kiosk.declaration import Declaration
    from kiosk.session import Session

log = logging.getLogger(__name__)


# how a turn was heard -> the mark the desk shows on the items it added or changed (kiosk.desk.advice.LOW_CONFIDENCE)
_MARKS = {"unsure": "speech_unsure", "confirmed": "speech_confirmed"}


def unsure_items(session: Session) -> dict[str, list[str]]:
    """Basket items that a turn heard without confidence added or changed: {"i2": ["speech_unsure"]}, or
    {"i2": ["speech_confirmed"]} when the traveler confirmed the unsure words on screen ("yes, that's right")."""
    out: dict[str, list[str]] = {}
    before: dict[str, BasketItem] = {}
    for ex in session.exchanges:
        if ex.answer is None:
            continue
        now = {b.id: b for b in ex.answer.basket}
        mark = _MARKS.get(ex.heard)
        if mark is not None:
            for item_id, b in now.items():
                old = before.get(item_id)
                if old is None or old.item() != b.item():  # its facts came (or changed) in this turn
                    out.setdefault(item_id, []).append(mark)
        before = now
    return out


def declaration_code(session: Session, decl: Declaration) -> str:
    """The QR text for this visit's declaration, signed with KIOSK_KIOSK_KEY (unsigned without one)."""
    from kiosk.config import settings
    from kiosk.rules import get_engine

    conv = session.conversation
    engine = conv.assistant.engine if conv is not None else get_engine(settings().jurisdiction)
    advice = advise(session.basket, engine=engine, party=conv.party if conv is not None else None,
                    answer=session.last_answer, language=decl.language or session.language or settings().lang,
                    low_confidence=unsure_items(session))
    text = sign_payload(decl, advice, settings().kiosk_key)
    inbox = settings().desk_inbox
    if inbox is not None:
        try:
            deposit(inbox, text)
        except OSError as exc:  # the desk can still scan the QR
            log.warning("declaration code not deposited in the desk inbox (%s)", exc.strerror or exc)
    return text
