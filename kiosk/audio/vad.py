"""Voice activity detection with Silero VAD (the ONNX model faster-whisper ships): whole-clip endpointing."""

from __future__ import annotations

import numpy as np

from kiosk.audio.clip import ASR_RATE


def _speech_spans(samples_16k: np.ndarray, threshold: float, min_speech_ms: int,
                  min_silence_ms: int) -> list[dict[str, int]]:
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    opts = VadOptions(threshold=threshold, min_speech_duration_ms=min_speech_ms,
                      min_silence_duration_ms=min_silence_ms, speech_pad_ms=0)
    audio = np.ascontiguousarray(samples_16k, dtype=np.float32)
    return list(get_speech_timestamps(audio, opts, sampling_rate=ASR_RATE))


def endpoint(samples_16k: np.ndarray, *, end_silence_ms: int = 700, threshold: float = 0.5,
             min_speech_ms: int = 250, pad_ms: int = 200, final: bool = True) -> tuple[int, int] | None:
    """Find the utterance in 16 kHz mono audio with Silero VAD.

    Returns (start, end) sample indexes (padded by `pad_ms`) spanning all speech, or None when there is no speech.
    With final=False (live capture) it also returns None until the speech has been followed by at least
    `end_silence_ms` of silence, i.e. until the speaker has finished.
    """
    x = np.asarray(samples_16k, dtype=np.float32).ravel()
    if len(x) < ASR_RATE // 10:
        return None
    spans = _speech_spans(x, threshold, min_speech_ms, end_silence_ms)
    if not spans:
        return None
    start, end = spans[0]["start"], spans[-1]["end"]
    if not final and len(x) - end < end_silence_ms * ASR_RATE // 1000:
        return None
    pad = pad_ms * ASR_RATE // 1000
    return max(0, start - pad), min(len(x), end + pad)
