"""Whisper speech recognition via faster-whisper (CTranslate2, int8 on CPU): the Transcriber, loaded once.

Long audio is split where the speech is (chunking: VAD over the whole clip, chunks of <= 30 s of speech); at most
MAX_SPEECH_SECONDS of speech is transcribed per request and the Transcript says what was dropped
(`truncated=True`, `dropped_s`). MAX_SECONDS is the live-utterance limit (the remote server's buffer).

Before each use the model is checked against the registry's run-time integrity verdict (an in-memory flag): a model
found corrupt is dropped and ModelUnavailable raised until `kiosk models verify` finds it good again.
"""

from __future__ import annotations

import functools
import logging
import os
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np

from kiosk.asr.chunking import MAX_SPEECH_SECONDS, Chunk, plan_chunks, speech_spans
from kiosk.asr.textnorm import to_simplified
from kiosk.asr.types import MAX_NO_SPEECH_PROB, MIN_AVG_LOGPROB, Segment, Transcript, TranscriptionError
from kiosk.audio import ASR_RATE, AudioClip, AudioError, load_audio, resample
from kiosk.config import settings
from kiosk.languages import UnsupportedLanguage, join_sentences, normalize
from kiosk.registry import ModelUnavailable, Registry, default_registry

log = logging.getLogger(__name__)

MAX_SECONDS = 60.0  # one live utterance (the remote server buffers at most this); files: MAX_SPEECH_SECONDS
TRANSLATE_BEAM = 5
# Tokens per second of audio a speculative decode may write (plus SPECULATIVE_TOKENS_MIN): far above speech
# (measured on the 21 real recordings of tests/data/speech: at most 5.2 tokens/s, Japanese), so only a
# hallucination loop reaches it.
SPECULATIVE_TOKENS_PER_S = 25
SPECULATIVE_TOKENS_MIN = 24


def speculative_token_cap(duration_s: float) -> int:
    """The most tokens a speculative decode of `duration_s` seconds of audio may write (Whisper's own limit is
    448 with the prompt)."""
    return int(min(440, SPECULATIVE_TOKENS_MIN + SPECULATIVE_TOKENS_PER_S * max(0.0, duration_s)))


_SILENCE_RMS = 1e-3


AudioInput = AudioClip | str | Path


def _to_16k(audio: AudioInput) -> AudioClip:
    clip = audio if isinstance(audio, AudioClip) else load_audio(audio)
    if clip.sample_rate <= 0:
        raise AudioError("The audio has an invalid sample rate.")
    return resample(clip, ASR_RATE)


class Transcriber:
    """Whisper via faster-whisper; the model is loaded once, here."""

    def __init__(self, model_id: str | None = None, compute_type: str = "int8", cpu_threads: int | None = None,
                 registry: Registry | None = None) -> None:
        self.model_id = model_id or settings().asr_model
        self._registry = registry or default_registry()
        # one thread per core: CTranslate2's own default (4) oversubscribes a 2-core kiosk; measured on 2 cores,
        # a 4 s clip: 0.53 s with the default, 0.49 s with 2 threads, 0.62 s with 1
        threads = settings().asr_threads if cpu_threads is None else cpu_threads
        self._compute_type, self._cpu_threads = compute_type, threads or (os.cpu_count() or 1)
        self._lock = threading.Lock()
        self._model: Any = None
        self.load_seconds = 0.0
        self._load()

    def _load(self) -> None:
        path = self._registry.path(self.model_id)  # raises ModelUnavailable
        t0 = time.perf_counter()
        try:
            self._model = _reusing_model_class()(str(path), device="cpu", compute_type=self._compute_type,
                                                 cpu_threads=self._cpu_threads)
        except (RuntimeError, ValueError, OSError) as exc:
            raise ModelUnavailable(self.model_id, f"the model files could not be loaded ({type(exc).__name__})",
                                   f"kiosk models verify {self.model_id}") from exc
        self.load_seconds = time.perf_counter() - t0
        log.info("loaded %s in %.2fs", self.model_id, self.load_seconds)

    def _usable_model(self) -> Any:
        """The loaded model, after the registry's run-time verdict (cheap: an in-memory flag). A model found corrupt
        since it was loaded is dropped and ModelUnavailable raised; once `verify()` clears it, it is reloaded."""
        try:
            self._registry.check_usable(self.model_id)
        except ModelUnavailable:
            if self._model is not None:
                log.warning("model %s found unusable at run time: dropped", self.model_id)
                self._model = None
            raise
        if self._model is None:
            self._load()
        return self._model

    @property
    def usable(self) -> bool:
        """False once the registry found this model corrupt or gone (no I/O)."""
        try:
            self._registry.check_usable(self.model_id)
        except ModelUnavailable:
            return False
        return True

    def transcribe(self, audio: AudioInput, language: str | None = None, task: str = "transcribe",
                   vad: bool = True, max_speech_s: float = MAX_SPEECH_SECONDS,
                   speculative: bool = False) -> Transcript:
        """Transcribe (or, with task="translate", translate to English) up to max_speech_s seconds of speech (the
        Transcript says how much more there was: `truncated`, `dropped_s`). Never returns hallucinated text as
        confident: silence/noise gives an empty, not-confident Transcript. Raises AudioError for bad files,
        TranscriptionError (a ValueError) for an unknown task or language hint, ModelUnavailable when the model
        was found corrupt since it was loaded.

        `speculative` (recognition while the person may still be speaking): one greedy decode, at most
        SPECULATIVE_TOKENS_PER_S tokens per second of audio, so that a clip Whisper finds hard costs one decode,
        not up to six (its temperature fallback) nor a 448-token loop. When that decode is what the full
        decoding would have kept (it passed Whisper's own fallback tests and did not hit the cap), the
        Transcript is `settled`: the same text as a normal call; otherwise it is a partial hint only."""
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
        samples = _to_16k(audio).samples
        duration = len(samples) / ASR_RATE
        lang = language or ""

        def empty(dropped: float = 0.0) -> Transcript:
            return Transcript("", lang, 0.0, duration, (), self.model_id, time.perf_counter() - t0, dropped > 0,
                              dropped_s=dropped)

        if duration < 0.2 or float(np.sqrt(np.mean(np.square(samples, dtype=np.float64)))) < _SILENCE_RMS:
            return empty()
        plan = plan_chunks(speech_spans(samples, vad), max_speech_s=max(1.0, float(max_speech_s)))
        if not plan.chunks:
            return empty()
        raw: list[Segment] = []
        info_lang, info_prob = "", 0.0
        settled = True
        with self._lock:
            model = self._usable_model()  # ModelUnavailable once the model was found corrupt
            for i, chunk in enumerate(plan.chunks):
                # the language of the first chunk (detected or given) holds for the rest of the recording
                segs, info, ok = self._run(model, chunk, samples, language or info_lang or None, task, speculative)
                settled &= ok
                if i == 0:
                    info_lang, info_prob = str(info.language), float(info.language_probability)
                raw.extend(segs)
        segments = tuple(raw)
        if plan.dropped_s:
            log.warning("asr: %.1fs of speech beyond the %.0fs limit dropped", plan.dropped_s, max_speech_s)
        if not segments:
            return empty(plan.dropped_s)
        if info_lang == "zh":  # Whisper often writes Traditional characters; the kiosk uses Simplified
            segments = tuple(Segment(s.start, s.end, to_simplified(s.text), s.avg_logprob, s.no_speech_prob)
                             for s in segments)
        text = join_sentences((s.text for s in segments), info_lang).strip()
        tr = Transcript(text, info_lang, info_prob, duration, segments, self.model_id, time.perf_counter() - t0,
                        plan.dropped_s > 0, language_given=bool(language), task=task, dropped_s=plan.dropped_s,
                        settled=settled)
        log.info("asr %.2fs audio (%.2fs speech, %d chunks) in %.2fs lang=%s p=%.2f chars=%d confident=%s",
                 duration, plan.speech_s, len(plan.chunks), tr.seconds, tr.language, tr.language_probability,
                 len(text), tr.confident)
        return tr

    @staticmethod
    def _run(model: Any, chunk: Chunk, samples: np.ndarray, language: str | None,
             task: str, speculative: bool = False) -> tuple[list[Segment], Any, bool]:
        """One chunk of speech through Whisper (one window); segment times in the whole clip's time. The flag:
        the decoding is what a normal call gives (always, unless `speculative`: see `transcribe`)."""
        audio = chunk.audio(samples)
        extra: dict[str, Any] = {}
        if speculative:
            extra = {"temperature": 0.0, "max_new_tokens": speculative_token_cap(len(audio) / ASR_RATE)}
        model.unsettled = False
        seg_iter, info = model.transcribe(
            audio, language=language, task=task, vad_filter=False,
            # greedy is exact enough for transcription; translation to English gains from a beam
            beam_size=TRANSLATE_BEAM if task == "translate" else 1,
            condition_on_previous_text=False, without_timestamps=True, **extra)
        try:
            raw = list(seg_iter)
        finally:
            model.forget_encoding()
        return [
            Segment(chunk.to_clip_time(float(s.start)), chunk.to_clip_time(float(s.end)), s.text.strip(),
                    float(s.avg_logprob), float(s.no_speech_prob))
            for s in raw
            # Whisper's hallucination filters: silent-looking and unlikely, or a repetition loop it was unsure of
            if s.text.strip() and not (s.no_speech_prob > MAX_NO_SPEECH_PROB and s.avg_logprob < MIN_AVG_LOGPROB)
            and not (s.compression_ratio > 2.4 and s.avg_logprob < -0.5)
        ], info, not model.unsettled

    def detect_language(self, audio: AudioInput) -> tuple[str, float]:
        """(ISO 639-1 code, probability); ("", 0.0) when there is no speech."""
        samples = _to_16k(audio).samples[: int(30 * ASR_RATE)]
        if len(samples) < ASR_RATE // 5 or float(np.sqrt(np.mean(np.square(samples, dtype=np.float64)))) < _SILENCE_RMS:
            return "", 0.0
        with self._lock:
            model = self._usable_model()
            try:
                lang, prob, _ = model.detect_language(samples, vad_filter=True)
            except (RuntimeError, ValueError, IndexError):
                return "", 0.0
            finally:
                model.forget_encoding()
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
        unsettled = False  # set when a single-temperature decode is not what the full fallback would keep

        def generate_with_fallback(self, encoder_output: Any, prompt: list[int], tokenizer: Any,
                                   options: Any) -> Any:
            out = super().generate_with_fallback(encoder_output, prompt, tokenizer, options)
            if len(options.temperatures) == 1:  # speculative: would faster-whisper have gone on to T=0.2?
                result, avg_logprob, _, ratio = out
                cr, lp, ns = (options.compression_ratio_threshold, options.log_prob_threshold,
                              options.no_speech_threshold)
                low = lp is not None and avg_logprob < lp
                fallback = (cr is not None and ratio > cr) or low
                if ns is not None and result.no_speech_prob > ns and low:
                    fallback = False  # silence (its rule, transcribe.py generate_with_fallback)
                capped = options.max_new_tokens is not None and len(result.sequences_ids[0]) >= options.max_new_tokens
                self.unsettled |= fallback or capped
            return out

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


_CACHE: dict[str, Transcriber] = {}
_CACHE_LOCK = threading.Lock()


def get_transcriber(model_id: str | None = None) -> Transcriber:
    """One Transcriber per model id (default: the `asr_model` setting) for the whole process, loaded on first
    use. One found corrupt at run time is dropped: the next call loads it again (ModelUnavailable until
    `kiosk models verify` finds it good), so a caller can fall back to another model meanwhile."""
    mid = model_id or settings().asr_model
    with _CACHE_LOCK:
        tr = _CACHE.get(mid)
        if tr is not None and not tr.usable:
            log.warning("model %s found unusable at run time: dropped from the cache", mid)
            del _CACHE[mid]
            tr = None
        if tr is None:
            tr = _CACHE[mid] = Transcriber(mid)
        return tr
