"""Round trip with real models: the project's Speaker says a known sentence, Whisper (no language hint) must
detect the language and get the words back within a stated error bound."""

from __future__ import annotations

from pathlib import Path

import pytest
from voice_fixtures import SENTENCES, error_rate, synthesized

from kiosk.asr import Transcriber, get_transcriber
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
    # The calibrated flag (kiosk/asr/confidence.py) asks to repeat the German clip: Kokoro em_alex speaking German
    # ("verzahlen") is detected as German with p 0.49, at the 0.5 bound (the espeak-ng voice before it: log-prob
    # -0.57). Every other voice is acted on.
    expected = {"language_unsure", "low_logprob"} if lang == "de" else {"ok"}
    assert tr.assessment.reason in expected and tr.confident == (expected == {"ok"})
    err = error_rate(lang, SENTENCES[lang], tr.text)
    assert err <= bound, f"{lang}: error {err:.2f} > {bound} for {tr.text!r}"
