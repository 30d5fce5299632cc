"""Audio in/out: clips (load/resample/save), microphone capture with VAD endpointing, playback. No Qt here.

Modules: `clip` (AudioClip, files, resampling), `vad` (Silero VAD), `recorder` (microphone), `playback`
(speaker), `virtual` (a private PulseAudio microphone/speaker for tests and benchmarks).
"""

from kiosk.audio.clip import ASR_RATE, AudioClip, load_audio, resample, save_wav
from kiosk.audio.errors import AudioError, MicrophoneUnavailable
from kiosk.audio.playback import ack_tone, play
from kiosk.audio.recorder import Recorder, Utterance, UtteranceListener
from kiosk.audio.vad import EndpointConfig, Endpointer, StreamingVad, endpoint

__all__ = [
    "ASR_RATE",
    "AudioClip",
    "AudioError",
    "EndpointConfig",
    "Endpointer",
    "MicrophoneUnavailable",
    "Recorder",
    "StreamingVad",
    "Utterance",
    "UtteranceListener",
    "ack_tone",
    "endpoint",
    "load_audio",
    "play",
    "resample",
    "save_wav",
]
