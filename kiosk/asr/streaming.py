"""Recognition while the traveler speaks, so that little or nothing is left to do when they have finished.

Whisper always encodes a 30 s window, so transcribing a growing buffer over and over costs the same each time;
what pays is to start at the right moment. `StreamingTranscriber` is the `UtteranceListener` the `Recorder` tells
about pauses: at every pause (128 ms of silence after speech) it transcribes the utterance so far in a background
thread. If the traveler has finished, that clip is exactly the final utterance (same samples), so `result()`
returns that transcript — it was computed during the end silence, while the recorder was still waiting. If they
go on speaking, the next pause starts a new run (the older one is only a partial transcript; one not started
yet is dropped). Each run is one greedy decode with a token cap (`speculative`), so a pause Whisper finds hard
cannot keep the worker busy for seconds (up to six temperature-fallback decodes, or a 448-token loop: once in
bench_voice_to_voice the final pause's run waited 1.7 s behind an earlier one); a run that the full decoding
would have redone is not `settled`, and the final clip is then transcribed again normally. The final text is the
same full-utterance Whisper transcription as without streaming: accuracy is unchanged.

With `ahead`, the transcript of each pause is also handed to that function in another thread (kiosk.asr.ahead:
the pipeline computes the answer there), so that when the end silence confirms the end, the answer is ready;
`claim_ahead()` after `result()` gives that work for the final transcript; speech resuming discards it.

`completeness()` tells the recorder whether the transcript of the current pause is a complete sentence (then a
shorter end silence suffices), an unfinished one (then it waits longest) or neither (kiosk.asr.turn.judge).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from kiosk.asr import Transcript, get_transcriber
from kiosk.asr.ahead import Ahead, AheadWorker
from kiosk.asr.turn import Completeness, judge, looks_complete
from kiosk.audio import ASR_RATE, AudioClip

log = logging.getLogger(__name__)

__all__ = ["ResultInfo", "StreamingTranscriber", "looks_complete", "names_goods", "transcript_completeness"]

def names_goods(text: str, lang: str) -> bool:
    """The words name something a traveler brings (the assistant's lexicon, or a noun it does not know): a
    statement the kiosk can answer (kiosk.asr.turn.judge)."""
    from kiosk.assistant.parser import parse_question

    try:
        q = parse_question(text, lang)
    except Exception as exc:  # unsure of the words: do not hold the traveler longer for it
        log.debug("goods check failed (%s)", type(exc).__name__)
        return True
    return bool(q.items) or q.mentions > 0 or bool(q.unaccounted)


def transcript_completeness(tr: Transcript, language: str | None = None) -> Completeness:
    """`judge` of a pause's transcript; an unsettled or not confident one is never "complete"."""
    said = judge(tr.text, tr.language or language, names_goods)
    if said == "complete" and not (tr.settled and tr.confident):
        return "unsure"
    return said


@dataclass
class _Job:
    generation: int
    audio: np.ndarray
    done: threading.Event
    transcript: Transcript | None = None
    error: BaseException | None = None
    started: float = 0.0
    finished: float = 0.0
    ahead: Ahead | None = None  # the work done ahead on this pause's transcript


@dataclass(frozen=True)
class ResultInfo:
    """How the last `result()` was obtained (for benchmarks and logs)."""

    reused: bool  # the background transcript of the last pause was the final one
    started: float  # time.monotonic() when its recognition started
    finished: float


class StreamingTranscriber:
    """Transcribes each pause of the current utterance in the background (an `UtteranceListener`).

    `language` is the recognition hint (None: detect). `on_partial(text)` is called from the worker thread
    with each pause's transcript (for the screen). `ahead(transcript)` is run on each settled pause transcript
    in a thread of its own, for the work after the end (see `claim_ahead`); it must not touch shared state."""

    def __init__(self, model_id: str | None = None, language: str | None = None,
                 on_partial: Callable[[str], None] | None = None,
                 ahead: Callable[[Transcript], object] | None = None) -> None:
        from kiosk.config import settings

        self._transcriber = get_transcriber(model_id or settings().asr_model)
        self.language = language
        self.on_partial = on_partial
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)
        self._generation = 0
        self._pending: _Job | None = None
        self._latest: _Job | None = None  # the last job started (running or done)
        self._paused = False
        self._closed = False
        self.last_result: ResultInfo | None = None
        self._ahead_fn = ahead
        self._ahead = AheadWorker() if ahead is not None else None
        self._final: _Job | None = None  # the job whose transcript `result()` returned
        self._thread = threading.Thread(target=self._work, name="asr-streaming", daemon=True)
        self._thread.start()

    # ---- UtteranceListener -----------------------------------------------------------------------------
    def begin(self) -> None:
        with self._lock:
            self._generation += 1
            self._pending = None
            self._drop_ahead(self._latest)
            self._latest = None
            self._paused = False

    def pause(self, audio_16k: np.ndarray) -> None:
        job = _Job(self._generation, np.array(audio_16k, np.float32, copy=True), threading.Event())
        with self._wake:
            self._paused = True
            self._pending = job  # a newer pause replaces one that has not started
            self._wake.notify()

    def resume(self) -> None:
        with self._lock:
            self._paused = False
            self._pending = None  # not started yet and no longer the utterance: it would only delay the next one
            self._drop_ahead(self._latest)  # that pause was not the end: its answer must not be used

    @staticmethod
    def _drop_ahead(job: _Job | None) -> None:
        if job is not None and job.ahead is not None:
            job.ahead.discard()

    def completeness(self) -> Completeness:
        """"complete" | "incomplete" | "unsure" for the transcript of the current pause ("unsure" while it is not
        there yet; an unsettled or not confident transcript is never "complete")."""
        with self._lock:
            job = self._latest if self._paused and self._pending is None else None
        if job is None or not job.done.is_set() or job.transcript is None:
            return "unsure"
        return transcript_completeness(job.transcript, self.language)

    def is_complete(self) -> bool:
        return self.completeness() == "complete"

    def partial(self) -> str:
        with self._lock:
            job = self._latest
        return job.transcript.text if job is not None and job.transcript is not None else ""

    # ---- the final transcript ----------------------------------------------------------------------------
    def result(self, clip: AudioClip, timeout: float = 30.0) -> Transcript:
        """The transcript of the finished utterance: the background one when it was made from exactly these
        samples (waiting for it if it is still running), else a transcription now."""
        samples = clip.samples if clip.sample_rate == ASR_RATE else None
        with self._lock:
            candidates = [j for j in (self._pending, self._latest) if j is not None]
        for job in candidates:
            same = samples is not None and len(job.audio) == len(samples) and np.array_equal(job.audio, samples)
            if same and job.done.wait(timeout) and job.transcript is not None and job.transcript.settled:
                self.last_result = ResultInfo(True, job.started, job.finished)
                self._final = job
                return job.transcript
        t0 = time.monotonic()
        transcript = self._transcriber.transcribe(clip, language=self.language)
        self.last_result = ResultInfo(False, t0, time.monotonic())
        return transcript

    def claim_ahead(self) -> Ahead | None:
        """After `result()`: the work done ahead on the final transcript (None when there is none: the final
        clip was transcribed anew, or no `ahead` was given). The caller commits or discards it; `close()` no
        longer does."""
        with self._lock:
            job, self._final = self._final, None
            ahead = job.ahead if job is not None else None
            if job is not None:
                job.ahead = None
            if ahead is not None:
                ahead.claimed = True
        return ahead

    def close(self) -> None:
        with self._wake:
            self._closed = True
            for job in (self._pending, self._latest, self._final):
                self._drop_ahead(job)
            self._wake.notify()
        if self._ahead is not None:
            self._ahead.close()
        self._thread.join(timeout=30)

    def __enter__(self) -> StreamingTranscriber:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- worker ------------------------------------------------------------------------------------------
    def _start_ahead(self, job: _Job) -> None:
        """Hand a settled pause transcript to the ahead work, unless speech resumed or a newer pause came."""
        tr, fn = job.transcript, self._ahead_fn
        if tr is None or fn is None or self._ahead is None or not tr.settled:
            return
        with self._lock:
            if (self._closed or job.generation != self._generation or self._latest is not job or not self._paused
                    or self._pending is not None):
                return
            job.ahead = self._ahead.submit(tr, lambda: fn(tr))

    def _work(self) -> None:
        while True:
            with self._wake:
                while self._pending is None and not self._closed:
                    self._wake.wait()
                if self._closed:
                    return
                job, self._pending = self._pending, None
                assert job is not None
                if job.generation != self._generation:
                    continue
                self._latest = job
            job.started = time.monotonic()
            try:
                job.transcript = self._transcriber.transcribe(AudioClip(job.audio, ASR_RATE),
                                                              language=self.language, speculative=True)
            except BaseException as exc:  # handed to result(), which then transcribes itself
                job.error = exc
                log.warning("streaming asr failed (%s)", type(exc).__name__)
            job.finished = time.monotonic()
            self._start_ahead(job)
            job.done.set()
            if job.transcript is not None and self.on_partial is not None and job.transcript.text:
                try:
                    self.on_partial(job.transcript.text)
                except Exception as exc:  # a display problem must not stop recognition
                    log.warning("on_partial failed (%s)", type(exc).__name__)
