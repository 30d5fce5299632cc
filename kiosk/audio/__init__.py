"""Audio in/out: clips (load/resample/save), microphone capture with VAD endpointing, playback. No Qt here.

Modules: `clip` (AudioClip, files, resampling), `vad` (Silero VAD), `recorder` (microphone), `playback`
(speaker), `virtual` (a private PulseAudio microphone/speaker for tests and benchmarks).
"""

from kiosk.audio.clip import ASR_RATE, AudioClip, load_audio, resample, save_wav
from kiosk.audio.errors import AudioError, MicrophoneUnavailable
from kiosk.audio.playback import play
from kiosk.audio.recorder import Recorder
from kiosk.audio.vad import endpoint

__all__ = [
    "ASR_RATE",
    "AudioClip",
    "AudioError",
    "MicrophoneUnavailable",
    "Recorder",
    "endpoint",
    "load_audio",
    "play",
    "resample",
    "save_wav",
]
