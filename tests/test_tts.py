"""Text to speech with the real voices: every UI language speaks, fallbacks work, streaming streams."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import numpy as np
import pytest
from voice_fixtures import SENTENCES, rms, synthesized

from kiosk.languages import UI_LANGUAGES
from kiosk.registry import ModelUnavailable, Registry
from kiosk.tts import Speaker, TTSError, get_speaker, split_sentences

pytestmark = pytest.mark.slow  # every test loads real voices

EXPECTED_ENGINE = {"en": "piper", "zh": "kokoro", "ja": "kokoro", "es": "kokoro", "fr": "kokoro",
                   "ko": "kokoro", "ru": "kokoro", "vi": "espeak-ng", "th": "espeak-ng", "de": "kokoro"}


def test_get_speaker_is_cached() -> None:
    assert get_speaker() is get_speaker()


@pytest.mark.parametrize("lang", UI_LANGUAGES)
def test_every_ui_language_speaks(lang: str) -> None:
    choice = get_speaker().voice_for(lang)
    assert choice.engine == EXPECTED_ENGINE[lang]
    assert choice.lang == lang
    clip = synthesized(lang)
    assert clip.sample_rate == choice.sample_rate
    assert clip.duration_s > 0.5, f"{lang}: only {clip.duration_s:.2f}s for {SENTENCES[lang]!r}"
    assert rms(clip.samples) > 0.02
    assert float(abs(clip.samples).max()) <= 1.0


def test_language_codes_are_normalized() -> None:
    assert get_speaker().voice_for("ko-KR").lang == "ko"
    assert get_speaker().voice_for("zho_Hans").engine == "kokoro"


def test_unknown_language_is_a_clear_error() -> None:
    with pytest.raises(TTSError) as exc:
        get_speaker().voice_for("xx-klingon")
    assert "xx-klingon" in exc.value.message


def test_fallback_to_espeak_when_models_are_unavailable(monkeypatch: pytest.MonkeyPatch) -> None:
    def unavailable(self: Registry, model_id: str) -> Path:
        raise ModelUnavailable(model_id, "file is missing", "pip install --force-reinstall x")

    monkeypatch.setattr(Registry, "path", unavailable)
    speaker = Speaker()
    for lang, voice in (("en", "en-us"), ("es", "es"), ("fr", "fr-fr")):
        choice = speaker.voice_for(lang)
        assert (choice.engine, choice.voice) == ("espeak-ng", voice)
    with pytest.raises(TTSError, match="^no voice for zh "):  # espeak-ng reads hanzi as digits: no fallback
        speaker.voice_for("zh")
    clip = speaker.synthesize("Welcome to Korea.", "en")
    assert clip.duration_s > 0.5 and rms(clip.samples) > 0.02


def test_corrupt_model_falls_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "en_US-joe-medium.onnx").write_bytes(b"not an onnx model")
    (tmp_path / "en_US-joe-medium.onnx.json").write_text("{}")
    monkeypatch.setattr(Registry, "path", lambda self, model_id: tmp_path)
    choice = Speaker().voice_for("en")
    assert choice.engine == "espeak-ng"


def test_stream_yields_first_chunk_before_the_rest() -> None:
    speaker = get_speaker()
    text = ("Welcome to Incheon airport. Please take your passport out. "
            "If you carry more than ten thousand dollars, you must declare it. Thank you.")
    t0 = time.perf_counter()
    gen = speaker.stream(text, "en")
    first = next(gen)
    t_first = time.perf_counter() - t0
    rest = list(gen)
    t_all = time.perf_counter() - t0
    assert first.index == 0 and first.text.startswith("Welcome")
    assert len(rest) >= 3 and [c.index for c in rest] == list(range(1, len(rest) + 1))
    assert t_first < t_all / 2  # the first sentence plays while the rest is still being made
    assert sum(len(c.samples) for c in rest) > len(first.samples)


@pytest.mark.parametrize("lang", ["en", "de"])
def test_slower_rate_is_longer(lang: str) -> None:
    text = {"en": "Please wait here for the officer, your bag will be checked now.",
            "de": "Bitte warten Sie hier, Ihr Gepäck wird jetzt kontrolliert."}[lang]
    normal = get_speaker().synthesize(text, lang, rate=1.0)
    slow = get_speaker().synthesize(text, lang, rate=0.8)
    # length scale 1/0.8 = 1.25; measured ratios: piper 1.10-1.15 (its duration noise varies), espeak-ng 1.20
    assert slow.duration_s > normal.duration_s * 1.05


def test_empty_and_odd_text_do_not_crash() -> None:
    speaker = get_speaker()
    assert speaker.synthesize("", "en").duration_s == 0.0
    assert speaker.synthesize(" ... !!! ", "de").duration_s == 0.0
    clip = speaker.synthesize("--help -v xx 2 bottles", "de")  # never taken as espeak-ng options
    assert clip.duration_s > 0.5


def test_digits_are_read() -> None:
    short = get_speaker().synthesize("Bring.", "en")
    with_number = get_speaker().synthesize("Bring 1250.", "en")
    assert with_number.duration_s > short.duration_s + 0.5


def test_split_sentences() -> None:
    assert split_sentences("It costs 3.5 dollars! Really? Yes.", "en") == ["It costs 3.5 dollars!", "Really?", "Yes."]
    assert split_sentences("好的。你好！谢谢？", "zh") == ["好的。", "你好！", "谢谢？"]
    assert split_sentences("パスポートです。ありがとう", "ja") == ["パスポートです。", "ありがとう"]
    assert split_sentences("여권을 보여 주세요. 감사합니다!", "ko") == ["여권을 보여 주세요.", "감사합니다!"]
    assert split_sentences("กรุณาแสดงหนังสือเดินทางของคุณ ขอบคุณครับ", "th") == [
        "กรุณาแสดงหนังสือเดินทางของคุณ", "ขอบคุณครับ"]
    assert split_sentences("  \n ... ", "en") == []


def test_cli_say_writes_a_wav(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from kiosk.audio import load_audio
    from kiosk.cli import main

    out = tmp_path / "say.wav"
    assert main(["say", "Welcome to Korea.", "--lang", "en", "-o", str(out), "--rate", "0.8"]) == 0
    text = capsys.readouterr().out
    assert "voice: piper" in text and "first audio" in text
    assert load_audio(out).duration_s > 0.5
    assert main(["say", "hello", "--lang", "xx-klingon", "-o", str(out)]) == 2


def test_warm_up_loads_voices_and_skips_unknown_languages() -> None:
    warmed = get_speaker().warm_up(["en", "de", "xx-klingon"])
    assert set(warmed) == {"en", "de"}
    assert warmed["en"].engine == "piper"


def test_deterministic_mode_reproduces_piper_audio(monkeypatch: pytest.MonkeyPatch) -> None:
    """With KIOSK_TTS_DETERMINISTIC=1 (the test suite's default) the same text gives the same samples."""
    monkeypatch.setenv("KIOSK_TTS_DETERMINISTIC", "1")
    speaker = get_speaker()
    assert speaker.voice_for("en").engine == "piper"
    a = speaker.synthesize("Please open your bag.", "en").samples
    b = speaker.synthesize("Please open your bag.", "en").samples
    assert a.shape == b.shape and np.array_equal(a, b)


@pytest.mark.parametrize("lang, text", [
    pytest.param("zh", "如果您没有需要申报的物品，请走绿色通道。请出示您的护照和海关申报单。", id="zh"),
    pytest.param("ja", "パスポートと税関申告書を見せてください。申告するものがなければ、緑のカウンターへお進みください。",
                 id="ja"),
    pytest.param("fr", "Veuillez présenter votre passeport et votre déclaration. Merci et bon séjour en Corée.", id="fr"),
])
def test_kokoro_first_chunk_is_a_short_phrase(lang: str, text: str) -> None:
    """Kokoro's time grows with the audio it makes: the first chunk is a short phrase so speech starts
    sooner; the chunks together still say the whole text, and only sentence ends are marked as such."""
    speaker = get_speaker()
    assert speaker.voice_for(lang).engine == "kokoro"
    first_sentence = split_sentences(text, lang)[0]
    t0 = time.perf_counter()
    gen = speaker.stream(text, lang)
    first = next(gen)
    t_first = time.perf_counter() - t0
    chunks = [first, *gen]
    t_all = time.perf_counter() - t0
    assert len(first.text) < len(first_sentence) / 2, first.text
    assert not first.sentence_end and chunks[-1].sentence_end
    assert "".join(c.text for c in chunks).replace(" ", "") == text.replace(" ", "")
    assert [c.index for c in chunks] == list(range(len(chunks)))
    assert sum(c.sentence_end for c in chunks) == len(split_sentences(text, lang))
    assert all(rms(c.samples) > 0.02 for c in chunks)
    assert t_first < t_all / 2


def test_closing_a_stream_stops_synthesis() -> None:
    text = "Bienvenue à l'aéroport d'Incheon. " * 6
    gen = get_speaker().stream(text, "fr")
    assert next(gen).index == 0
    gen.close()  # the read-ahead thread finishes the chunk it is on and stops (a chunk can take seconds under load)
    deadline = time.monotonic() + 120
    while any(t.name == "tts-ahead" for t in threading.enumerate()) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(t.name == "tts-ahead" for t in threading.enumerate())
