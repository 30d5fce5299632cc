"""A fallback voice only where it really speaks the language (issue #10 items 4 and 5), with the real voices.

espeak-ng reads Japanese kanji/katakana as "Chinese letter" and Chinese hanzi as digits (Whisper round trip mean CER
3.06 / 1.58, benchmarks/espeak_fallback.py), so without the Kokoro model ja and zh get no voice: no audio, a
TTSError (speech_output) that says so, never a success. Languages espeak-ng speaks (es...) still fall back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from voice_fixtures import SENTENCES, rms

from kiosk.registry import Registry
from kiosk.registry.alerts import alert_board
from kiosk.tts import Speaker, TTSError, get_speaker

pytestmark = pytest.mark.slow  # loads real voices

ABSENT = "kokoro-absent"


def _no_voice(lang: str, why: str) -> str:
    return (f"no voice for {lang} (kokoro:{ {'ja': 'jf_alpha', 'zh': 'zf_xiaoxiao'}[lang]}: {why}; espeak-ng does "
            f"not speak {lang} intelligibly); the answer is shown as text only")


@pytest.fixture
def fresh_speaker() -> Iterator[None]:
    """The CLI uses the process-wide Speaker: start it fresh so it sees this test's settings, and after."""
    get_speaker.cache_clear()
    yield
    get_speaker.cache_clear()


@pytest.mark.parametrize("lang", ["ja", "zh"])
def test_no_voice_without_kokoro(lang: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIOSK_KOKORO_MODEL", ABSENT)  # a Kokoro model id the registry does not have
    speaker = Speaker()
    with pytest.raises(TTSError) as exc:
        speaker.voice_for(lang)
    assert exc.value.code == "speech_output"
    assert exc.value.detail == _no_voice(lang, f"model {ABSENT} unavailable")
    assert exc.value.fix == f"kiosk models verify {ABSENT}"
    with pytest.raises(TTSError, match=f"^no voice for {lang} "):
        speaker.synthesize(SENTENCES[lang], lang)
    with pytest.raises(TTSError, match=f"^no voice for {lang} "):
        next(speaker.stream(SENTENCES[lang], lang))
    # where espeak-ng is intelligible, it still takes over
    choice = speaker.voice_for("es")
    assert (choice.engine, choice.voice) == ("espeak-ng", "es")
    assert rms(speaker.synthesize(SENTENCES["es"], "es").samples) > 0.02


def test_cli_say_fails_with_one_line_and_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str],
                                                       fresh_speaker: None) -> None:
    from kiosk.cli import main

    monkeypatch.setenv("KIOSK_KOKORO_MODEL", ABSENT)
    for lang in ("ja", "zh"):
        out = tmp_path / f"{lang}.wav"
        assert main(["say", SENTENCES[lang], "--lang", lang, "-o", str(out)]) == 5
        captured = capsys.readouterr()
        assert captured.out == ""
        assert captured.err == (f"error: {_no_voice(lang, f'model {ABSENT} unavailable')}. "
                                f"Fix: kiosk models verify {ABSENT}\n")
        assert not out.exists()


def _flip(path: Path, offset: int) -> None:
    with path.open("r+b") as fh:
        fh.seek(offset)
        b = fh.read(1)
        fh.seek(offset)
        fh.write(bytes([b[0] ^ 0xFF]))


def test_kokoro_found_corrupt_at_run_time_is_dropped(tmp_path: Path) -> None:
    """A COPY of the Kokoro model (assembled under a temporary KIOSK_HOME) gets one byte flipped while loaded."""
    reg = Registry(home=tmp_path / "home")
    speaker = Speaker(registry=reg)
    for lang in ("ja", "es"):
        assert speaker.voice_for(lang).engine == "kokoro"
    assert rms(speaker.synthesize("税関です。", "ja").samples) > 0.02

    onnx = tmp_path / "home" / "kokoro-82m" / "kokoro-v1.0.int8.onnx"
    assert not onnx.is_symlink()  # assembled from four package parts: our own copy
    _flip(onnx, onnx.stat().st_size // 2)
    alert_board().clear()
    reg.verify_in_background(["kokoro-82m"], start_delay_s=0, pause_per_mib_s=0).join(timeout=120)
    [alert] = alert_board().active()
    assert (alert.code, alert.model_id) == ("model_corrupt", "kokoro-82m")

    # the loaded Kokoro voices are dropped: ja has no voice (reported), es falls back to espeak-ng
    with pytest.raises(TTSError) as exc:
        speaker.synthesize("税関です。", "ja")
    assert exc.value.detail == _no_voice("ja", "model kokoro-82m corrupt")
    choice = speaker.voice_for("es")
    assert (choice.engine, choice.voice) == ("espeak-ng", "es")

    # `kiosk models verify` re-assembles the model: Kokoro speaks again
    assert reg.verify("kokoro-82m").state == "ok"
    assert alert_board().active() == []
    assert speaker.voice_for("ja").engine == "kokoro"
    assert rms(speaker.synthesize("税関です。", "ja").samples) > 0.02
    assert speaker.voice_for("es").engine == "kokoro"  # the espeak-ng stand-in gives way
