"""The PortAudio binding (sounddevice), imported on first use so a machine without PortAudio still starts."""

from __future__ import annotations

from typing import Any

from kiosk.audio.errors import MicrophoneUnavailable


def portaudio() -> Any:
    """The `sounddevice` module; MicrophoneUnavailable when the PortAudio library is missing."""
    try:
        import sounddevice
    except OSError as exc:  # PortAudio library missing
        raise MicrophoneUnavailable("Audio system unavailable (PortAudio is not installed).") from exc
    return sounddevice
