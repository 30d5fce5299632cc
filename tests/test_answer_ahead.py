"""The answer computed during the end-of-turn silence (issue 22, latency): used when the end holds, discarded when
speech resumes, after a reset or a touch edit; discarded work leaves nothing in the session nor in the logs.
Behaviour only: no test depends on how long anything takes."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

import numpy as np
import pytest

from kiosk.asr import Segment, Transcript
from kiosk.asr.ahead import AheadWorker
from kiosk.assistant import Assistant
from kiosk.audio import ASR_RATE, AudioClip, load_audio
from kiosk.pipeline_ahead import adopt, answer_ahead
from kiosk.session import Session

SPEECH = Path(__file__).parent / "data" / "speech"
log = logging.getLogger("tests.ahead")


def heard(text: str, lang: str = "en") -> Transcript:
    """What a confident recognition of `text` hands out (the input of a turn, not a model)."""
    return Transcript(text, lang, 0.99, 3.0, (Segment(0.0, 3.0, text, -0.1, 0.01),), "whisper-base", 0.5)


def _done(worker: AheadWorker, key: object, work):  # type: ignore[no-untyped-def]
    ahead = worker.submit(key, work)
    assert ahead.done.wait(30)
    return ahead


def test_logs_of_work_ahead_are_replayed_when_used_and_dropped_when_discarded(
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    worker = AheadWorker()
    try:
        def work(tag: str) -> str:
            log.info("worked on %s", tag)
            return tag

        used = _done(worker, "a", lambda: work("kept"))
        dropped = _done(worker, "b", lambda: work("dropped"))
        assert [r.getMessage() for r in caplog.records if r.name == "tests.ahead"] == []  # held while undecided
        dropped.discard()
        assert used.commit() == "kept"
        assert dropped.commit() is None
        assert [r.getMessage() for r in caplog.records if r.name == "tests.ahead"] == ["worked on kept"]
        assert used.commit() == "kept"  # committing twice replays nothing twice
        assert [r.getMessage() for r in caplog.records if r.name == "tests.ahead"] == ["worked on kept"]
    finally:
        worker.close()


def test_work_not_started_runs_once_at_commit_and_a_failure_gives_none() -> None:
    worker = AheadWorker()
    gate, release = threading.Event(), threading.Event()
    try:
        blocking = worker.submit("first", lambda: (gate.set(), release.wait(30)) and "first")
        assert gate.wait(30)
        runs: list[str] = []
        waiting = worker.submit("second", lambda: runs.append("second") or "second")  # queued behind the first
        assert waiting.commit() == "second"  # not started: run here and now, not behind the older work...
        release.set()
        assert blocking.commit() == "first"
        assert _done(worker, "third", lambda: "third").commit() == "third"
        assert runs == ["second"]  # ... and only once (the worker does not run it again)

        def fail() -> str:
            raise RuntimeError("boom")

        assert _done(worker, "x", fail).commit() is None
    finally:
        release.set()
        worker.close()


def test_answer_ahead_touches_nothing_until_adopted(rules_only: Assistant) -> None:
    session = Session(language="en")
    words = heard("I have 3 cartons of cigarettes.")
    worker = AheadWorker()
    try:
        ahead = _done(worker, words, lambda: answer_ahead(lambda: rules_only, session)(words))
        assert session.conversation is None and session.exchanges == []  # computed on a copy
        answer = adopt(ahead, session, words.text, "en")
        assert answer is not None and session.basket == answer.basket
        assert [it.category for it in session.basket] == ["cigarettes"]
        # the same words asked the ordinary way give the same answer
        plain = Session(language="en").converse(rules_only).ask(words.text, "en", from_speech=True)
        assert (plain.verdict, [(b.category, b.quantity) for b in plain.basket]) == \
            (answer.verdict, [(b.category, b.quantity) for b in answer.basket])
        # a second turn builds on the adopted state
        more = heard("And 2 bottles of whisky.")
        ahead2 = _done(worker, more, lambda: answer_ahead(lambda: rules_only, session)(more))
        second = adopt(ahead2, session, more.text, "en")
        assert second is not None
        assert sorted(it.category for it in session.basket) == ["alcohol", "cigarettes"]
    finally:
        worker.close()


def test_answer_ahead_is_not_used_after_a_touch_edit_a_reset_or_other_words(rules_only: Assistant) -> None:
    worker = AheadWorker()
    try:
        session = Session(language="en")
        session.converse(rules_only).ask("I have 2 bottles of whisky.", "en")
        words = heard("I have 3 cartons of cigarettes.")
        ahead = _done(worker, words, lambda: answer_ahead(lambda: rules_only, session)(words))
        item = session.basket[0].id
        session.converse(rules_only).remove(item)  # a touch edit while the traveler was still silent
        assert adopt(ahead, session, words.text, "en") is None
        assert session.basket == ()  # the copy's basket (whisky + cigarettes) did not come back

        session = Session(language="en")
        ahead = _done(worker, words, lambda: answer_ahead(lambda: rules_only, session)(words))
        session.wipe()  # reset: a new traveler
        assert adopt(ahead, session, words.text, "en") is None
        assert session.conversation is None and session.exchanges == []

        session = Session(language="en")
        ahead = _done(worker, words, lambda: answer_ahead(lambda: rules_only, session)(words))
        assert adopt(ahead, session, "I have 3 cartons of cigarettes and a knife.", "en") is None
        assert adopt(ahead, session, words.text, "ko") is None
        assert session.conversation is None

        unsure = Transcript("I have 3 cartons", "en", 0.99, 3.0, (Segment(0, 3, "I have 3 cartons", -2.0, 0.01),),
                            "whisper-base", 0.5)
        assert not unsure.confident
        assert answer_ahead(lambda: rules_only, Session(language="en"))(unsure) is None
    finally:
        worker.close()


@pytest.mark.slow
def test_streaming_speculation_discarded_on_resumed_speech_committed_when_the_end_holds(
        caplog: pytest.LogCaptureFixture) -> None:
    """The real recognizer on a real recording: the work done on a pause that speech went on after is never
    handed out and its logs never written; the work on the final pause is."""
    from kiosk.asr.streaming import StreamingTranscriber

    caplog.set_level(logging.INFO)
    x = load_audio(SPEECH / "en" / "stp_what_time_is_it.flac").samples
    first = np.asarray(x[: len(x) // 2], np.float32)

    def work(tr: Transcript) -> str:
        log.info("answered %d samples", int(round(tr.duration_s * ASR_RATE)))
        return tr.text

    with StreamingTranscriber(language="en", ahead=work) as st:
        st.begin()
        st.pause(first)  # a pause halfway: its transcript, and maybe the work on it, are made...
        for _ in range(600):
            if st.partial():
                break
            threading.Event().wait(0.05)
        assert st.partial()
        st.resume()  # ... and the traveler went on speaking
        st.pause(x)
        final = st.result(AudioClip(x, ASR_RATE))
        assert st.last_result is not None and st.last_result.reused
        ahead = st.claim_ahead()
        assert ahead is not None and ahead.key is final
        assert ahead.commit() == final.text
    said = [r.getMessage() for r in caplog.records if r.name == "tests.ahead"]
    assert said == [f"answered {int(round(final.duration_s * ASR_RATE))} samples"]


@pytest.mark.slow
def test_a_spoken_turn_uses_the_answer_computed_at_its_last_pause(rules_only: Assistant,
                                                                   caplog: pytest.LogCaptureFixture) -> None:
    """Pipeline.traveler_turn as the microphone path runs it: the recognition made at the last pause (with its
    answer computed ahead) is the final one; the turn records that answer once, like one computed after the end."""
    from kiosk.asr.streaming import StreamingTranscriber
    from kiosk.events import Answered, Heard
    from kiosk.pipeline import Pipeline, run

    caplog.set_level(logging.DEBUG, logger="kiosk.pipeline")
    clip = AudioClip(load_audio(SPEECH / "en" / "stp_what_time_is_it.flac").samples, ASR_RATE)
    pipeline = Pipeline(play_audio=False)
    pipeline.assistant = lambda: rules_only  # type: ignore[method-assign]
    answers = []
    for ahead in (True, False):
        session = Session(language="en")
        if ahead:  # what the recorder's listener did while the traveler spoke: the last pause is the clip
            live = StreamingTranscriber(pipeline.asr_model, language="en",
                                        ahead=answer_ahead(pipeline.assistant, session))
            live.begin()
            live.pause(clip.samples)
            pipeline._live[id(clip)] = live
        events = run(pipeline.traveler_turn(session, clip, speak=False))
        answer = next(e for e in events if isinstance(e, Answered)).answer
        assert next(e for e in events if isinstance(e, Heard)).transcript.text.strip()
        assert len(session.exchanges) == 1 and session.last_answer is answer
        answers.append((answer.verdict, answer.answer, [b.category for b in session.basket]))
        used = sum(r.getMessage() == "answer computed during the end silence" for r in caplog.records)
        assert used == 1  # the turn with the pause's work used it; the one without computed its own
    assert answers[0] == answers[1]
    assert pipeline._aheads == {} and pipeline._live == {}
