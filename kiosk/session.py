"""Everything of one traveler's visit, in one store, so that a reset can wipe every trace of it.

The session holds: the language decision, the conversation (questions and answers), the interpretation turns,
the recorded audio, the declaration form and a private temp folder. The pipeline records into it; the UI and the
CLI read from it. `wipe()` forgets everything and bumps `generation`, so that work still in flight for the old
visit (a turn being transcribed, a PDF being written) sees that it is stale and records nothing.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import tempfile
import threading
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from kiosk import languages
from kiosk.config import settings
from kiosk.declaration import Declaration

if TYPE_CHECKING:
    from kiosk.assistant import Answer, Assistant, BasketItem, Conversation
    from kiosk.interpret import InterpretSession, Turn

log = logging.getLogger(__name__)

_SESSION_PREFIX = "kiosk-session-"


def _private_tmp_root() -> Path:
    """Private (0700) folder for session temp files; tmpfs /run/user/<uid> when available, else the system tmp."""
    base = settings().session_tmp or os.environ.get("XDG_RUNTIME_DIR") or tempfile.gettempdir()
    root = Path(base) / "customs-kiosk"
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    return root


HeardHow = Literal["typed", "confident", "unsure", "confirmed"]


@dataclass
class Exchange:
    """One question and what came of it (text only; audio is kept in Session.audio)."""

    question: str
    language: str
    answer: Answer | None = None
    heard_confident: bool | None = None
    """Spoken: whether speech recognition was confident (the desk marks what it added as uncertain); None: typed."""
    confirmed: bool = False
    """Recognition was unsure of the words and the traveler confirmed them with the one-touch "yes, that's right"
    (kiosk.events.CheckHeard -> `Pipeline.traveler_turn(heard=...)`); heard_confident is then False."""

    @property
    def heard(self) -> HeardHow:
        """How the question came in: "typed", "confident" (speech), "unsure" (speech, recognizer not confident),
        "confirmed" (speech the recognizer was unsure of, confirmed by the traveler on screen)."""
        if self.confirmed:
            return "confirmed"
        if self.heard_confident is None:
            return "typed"
        return "confident" if self.heard_confident else "unsure"

    @property
    def answer_text(self) -> str:
        return self.answer.answer if self.answer is not None else ""


@dataclass
class Session:
    language: str | None = None
    """The language decided for this visit (chosen on screen, or detected from the first confident speech)."""
    accessibility: bool = False
    exchanges: list[Exchange] = field(default_factory=list)
    audio: list[Any] = field(default_factory=list)  # AudioClip / np.ndarray of what was recorded or spoken
    declaration: Declaration = field(default_factory=Declaration)
    interpretation: InterpretSession | None = None
    conversation: Conversation | None = None
    """The traveler's conversation with the assistant: the basket of items, follow-ups, the pending question."""
    members_removed: set[str] = field(default_factory=set)
    """Relations ("wife") the traveler took off the form: their basket items stay on it as the declarant's."""
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    generation: int = 0
    """Bumped by every wipe: work started under an older generation must not record into this session."""
    _tmp: Path | None = field(default=None, repr=False)
    _lock: threading.RLock = field(default_factory=threading.RLock, repr=False)

    # ---- the language decision (the one place it is made) ---------------------------------------------------
    def decide_language(self, detected: str | None = None, *, confident: bool = True) -> str:
        """The language to answer in: the session's once decided; else adopt a confidently detected, supported
        language; else the kiosk's default (not stored, so the next confident speech still decides)."""
        with self._lock:
            if self.language is None and detected and confident and languages.is_supported(detected):
                self.language = languages.normalize(detected)
            return self.language or settings().lang

    # ---- the conversation ---------------------------------------------------------------------------------
    def converse(self, assistant: Assistant | None = None) -> Conversation:
        """This visit's conversation (created on first use). Speech and touch both add to its one basket."""
        from kiosk.assistant import Conversation

        with self._lock:
            if self.conversation is None:
                self.conversation = Conversation(assistant)
            return self.conversation

    @property
    def basket(self) -> tuple[BasketItem, ...]:
        return self.conversation.basket if self.conversation is not None else ()

    @property
    def answers(self) -> list[Answer]:
        return [e.answer for e in self.exchanges if e.answer is not None]

    @property
    def last_answer(self) -> Answer | None:
        answers = self.answers
        return answers[-1] if answers else None

    @property
    def utterances(self) -> list[str]:
        return [e.question for e in self.exchanges]

    def add_exchange(self, question: str, language: str, answer: Answer | None = None, *,
                     heard_confident: bool | None = None, confirmed: bool = False) -> Exchange:
        ex = Exchange(question=question, language=language, answer=answer,
                      heard_confident=False if confirmed else heard_confident, confirmed=confirmed)
        with self._lock:
            self.exchanges.append(ex)
        return ex

    # ---- interpretation -----------------------------------------------------------------------------------
    def interpreter(self, officer_lang: str = "ko") -> InterpretSession:
        """This visit's interpretation session (created on first use, re-created when the traveler's language
        was changed on screen since)."""
        from kiosk.interpret import InterpretSession

        with self._lock:
            cur = self.interpretation
            if cur is None or cur.officer_lang != officer_lang or (
                    self.language is not None and cur.traveler_lang not in (None, self.language)):
                if cur is not None:
                    cur.clear()
                cur = InterpretSession(officer_lang=officer_lang, traveler_lang=self.language)
                self.interpretation = cur
            return cur

    @property
    def interpret_turns(self) -> tuple[Turn, ...]:
        return self.interpretation.turns if self.interpretation is not None else ()

    # ---- files ---------------------------------------------------------------------------------------------
    @property
    def tmp_dir(self) -> Path:
        """This session's private temp folder (created on first use; removed by wipe())."""
        if self._tmp is None or not self._tmp.exists():
            self._tmp = Path(tempfile.mkdtemp(prefix=_SESSION_PREFIX, dir=_private_tmp_root()))
        return self._tmp

    def temp_file(self, suffix: str) -> Path:
        fd, name = tempfile.mkstemp(suffix=suffix, dir=self.tmp_dir)
        os.close(fd)
        return Path(name)

    # ---- reset ---------------------------------------------------------------------------------------------
    def is_empty(self) -> bool:
        return (self.language is None and not self.exchanges and not self.interpret_turns and not self.basket
                and not self.audio and self.declaration == Declaration() and self._tmp is None)

    def wipe(self) -> None:
        """Forget everything: overwrite audio buffers, clear every structure, delete the temp folder, new id,
        next generation (work in flight for the old visit then records nothing)."""
        with self._lock:
            n_audio = len(self.audio)
            buffers = [getattr(a, "samples", a) for a in self.audio]
            buffers += [t.audio.samples for t in self.interpret_turns if t.audio is not None]
            for samples in buffers:
                with contextlib.suppress(AttributeError, ValueError, TypeError):
                    samples.fill(0)
            if self.interpretation is not None:
                self.interpretation.clear()
            self.interpretation = None
            if self.conversation is not None:
                self.conversation.clear()
            self.conversation = None
            self.audio.clear()
            self.exchanges.clear()
            self.members_removed.clear()
            self.declaration = Declaration()
            self.language = None
            self.accessibility = False
            if self._tmp is not None:
                shutil.rmtree(self._tmp, ignore_errors=True)
                self._tmp = None
            self.id = uuid.uuid4().hex
            self.generation += 1
        log.info("session wiped (%d audio buffers)", n_audio)


def leftover_session_dirs() -> list[Path]:
    """Session temp folders still on disk (should be empty after a reset)."""
    root = _private_tmp_root()
    return sorted(p for p in root.glob(_SESSION_PREFIX + "*"))


def purge_leftovers() -> int:
    """Delete session folders a crashed run left behind (called at start-up). Returns how many were removed."""
    dirs = leftover_session_dirs()
    for d in dirs:
        shutil.rmtree(d, ignore_errors=True)
    return len(dirs)
