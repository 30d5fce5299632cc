"""Round trip with real models: the project's Speaker says a known sentence, Whisper (no language hint) must
detect the language and get the words back within a stated error bound."""

from __future__ import annotations

from pathlib import Path

import pytest
from voice_fixtures import SENTENCES, error_rate, synthesized

from kiosk.asr import Transcriber, get_transcriber
from kiosk.asr.confidence import CALIBRATED, signals
from kiosk.audio import load_audio, save_wav
from kiosk.tts import get_speaker

pytestmark = pytest.mark.slow  # real voices and Whisper

# language -> (expected engine, max normalized error: WER, or CER for zh/ja). Measured on whisper-base int8:
# en 0.00, zh 0.15, ja 0.11, es 0.00, fr 0.14, de (Kokoro em_alex, voices/voices.toml) 0.14; bounds leave headroom.
CASES = {
    "en": ("piper", 0.15),
    "zh": ("kokoro", 0.35),
    "ja": ("kokoro", 0.35),
    "es": ("kokoro", 0.25),
    "fr": ("kokoro", 0.35),
    "de": ("kokoro", 0.45),
}
MARGIN = 0.1  # how far from a bound a score must be for its side of the bound to be asserted


@pytest.fixture(scope="session")
def transcriber() -> Transcriber:
    return get_transcriber()


@pytest.mark.parametrize("lang", list(CASES))
def test_round_trip(lang: str, transcriber: Transcriber, artifacts_dir: Path) -> None:
    engine, bound = CASES[lang]
    assert get_speaker().voice_for(lang).engine == engine
    wav = artifacts_dir / f"roundtrip_{lang}.wav"
    save_wav(synthesized(lang), wav)

    tr = transcriber.transcribe(load_audio(wav))  # no language hint

    assert tr.language == lang, f"{lang}: detected {tr.language} ({tr.language_probability:.2f})"
    # The "not confident" flag is a threshold on Whisper's scores, which move a little with CPU kernels and library
    # versions (the German Kokoro clip's language probability was 0.49 on one machine, 0.53 on another, against a
    # 0.5 bound). The decision rule itself is tested on inputs far from its bounds (tests/test_confidence.py); here
    # the real model is held only to what holds with a margin: a clip whose scores clear every bound by MARGIN is
    # acted on, one beyond a bound by MARGIN is not.
    s = signals(tr.segments, tr.language, tr.language_probability, tr.duration_s)
    t = CALIBRATED
    clear = (s.language_probability >= t.min_language_probability + MARGIN
             and s.avg_logprob >= t.min_avg_logprob + MARGIN and s.no_speech_prob <= t.max_no_speech_prob - MARGIN
             and s.compression_ratio <= t.max_compression_ratio - MARGIN)
    beyond = (s.language_probability < t.min_language_probability - MARGIN
              or s.avg_logprob < t.min_avg_logprob - MARGIN or s.no_speech_prob > t.max_no_speech_prob + MARGIN)
    if clear:
        assert tr.confident, f"{lang}: clear of every bound yet not confident ({s})"
    if beyond:
        assert not tr.confident, f"{lang}: beyond a bound yet confident ({s})"
    if lang != "de":  # every voice but the German Kokoro one (near the language bound) is acted on here
        assert not beyond, f"{lang}: a score beyond its bound ({s})"
    err = error_rate(lang, SENTENCES[lang], tr.text)
    assert err <= bound, f"{lang}: error {err:.2f} > {bound} for {tr.text!r}"
