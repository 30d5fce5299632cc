"""Remote ASR/TTS over Wyoming against REAL servers on loopback: wyoming-faster-whisper running the kiosk's
whisper-base folder and wyoming-piper running its piper voice (both offline), plus fallback to the local models."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from remote_servers import free_port, serve, silent_server
from voice_fixtures import words

from kiosk.asr import get_transcriber
from kiosk.audio import AudioClip, load_audio
from kiosk.metrics import Metrics, default_metrics
from kiosk.paths import models_home
from kiosk.remote import RemoteSpeaker, RemoteTranscriber, RemoteUnavailable, with_fallback
from kiosk.remote.factory import parse_voices
from kiosk.remote.wyoming_asr import from_pcm16, pcm16
from kiosk.tts import get_speaker

pytestmark = pytest.mark.slow

JFK = Path(__file__).parent / "data" / "speech" / "en_jfk.wav"
JFK_TEXT = ("And so my fellow Americans, ask not what your country can do for you, "
            "ask what you can do for your country.")


@pytest.fixture(scope="module")
def whisper_uri(tmp_path_factory: pytest.TempPathFactory) -> str:
    port = free_port()
    tmp = tmp_path_factory.mktemp("wfw")
    with serve(["wyoming_faster_whisper", "--uri", f"tcp://127.0.0.1:{port}",
                "--model", str(models_home() / "whisper-base"), "--data-dir", str(tmp), "--local-files-only",
                "--stt-library", "faster-whisper", "--compute-type", "int8", "--cpu-threads", "2",
                "--beam-size", "1"], port, tmp / "server.log"):
        yield f"tcp://127.0.0.1:{port}"


@pytest.fixture(scope="module")
def piper_uri(tmp_path_factory: pytest.TempPathFactory) -> str:
    port = free_port()
    tmp = tmp_path_factory.mktemp("wp")
    with serve(["wyoming_piper", "--uri", f"tcp://127.0.0.1:{port}", "--voice", "en_US-joe-medium",
                "--data-dir", str(models_home() / "piper-en_US-joe-medium"), "--download-dir", str(tmp),
                "--local-files-only", "--noise-scale", "0", "--noise-w-scale", "0"], port, tmp / "server.log"):
        yield f"tcp://127.0.0.1:{port}"


def test_remote_whisper_transcribes_real_speech_exactly(whisper_uri: str) -> None:
    tr = RemoteTranscriber(whisper_uri, timeout=30).transcribe(load_audio(JFK), "en")
    assert words(tr.text) == words(JFK_TEXT)  # punctuation is the server model's
    assert tr.language == "en"
    assert tr.model == f"wyoming:{whisper_uri}"
    assert tr.confident
    assert tr.duration_s == pytest.approx(11.0, abs=0.01)


def test_remote_whisper_without_hint_takes_language_from_text(whisper_uri: str) -> None:
    tr = RemoteTranscriber(whisper_uri, timeout=30).transcribe(str(JFK))
    assert words(tr.text) == words(JFK_TEXT)  # punctuation is the server model's
    assert tr.language == "en"  # the server sends no language: detected from the text
    assert tr.language_probability == 0.5 and tr.confident


def test_silence_is_answered_without_the_server() -> None:
    # no server listens here: silence must not even be sent
    tr = RemoteTranscriber(f"tcp://127.0.0.1:{free_port()}", timeout=1).transcribe(
        AudioClip(np.zeros(16000, np.float32), 16000), "en")
    assert tr.text == "" and not tr.confident


def test_fallback_uses_remote_when_it_answers(whisper_uri: str) -> None:
    metrics_before = default_metrics().engine.labels("asr", "remote")._value.get()
    asr = with_fallback(RemoteTranscriber(whisper_uri, timeout=30), get_transcriber, kind="asr")
    used = asr.run(lambda e: e.transcribe(load_audio(JFK), "en"))
    assert used.engine == "remote" and used.reason == ""
    assert words(used.value.text) == words(JFK_TEXT)
    assert default_metrics().engine.labels("asr", "remote")._value.get() == metrics_before + 1


def test_fallback_to_local_whisper_when_server_is_down() -> None:
    port = free_port()  # nothing listens
    asr = with_fallback(RemoteTranscriber(f"tcp://127.0.0.1:{port}", timeout=2), get_transcriber, kind="asr",
                        retry_after_s=60)
    used = asr.run(lambda e: e.transcribe(load_audio(JFK), "en"))
    assert used.engine == "local"
    assert used.value.model == "whisper-base"
    assert words(used.value.text) == words(JFK_TEXT)
    assert "ConnectionRefusedError" in used.reason
    # the failed server rests: the next turn goes straight to the local model
    assert not asr.remote_ready()
    again = asr.run(lambda e: e.transcribe(load_audio(JFK), "en"))
    assert again.engine == "local" and again.reason.startswith("resting after:")


def test_hung_server_times_out_then_local_answers() -> None:
    with silent_server() as port:
        remote = RemoteTranscriber(f"tcp://127.0.0.1:{port}", timeout=0.5)
        with pytest.raises(RemoteUnavailable, match=r"no answer within 0.5 s"):
            remote.transcribe(load_audio(JFK), "en")
        m = Metrics()
        fallbacks = default_metrics().fallback.labels("asr")._value.get()
        used = with_fallback(remote, get_transcriber, kind="asr").run(lambda e: e.transcribe(load_audio(JFK), "en"))
        assert used.engine == "local" and words(used.value.text) == words(JFK_TEXT)
        assert used.seconds < 0.5 + 15  # the timeout, then one local transcription
        assert default_metrics().fallback.labels("asr")._value.get() == fallbacks + 1
        assert m.fallback.labels("asr")._value.get() == 0  # a separate registry is untouched


def test_translate_task_is_left_to_the_local_model(whisper_uri: str) -> None:
    with pytest.raises(RemoteUnavailable, match="does not do task 'translate'"):
        RemoteTranscriber(whisper_uri).transcribe(load_audio(JFK), "en", task="translate")


def test_remote_piper_voice_round_trip(piper_uri: str) -> None:
    speaker = RemoteSpeaker(piper_uri, timeout=30, voices=parse_voices("en=en_US-joe-medium"))
    assert speaker.voices() == {"en": "en_US-joe-medium"}
    clip = speaker.synthesize("I have two bottles of wine. Do I need to declare them?", "en")
    assert clip.sample_rate == 22050
    assert 2.0 < clip.duration_s < 8.0
    heard = get_transcriber().transcribe(clip, "en")
    assert words(heard.text) == words("I have two bottles of wine. Do I need to declare them?")


def test_advertised_voice_the_server_cannot_load_falls_back(piper_uri: str) -> None:
    # wyoming-piper advertises its download catalog; offline, a voice it does not hold fails -> local voice
    speaker = RemoteSpeaker(piper_uri, timeout=30)
    assert speaker.voices()["en"] == "en_GB-alan-low" and speaker.voices()["de"]
    with pytest.raises(RemoteUnavailable):
        speaker.synthesize("Guten Tag.", "de")


def test_language_without_remote_voice_falls_back_to_local(piper_uri: str) -> None:
    speaker = RemoteSpeaker(piper_uri, timeout=30, voices={"en": "en_US-joe-medium"})
    with pytest.raises(RemoteUnavailable, match="has no voice for 'ko'") as err:
        speaker.voice_for("ko")
    assert err.value.code == "unsupported_language"
    tts = with_fallback(speaker, get_speaker, kind="tts", retry_after_s=0)
    used = tts.run(lambda e: e.synthesize("안녕하세요.", "ko"))
    assert used.engine == "local" and used.value.duration_s > 0.3
    assert "no voice for 'ko'" in used.reason
    # English still goes to the server (retry_after 0: a language miss does not bench the server)
    assert tts.run(lambda e: e.voice_for("en")).engine == "remote"


def test_slow_speech_rate_is_left_to_the_local_voice(piper_uri: str) -> None:
    with pytest.raises(RemoteUnavailable, match="no speaking rate"):
        list(RemoteSpeaker(piper_uri).stream("Hello.", "en", rate=0.8))


@pytest.fixture(scope="module")
def kiosk_uri(tmp_path_factory: pytest.TempPathFactory) -> str:
    port = free_port()
    log = tmp_path_factory.mktemp("serve") / "server.log"
    with serve(["kiosk", "serve", "--uri", f"tcp://127.0.0.1:{port}"], port, log):
        yield f"tcp://127.0.0.1:{port}"


def test_kiosk_serve_asr_keeps_whisper_confidence(kiosk_uri: str) -> None:
    tr = RemoteTranscriber(kiosk_uri, timeout=30).transcribe(load_audio(JFK))
    # the same audio as it crosses the wire (16-bit PCM), transcribed here
    wire = AudioClip(from_pcm16(pcm16(load_audio(JFK).samples)), 16000)
    local = get_transcriber().transcribe(wire)
    assert tr.text == local.text  # the kiosk decodes on both sides: the one exact check
    assert words(tr.text) == words(JFK_TEXT)
    assert tr.language == "en"  # detected by Whisper on the server, not guessed from text
    assert tr.language_probability == pytest.approx(local.language_probability, abs=1e-3)
    assert [x for s in tr.segments for x in (s.avg_logprob, s.no_speech_prob)] == pytest.approx(
        [x for s in local.segments for x in (s.avg_logprob, s.no_speech_prob)], abs=1e-3)
    assert tr.confident


def test_kiosk_serve_silence_and_noise_stay_not_confident(kiosk_uri: str) -> None:
    rng = np.random.default_rng(0)
    noise = AudioClip((0.02 * rng.standard_normal(32000)).astype(np.float32), 16000)
    tr = RemoteTranscriber(kiosk_uri, timeout=30).transcribe(noise)
    assert not tr.confident


def test_kiosk_serve_tts_round_trip(kiosk_uri: str) -> None:
    speaker = RemoteSpeaker(kiosk_uri, timeout=30)
    assert set(speaker.voices()) == {"ko", "en", "zh", "ja", "es", "fr", "ru", "vi", "th", "de"}
    clip = speaker.synthesize("Please go to the red channel.", "en")
    assert clip.sample_rate == 22050  # the server's piper voice
    assert words(get_transcriber().transcribe(clip, "en").text) == words("Please go to the red channel.")


def test_stream_fails_inside_the_chooser_when_the_server_is_down() -> None:
    dead = RemoteSpeaker(f"tcp://127.0.0.1:{free_port()}", timeout=2, voices={"en": "en_US-joe-medium"})
    tts = with_fallback(dead, get_speaker, kind="tts")
    used = tts.run(lambda e: list(e.stream("Hello. Welcome to Korea.", "en")))
    assert used.engine == "local" and len(used.value) == 2
    assert "ConnectionRefusedError" in used.reason


def test_stream_first_sentence_is_made_in_the_call(piper_uri: str) -> None:
    speaker = RemoteSpeaker(piper_uri, timeout=30, voices={"en": "en_US-joe-medium"})
    chunks = speaker.stream("Hello. Welcome to Korea. Have a nice day.", "en")
    first = next(chunks)
    assert first.text == "Hello." and first.index == 0 and first.sample_rate == 22050
    assert [c.text for c in chunks] == ["Welcome to Korea.", "Have a nice day."]


@pytest.mark.parametrize("uri", ["asr.customs.lan:10300", "tcp://asr.customs.lan", "http://x:1", "tcp://h:port"])
def test_bad_server_address_is_a_clear_error(uri: str) -> None:
    with pytest.raises(RemoteUnavailable, match="not a Wyoming server address") as err:
        RemoteTranscriber(uri)
    assert err.value.code == "bad_input"
    with pytest.raises(RemoteUnavailable, match="not a Wyoming server address"):
        RemoteSpeaker(uri)


def test_misconfigured_address_keeps_the_kiosk_on_local_models(monkeypatch: pytest.MonkeyPatch) -> None:
    from kiosk.remote import asr_chooser

    monkeypatch.setenv("KIOSK_ASR_URI", "asr.customs.lan:10300")
    chooser = asr_chooser(get_transcriber)
    assert chooser.remote is None and chooser.problem.startswith("KIOSK_ASR_URI: not a Wyoming server address")
    used = chooser.run(lambda e: e.transcribe(load_audio(JFK), "en"))
    assert used.engine == "local" and words(used.value.text) == words(JFK_TEXT) and used.reason == chooser.problem
