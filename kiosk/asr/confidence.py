"""Is a transcript good enough to act on? A pure decision from Whisper's own signals, calibrated on real speech.

`signals(...)` condenses a transcript's segments into `AsrSignals`; `assess(signals)` says whether the kiosk may
answer (`Confidence.ok`) or must ask the traveler to repeat or to choose their language (`reason`): Whisper's hard
bounds first (`hard_reason`), then a logistic model whose parameters are data (confidence_model.json: features,
weights, threshold, fit date, leave-speaker-out numbers), fitted by benchmarks/fit_confidence_model.py on real
recordings against "CER/WER > 0.3"; a transcript that lacks the model's features, or other bounds than CALIBRATED,
fall back on the log-probability floor. No text is kept in the signals (only counts), so they may be logged.

Issue 22 (2026-12-06), 204 clips of real speech (68 recordings x clean / noise 0 dB / babble 3 dB, 21 speakers),
leave-speaker-out: richer features (lowest segment log-probability, word probabilities and the share of unlikely
words, characters per second, length, compression, language probability, a second beam-5 decode's
disagreement) did not beat the mean log-probability alone on held-out speakers; the model kept is that one feature
(flags below about -0.41, the former floor -0.4). Numbers: benchmarks/results/confidence_model_cv.txt.
"""

from __future__ import annotations

import json
import math
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal, Protocol

from kiosk.languages import UI_LANGUAGES

# Languages the kiosk can answer in (the UI languages); speech detected as anything else is not acted on.
KIOSK_LANGUAGES = frozenset(UI_LANGUAGES)  # the languages the kiosk answers in



@dataclass(frozen=True)
class Thresholds:
    """Bounds on Whisper's signals inside which a transcript is acted on."""

    min_language_probability: float
    """Below this, the detected language is a guess: ask the traveler to choose their language."""
    min_avg_logprob: float
    """Below this mean token log-probability, the words are a guess."""
    max_no_speech_prob: float
    """Above this, Whisper thinks nobody spoke."""
    max_compression_ratio: float
    """Above this, the text repeats itself (a decoding loop)."""
    min_avg_logprob_by_language: tuple[tuple[str, float], ...] = ()
    """(language, floor) pairs replacing `min_avg_logprob` for languages whose correct transcripts Whisper scores
    lower (its Korean, Japanese and Chinese tokens are shorter pieces of a word)."""

    def logprob_floor(self, language: str) -> float:
        return dict(self.min_avg_logprob_by_language).get(language, self.min_avg_logprob)


# Chosen by benchmarks/calibrate_confidence.py (issue 22) on 84 clips of real speech: 28 recordings in 8 languages,
# each clean, in white noise at 0 dB and with another speaker behind at 3 dB; 5-fold cross-validation grouped by
# recording. The log-probability floor chosen in every fold: -0.4 (was -0.5). "Not confident" against "CER/WER >
# 0.3", out of fold: precision 0.91, recall 0.96 (n 84, 50 bad); the former -0.5: 0.93 / 0.80. Clean recordings
# alone: 1.00 / 0.80 (n 28, 5 bad). Per language and the misjudged clips: the script's output in
# benchmarks/results/confidence_cv.txt. A separate floor for ko/ja/zh did not help (0.89 / 0.94); a language floor
# of 0.9 scored the same in-sample and stays at 0.5 (short questions get lower language probabilities). The clips
# hold no silence or repetition loop: no-speech and compression bounds stay at Whisper's defaults.
CALIBRATED = Thresholds(min_language_probability=0.5, min_avg_logprob=-0.4, max_no_speech_prob=0.6,
                        max_compression_ratio=2.4)
# Whisper's `translate` task (speech -> English) has lower log-probabilities than transcription and was not part of
# the calibration set: it keeps Whisper's own bounds (the kiosk's thresholds before calibration).
TRANSLATE = Thresholds(min_language_probability=0.5, min_avg_logprob=-1.0, max_no_speech_prob=0.6,
                       max_compression_ratio=2.4)

Reason = Literal["ok", "no_speech", "language_outside_kiosk", "language_unsure", "low_logprob",
                 "repetitive"]


class SegmentLike(Protocol):
    """What `signals` reads of a transcript segment (kiosk.asr.Segment, faster-whisper's Segment)."""

    @property
    def start(self) -> float: ...
    @property
    def end(self) -> float: ...
    @property
    def text(self) -> str: ...
    @property
    def avg_logprob(self) -> float: ...
    @property
    def no_speech_prob(self) -> float: ...


@dataclass(frozen=True)
class AsrSignals:
    """Whisper's own evidence about one transcript (no text: safe to log)."""

    language: str
    """Detected (or given) language, ISO 639-1; "" when nothing was heard."""
    language_probability: float
    """Whisper's language-identification probability (1.0 when the language was given)."""
    language_given: bool
    """The language was imposed (a hint), not detected: its probability says nothing."""
    avg_logprob: float
    """Mean token log-probability over the segments, weighted by segment duration."""
    no_speech_prob: float
    """Probability of "no speech", weighted by segment duration."""
    compression_ratio: float
    """Highest zlib compression ratio of a segment's text (repetition loops compress well)."""
    chars: int
    """Characters of text recognised."""
    duration_s: float
    """Audio duration considered."""
    min_segment_logprob: float | None = None
    """Lowest mean token log-probability of a segment (None: not known)."""
    min_word_prob: float | None = None
    """Lowest probability of a recognised word (mean of its tokens'); None when the decoder gave none."""
    mean_word_prob: float | None = None
    """Mean probability of the recognised words; None when the decoder gave none."""
    low_word_share: float | None = None
    """Share of the recognised words with a probability below LOW_WORD_PROB; None when the decoder gave none."""


@dataclass(frozen=True)
class Confidence:
    """The verdict: act on the transcript, or ask again (and why)."""

    ok: bool
    """True: the kiosk may answer. False: ask the traveler to repeat (or to choose their language)."""
    reason: Reason
    """Which signal decided ("ok" when ok)."""


def compression_ratio(text: str) -> float:
    """As Whisper computes it: bytes of UTF-8 text / bytes once zlib-compressed."""
    data = text.encode("utf-8")
    return len(data) / len(zlib.compress(data)) if data else 0.0


LOW_WORD_PROB = 0.5


def signals(segments: Sequence[SegmentLike], language: str, language_probability: float, duration_s: float,
            language_given: bool = False, word_probs: Sequence[float] | None = None) -> AsrSignals:
    """Condense a transcript's (kept) segments into AsrSignals. `word_probs`: the probabilities of the recognised
    words (punctuation left out), when the decoder gave them (else each segment's `word_probs`, if it has any)."""
    spoken = [s for s in segments if s.text.strip()]
    weights = [max(s.end - s.start, 0.01) for s in spoken]
    total = sum(weights) or 1.0
    if word_probs is None:
        per_segment = [getattr(s, "word_probs", None) for s in spoken]
        if spoken and all(p for p in per_segment):
            word_probs = [float(x) for p in per_segment for x in (p or ())]
    words = list(word_probs or ())
    return AsrSignals(
        language=language,
        language_probability=1.0 if language_given else float(language_probability),
        language_given=language_given,
        avg_logprob=sum(s.avg_logprob * w for s, w in zip(spoken, weights, strict=True)) / total if spoken else
        float("-inf"),
        no_speech_prob=sum(s.no_speech_prob * w for s, w in zip(spoken, weights, strict=True)) / total if spoken
        else 1.0,
        compression_ratio=max((compression_ratio(s.text.strip()) for s in spoken), default=0.0),
        chars=sum(len(s.text.strip()) for s in spoken),
        duration_s=float(duration_s),
        min_segment_logprob=min((s.avg_logprob for s in spoken), default=None),
        min_word_prob=min(words) if words else None,
        mean_word_prob=sum(words) / len(words) if words else None,
        low_word_share=sum(w < LOW_WORD_PROB for w in words) / len(words) if words else None,
    )


# ---- the model: a logistic score over a few features, fitted by benchmarks/fit_confidence_model.py ----------------
MODEL_PATH = Path(__file__).with_name("confidence_model.json")
FEATURES = ("avg_logprob", "min_segment_logprob", "language_probability", "no_speech_prob", "compression_ratio",
            "chars_per_s", "log_chars", "min_word_prob", "mean_word_prob", "low_word_share")


def feature_vector(s: AsrSignals) -> dict[str, float]:
    """The model's inputs from the signals; a feature the transcript does not carry is left out."""
    out = {"avg_logprob": s.avg_logprob, "language_probability": s.language_probability,
           "no_speech_prob": s.no_speech_prob, "compression_ratio": s.compression_ratio,
           "chars_per_s": s.chars / max(s.duration_s, 0.1), "log_chars": math.log1p(s.chars)}
    for name in ("min_segment_logprob", "min_word_prob", "mean_word_prob", "low_word_share"):
        value = getattr(s, name)
        if value is not None:
            out[name] = float(value)
    return out


@dataclass(frozen=True)
class ConfidenceModel:
    """P(transcript bad) = logistic(intercept + sum(weight * (feature - mean) / scale)); flag at >= threshold."""

    name: str
    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    intercept: float
    weights: tuple[float, ...]
    threshold: float

    def usable(self, s: AsrSignals) -> bool:
        return all(f in feature_vector(s) for f in self.features)

    def probability_bad(self, s: AsrSignals) -> float:
        v = feature_vector(s)
        z = self.intercept + sum(w * (v[f] - m) / sc for f, m, sc, w in
                                 zip(self.features, self.mean, self.scale, self.weights, strict=True))
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))


@cache
def load_models(path: Path = MODEL_PATH) -> tuple[ConfidenceModel, ...]:
    """The fitted models, the first preferred (e.g. one that needs word probabilities, then one that does not)."""
    if not path.exists():
        return ()
    data = json.loads(path.read_text(encoding="utf-8"))
    return tuple(ConfidenceModel(m["name"], tuple(m["features"]), tuple(m["mean"]), tuple(m["scale"]),
                                 float(m["intercept"]), tuple(m["weights"]), float(m["threshold"]))
                 for m in data["models"])


def model_for(s: AsrSignals, models: Sequence[ConfidenceModel] | None = None) -> ConfidenceModel | None:
    """The first fitted model whose features these signals carry."""
    return next((m for m in (load_models() if models is None else models) if m.usable(s)), None)


def hard_reason(s: AsrSignals, t: Thresholds = CALIBRATED) -> Reason | None:
    """Whisper's hard bounds (nothing heard, a language the kiosk does not answer in, an unsure language, a
    repetition loop): the first one crossed, or None."""
    if s.chars == 0 or s.no_speech_prob > t.max_no_speech_prob:
        return "no_speech"
    if s.language not in KIOSK_LANGUAGES:
        return "language_outside_kiosk"
    if not s.language_given and s.language_probability < t.min_language_probability:
        return "language_unsure"
    if s.compression_ratio > t.max_compression_ratio:
        return "repetitive"
    return None


def assess(s: AsrSignals, t: Thresholds = CALIBRATED, models: Sequence[ConfidenceModel] | None = None) -> Confidence:
    """Act on the transcript only when every hard bound holds and the words are not a guess: with the CALIBRATED
    bounds, by the fitted model (kiosk/asr/confidence_model.json) when the signals carry its features, else (other
    bounds, e.g. TRANSLATE: the model was fitted on transcription only; `models=()`) by the log-probability floor."""
    reason = hard_reason(s, t)
    if reason is not None:
        return Confidence(False, reason)
    if models is None and t is not CALIBRATED:  # thresholds of the caller's own: their floors decide
        models = ()
    model = model_for(s, models)
    if model is not None:
        return Confidence(False, "low_logprob") if model.probability_bad(s) >= model.threshold else \
            Confidence(True, "ok")
    if s.avg_logprob < t.logprob_floor(s.language):
        return Confidence(False, "low_logprob")
    return Confidence(True, "ok")
