"""Whisper speech recognition via faster-whisper (CTranslate2, int8 on CPU): the Transcriber, loaded once.

The kiosk transcribes at most MAX_SECONDS of audio per request (a traveler's utterance is a few seconds);
longer input is cut and the Transcript says so (`truncated=True`).
"""

from __future__ import annotations

import functools
import logging
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np

from kiosk.asr.textnorm import to_simplified
from kiosk.asr.types import MAX_NO_SPEECH_PROB, MIN_AVG_LOGPROB, Segment, Transcript, TranscriptionError
from kiosk.audio import ASR_RATE, AudioClip, AudioError, load_audio, resample
from kiosk.config import settings
from kiosk.languages import UnsupportedLanguage, join_sentences, normalize
from kiosk.registry import ModelUnavailable, Registry, default_registry

log = logging.getLogger(__name__)

MAX_SECONDS = 60.0
TRANSLATE_BEAM = 5
_SILENCE_RMS = 1e-3


AudioInput = AudioClip | str | Path


def _to_16k(audio: AudioInput) -> AudioClip:
    clip = audio if isinstance(audio, AudioClip) else load_audio(audio)
    if clip.sample_rate <= 0:
        raise AudioError("The audio has an invalid sample rate.")
    return resample(clip, ASR_RATE)


class Transcriber:
    """Whisper via faster-whisper; the model is loaded once, here."""

    def __init__(self, model_id: str | None = None, compute_type: str = "int8", cpu_threads: int = 0,
                 registry: Registry | None = None) -> None:
        model_id = model_id or settings().asr_model
        self.model_id = model_id
        path = (registry or default_registry()).path(model_id)  # raises ModelUnavailable
        t0 = time.perf_counter()
        try:
            self._model = _reusing_model_class()(str(path), device="cpu", compute_type=compute_type,
                                                 cpu_threads=cpu_threads)
        except (RuntimeError, ValueError, OSError) as exc:
            raise ModelUnavailable(model_id, f"the model files could not be loaded ({type(exc).__name__})",
                                   f"kiosk models verify {model_id}") from exc
        self.load_seconds = time.perf_counter() - t0
        self._lock = threading.Lock()
        log.info("loaded %s in %.2fs", model_id, self.load_seconds)

    def transcribe(self, audio: AudioInput, language: str | None = None, task: str = "transcribe",
                   vad: bool = True) -> Transcript:
        """Transcribe (or, with task="translate", translate to English). Never returns hallucinated text as
        confident: silence/noise gives an empty, not-confident Transcript. Raises AudioError for bad files and
        TranscriptionError (a ValueError) for an unknown task or language hint."""
        if task not in ("transcribe", "translate"):
            raise TranscriptionError(f"task must be 'transcribe' or 'translate', not {task!r}")
        if language:
            try:
                language = normalize(language)
            except UnsupportedLanguage:
                language = language.strip().lower()
            if language not in _whisper_languages():
                raise TranscriptionError(f"unknown language hint '{language}' for speech recognition",
                                         code="unsupported_language")
        t0 = time.perf_counter()
        clip = _to_16k(audio)
        samples = clip.samples
        truncated = len(samples) > MAX_SECONDS * ASR_RATE
        if truncated:
            samples = samples[: int(MAX_SECONDS * ASR_RATE)]
        duration = len(samples) / ASR_RATE
        lang = language or ""

        def empty() -> Transcript:
            return Transcript("", lang, 0.0, duration, (), self.model_id, time.perf_counter() - t0, truncated)

        if duration < 0.2 or float(np.sqrt(np.mean(np.square(samples, dtype=np.float64)))) < _SILENCE_RMS:
            return empty()
        with self._lock:
            seg_iter, info = self._model.transcribe(
                samples, language=language, task=task, vad_filter=vad,
                # greedy is exact enough for transcription; translation to English gains from a beam
                beam_size=TRANSLATE_BEAM if task == "translate" else 1,
                condition_on_previous_text=False, without_timestamps=True,
                vad_parameters={"min_silence_duration_ms": 500, "speech_pad_ms": 200})
            try:
                raw = list(seg_iter)
            finally:
                self._model.forget_encoding()
        segments = tuple(
            Segment(float(s.start), float(s.end), s.text.strip(), float(s.avg_logprob), float(s.no_speech_prob))
            for s in raw
            # Whisper's hallucination filters: silent-looking and unlikely, or a repetition loop it was unsure of
            if s.text.strip() and not (s.no_speech_prob > MAX_NO_SPEECH_PROB and s.avg_logprob < MIN_AVG_LOGPROB)
            and not (s.compression_ratio > 2.4 and s.avg_logprob < -0.5)
        )
        if not segments:
            return empty()
        if info.language == "zh":  # Whisper often writes Traditional characters; the kiosk uses Simplified
            segments = tuple(Segment(s.start, s.end, to_simplified(s.text), s.avg_logprob, s.no_speech_prob)
                             for s in segments)
        text = join_sentences((s.text for s in segments), info.language).strip()
        tr = Transcript(text, info.language, float(info.language_probability), duration, segments,
                        self.model_id, time.perf_counter() - t0, truncated, language_given=bool(language), task=task)
        log.info("asr %.2fs audio in %.2fs lang=%s p=%.2f chars=%d confident=%s", duration, tr.seconds,
                 tr.language, tr.language_probability, len(text), tr.confident)
        return tr

    def detect_language(self, audio: AudioInput) -> tuple[str, float]:
        """(ISO 639-1 code, probability); ("", 0.0) when there is no speech."""
        samples = _to_16k(audio).samples[: int(30 * ASR_RATE)]
        if len(samples) < ASR_RATE // 5 or float(np.sqrt(np.mean(np.square(samples, dtype=np.float64)))) < _SILENCE_RMS:
            return "", 0.0
        with self._lock:
            try:
                lang, prob, _ = self._model.detect_language(samples, vad_filter=True)
            except (RuntimeError, ValueError, IndexError):
                return "", 0.0
            finally:
                self._model.forget_encoding()
        return str(lang), float(prob)


@functools.cache
def _reusing_model_class() -> Any:
    """WhisperModel that encodes the first 30 s window once instead of twice.

    faster-whisper 1.2 runs the encoder for language detection and again for the first decoding window
    (same mel input, so the same output): that is half the CPU time of a short utterance. Here
    detect_language() looks at the same frames the decoder will (the decoder skips the last mel frame) and
    encode() returns the stored output when its input is byte-identical to the previous call's. Any other
    input is encoded normally, so results are unchanged.
    """
    from faster_whisper import WhisperModel

    class _ReusingWhisperModel(WhisperModel):  # type: ignore[misc]
        _last: tuple[np.ndarray, Any] | None = None

        def encode(self, features: np.ndarray) -> Any:
            last = self._last
            if last is not None and last[0].shape == features.shape and np.array_equal(last[0], features):
                return last[1]
            out = super().encode(features)
            self._last = (np.array(features, copy=True), out)
            return out

        def forget_encoding(self) -> None:
            self._last = None

        def detect_language(self, audio: np.ndarray | None = None, features: np.ndarray | None = None,
                            *args: Any, **kwargs: Any) -> Any:
            n_max = self.feature_extractor.nb_max_frames
            if audio is None and features is not None and 1 < features.shape[-1] <= n_max:
                features = features[..., :-1]
            return super().detect_language(audio, features, *args, **kwargs)

    return _ReusingWhisperModel


@functools.cache
def _whisper_languages() -> frozenset[str]:
    from faster_whisper.tokenizer import _LANGUAGE_CODES

    return frozenset(_LANGUAGE_CODES)


@functools.cache
def _cached(model_id: str) -> Transcriber:
    return Transcriber(model_id)


def get_transcriber(model_id: str | None = None) -> Transcriber:
    """One Transcriber per model id (default: the `asr_model` setting) for the whole process, loaded on first
    use."""
    return _cached(model_id or settings().asr_model)
