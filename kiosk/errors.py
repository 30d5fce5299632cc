"""One error base for the whole kiosk, and the `Status` the UI and the CLI show for it.

Every domain error derives from `KioskError(code, message_key, detail, fix)`:
- `code` is a stable machine code (see `CODES`), used by the CLI's exit codes and the metrics;
- `message_key` is a `locales/ui` key: the sentence a traveler sees (never the exception text);
- `detail` is for the operator's log (never user text, audio or identity);
- `fix` is the command or action that fixes it, when there is one.

`to_status(exc, step)` maps any exception to a `Status` with `isinstance` only.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from dataclasses import dataclass

# code -> default locales/ui message key
CODES: dict[str, str] = {
    "model_unavailable": "err_model",   # a model is missing or corrupt
    "no_microphone": "err_no_mic",      # no input device
    "audio": "err_audio",               # unreadable/damaged audio, playback failure
    "speech_output": "err_audio",       # speech synthesis failed
    "not_understood": "err_not_understood",  # silence, noise, unsure transcript
    "unsupported_language": "err_not_understood",
    "translation": "err_model",         # translation could not be done
    "bad_input": "err_internal",        # bad file, bad argument, bad table (operator-facing)
    "storage": "err_internal",          # a file cannot be written: disk full, permission, read-only, a directory
    "unavailable": "err_model",         # a Python module or system package is missing
    "internal": "err_internal",         # a bug: never expected
}


class KioskError(Exception):
    """Base of every error the kiosk raises on purpose. `str(err)` is the operator-facing one-line message."""

    code: str = "internal"
    message_key: str = ""

    def __init__(self, detail: str = "", *, fix: str = "", code: str | None = None,
                 message_key: str | None = None) -> None:
        if code is not None:
            self.code = code
        if message_key is not None:
            self.message_key = message_key
        if not self.message_key:
            self.message_key = CODES.get(self.code, "err_internal")
        self.detail = detail
        self.fix = fix
        super().__init__(detail + (f". Fix: {fix}" if fix else ""))

    @property
    def message(self) -> str:
        """The operator-facing text (kept for the modules that read `.message`)."""
        return self.detail


@dataclass(frozen=True)
class Status:
    """What went wrong, for people: `message_key` is a locales/ui key; `detail`/`fix` are for the operator."""

    code: str
    message_key: str
    detail: str = ""
    fix: str = ""
    step: str = ""

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "message_key": self.message_key, "detail": self.detail, "fix": self.fix,
                "step": self.step}


class PipelineError(KioskError):
    """Carries an already-made Status out of the pipeline."""

    def __init__(self, status: Status) -> None:
        self.status = status
        super().__init__(status.detail, fix=status.fix, code=status.code, message_key=status.message_key)


def to_status(exc: BaseException, step: str = "") -> Status:
    """Map any exception to a user-facing Status (no personal data in `detail`)."""
    if isinstance(exc, PipelineError):
        s = exc.status
        return s if s.step or not step else Status(s.code, s.message_key, s.detail, s.fix, step)
    if isinstance(exc, KioskError):
        return Status(exc.code, exc.message_key, exc.detail, exc.fix, step)
    if isinstance(exc, ImportError):
        return Status("unavailable", CODES["unavailable"], f"module missing: {exc.name or ''}",
                      "bash packaging/setup.sh install (the kiosk is incompletely installed)", step)
    if isinstance(exc, MemoryError):
        return Status("internal", CODES["internal"], "out of memory", step=step)
    return Status("internal", CODES["internal"], type(exc).__name__, step=step)


@contextlib.contextmanager
def step(name: str) -> Iterator[None]:
    """Run one stage: any exception leaves as a PipelineError with the user-facing Status of that stage."""
    try:
        yield
    except PipelineError:
        raise
    except Exception as exc:
        status = to_status(exc, name)
        logging.getLogger("kiosk.pipeline").warning("%s failed: %s (%s)", name, status.code, type(exc).__name__)
        raise PipelineError(status) from exc
