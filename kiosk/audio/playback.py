"""Playback on the default output device, and the short tone that acknowledges the end of an utterance."""

from __future__ import annotations

import functools
import threading
import time

import numpy as np

from kiosk.audio.clip import AudioClip
from kiosk.audio.device import portaudio
from kiosk.audio.errors import MicrophoneUnavailable


def play(clip: AudioClip, stop: threading.Event | None = None, wait: bool = True) -> None:
    """Play a clip on the default output; returns when it has been played or `stop` is set (at once with
    wait=False: a later play() replaces what is still playing)."""
    if len(clip.samples) == 0:
        return
    sd = portaudio()
    try:
        sd.query_devices(kind="output")
        sd.play(clip.samples, clip.sample_rate)
    except Exception as exc:
        raise MicrophoneUnavailable("No speaker/audio output found; the answer is shown on screen.") from exc
    if not wait:
        return
    deadline = time.monotonic() + clip.duration_s + 1.0
    try:
        stream = sd.get_stream()
        while time.monotonic() < deadline and stream.active:
            if stop is not None and stop.is_set():
                break
            time.sleep(0.01)
    finally:
        sd.stop()


@functools.cache
def ack_tone(sample_rate: int = 24000) -> AudioClip:
    """A soft two-note chime (~0.15 s, -18 dBFS) saying "heard you" while the answer is being prepared."""
    parts = []
    for freq, dur in ((880.0, 0.07), (1318.5, 0.08)):
        t = np.arange(int(dur * sample_rate)) / sample_rate
        env = np.minimum(1.0, np.minimum(t, dur - t) / 0.01)  # 10 ms fades: no clicks
        parts.append(0.125 * env * np.sin(2 * np.pi * freq * t))
    return AudioClip(np.concatenate(parts).astype(np.float32), sample_rate)
