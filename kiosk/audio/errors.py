"""Audio errors: unreadable files, no microphone or speaker."""

from __future__ import annotations

from kiosk.errors import KioskError


class AudioError(KioskError):
    """A problem with audio input/output (unreadable, damaged, playback failed)."""

    code = "audio"


class MicrophoneUnavailable(AudioError):
    """No usable input (or output) device."""

    code = "no_microphone"
    message_key = "err_no_mic"
