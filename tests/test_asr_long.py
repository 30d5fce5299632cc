"""Long recordings and run-time model integrity for ASR, with the real Whisper model and real human recordings
(tests/data/speech/): nothing after the first minute is lost, a speech cap is reported, and a model found corrupt
while loaded is dropped and reloaded once verified."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from kiosk.asr import Transcriber, get_transcriber
from kiosk.asr.chunking import CHUNK_SECONDS, Span, plan_chunks, speech_spans
from kiosk.audio import AudioClip, load_audio
from kiosk.registry import ModelUnavailable, Registry
from kiosk.registry.alerts import alert_board

pytestmark = pytest.mark.slow  # every test loads Whisper

SPEECH = Path(__file__).parent / "data" / "speech" / "en"
# real recordings, in order; the last (JFK, "...what you can do for your country") starts after 2 minutes
RECORDINGS = ["picovoice_leopard_en.wav", "picovoice_cheetah_en.wav", "librispeech_1995-1837-0001.wav",
              "ljspeech_LJ050-0131.wav", "jfk.wav"]
GAP_S = 25.0
RATE = 16000


@pytest.fixture(scope="module")
def long_clip() -> AudioClip:
    """10 s of room noise, then the five recordings with 25 s of room noise between them (~2.5 minutes)."""
    rng = np.random.default_rng(7)

    def room(seconds: float) -> np.ndarray:
        return (rng.standard_normal(int(seconds * RATE)) * 0.002).astype(np.float32)

    parts = [room(10.0)]
    for i, name in enumerate(RECORDINGS):
        clip = load_audio(SPEECH / name)
        assert clip.sample_rate == RATE
        parts.append(clip.samples)
        if i < len(RECORDINGS) - 1:
            parts.append(room(GAP_S))
    return AudioClip(np.concatenate(parts), RATE)


@pytest.fixture(scope="module")
def transcriber() -> Transcriber:
    return get_transcriber()


def test_plan_packs_real_speech_spans_into_windows(long_clip: AudioClip) -> None:
    spans = speech_spans(long_clip.samples)
    assert len(spans) >= 5 and spans[0].start >= 9 * RATE  # the leading room noise is no speech
    assert spans[-1].start > 120 * RATE  # JFK, after two minutes
    plan = plan_chunks(spans)
    assert plan.dropped_s == 0.0
    assert plan.speech_s == pytest.approx(sum(s.seconds for s in spans))
    assert all(sum(s.seconds for s in c.spans) <= CHUNK_SECONDS for c in plan.chunks)
    assert [s for c in plan.chunks for s in c.spans] == spans  # every span, in order
    # a span longer than a window is cut into window-sized pieces; the cap keeps exactly max_speech_s
    long = plan_chunks([Span(0, 75 * RATE)], max_speech_s=50)
    assert [[(s.start, s.end) for s in c.spans] for c in long.chunks] == [[(0, 30 * RATE)], [(30 * RATE, 50 * RATE)]]
    assert long.speech_s == 75.0 and long.dropped_s == 25.0


def test_long_recording_keeps_what_is_said_after_the_first_minute(transcriber: Transcriber,
                                                                   long_clip: AudioClip) -> None:
    tr = transcriber.transcribe(long_clip)
    text = tr.text.lower()
    assert not tr.truncated and tr.dropped_s == 0.0
    assert tr.duration_s == pytest.approx(long_clip.duration_s)
    assert tr.language == "en"
    assert "platforms" in text  # the second recording
    assert "sorrow" in text and "cotton" in text  # the third, at ~1 minute
    assert "fellow americans" in text and "your country" in text  # the last one, after two minutes
    assert tr.segments[-1].end > long_clip.duration_s - 12  # its time is in the whole recording


def test_continuous_speech_longer_than_a_window(transcriber: Transcriber) -> None:
    """The five recordings back to back (0.3 s apart: no pause the VAD splits at), ~38 s of speech in one run."""
    pause = np.zeros(int(0.3 * RATE), np.float32)
    parts = [p for name in RECORDINGS for p in (load_audio(SPEECH / name).samples, pause)]
    clip = AudioClip(np.concatenate(parts), RATE)
    spans = speech_spans(clip.samples)
    assert max(s.seconds for s in spans) <= CHUNK_SECONDS and len(plan_chunks(spans).chunks) >= 2
    tr = transcriber.transcribe(clip, language="en")
    text = tr.text.lower()
    assert not tr.truncated
    assert "platforms" in text and "cotton" in text and "your country" in text


def test_speech_beyond_the_cap_is_reported(transcriber: Transcriber, long_clip: AudioClip, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    speech_s = plan_chunks(speech_spans(long_clip.samples)).speech_s
    tr = transcriber.transcribe(long_clip, max_speech_s=20)
    assert tr.truncated
    assert tr.dropped_s == pytest.approx(speech_s - 20, abs=0.01)
    assert "platforms" in tr.text.lower() and "country" not in tr.text.lower()

    from kiosk.cli import main

    wav = tmp_path / "long.wav"
    sf.write(wav, long_clip.samples, RATE, subtype="PCM_16")
    assert main(["transcribe", str(wav), "--lang", "en", "--max-speech", "20"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1] == (f"cut: {speech_s - 20:.1f}s of speech after the first 20s of speech were not transcribed "
                         "(split the recording to hear all of it)")


def _flip(path: Path, offset: int) -> None:
    with path.open("r+b") as fh:
        fh.seek(offset)
        b = fh.read(1)
        fh.seek(offset)
        fh.write(bytes([b[0] ^ 0xFF]))


def test_model_found_corrupt_at_run_time_is_dropped_until_verified(tmp_path: Path) -> None:
    """A COPY of the Whisper model under a temporary KIOSK_HOME gets one byte flipped while it is loaded."""
    jfk = load_audio(SPEECH / "jfk.wav")
    reg = Registry(home=tmp_path / "home")
    tr = Transcriber("whisper-base", registry=reg)
    assert "your country" in tr.transcribe(jfk).text.lower()

    model = tmp_path / "home" / "whisper-base" / "model.bin"
    if model.is_symlink():  # a link into the installed package is never touched: the test works on a copy
        copy = model.with_name("model.bin.copy")
        shutil.copyfile(model.resolve(), copy)
        os.replace(copy, model)
    _flip(model, model.stat().st_size // 2)
    alert_board().clear()
    reg.verify_in_background(["whisper-base"], start_delay_s=0, pause_per_mib_s=0).join(timeout=120)
    [alert] = alert_board().active()
    assert (alert.code, alert.model_id) == ("model_corrupt", "whisper-base")

    with pytest.raises(ModelUnavailable) as exc:
        tr.transcribe(jfk)
    assert exc.value.corrupt and exc.value.model_id == "whisper-base"
    assert not tr.usable
    with pytest.raises(ModelUnavailable):
        tr.detect_language(jfk)

    # the operator runs `kiosk models verify`: the model is re-assembled, found good, and reloaded on next use
    assert reg.verify("whisper-base").state == "ok"
    assert alert_board().active() == []
    assert tr.usable
    assert "your country" in tr.transcribe(jfk).text.lower()
