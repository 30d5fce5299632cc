"""The traveler's answer, computed during the end-of-turn silence (issue 22: end of speech -> first answer audio).

At each pause the kiosk transcribes the words so far (kiosk.asr.streaming) and then waits 0.7-2.5 s to be sure
the traveler has finished. `answer_ahead` is the work StreamingTranscriber runs on that pause transcript in the
meantime (kiosk.asr.ahead): the answer, asked of a private deep copy of the session's conversation. The session
is not touched. When the end is confirmed and the final transcript is that very transcript, `adopt` checks that
nothing changed since (same session generation, same language decision, the conversation not edited by touch
meanwhile) and moves the copy's state into the session's conversation: the turn then records and says the answer
at once. Otherwise (speech resumed, a reset, a touch edit) the work is discarded, its log records with it, and
the answer is computed after the end as before.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kiosk import languages
from kiosk.config import settings

if TYPE_CHECKING:
    from kiosk.asr import Transcript
    from kiosk.asr.ahead import Ahead
    from kiosk.assistant import Answer, Assistant, Conversation
    from kiosk.session import Session

__all__ = ["AnswerAhead", "adopt", "answer_ahead", "language_for"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AnswerAhead:
    """An answer computed ahead: for which words and language, from which state of which conversation."""

    transcript: Transcript
    language: str
    generation: int  # the session's generation when it was computed
    base: Conversation | None  # the session's conversation then (None: there was none yet)
    last: Any  # that conversation's last answer then (a touch edit or a turn replaces it)
    conversation: Conversation  # the private copy the answer was asked of
    answer: Answer


def language_for(session: Session, transcript: Transcript) -> str:
    """`Session.decide_language(transcript.language, confident=True)` without deciding anything."""
    detected = transcript.language
    if session.language is None and detected and languages.is_supported(detected):
        return languages.normalize(detected)
    return session.language or settings().lang


def answer_ahead(assistant: Callable[[], Assistant], session: Session) -> Callable[[Transcript], AnswerAhead | None]:
    """The work to run on a pause transcript: its answer on a copy of the conversation (None when the words are
    not ones the turn would answer: not confident)."""
    from kiosk.assistant import Conversation

    generation = session.generation

    def work(transcript: Transcript) -> AnswerAhead | None:
        if not transcript.confident or session.generation != generation:
            return None
        language = language_for(session, transcript)
        base = session.conversation
        if base is None:
            last, conversation = None, Conversation(assistant())
        else:
            last = _last(base)
            conversation = copy.deepcopy(base, {id(base.assistant): base.assistant})
        answer = conversation.ask(transcript.text, language, from_speech=True)
        return AnswerAhead(transcript, language, generation, base, last, conversation, answer)

    return work


def adopt(ahead: Ahead, session: Session, text: str, language: str) -> Answer | None:
    """The answer done ahead, its conversation state moved into the session's, when it still holds for `text` in
    `language` (else it is discarded: None)."""
    done = ahead.commit()
    if not isinstance(done, AnswerAhead):
        return None
    with session._lock:  # noqa: SLF001 - the conversation is created and replaced under the session's lock
        same = (done.generation == session.generation and done.transcript.text == text
                and done.language == language and session.conversation is done.base
                and (done.base is None or _last(done.base) is done.last))
        if not same:
            log.debug("answer computed ahead not used: the session changed meanwhile")
            return None
        if done.base is None:
            session.conversation = done.conversation
        else:
            done.base.__dict__.update(done.conversation.__dict__)
    return done.answer


def _last(conversation: Conversation) -> Any:
    """The conversation's last answer: every turn and touch edit replaces it (Conversation._answer), so the same
    object means the conversation was not changed."""
    return getattr(conversation, "_last", None)
