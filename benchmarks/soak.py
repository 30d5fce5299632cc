"""Soak test: does memory grow with use? N answers (rules only, no LLM), N transcriptions, N syntheses and N
session wipe cycles, each in one process; reports the resident-set size (RSS) slope per 100 iterations (least
squares over the measured iterations, after a warm-up pass that loads the models and sees every input once), plus
start/end RSS and time per iteration.

    python benchmarks/soak.py --quick          # < 2 min: 5000 answers, 30 ASR, 80 TTS, 1000 session cycles
    python benchmarks/soak.py                  # 20000 answers, 200 ASR, 400 TTS, 5000 session cycles
    python benchmarks/soak.py --json out.json  # also write the numbers

Measured (--quick, 2 shared CPU cores, 2026-11-25, 1:55 wall, peak RSS 842 MB):
    answers   5000 it   0.1 ms/it  RSS  70.3 ->  73.3 MB  slope +0.00 MB/100 it  second half +0.0 MB
    asr         30 it  1206 ms/it  RSS 291.1 -> 293.1 MB  slope +4.24 MB/100 it  second half +0.0 MB
    tts         80 it   718 ms/it  RSS 781.9 -> 797.5 MB  slope +1.51 MB/100 it  second half +0.1 MB
    sessions  1000 it   5.9 ms/it  RSS 822.4 -> 822.4 MB  slope +0.00 MB/100 it  second half +0.0 MB
(TTS memory grows in steps while onnxruntime's arenas settle during the first passes, then stays flat.)

A slope within a few MB per 100 iterations is noise (allocator arenas, caches filling); a leak shows as a slope that
stays positive in the full run. Exit status 1 when a phase's slope exceeds --max-slope-mb (default 5).
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def rss_mb() -> float:
    """Current resident set size of this process (Linux /proc), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024.0
    raise RuntimeError("no VmRSS in /proc/self/status")


@dataclass(frozen=True)
class Phase:
    name: str
    iterations: int
    seconds: float
    rss_start_mb: float
    rss_end_mb: float
    slope_mb_per_100: float  # least-squares slope over the measured iterations
    second_half_mb: float  # RSS growth over the second half of the measured iterations (one-time steps excluded)


def soak(name: str, n: int, step: Callable[[int], None], warmup: int, samples: int = 40) -> Phase:
    """Run `warmup` iterations (models load, caches fill: every distinct input once), then `n` measured ones."""
    for i in range(warmup):
        step(i)
    gc.collect()
    every = max(1, n // samples)
    xs: list[int] = []
    ys: list[float] = []
    start = rss_mb()
    t0 = time.perf_counter()
    for i in range(n):
        step(i)
        if (i + 1) % every == 0:
            xs.append(i + 1)
            ys.append(rss_mb())
    seconds = time.perf_counter() - t0
    slope = float(np.polyfit(xs, ys, 1)[0]) * 100 if len(xs) >= 3 else 0.0
    half = [y for x, y in zip(xs, ys, strict=True) if x >= n // 2]
    phase = Phase(name, n, seconds, start, rss_mb(), slope, half[-1] - half[0] if half else 0.0)
    print(f"{name:10} {n:5} it  {seconds:7.1f} s  {1000 * seconds / n:8.1f} ms/it  RSS {start:7.1f} -> "
          f"{phase.rss_end_mb:7.1f} MB  slope {slope:+6.2f} MB/100 it  2nd half {phase.second_half_mb:+6.1f} MB",
          flush=True)
    return phase


def answers(n: int) -> Phase:
    from kiosk.assistant import Assistant

    questions = [json.loads(line) for line in (ROOT / "tests" / "data" / "questions.jsonl").read_text(
        encoding="utf-8").splitlines() if line.strip()]
    assistant = Assistant("KR", use_llm=False)

    def step(i: int) -> None:
        q = questions[i % len(questions)]
        assistant.ask(q["text"], lang=q.get("lang"))

    return soak("answers", n, step, warmup=len(questions))


def asr(n: int) -> Phase:
    from kiosk.asr import get_transcriber
    from kiosk.audio import load_audio

    speech = ROOT / "tests" / "data" / "speech"
    clips = [load_audio(speech / json.loads(line)["file"])
             for line in (speech / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]
    clips = [c for c in clips if c.duration_s <= 5.0]  # utterance-sized
    tr = get_transcriber("whisper-base")

    def step(i: int) -> None:
        tr.transcribe(clips[i % len(clips)])

    return soak("asr", n, step, warmup=3)


def tts(n: int) -> Phase:
    from kiosk.tts import get_speaker

    speaker = get_speaker()
    texts = [("en", "Please show me your passport."), ("de", "Ich habe nichts zu verzollen."),
             ("en", "Two bottles of wine are allowed."), ("zh", "请出示护照。")]

    def step(i: int) -> None:
        lang, text = texts[i % len(texts)]
        speaker.synthesize(text, lang)

    return soak("tts", n, step, warmup=2 * len(texts))  # onnxruntime's arena settles after ~2 passes


def sessions(n: int) -> Phase:
    from kiosk.audio import AudioClip
    from kiosk.session import Session, leftover_session_dirs

    def step(i: int) -> None:
        s = Session(language="en")
        s.audio.append(AudioClip(np.random.default_rng(i).random(48_000, dtype=np.float32), 16_000))
        s.temp_file(".wav").write_bytes(b"\0" * 96_000)
        s.add_exchange("I have three bottles of whisky.", "en")
        s.declaration.identity.name = "TEST TRAVELER"
        s.wipe()
        if leftover_session_dirs():
            raise RuntimeError("a wiped session left its temp folder")

    return soak("sessions", n, step, warmup=10)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="short run (< 2 min)")
    ap.add_argument("--json", type=Path, help="write the results here")
    ap.add_argument("--max-slope-mb", type=float, default=5.0, help="fail above this slope (MB / 100 iterations)")
    args = ap.parse_args()
    n_ans, n_asr, n_tts, n_ses = (5000, 30, 80, 1000) if args.quick else (20000, 200, 400, 5000)
    t0 = time.perf_counter()
    phases = [answers(n_ans), asr(n_asr), tts(n_tts), sessions(n_ses)]
    print(f"total {time.perf_counter() - t0:.0f} s, RSS now {rss_mb():.0f} MB")
    if args.json:
        args.json.write_text(json.dumps([asdict(p) for p in phases], indent=2), encoding="utf-8")
    return 1 if any(p.slope_mb_per_100 > args.max_slope_mb for p in phases) else 0


if __name__ == "__main__":
    sys.exit(main())
