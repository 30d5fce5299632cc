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


def check_output(path: str | Path) -> Path:
    """Fail early, before minutes of work, when `path` clearly cannot be written."""
    p = Path(path)
    if p.is_dir():
        raise OutputError(f"cannot write {p}: it is a directory (give a file name, e.g. {p / 'out.wav'})")
    parent = p.parent
    if not parent.is_dir():
        raise OutputError(f"cannot write {p}: folder {parent} does not exist")
    if not os.access(parent, os.W_OK | os.X_OK) or (p.exists() and not os.access(p, os.W_OK)):
        raise OutputError(f"cannot write {p}: permission denied")
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
