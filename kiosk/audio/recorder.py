"""Microphone capture that knows when the traveler has finished speaking.

The input stream is opened once and stays open: while nobody is listening the last `preroll_s` of sound is kept in
a ring buffer (memory only), so a word spoken right as the traveler taps "speak" is not lost (the pre-roll is used
only when speech is going on at the moment listening starts). While listening,
every 32 ms frame goes once through a stateful Silero VAD (`StreamingVad`) and an `Endpointer`: the utterance ends
after a silence that depends on what an `UtteranceListener` (on-the-fly recognition,
`kiosk.asr.streaming.StreamingTranscriber`) says of the words so far: short after a complete sentence, longest after
an unfinished one (EndpointConfig).
"""

from __future__ import annotations

import collections
import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from kiosk.audio.clip import ASR_RATE, AudioClip
from kiosk.audio.device import portaudio
from kiosk.audio.errors import MicrophoneUnavailable
from kiosk.audio.vad import FRAME, EndpointConfig, Endpointer, StreamingVad

log = logging.getLogger(__name__)

_NO_MIC = "No microphone found. Please use the touch screen or ask an officer for help."


@dataclass(frozen=True)
class Utterance:
    """One utterance: the speech (16 kHz, padded) and when it ended, by the `time.monotonic()` clock."""

    clip: AudioClip  # empty when nobody spoke
    speech_end_t: float  # the end of the last speech frame (estimated from when its samples arrived)
    endpoint_t: float  # when the recorder decided the traveler had finished
    partial_transcript: str = ""  # what on-the-fly recognition had heard by then ("" without a listener)
    stopped: bool = False  # ended by `stop` or `max_seconds`, not by silence

    @property
    def heard(self) -> bool:
        return len(self.clip.samples) > 0


class UtteranceListener(Protocol):
    """Told about an utterance while it is spoken (kiosk.asr.streaming.StreamingTranscriber implements it)."""

    def begin(self) -> None:
        """Speech has started (a new utterance)."""

    def pause(self, audio_16k: np.ndarray) -> None:
        """The traveler paused: the utterance so far (padded speech). May be called again after `resume`."""

    def resume(self) -> None:
        """Speech went on after a pause."""

    def is_complete(self) -> bool:
        """True when the words up to the current pause form a complete sentence (ends the utterance sooner)."""
        ...

    def completeness(self) -> str:
        """"complete" | "incomplete" | "unsure" for the words up to the current pause (kiosk.asr.turn):
        complete ends the utterance soonest, incomplete waits longest."""
        ...

    def partial(self) -> str:
        """The best transcript so far ("" when none)."""
        ...


def level(block: np.ndarray) -> float:
    """Block loudness mapped to 0..1 (-60 dBFS .. 0 dBFS) for a level meter."""
    rms = float(np.sqrt(np.mean(np.square(block, dtype=np.float64)))) if len(block) else 0.0
    db = 20.0 * np.log10(max(rms, 1e-6))
    return float(min(1.0, max(0.0, (db + 60.0) / 60.0)))


_level = level  # the old private name


class Recorder:
    """Microphone capture with a pre-roll buffer and streaming endpointing. Thread-safe for one listener at a
    time; `close()` (or the end of a `with` block) closes the input stream."""

    def __init__(self, sample_rate: int = ASR_RATE, max_seconds: float = 15.0, end_silence_ms: int = 700,
                 start_timeout_s: float = 8.0, device: int | str | None = None, preroll_s: float = 0.4,
                 endpointing: EndpointConfig | None = None) -> None:
        self.sample_rate = sample_rate
        self.max_seconds = max_seconds
        self.end_silence_ms = end_silence_ms
        self.start_timeout_s = start_timeout_s
        self.device = device
        self.preroll_s = preroll_s
        self.endpointing = endpointing or EndpointConfig(end_silence_ms=end_silence_ms)
        self._stream: Any = None
        self._lock = threading.Lock()
        self._listen_lock = threading.Lock()
        # (block at 16 kHz, time.monotonic() when it arrived)
        self._ring: collections.deque[tuple[np.ndarray, float]] = collections.deque()
        self._ring_samples = 0
        self._queue: queue.Queue[tuple[np.ndarray, float]] | None = None
        self._resampler: Any = None
        self.overflows = 0  # input blocks PortAudio reported lost or late since the stream opened

    # ---- the input stream ------------------------------------------------------------------------------
    def _check_device(self) -> Any:
        sd = portaudio()
        try:
            info = sd.query_devices(self.device, kind="input")
        except Exception as exc:  # sounddevice raises PortAudioError / ValueError for "no device"
            raise MicrophoneUnavailable(_NO_MIC) from exc
        if not info or int(info.get("max_input_channels", 0)) < 1:
            raise MicrophoneUnavailable(_NO_MIC)
        return sd

    def _callback(self, indata: np.ndarray, frames: int, t: Any, status: Any) -> None:
        now = time.monotonic()
        if status:  # an overflow: samples were lost (the machine is too busy to keep up)
            self.overflows += 1
        block = indata[:, 0].astype(np.float32, copy=True)
        if self._resampler is not None:
            block = self._resampler.resample_chunk(block).astype(np.float32, copy=False)
        with self._lock:
            q = self._queue
            if q is not None:
                q.put((block, now))
                return
            self._ring.append((block, now))
            self._ring_samples += len(block)
            limit = int(self.preroll_s * ASR_RATE)
            while self._ring and self._ring_samples - len(self._ring[0][0]) >= limit:
                self._ring_samples -= len(self._ring.popleft()[0])

    def open(self) -> Recorder:
        """Open the input stream now (the first `listen()` does it otherwise). Raises MicrophoneUnavailable."""
        with self._lock:
            if self._stream is not None:
                return self
        sd = self._check_device()
        if self.sample_rate != ASR_RATE:
            import soxr

            self._resampler = soxr.ResampleStream(self.sample_rate, ASR_RATE, 1, dtype="float32")
        try:
            stream = sd.InputStream(samplerate=self.sample_rate, channels=1, dtype="float32", device=self.device,
                                    callback=self._callback,
                                    blocksize=FRAME * self.sample_rate // ASR_RATE, latency="low")
            stream.start()
        except Exception as exc:
            raise MicrophoneUnavailable(
                "The microphone could not be opened. Please use the touch screen or ask an officer.") from exc
        with self._lock:
            self._stream = stream
        return self

    def close(self) -> None:
        with self._lock:
            stream, self._stream = self._stream, None
            self._ring.clear()
            self._ring_samples = 0
        if stream is not None:
            try:
                stream.stop()
                stream.close()
            except Exception as exc:  # a vanished device: nothing left to close
                log.debug("closing the input stream: %s", type(exc).__name__)

    def __enter__(self) -> Recorder:
        return self.open()

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- listening -------------------------------------------------------------------------------------
    def listen(self, stop: threading.Event | None = None, on_level: Callable[[float], None] | None = None,
               listener: UtteranceListener | None = None, endpointing: EndpointConfig | None = None,
               on_endpoint: Callable[[], None] | None = None) -> Utterance:
        """Record one utterance: from the pre-roll until the traveler has finished (or `stop` is set, or
        `max_seconds`). An empty clip when nobody spoke within `start_timeout_s`. `on_level` gets a 0..1 level
        per 32 ms block; `listener` follows the utterance as it is spoken; `on_endpoint` is called the moment
        the end is decided (e.g. to play an acknowledgement tone)."""
        self.open()
        with self._listen_lock:
            return self._listen(stop, on_level, listener, endpointing or self.endpointing, on_endpoint)

    def _listen(self, stop: threading.Event | None, on_level: Callable[[float], None] | None,
                listener: UtteranceListener | None, config: EndpointConfig,
                on_endpoint: Callable[[], None] | None) -> Utterance:
        blocks: queue.Queue[tuple[np.ndarray, float]] = queue.Queue()
        with self._lock:
            pre = list(self._ring)
            self._ring.clear()
            self._ring_samples = 0
            self._queue = blocks
        vad = StreamingVad()
        if pre and _speaking_at_end(vad, np.concatenate([b for b, _ in pre])):
            # someone was already speaking when listening began: keep their first word
            for item in pre:
                blocks.put(item)
        # else the pre-roll is older sound (the kiosk's own voice, a previous speaker): not this utterance
        vad.reset()
        ep = Endpointer(config, listener.completeness if listener is not None else None)
        chunks: list[np.ndarray] = []
        arrivals: list[tuple[int, float]] = []  # (samples so far after this block, arrival time)
        total = 0
        started = time.monotonic()
        last_block = started
        stopped = True
        try:
            while True:
                if stop is not None and stop.is_set():
                    break
                try:
                    block, arrived = blocks.get(timeout=0.2)
                except queue.Empty:
                    if time.monotonic() - last_block > 3.0:
                        raise MicrophoneUnavailable("The microphone stopped sending sound.") from None
                    continue
                last_block = time.monotonic()
                chunks.append(block)
                total += len(block)
                arrivals.append((total, arrived))
                if on_level is not None:
                    on_level(level(block))
                done = False
                for prob in vad.push(block):
                    event = ep.update(float(prob))
                    if event == "start" and listener is not None:
                        listener.begin()
                    elif event == "pause" and listener is not None:
                        utterance = ep.cut(np.concatenate(chunks))
                        if utterance is not None:
                            listener.pause(utterance)
                    elif event == "resume" and listener is not None:
                        listener.resume()
                    elif event == "end":
                        done = True
                        break
                if done:
                    stopped = False
                    break
                if total >= self.max_seconds * ASR_RATE:
                    break
                if not ep.started and time.monotonic() - started > self.start_timeout_s:
                    break
        finally:
            with self._lock:
                self._queue = None
        endpoint_t = time.monotonic()
        if on_endpoint is not None and not stopped:
            on_endpoint()
        audio = np.concatenate(chunks) if chunks else np.zeros(0, np.float32)
        span = ep.span(len(audio))
        speech_end = (ep.last_speech + 1) * FRAME if ep.last_speech is not None else len(audio)
        speech_end_t = _time_of(arrivals, speech_end)
        partial = listener.partial() if listener is not None and span is not None else ""
        log.debug("listened %.2fs, speech=%s, stopped=%s", len(audio) / ASR_RATE, span is not None, stopped)
        cut = ep.cut(audio)
        clip = AudioClip(cut if cut is not None else np.zeros(0, np.float32), ASR_RATE)
        return Utterance(clip, speech_end_t, endpoint_t, partial, stopped)

    def record_utterance(self, on_level: Callable[[float], None] | None = None,
                         stop: threading.Event | None = None) -> AudioClip:
        """Record one utterance and return just its speech at 16 kHz (see `listen`)."""
        return self.listen(stop=stop, on_level=on_level).clip


def _speaking_at_end(vad: StreamingVad, audio_16k: np.ndarray, frames: int = 3) -> bool:
    probs = vad.push(audio_16k)
    return len(probs) >= frames and bool(np.all(probs[-frames:] >= 0.5))


def _time_of(arrivals: list[tuple[int, float]], index: int) -> float:
    """Wall time of a sample from when the blocks arrived: the first block holding it, minus what follows it."""
    for end, arrived in arrivals:
        if end >= index:
            return arrived - (end - index) / ASR_RATE
    return arrivals[-1][1] if arrivals else time.monotonic()
