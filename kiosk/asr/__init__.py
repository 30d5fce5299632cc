"""Speech recognition with faster-whisper (CTranslate2, int8 on CPU). No Qt here.

Modules: types (Transcript, Segment, confidence thresholds), whisper (Transcriber, get_transcriber),
chunking (long audio: VAD over the whole clip, <= 30 s chunks, the speech cap), textnorm (Traditional -> Simplified
Chinese), streaming (recognition in the pauses), turn (is the sentence finished? per-language tables), replay (the
end-of-turn decision replayed offline, for tests and benchmarks).
"""

from kiosk.asr.chunking import MAX_SPEECH_SECONDS
from kiosk.asr.types import (
    MAX_NO_SPEECH_PROB,
    MIN_AVG_LOGPROB,
    MIN_LANGUAGE_PROBABILITY,
    Segment,
    Transcript,
    TranscriptionError,
)
from kiosk.asr.whisper import MAX_SECONDS, AudioInput, Transcriber, get_transcriber

__all__ = ["MAX_NO_SPEECH_PROB", "MIN_AVG_LOGPROB", "MIN_LANGUAGE_PROBABILITY", "MAX_SECONDS",
           "MAX_SPEECH_SECONDS", "AudioInput",
           "Segment", "Transcriber", "Transcript", "TranscriptionError", "get_transcriber"]
