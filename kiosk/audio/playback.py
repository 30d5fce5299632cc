"""Playback on the default output device."""

from __future__ import annotations

import threading
import time

from kiosk.audio.clip import AudioClip
from kiosk.audio.device import portaudio
from kiosk.audio.errors import MicrophoneUnavailable


def play(clip: AudioClip, stop: threading.Event | None = None) -> None:
    """Play a clip on the default output; returns when done or when `stop` is set."""
    if len(clip.samples) == 0:
        return
    sd = portaudio()
    try:
        sd.query_devices(kind="output")
        sd.play(clip.samples, clip.sample_rate)
    except Exception as exc:
        raise MicrophoneUnavailable("No speaker/audio output found; the answer is shown on screen.") from exc
    deadline = time.monotonic() + clip.duration_s + 1.0
    try:
        while time.monotonic() < deadline:
            if stop is not None and stop.is_set():
                break
            time.sleep(0.05)
    finally:
        sd.stop()
