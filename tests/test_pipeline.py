"""The turn pipeline without Qt: a whole traveler turn from a WAV file to answer audio, an interpretation turn,
failures as events, and a reset while a turn is in flight."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from kiosk.audio import AudioClip, load_audio, save_wav
from kiosk.cli import main
from kiosk.events import Answered, Done, Failed, Heard, Recorded, Speaking, Translated
from kiosk.pipeline import Pipeline, run
from kiosk.session import Session
from kiosk.tts import get_speaker

pytestmark = pytest.mark.slow

QUESTION = "I am carrying fifteen thousand dollars in cash."


@pytest.fixture(scope="module")
def question_wav(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pipeline") / "question.wav"
    save_wav(get_speaker().synthesize(QUESTION, "en"), path)
    return path


def test_traveler_turn_from_wav_to_answer_audio(question_wav: Path) -> None:
    session = Session()
    events = run(Pipeline(play_audio=False).traveler_turn(session, question_wav))
    kinds = [e.kind for e in events]
    speaking = [e for e in events if isinstance(e, Speaking)]
    # the order a renderer relies on
    assert kinds[:5] == ["Recorded", "Thinking", "Heard", "Thinking", "Answered"]
    assert kinds[-1] == "Done" and len(speaking) >= 1 and set(kinds[5:-1]) == {"Speaking"}
    assert all(b.t >= a.t for a, b in zip(events, events[1:], strict=False)), "timestamps are monotonic"
    heard = next(e for e in events if isinstance(e, Heard))
    assert heard.language == "en" and "cash" in heard.transcript.text.lower()
    answer = next(e for e in events if isinstance(e, Answered)).answer
    assert answer.verdict == "declare" and answer.language == "en"
    assert any(i.category == "cash" for i in answer.items)
    samples = np.concatenate([s.chunk.samples for s in speaking])
    assert len(samples) / speaking[0].chunk.sample_rate > 1.0 and float(np.abs(samples).max()) > 0.05
    # recorded into the one store
    done = events[-1]
    assert isinstance(done, Done) and done.result is answer and not done.stopped
    assert session.language == "en" and session.last_answer is answer and len(session.audio) == 1
    assert session.utterances == [heard.transcript.text]


def test_typed_turn_and_brief_speech() -> None:
    session = Session(language="en")
    pipeline = Pipeline(play_audio=False)
    full = run(pipeline.traveler_turn(session, text="I have 3 cartons of cigarettes.", speak=True))
    brief = run(pipeline.traveler_turn(session, text="I have 3 cartons of cigarettes.", brief=True))
    said_full = sum(len(e.chunk.samples) for e in full if isinstance(e, Speaking))
    said_brief = sum(len(e.chunk.samples) for e in brief if isinstance(e, Speaking))
    assert [e.kind for e in full][:2] == ["Thinking", "Answered"]
    assert 0 < said_brief < said_full, "accessibility mode speaks the key sentence only"
    assert len(session.exchanges) == 2


def test_silence_fails_as_an_event_not_an_exception() -> None:
    session = Session()
    clip = AudioClip(np.zeros(16000 * 2, np.float32), 16000)
    events = run(Pipeline(play_audio=False).traveler_turn(session, clip))
    assert [e.kind for e in events] == ["Recorded", "Thinking", "Failed"]
    status = events[-1].status  # type: ignore[attr-defined]
    assert status.code == "not_understood" and status.message_key == "err_not_understood"
    assert status.step == "understand" and session.exchanges == []


def test_unreadable_audio_fails_with_audio_status(tmp_path: Path) -> None:
    bad = tmp_path / "bad.wav"
    bad.write_bytes(b"RIFF\x00\x00not a wav")
    events = run(Pipeline(play_audio=False).traveler_turn(Session(), bad))
    assert len(events) == 1 and isinstance(events[0], Failed)
    assert events[0].status.code == "audio" and events[0].status.step == "listen"


def test_reset_during_a_turn_records_nothing(question_wav: Path) -> None:
    session = Session()
    turn = Pipeline(play_audio=False).traveler_turn(session, question_wav)
    first = next(turn)
    assert isinstance(first, Recorded)
    assert next(turn).kind == "Thinking"
    session.wipe()  # the traveler walked away while the kiosk was transcribing
    rest = list(turn)
    assert rest[-1].kind == "Done" and rest[-1].stopped  # type: ignore[attr-defined]
    assert not any(isinstance(e, Answered | Speaking) for e in rest)
    assert session.is_empty()


def test_interpretation_turn(question_wav: Path) -> None:
    session = Session()
    events = run(Pipeline(play_audio=False).interpret_turn(session, "traveler", question_wav, speak=False))
    assert [e.kind for e in events] == ["Recorded", "Thinking", "Translated", "Done"]
    turn = next(e for e in events if isinstance(e, Translated)).turn
    assert turn.side == "traveler" and turn.source_lang == "en" and turn.target_lang == "ko"
    assert session.interpret_turns == (turn,) and session.language == ("en" if not turn.flagged else None)
    session.wipe()
    assert session.interpret_turns == () and turn.audio is not None and not turn.audio.samples.any()


def test_unknown_side_fails_cleanly(question_wav: Path) -> None:
    events = run(Pipeline(play_audio=False).interpret_turn(Session(), "pilot", question_wav))  # type: ignore[arg-type]
    assert [e.kind for e in events] == ["Failed"] and events[0].status.code == "bad_input"  # type: ignore[attr-defined]


def test_cli_converse_json_and_answer_wav(question_wav: Path, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "answer.wav"
    rc = main(["converse", str(question_wav), "--text", "And 2 cartons of cigarettes.", "--json", "-o", str(out)])
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert rc == 0
    kinds = [x["event"] for x in lines]
    assert kinds.count("Done") == 2 and kinds.count("Answered") == 2 and kinds[0] == "Recorded"
    answers = [x["answer"] for x in lines if x["event"] == "Answered"]
    assert answers[0]["verdict"] == "declare" and answers[0]["language"] == "en"
    clip = load_audio(out)
    assert clip.duration_s > 1.0


def test_cli_converse_failure_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    silent = tmp_path / "silence.wav"
    save_wav(AudioClip(np.zeros(16000, np.float32), 16000), silent)
    assert main(["converse", str(silent)]) == 1
    out = capsys.readouterr().out
    assert "error (understand: not_understood)" in out
    assert main(["converse", str(tmp_path / "missing.wav")]) == 2


def test_brief_speech_is_the_verdict_sentence_in_every_script() -> None:
    """Accessibility mode speaks the key sentence: the verdict sentence the answer starts with — also in zh/ja,
    where sentences end without a space, and th, where they end without a full stop."""
    from kiosk.assistant.templates import load_templates, split_answer

    for lang in ("zh", "ja", "th", "ko"):
        session = Session(language=lang)
        events = run(Pipeline(play_audio=False).traveler_turn(session, text="3 kg beef", brief=True, speak=False))
        answer = next(e for e in events if isinstance(e, Answered)).answer
        key, rest = split_answer(answer)
        assert key == load_templates(lang)["verdict"][answer.verdict].strip() and rest
