"""Where the kiosk finds its data (repo tables, locales, voices) and keeps its model cache (from kiosk.config)."""

from __future__ import annotations

from pathlib import Path

from kiosk.config import PROJECT_ROOT, settings

__all__ = ["PROJECT_ROOT", "kiosk_home", "models_home", "project_dir"]


def project_dir(name: str) -> Path:
    """A top-level data folder of the project (models/, locales/, voices/), overridable by KIOSK_<NAME>_DIR."""
    path = getattr(settings(), f"{name}_dir", None)
    return path if isinstance(path, Path) else PROJECT_ROOT / name


def kiosk_home() -> Path:
    """Writable state: assembled models, installed model packs. Never session data."""
    base = settings().home
    base.mkdir(parents=True, exist_ok=True)
    return base


def models_home() -> Path:
    d = kiosk_home() / "models"
    d.mkdir(parents=True, exist_ok=True)
    return d
