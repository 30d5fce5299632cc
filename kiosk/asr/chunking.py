"""Long audio: find the speech in the whole clip (Silero VAD, as faster-whisper ships it), pack the speech spans
into chunks Whisper takes in one window (<= 30 s), and keep at most MAX_SPEECH_SECONDS of speech (what is
dropped is counted, never silently lost)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from kiosk.audio import ASR_RATE

CHUNK_SECONDS = 30.0  # one Whisper window
MAX_SPEECH_SECONDS = 180.0  # speech transcribed per request; the rest is reported as dropped
# the VAD settings the kiosk has always used for an utterance (pauses shorter than 0.5 s stay inside a span)
MIN_SILENCE_MS = 500
SPEECH_PAD_MS = 200


@dataclass(frozen=True)
class Span:
    """A stretch of the clip, in samples at 16 kHz."""

    start: int
    end: int

    @property
    def seconds(self) -> float:
        return (self.end - self.start) / ASR_RATE


@dataclass(frozen=True)
class Chunk:
    """Speech spans transcribed together (their audio is concatenated, silences between them left out)."""

    spans: tuple[Span, ...]

    def audio(self, samples: np.ndarray) -> np.ndarray:
        return np.concatenate([samples[s.start:s.end] for s in self.spans]) if self.spans else samples[:0]

    def to_clip_time(self, t: float) -> float:
        """A time in the chunk's audio (seconds) -> the same moment in the whole clip."""
        offset = t * ASR_RATE
        for s in self.spans:
            if offset <= s.end - s.start:
                return (s.start + offset) / ASR_RATE
            offset -= s.end - s.start
        return self.spans[-1].end / ASR_RATE if self.spans else 0.0


@dataclass(frozen=True)
class ChunkPlan:
    chunks: tuple[Chunk, ...]
    speech_s: float  # speech found in the whole clip
    dropped_s: float  # speech beyond MAX_SPEECH_SECONDS, not transcribed


def speech_spans(samples: np.ndarray, vad: bool = True) -> list[Span]:
    """Where the speech is (the whole clip as one span when vad is False)."""
    if not vad:
        return [Span(0, len(samples))] if len(samples) else []
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    # a span longer than one window is split by the VAD itself, at its longest pause
    opts = VadOptions(min_silence_duration_ms=MIN_SILENCE_MS, speech_pad_ms=SPEECH_PAD_MS,
                      max_speech_duration_s=CHUNK_SECONDS)
    return [Span(int(ts["start"]), int(ts["end"]))
            for ts in get_speech_timestamps(samples, opts, sampling_rate=ASR_RATE) if ts["end"] > ts["start"]]


def plan_chunks(spans: list[Span], chunk_s: float = CHUNK_SECONDS,
                max_speech_s: float = MAX_SPEECH_SECONDS) -> ChunkPlan:
    """Pack spans, in order, into chunks of at most chunk_s seconds (a longer span is cut at chunk_s), keeping at
    most max_speech_s seconds of speech in all."""
    limit, budget = int(chunk_s * ASR_RATE), int(max_speech_s * ASR_RATE)
    pieces: list[Span] = []
    for s in spans:  # a span still longer than one window (no VAD) is cut into window-sized pieces
        pieces.extend(Span(a, min(a + limit, s.end)) for a in range(s.start, s.end, limit))
    chunks: list[Chunk] = []
    current: list[Span] = []
    used = 0
    total = sum(p.end - p.start for p in pieces)
    for p in pieces:
        n = p.end - p.start
        if used + n > budget:
            if used < budget:  # the part of this piece that still fits
                p, n = Span(p.start, p.start + budget - used), budget - used
            else:
                break
        if current and sum(c.end - c.start for c in current) + n > limit:
            chunks.append(Chunk(tuple(current)))
            current = []
        current.append(p)
        used += n
    if current:
        chunks.append(Chunk(tuple(current)))
    return ChunkPlan(tuple(chunks), total / ASR_RATE, (total - used) / ASR_RATE)
