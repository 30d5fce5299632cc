"""Where the kiosk finds its data (repo tables, locales, voices) and keeps its model cache (from kiosk.config)."""

from __future__ import annotations

from pathlib import Path

from kiosk.config import PROJECT_ROOT, settings
from kiosk.errors import KioskError

__all__ = ["PROJECT_ROOT", "kiosk_home", "models_home", "project_dir"]


def project_dir(name: str) -> Path:
    """A top-level data folder of the project (models/, locales/, voices/), overridable by KIOSK_<NAME>_DIR."""
    path = getattr(settings(), f"{name}_dir", None)
    return path if isinstance(path, Path) else PROJECT_ROOT / name


def kiosk_home() -> Path:
    """Writable state: assembled models, installed model packs. Never session data.

    The default (~/.local/share/customs-kiosk) is created with its parents; a KIOSK_HOME set by the operator is
    created only inside a folder that exists, so a typo (`/nonexistent/dir`) is an error (exit 4), not half a
    gigabyte of models assembled somewhere unexpected."""
    s = settings()
    base = s.home
    default = type(s).model_fields["home"].default
    if base.is_dir():
        return base
    try:
        base.mkdir(parents=base == default, exist_ok=True)
    except FileNotFoundError as exc:
        raise KioskError(f"the kiosk's model folder {base} cannot be created (KIOSK_HOME: its folder {base.parent} "
                         "does not exist)", fix="set KIOSK_HOME to a writable folder", code="storage") from exc
    except OSError as exc:
        why = "a file is in the way" if isinstance(exc, FileExistsError | NotADirectoryError) else exc.strerror
        raise KioskError(f"the kiosk's model folder {base} cannot be created ({why})",
                         fix="set KIOSK_HOME to a writable folder", code="storage") from exc
    return base


def models_home() -> Path:
    d = kiosk_home() / "models"
    d.mkdir(parents=True, exist_ok=True)
    return d
