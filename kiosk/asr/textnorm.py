"""Text clean-up after recognition: Whisper often writes Chinese in Traditional characters; the kiosk uses
Simplified (OpenCC t2s)."""

from __future__ import annotations

import functools
from typing import Any


@functools.cache
def _opencc() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional -> Simplified Chinese (other text passes through unchanged)."""
    return str(_opencc().convert(text))
