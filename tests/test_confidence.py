"""kiosk.asr.confidence: the calibrated decision, on signal values measured on real clips
(benchmarks/calibrate_confidence.py), and the signal condensation from segments."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from kiosk.asr import Segment
from kiosk.asr.confidence import CALIBRATED, AsrSignals, Confidence, assess, compression_ratio, signals
from kiosk.audio import AudioClip


def _sig(language: str = "en", p: float = 0.99, lp: float = -0.2, ns: float = 0.01, cr: float = 1.0,
         chars: int = 40, given: bool = False) -> AsrSignals:
    return AsrSignals(language, p, given, lp, ns, cr, chars, 3.0)


@pytest.mark.parametrize(("signals_", "expected"), [
    # measured: real:en/jfk.wav (WER 0.00)
    (_sig("en", 0.94, -0.11, 0.10, 1.35), Confidence(True, "ok")),
    # measured: synth:th:2, Thai spoken by espeak-ng, heard as Nepali (CER 1.13)
    (_sig("ne", 0.15, -1.20, 0.08, 1.02), Confidence(False, "language_outside_kiosk")),
    # the Thai clip detected as Khmer with p = 0.56
    (_sig("km", 0.56, -0.40, 0.05, 1.10), Confidence(False, "language_outside_kiosk")),
    # measured: noisy:zh/aishell1_BAC009S0724W0121.wav, right language but p = 0.21 (CER 1.08)
    (_sig("zh", 0.21, -1.36, 0.30, 0.83), Confidence(False, "language_unsure")),
    # measured: noisy:es/picovoice_leopard_es.wav (WER 0.75)
    (_sig("es", 0.95, -0.74, 0.05, 0.94), Confidence(False, "low_logprob")),
    # a language the traveler chose: its probability is not a reason to doubt
    (_sig("ko", 0.10, -0.30, 0.02, 0.90, given=True), Confidence(True, "ok")),
    # measured: babble:en/picovoice_cheetah_en_norm.wav (WER 0.29, logprob far below the floor)
    (_sig("en", 0.88, -0.62, 0.03, 0.93), Confidence(False, "low_logprob")),
    (_sig("en", 0.99, -0.30, 0.01, 3.10), Confidence(False, "repetitive")),
    (_sig("en", 0.99, -0.30, 0.75, 1.00), Confidence(False, "no_speech")),
    (_sig(chars=0), Confidence(False, "no_speech")),
])
def test_assess(signals_: AsrSignals, expected: Confidence) -> None:
    assert assess(signals_) == expected


def test_thresholds_are_the_calibrated_ones() -> None:
    assert (CALIBRATED.min_language_probability, CALIBRATED.min_avg_logprob, CALIBRATED.max_no_speech_prob,
            CALIBRATED.max_compression_ratio) == (0.5, -0.4, 0.6, 2.4)


def test_a_language_floor_replaces_the_common_one() -> None:
    from kiosk.asr.confidence import Thresholds

    t = Thresholds(0.5, -0.4, 0.6, 2.4, (("ko", -0.8),))
    assert (t.logprob_floor("ko"), t.logprob_floor("en")) == (-0.8, -0.4)
    assert assess(_sig("ko", lp=-0.6), t).ok and not assess(_sig("en", lp=-0.6), t).ok


def test_signals_from_transcript_segments() -> None:
    segs = (Segment(0.0, 1.0, "I have two bottles", -0.2, 0.01),
            Segment(1.0, 4.0, "of whisky " * 12, -0.6, 0.05),
            Segment(4.0, 4.5, "  ", -3.0, 0.9))  # an empty segment counts for nothing
    s = signals(segs, "en", 0.97, 4.5)
    assert s.avg_logprob == pytest.approx((-0.2 * 1 + -0.6 * 3) / 4)
    assert s.no_speech_prob == pytest.approx((0.01 + 0.05 * 3) / 4)
    assert s.compression_ratio == pytest.approx(compression_ratio(("of whisky " * 12).strip()))
    assert s.compression_ratio > CALIBRATED.max_compression_ratio
    assert s.chars == len("I have two bottles") + len(("of whisky " * 12).strip())
    assert assess(s) == Confidence(False, "repetitive")
    empty = signals((), "", 0.0, 1.0)
    assert (empty.chars, empty.no_speech_prob) == (0, 1.0) and assess(empty) == Confidence(False, "no_speech")
    assert signals(segs[:1], "de", 0.2, 1.0, language_given=True).language_probability == 1.0


# ---- on real recordings (whisper-base, language detected as on the attract screen) ---------------------------
SPEECH = Path(__file__).resolve().parent / "data" / "speech"


def _noisy(clip: AudioClip, snr_db: float, seed: int) -> AudioClip:
    """White noise at `snr_db` (as benchmarks/calibrate_confidence.py makes its noisy clips)."""
    rng = np.random.default_rng(seed)
    power = float(np.mean(np.square(clip.samples, dtype=np.float64)))
    noise = rng.normal(0.0, np.sqrt(power / 10 ** (snr_db / 10)), len(clip.samples))
    return AudioClip(np.clip(clip.samples + noise, -1, 1).astype(np.float32), clip.sample_rate)


@pytest.mark.slow
@pytest.mark.parametrize(("name", "noise_seed", "expected"), [
    ("en/jfk.wav", None, Confidence(True, "ok")),                           # WER 0.00
    ("zh/aishell1_BAC009S0764W0121.wav", None, Confidence(True, "ok")),    # CER 0.08
    ("es/picovoice_leopard_es.wav", 1, Confidence(False, "low_logprob")),   # WER 0.75 in noise
    ("fr/css10_lesmis_0153.wav", 18, Confidence(False, "language_outside_kiosk")),  # heard as Romanian
])
def test_assess_on_real_speech(name: str, noise_seed: int | None, expected: Confidence) -> None:
    from kiosk.asr import get_transcriber
    from kiosk.audio import load_audio

    clip = load_audio(SPEECH / name)
    if noise_seed is not None:
        clip = _noisy(clip, 0.0, noise_seed)
    t = get_transcriber("whisper-base").transcribe(clip)
    assert assess(signals(t.segments, t.language, t.language_probability, t.duration_s)) == expected
