"""Where the kiosk finds its data (repo tables, locales, voices) and keeps its model cache."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def project_dir(name: str) -> Path:
    """A top-level data folder of the project (models/, locales/, voices/), overridable by env."""
    env = os.environ.get(f"KIOSK_{name.upper()}_DIR")
    return Path(env) if env else PROJECT_ROOT / name


def kiosk_home() -> Path:
    """Writable state: assembled models, installed model packs. Never session data."""
    env = os.environ.get("KIOSK_HOME")
    base = Path(env) if env else Path.home() / ".local" / "share" / "customs-kiosk"
    base.mkdir(parents=True, exist_ok=True)
    return base


def models_home() -> Path:
    d = kiosk_home() / "models"
    d.mkdir(parents=True, exist_ok=True)
    return d
