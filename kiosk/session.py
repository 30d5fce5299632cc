"""Everything of one traveler's visit, in one place, so that a reset can wipe every trace of it."""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.declaration import Declaration

log = logging.getLogger(__name__)

_SESSION_PREFIX = "kiosk-session-"


def _private_tmp_root() -> Path:
    """Private (0700) folder for session temp files; tmpfs /run/user/<uid> when available, else the system tmp."""
    base = os.environ.get("KIOSK_SESSION_TMP") or os.environ.get("XDG_RUNTIME_DIR") or tempfile.gettempdir()
    root = Path(base) / "customs-kiosk"
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    return root


@dataclass
class Exchange:
    """One question and what came of it (text only; audio is kept in Session.audio)."""

    question: str
    language: str
    answer: Any = None  # kiosk.assistant.Answer
    answer_text: str = ""


@dataclass
class Session:
    language: str | None = None
    accessibility: bool = False
    exchanges: list[Exchange] = field(default_factory=list)
    answers: list[Any] = field(default_factory=list)  # kiosk.assistant.Answer
    interpret_turns: list[Any] = field(default_factory=list)  # kiosk.interpret.Turn
    audio: list[Any] = field(default_factory=list)  # AudioClip / np.ndarray of what was recorded or spoken
    declaration: Declaration = field(default_factory=Declaration)
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    _tmp: Path | None = field(default=None, repr=False)

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

    @property
    def utterances(self) -> list[str]:
        return [e.question for e in self.exchanges]

    def add_exchange(self, question: str, language: str, answer: Any = None) -> Exchange:
        ex = Exchange(question=question, language=language, answer=answer,
                      answer_text=str(getattr(answer, "answer", "") or ""))
        self.exchanges.append(ex)
        if answer is not None:
            self.answers.append(answer)
        return ex

    def is_empty(self) -> bool:
        return (self.language is None and not self.exchanges and not self.answers and not self.interpret_turns
                and not self.audio and self.declaration == Declaration() and self._tmp is None)

    def wipe(self) -> None:
        """Forget everything: overwrite audio buffers, clear every structure, delete the temp folder, new id."""
        n_audio = len(self.audio)
        for a in self.audio:
            samples = getattr(a, "samples", a)
            with contextlib.suppress(AttributeError, ValueError, TypeError):
                samples.fill(0)
        for turn in self.interpret_turns:
            samples = getattr(getattr(turn, "audio", None), "samples", None)
            if samples is not None:
                with contextlib.suppress(AttributeError, ValueError, TypeError):
                    samples.fill(0)
        self.audio.clear()
        self.exchanges.clear()
        self.answers.clear()
        self.interpret_turns.clear()
        self.declaration = Declaration()
        self.language = None
        self.accessibility = False
        if self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None
        self.id = uuid.uuid4().hex
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
