"""The kiosk's end-of-turn decision replayed offline, frame by frame: no microphone, no real-time clock.

`replay(samples)` runs the Recorder's StreamingVad + Endpointer over a recording and, at every pause, the real
recognizer over the utterance so far (as kiosk.asr.streaming does in the background); that transcript's
completeness (kiosk.asr.turn) reaches the Endpointer `asr_delay_ms` of audio later, as it would on the kiosk.
The same audio gives the same decision on any machine, however loaded: tests and benchmarks use it to check that
a thinking traveler is not cut off (`Replay.cut`) and how soon a finished one is answered (`Replay.end_wait_ms`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from kiosk.asr.types import Transcript
from kiosk.audio import ASR_RATE, EndpointConfig, Endpointer, StreamingVad
from kiosk.audio.vad import FRAME, FRAME_MS

__all__ = ["PauseSeen", "Replay", "pause_at", "replay", "splice_pause", "splice_total_pause"]


@dataclass(frozen=True)
class PauseSeen:
    """One pause and what recognition made of the words before it."""

    frame: int  # frame at which the pause was noticed (pause_ms of silence)
    text: str
    completeness: str  # "complete" | "incomplete" | "unsure"


@dataclass(frozen=True)
class Replay:
    """How the Endpointer ended the recording."""

    end_frame: int | None  # frame at which the utterance was declared finished (None: it never was)
    last_speech_frame: int | None  # the utterance's last speech frame by then
    cut: bool  # speech went on after the end was declared: the traveler was cut off
    pauses: tuple[PauseSeen, ...]

    @property
    def end_wait_ms(self) -> int | None:
        """Silence between the last speech frame and the end decision."""
        if self.end_frame is None or self.last_speech_frame is None:
            return None
        return (self.end_frame - self.last_speech_frame) * FRAME_MS


def replay(samples_16k: np.ndarray, transcribe: Callable[[np.ndarray], Transcript] | None,
           config: EndpointConfig | None = None, asr_delay_ms: int = 600, language: str | None = None) -> Replay:
    """Replay `samples_16k` through the endpointing. `transcribe(audio)` gives a pause's transcript (None: no
    on-the-fly recognition, the fixed end silence); its verdict counts from `asr_delay_ms` after the pause."""
    from kiosk.asr.streaming import transcript_completeness

    config = config or EndpointConfig()
    x = np.asarray(samples_16k, np.float32).ravel()
    probs = StreamingVad().push(x)
    delay = max(1, asr_delay_ms // FRAME_MS)
    # the background worker, as in StreamingTranscriber: one job at a time; a pause while it is busy waits as the
    # pending job (a newer pause replaces it, speech resuming drops it); the latest finished job is the verdict
    busy_until = -1
    pending: tuple[int, np.ndarray] | None = None
    latest: tuple[int, str] | None = None  # (frame its verdict is ready, verdict)
    paused = False
    frame = [0]

    def said() -> str:
        if not paused or pending is not None or latest is None or frame[0] < latest[0]:
            return "unsure"
        return latest[1]

    ep = Endpointer(config, said if transcribe is not None else None)
    pauses: list[PauseSeen] = []
    end = None

    def start(i: int, audio: np.ndarray) -> None:
        nonlocal busy_until, latest
        assert transcribe is not None
        tr = transcribe(audio)
        verdict = transcript_completeness(tr, language)
        busy_until = i + delay
        latest = (busy_until, verdict)
        pauses.append(PauseSeen(i, tr.text, verdict))

    for i, p in enumerate(probs):
        frame[0] = i
        if pending is not None and i >= busy_until:
            start(i, pending[1])
            pending = None
        event = ep.update(float(p))
        if event == "pause" and transcribe is not None:
            paused = True
            audio = ep.cut(x[: (i + 1) * FRAME])
            if audio is not None:
                if i >= busy_until:
                    start(i, audio)
                else:
                    pending = (i, audio)
        elif event == "resume":
            paused, pending = False, None
        elif event == "end":
            end = i
            break
    later = probs[end + 1:] if end is not None else np.zeros(0, np.float32)
    min_frames = max(1, config.min_speech_ms // FRAME_MS)
    cut_off = bool(end is not None and _longest_run(later >= config.threshold) >= min_frames)
    return Replay(end, ep.last_speech, cut_off, tuple(pauses))


def _longest_run(flags: np.ndarray) -> int:
    best = run = 0
    for f in flags:
        run = run + 1 if f else 0
        best = max(best, run)
    return best


def splice_pause(samples_16k: np.ndarray, at_s: float, pause_s: float, seed: int = 0) -> np.ndarray:
    """Insert `pause_s` of the recording's own background level at `at_s` (a word boundary): real speech with a
    longer pause where the speaker paused briefly. The filler is noise at the level of the quietest 20 ms."""
    x = np.asarray(samples_16k, np.float32).ravel()
    win = ASR_RATE // 50
    n = len(x) // win
    level = float(np.sqrt(np.min(np.mean(np.square(x[: n * win].reshape(n, win), dtype=np.float64), axis=1)))) \
        if n else 0.0
    filler = np.random.default_rng(seed).normal(0.0, level, int(pause_s * ASR_RATE)).astype(np.float32)
    at = int(at_s * ASR_RATE)
    return np.concatenate([x[:at], filler, x[at:]])


def pause_at(samples_16k: np.ndarray, at_s: float, span_s: float = 0.0,
             config: EndpointConfig | None = None) -> float:
    """Seconds of the longest silence overlapping [at_s, at_s + span_s], as the Endpointer counts silence
    (speech from `threshold`, staying speech down to `neg_threshold`): the pause a traveler makes there."""
    c = config or EndpointConfig()
    probs = StreamingVad().push(np.asarray(samples_16k, np.float32).ravel())
    speech = np.zeros(len(probs), bool)
    for i, p in enumerate(probs):
        speech[i] = p >= c.threshold or (i > 0 and speech[i - 1] and p >= c.neg_threshold)
    first = max(0, int(at_s * 1000) // FRAME_MS)
    last = min(len(probs) - 1, int((at_s + span_s) * 1000) // FRAME_MS)
    best, run, overlaps = 0, 0, False
    for i in range(len(probs)):
        if speech[i]:
            best = max(best, run) if overlaps else best
            run, overlaps = 0, False
            continue
        run += 1
        overlaps = overlaps or first <= i <= last
    best = max(best, run) if overlaps else best
    return best * FRAME_MS / 1000


def splice_total_pause(samples_16k: np.ndarray, at_s: float, pause_s: float, seed: int = 0) -> np.ndarray:
    """`splice_pause` making the longest silence at `at_s` `pause_s` long in all, as the Endpointer counts it
    (the gap already there, and the fading end of the word before it, count)."""
    inserted = pause_s
    out = splice_pause(samples_16k, at_s, inserted, seed)
    for _ in range(4):  # the VAD's view of the edges shifts a little with the filler's length: converge
        measured = pause_at(out, at_s, inserted)
        if abs(measured - pause_s) <= FRAME_MS / 1000:
            break
        inserted = max(0.0, inserted + pause_s - measured)
        out = splice_pause(samples_16k, at_s, inserted, seed)
    return out
