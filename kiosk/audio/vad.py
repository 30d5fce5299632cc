"""Voice activity detection with Silero VAD (the v6 ONNX model faster-whisper ships).

* `endpoint()` finds the utterance in a whole clip (files, tests).
* `StreamingVad` runs the same model frame by frame, keeping its LSTM state: each 32 ms frame is looked at once,
  so a live decision costs ~0.2 ms per frame instead of re-scanning the whole buffer.
* `Endpointer` turns frame probabilities into "speech started", "paused" and "finished" with an end silence that
  adapts to what on-the-fly recognition heard so far (kiosk.asr.turn: short after a complete sentence, longest
  after an unfinished one, "and ...", "위스키 두 병이랑 ..."), and is longer in accessibility mode.
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from kiosk.audio.clip import ASR_RATE

FRAME = 512  # samples per Silero decision at 16 kHz (32 ms)
FRAME_MS = FRAME * 1000 // ASR_RATE
_CONTEXT = 64  # samples of the previous frame the model sees with each frame


def _speech_spans(samples_16k: np.ndarray, threshold: float, min_speech_ms: int,
                  min_silence_ms: int) -> list[dict[str, int]]:
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    opts = VadOptions(threshold=threshold, min_speech_duration_ms=min_speech_ms,
                      min_silence_duration_ms=min_silence_ms, speech_pad_ms=0)
    audio = np.ascontiguousarray(samples_16k, dtype=np.float32)
    return list(get_speech_timestamps(audio, opts, sampling_rate=ASR_RATE))


def endpoint(samples_16k: np.ndarray, *, end_silence_ms: int = 700, threshold: float = 0.5,
             min_speech_ms: int = 250, pad_ms: int = 200, final: bool = True) -> tuple[int, int] | None:
    """Find the utterance in 16 kHz mono audio with Silero VAD.

    Returns (start, end) sample indexes (padded by `pad_ms`) spanning all speech, or None when there is no speech.
    With final=False (live capture) it also returns None until the speech has been followed by at least
    `end_silence_ms` of silence, i.e. until the speaker has finished.
    """
    x = np.asarray(samples_16k, dtype=np.float32).ravel()
    if len(x) < ASR_RATE // 10:
        return None
    spans = _speech_spans(x, threshold, min_speech_ms, end_silence_ms)
    if not spans:
        return None
    start, end = spans[0]["start"], spans[-1]["end"]
    if not final and len(x) - end < end_silence_ms * ASR_RATE // 1000:
        return None
    pad = pad_ms * ASR_RATE // 1000
    return max(0, start - pad), min(len(x), end + pad)


@functools.cache
def _silero_session() -> Any:
    import onnxruntime as ort
    from faster_whisper.utils import get_assets_path

    opts = ort.SessionOptions()
    # one 32 ms frame is a tiny graph: more threads only add hand-over cost (and take a core from Whisper)
    opts.inter_op_num_threads = 1
    opts.intra_op_num_threads = 1
    opts.log_severity_level = 4
    return ort.InferenceSession(os.path.join(get_assets_path(), "silero_vad_v6.onnx"),
                                providers=["CPUExecutionProvider"], sess_options=opts)


class StreamingVad:
    """Silero VAD over a live stream: `push()` new 16 kHz samples, get one speech probability per 32 ms frame.

    Stateful (LSTM state and 64 samples of context carried from frame to frame), so the probabilities are the
    ones `endpoint()` computes over the whole buffer, without ever looking at a frame twice."""

    def __init__(self) -> None:
        self._session = _silero_session()
        self._lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        self._h = np.zeros((1, 1, 128), np.float32)
        self._c = np.zeros((1, 1, 128), np.float32)
        self._context = np.zeros(_CONTEXT, np.float32)
        self._pending = np.zeros(0, np.float32)

    def push(self, samples_16k: np.ndarray) -> np.ndarray:
        """Probabilities for every complete frame now available (the remainder waits for the next push)."""
        x = np.concatenate([self._pending, np.asarray(samples_16k, np.float32).ravel()])
        n = len(x) // FRAME
        self._pending = x[n * FRAME:]
        if n == 0:
            return np.zeros(0, np.float32)
        frames = x[: n * FRAME].reshape(n, FRAME)
        contexts = np.concatenate([self._context[None, :], frames[:-1, -_CONTEXT:]], axis=0)
        batch = np.concatenate([contexts, frames], axis=1)
        with self._lock:
            probs, self._h, self._c = self._session.run(None, {"input": batch, "h": self._h, "c": self._c})
        self._context = frames[-1, -_CONTEXT:].copy()
        return np.asarray(probs, np.float32).reshape(-1)


@dataclass(frozen=True)
class EndpointConfig:
    """When an utterance counts as finished. Times in milliseconds."""

    threshold: float = 0.5  # a frame is speech at this probability...
    neg_threshold: float = 0.35  # ...and silence again below this one (hysteresis, as Silero recommends)
    min_speech_ms: int = 160  # speech shorter than this (a click, a cough) does not start an utterance...
    max_gap_ms: int = 300  # ...counted over speech frames no further apart than this (a first word may stutter)
    pause_ms: int = 128  # silence after speech that counts as a pause (on-the-fly recognition starts here)
    end_silence_ms: int = 700  # silence that ends the utterance (without on-the-fly recognition, or when it
    # says the words so far form a complete sentence: kiosk.asr.turn.judge)...
    unsure_end_silence_ms: int = 1700  # ...when on-the-fly recognition runs but has not (yet) said so...
    incomplete_end_silence_ms: int = 2500  # ...and when the words so far end unfinished (a conjunction, a
    # particle, a connective ending, a number without its unit): the traveler is thinking of a price or a count.
    # Natural pauses inside a sentence last up to ~1.5 s (issue 22: 3 of 14 real recordings were cut at ~1 s with
    # the former 1000 ms), so only a sentence the transcript shows complete may end sooner than that; 200 ms above
    # 1.5 s (2.5 s in accessibility mode) because the VAD may count a word's fading end as silence.
    # Measured: benchmarks/bench_turn_taking.py (real recordings with natural and spliced pauses).
    # Whisper-base needs ~0.55 s on 2 cores, so the transcript that says "complete" is rarely there before ~0.75 s.
    pad_ms: int = 200  # audio kept before the first speech frame...
    end_pad_ms: int = 200  # ...and after the last one: the first pause_ms of it recorded, the rest digital
    # silence, so that the clip recognized at the last pause is exactly the final utterance (its transcript is used
    # as it is) and recognition starts 128 ms, not 200 ms, after the last word. Measured on 87 placed clips
    # (29 utterances x 3 placements: benchmarks/bench_endpoint_accuracy.py --end-pads, results/endpoint_end_pads.json):
    # recorded 200 ms error 0.194; recorded 128 ms alone 0.200 (Whisper drops a last syllable now and then);
    # 128 ms + 72 ms of silence 0.191; 96 + 104 ms 0.191 (not taken: a 96 ms pause falls between words, and an
    # unneeded recognition started there delays the one at the real end). On the 58 placements of its default
    # mode (--pause-ms 200 vs default): 0.187 vs 0.194, same cuts, single last syllables flipping both ways;
    # all 145 together 0.191 vs 0.192: within noise, for 72 ms sooner.

    @classmethod
    def for_accessibility(cls) -> EndpointConfig:
        """Slower speakers pause longer inside a sentence: wait longer before deciding they have finished."""
        return cls(end_silence_ms=1200, unsure_end_silence_ms=2700, incomplete_end_silence_ms=3500)

    def end_silence_for(self, completeness: str | None) -> int:
        """Silence that ends the utterance given what on-the-fly recognition says (None: it does not run)."""
        if completeness is None or completeness == "complete":
            return self.end_silence_ms
        return self.incomplete_end_silence_ms if completeness == "incomplete" else self.unsure_end_silence_ms


class Endpointer:
    """Frame-by-frame utterance state from VAD probabilities. Frame indexes count from the stream start."""

    def __init__(self, config: EndpointConfig | None = None,
                 is_complete: Callable[[], bool | str] | None = None) -> None:
        """`is_complete` tells whether the words up to the current pause are a complete sentence: True/False, or
        "complete" | "incomplete" | "unsure" (kiosk.asr.turn.Completeness; False counts as "unsure")."""
        self.config = config or EndpointConfig()
        self.is_complete = is_complete
        self.frames = 0
        self.first_speech: int | None = None  # first frame of the utterance
        self.last_speech: int | None = None  # last speech frame so far
        self._candidate: int | None = None  # first speech frame of a possible start
        self._run = 0  # speech frames since then
        self._gap = 0  # silent frames since the last speech frame (before the utterance has started)
        self._in_speech = False
        self.paused = False
        self.ended = False

    def _ms(self, frames: int) -> int:
        return frames * FRAME_MS

    @property
    def started(self) -> bool:
        return self.first_speech is not None

    def silence_ms(self) -> int:
        return self._ms(self.frames - 1 - self.last_speech) if self.last_speech is not None else 0

    def update(self, prob: float) -> str:
        """Feed one frame's probability. Returns "" | "start" | "pause" | "resume" | "end"."""
        c = self.config
        i = self.frames
        self.frames += 1
        if self.ended:
            return ""
        speech = prob >= c.threshold or (self._in_speech and prob >= c.neg_threshold)
        self._in_speech = speech
        if not self.started:
            if speech:
                if self._candidate is None:
                    self._candidate = i
                self._run += 1
                self._gap = 0
                if self._run * FRAME_MS >= c.min_speech_ms:
                    self.first_speech = self._candidate
                    self.last_speech = i
                    return "start"
            elif self._candidate is not None:
                self._gap += 1
                if self._gap * FRAME_MS > c.max_gap_ms:
                    self._candidate, self._run, self._gap = None, 0, 0
            return ""
        if speech:
            self.last_speech = i
            if self.paused:
                self.paused = False
                return "resume"
            return ""
        silence = self.silence_ms()
        if not self.paused and silence >= c.pause_ms:
            self.paused = True
            return "pause"
        if silence >= c.end_silence_ms and silence >= c.end_silence_for(self.completeness()):
            self.ended = True
            return "end"
        return ""

    def completeness(self) -> str | None:
        """What on-the-fly recognition says of the words so far (None without it)."""
        if self.is_complete is None:
            return None
        said = self.is_complete()
        if isinstance(said, bool):
            return "complete" if said else "unsure"
        return said

    def span(self, total_samples: int) -> tuple[int, int] | None:
        """(start, end) sample indexes of the utterance's recorded audio with its pads, or None before speech
        (the end pad's recorded part is at most `pause_ms`: see `cut`)."""
        if self.first_speech is None or self.last_speech is None:
            return None
        pad = self.config.pad_ms * ASR_RATE // 1000
        end_pad = min(self.config.end_pad_ms, self.config.pause_ms) * ASR_RATE // 1000
        return max(0, self.first_speech * FRAME - pad), min(total_samples, (self.last_speech + 1) * FRAME + end_pad)

    def cut(self, audio: np.ndarray) -> np.ndarray | None:
        """The utterance as Whisper gets it: its `span` of `audio` (the samples so far, from the stream start),
        then digital silence up to `end_pad_ms` after the last speech frame. At a pause this is already the whole
        utterance if the speaker has finished, so the transcript made then is the final one."""
        span = self.span(len(audio))
        if span is None:
            return None
        fill = max(0, self.config.end_pad_ms - self.config.pause_ms) * ASR_RATE // 1000
        out = np.asarray(audio[span[0]:span[1]], dtype=np.float32)
        return np.concatenate([out, np.zeros(fill, np.float32)]) if fill else out.copy()
