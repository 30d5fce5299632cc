"""Two-way interpretation session on real models: Whisper base (ASR + its speech->English translate task),
the kiosk's TTS voices to produce known sentences, and the tiny NLLB model as the "mt" engine."""

from __future__ import annotations

import json
from pathlib import Path

import jiwer
import numpy as np
import pytest

from kiosk.asr import Transcriber, get_transcriber
from kiosk.audio import AudioClip, save_wav
from kiosk.cli import main
from kiosk.interpret import REPEAT_MESSAGE, InterpretError, InterpretSession
from kiosk.registry import Registry
from kiosk.registry.manifest import Manifest
from kiosk.translate import TranslationService

TINY = "tests/data/tiny_nllb"

# (language, sentence spoken by the kiosk's own voice, words Whisper base's English translation must contain)
SPEECH = {
    "es": ("Soy turista y me quedo una semana.", ("tourist", "week")),
    "ja": ("こんにちは。私は日本から来ました。", ("japan",)),
    "zh": ("我的行李箱里有两瓶酒。", ("two", "bottles")),
}


@pytest.fixture(scope="module")
def asr() -> Transcriber:
    return get_transcriber()


@pytest.fixture(scope="module")
def clips() -> dict[str, AudioClip]:
    from kiosk.tts import get_speaker

    speaker = get_speaker()
    out = {lang: speaker.synthesize(text, lang) for lang, (text, _) in SPEECH.items()}
    out["en"] = speaker.synthesize("Please open your bag.", "en")
    return out


@pytest.fixture(scope="module")
def no_mt(tmp_path_factory: pytest.TempPathFactory) -> TranslationService:
    """No NLLB pack and no LLM: what is left is Whisper's own speech translation."""
    reg = Registry(home=tmp_path_factory.mktemp("empty"), manifest=Manifest(models=[]))
    return TranslationService(registry=reg, llm_model_id=None)


@pytest.fixture(scope="module")
def tiny_mt(tmp_path_factory: pytest.TempPathFactory) -> TranslationService:
    """The tiny NLLB model registered as an "mt" model (files linked from the repo, verified by sha256)."""
    import hashlib

    files = []
    for name in ("model.bin", "config.json", "shared_vocabulary.json", "sentencepiece.bpe.model"):
        data = (Path(__file__).resolve().parent / "data" / "tiny_nllb" / name).read_bytes()
        files.append({"path": name, "size": len(data), "sha256": hashlib.sha256(data).hexdigest(),
                      "parts": [f"repo:{TINY}/{name}"]})
    manifest = Manifest.model_validate({"models": [{"id": "nllb-tiny-test", "kind": "mt", "languages": ["*"],
                                                    "files": files}]})
    reg = Registry(home=tmp_path_factory.mktemp("tiny"), manifest=manifest)
    return TranslationService(registry=reg, llm_model_id=None)


@pytest.mark.slow
@pytest.mark.parametrize("lang", sorted(SPEECH))
def test_traveler_speech_to_english_with_whisper(lang: str, asr: Transcriber, clips: dict[str, AudioClip],
                                                 no_mt: TranslationService) -> None:
    text, words = SPEECH[lang]
    session = InterpretSession(officer_lang="en", translator=no_mt, transcriber=asr)
    turn = session.add_audio("traveler", clips[lang])
    assert session.traveler_lang == lang  # detected from the first traveler turn
    assert (turn.side, turn.source_lang, turn.target_lang, turn.engine) == ("traveler", lang, "en", "whisper")
    assert jiwer.cer(text.rstrip("。."), turn.original.rstrip("。.")) < 0.35, turn.original
    assert not turn.flagged and turn.message == turn.translation
    for w in words:
        assert w in turn.translation.lower(), turn.translation
    assert turn.audio is clips[lang] and turn.asr_seconds > 0 and 0 < turn.confidence <= 1


def test_two_way_text_session_export_and_clear(tiny_mt: TranslationService) -> None:
    session = InterpretSession(officer_lang="ko", translator=tiny_mt)
    t1 = session.add_text("traveler", "I have fruit in my bag.", lang="en")
    assert session.traveler_lang == "en"
    assert (t1.translation, t1.engine, t1.target_lang, t1.flagged) == ("가방에 과일이 있어요.", "nllb", "ko", False)
    t2 = session.add_text("officer", "가방을 열어 주세요.")
    assert (t2.source_lang, t2.target_lang, t2.translation) == ("ko", "en", "Please open your bag.")
    t3 = session.add_text("officer", "")
    assert t3.flagged and t3.message == REPEAT_MESSAGE
    assert session.last_turn("traveler") == t1 and session.last_turn() == t3
    assert [t.side for t in session.turns] == ["traveler", "officer", "officer"]
    assert t1.timestamp <= t2.timestamp <= t3.timestamp

    text = session.export_text()
    assert "TRAVELER (en->ko, nllb" in text and "가방에 과일이 있어요." in text and "[PLEASE REPEAT]" in text
    data = json.loads(json.dumps(session.export_json(), ensure_ascii=False))
    assert data["officer_lang"] == "ko" and data["traveler_lang"] == "en"
    assert [t["translation"] for t in data["turns"]][:2] == ["가방에 과일이 있어요.", "Please open your bag."]
    assert all("audio" not in t for t in data["turns"])

    session.clear()
    assert session.turns == () and session.last_turn() is None and session.traveler_lang is None
    assert session.export_json()["turns"] == []


@pytest.mark.slow
def test_officer_speech_through_asr_and_nllb(asr: Transcriber, clips: dict[str, AudioClip],
                                             tiny_mt: TranslationService) -> None:
    session = InterpretSession(officer_lang="en", traveler_lang="es", translator=tiny_mt, transcriber=asr)
    turn = session.add_audio("officer", clips["en"])
    assert turn.original.lower().rstrip(".") == "please open your bag"
    assert (turn.engine, turn.translation, turn.target_lang) == ("nllb", "Abra su bolso, por favor.", "es")
    session.clear()
    assert session.traveler_lang == "es"  # given by the officer, kept


@pytest.mark.slow
def test_silence_and_noise_ask_to_repeat(asr: Transcriber, no_mt: TranslationService) -> None:
    session = InterpretSession(officer_lang="ko", translator=no_mt, transcriber=asr)
    silent = session.add_audio("traveler", AudioClip(np.zeros(32000, dtype=np.float32), 16000))
    assert silent.flagged and silent.translation == "" and silent.note == "nothing was heard"
    assert silent.message == REPEAT_MESSAGE
    noise = np.random.default_rng(0).normal(0, 0.05, 48000).astype(np.float32)
    turn = session.add_audio("traveler", AudioClip(noise, 16000))
    assert turn.flagged and turn.message == REPEAT_MESSAGE
    assert session.traveler_lang is None  # nothing reliable heard: language still unknown


@pytest.mark.slow
def test_bad_use_is_a_clear_error(tmp_path: Path, asr: Transcriber, no_mt: TranslationService) -> None:
    with pytest.raises(InterpretError, match="unsupported language"):
        InterpretSession(officer_lang="xx")
    session = InterpretSession(translator=no_mt, transcriber=asr)
    with pytest.raises(InterpretError, match="side must be"):
        session.add_text("passenger", "hi")
    with pytest.raises(InterpretError, match="unsupported language"):
        session.add_text("traveler", "hi", lang="klingon")
    with pytest.raises(InterpretError):
        session.add_audio("traveler", tmp_path / "missing.wav")
    (tmp_path / "bad.wav").write_bytes(b"RIFF\x00\x00not a wav")
    with pytest.raises(InterpretError):
        session.add_audio("traveler", tmp_path / "bad.wav")
    with pytest.raises(InterpretError):
        session.add_audio("traveler", AudioClip(np.zeros(100, dtype=np.float32), 0))
    assert session.turns == ()


@pytest.mark.slow
def test_cli_interpret(tmp_path: Path, clips: dict[str, AudioClip], capsys: pytest.CaptureFixture[str]) -> None:
    wav = tmp_path / "es.wav"
    save_wav(clips["es"], wav)
    assert main(["interpret", str(wav), "--officer", "en", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["detected_language"] == "es" and data["target_lang"] == "en"
    assert data["engine"] in ("whisper", "nllb") and "tourist" in data["translation"].lower()
    assert data["asr_seconds"] > 0
    assert main(["interpret", str(tmp_path / "none.wav")]) == 2
    assert "audio file not found" in capsys.readouterr().err


@pytest.mark.slow
def test_korean_officer_without_nllb_gets_english_from_whisper(asr: Transcriber, clips: dict[str, AudioClip]) -> None:
    """No NLLB pack: the small LLM is not trusted into Korean, so the officer sees Whisper's English."""
    session = InterpretSession(officer_lang="ko", translator=TranslationService(use_nllb=False), transcriber=asr)
    turn = session.add_audio("traveler", clips["es"])
    assert (turn.source_lang, turn.engine, turn.target_lang) == ("es", "whisper", "en")
    assert "tourist" in turn.translation.lower() and not turn.flagged
    assert turn.note.startswith("shown in English")
