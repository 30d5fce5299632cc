"""Output files of the CLI: checked before the work is done, written so that a failure leaves no half file."""

from __future__ import annotations

import contextlib
import io
import os
from pathlib import Path

import numpy as np
import soundfile as sf

from kiosk.audio import AudioClip
from kiosk.errors import KioskError


class OutputError(KioskError):
    """An output file cannot be written (a directory, no such folder, permission denied, disk full)."""

    code = "storage"


def check_output(path: str | Path, suffix: str = ".wav") -> Path:
    """Fail early, before minutes of work, when `path` clearly cannot be written: a directory, no such folder,
    no permission (exit 4), or a file name that is not `suffix` (exit 2: the kiosk writes WAV only; a device or
    pipe such as /dev/stdout is written as it is)."""
    if "\x00" in str(path):
        raise KioskError("output file name contains a NUL byte", code="bad_input")
    p = Path(path)
    if p.is_dir():
        raise OutputError(f"cannot write {p}: it is a directory (give a file name, e.g. {p / ('out' + suffix)})")
    parent = p.parent
    if not parent.is_dir():
        raise OutputError(f"cannot write {p}: folder {parent} does not exist")
    if not os.access(parent, os.W_OK | os.X_OK) or (p.exists() and not os.access(p, os.W_OK)):
        raise OutputError(f"cannot write {p}: permission denied")
    special = p.exists() and not p.is_file()  # a device or a pipe
    if not special and p.suffix.lower() != suffix:
        raise KioskError(f"cannot write {p}: the output is a {suffix[1:].upper()} file, name it *{suffix} "
                         f"(e.g. {p.with_suffix(suffix).name})", code="bad_input")
    return p


def check_input(path: str | Path, what: str = "input file") -> Path:
    """An input file that exists and is a regular file (exit 2 otherwise, each case named: missing, a directory,
    a device or a pipe, whose read would never end or give nothing)."""
    if "\x00" in str(path):
        raise KioskError(f"{what} name contains a NUL byte", code="bad_input")
    p = Path(path)
    if p.is_dir():
        raise KioskError(f"{p} is a directory, not an {what}", code="bad_input")
    if not p.exists():
        raise KioskError(f"{what} not found: {p}", code="bad_input")
    if not p.is_file():
        raise KioskError(f"{p} is not a regular file (a device or a pipe); give an {what}", code="bad_input")
    return p


def write_wav(clip: AudioClip, path: str | Path) -> None:
    """Write a 16-bit PCM WAV; on failure remove what was written and raise OutputError with the system's reason
    (e.g. "No space left on device")."""
    p = check_output(path)
    buf = io.BytesIO()
    sf.write(buf, np.clip(clip.samples, -1.0, 1.0), clip.sample_rate, format="WAV", subtype="PCM_16")
    regular = not p.exists() or p.is_file()
    try:
        with p.open("wb") as fh:
            fh.write(buf.getbuffer())
    except OSError as exc:
        if regular:
            with contextlib.suppress(OSError):
                p.unlink()
        raise OutputError(f"cannot write {p}: {exc.strerror or exc}") from exc
