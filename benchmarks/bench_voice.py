"""Voice pipeline benchmark: per language, model load, ASR time / real-time factor on a ~3 s utterance,
TTS time to first audio / real-time factor, and peak RSS. Prints a markdown table.

    python benchmarks/bench_voice.py [--langs en,zh,ja,es,fr,de] [--repeat 2]

The speech-recognition model is the `asr_model` setting (KIOSK_ASR_MODEL, default whisper-base).
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from voice_fixtures import SENTENCES  # noqa: E402

from kiosk.asr import Transcriber  # noqa: E402
from kiosk.audio import AudioClip  # noqa: E402
from kiosk.tts import Speaker  # noqa: E402


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def playback_gaps(speaker: Speaker, text: str, lang: str) -> float:
    """Seconds of silence a listener hears between chunks when each chunk is played in real time as soon as it
    arrives (the kiosk plays chunk k while chunk k+1 is synthesized); 0 = continuous speech."""
    t0 = time.perf_counter()
    play_until: float | None = None
    gaps = 0.0
    for chunk in speaker.stream(text, lang):
        now = time.perf_counter() - t0
        if play_until is None:
            play_until = now
        elif now > play_until:
            gaps += now - play_until
            play_until = now
        play_until += len(chunk.samples) / chunk.sample_rate
        time.sleep(max(0.0, play_until - (time.perf_counter() - t0) - 0.05))  # "playing" it
    return gaps


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--langs", default="en,zh,ja,es,fr,de")
    ap.add_argument("--repeat", type=int, default=2, help="timed runs per measurement (median reported)")
    args = ap.parse_args()
    langs = args.langs.split(",")

    t0 = time.perf_counter()
    asr = Transcriber()  # the asr_model setting
    asr_load = time.perf_counter() - t0
    rss_after_asr = peak_rss_mb()
    speaker = Speaker()

    rows = []
    for lang in langs:
        text = SENTENCES[lang]
        t0 = time.perf_counter()
        choice = speaker.voice_for(lang)
        tts_load = time.perf_counter() - t0
        list(speaker.stream(text, lang))  # warm-up (G2P dictionaries, ONNX first run)
        ttfas, tts_totals, ttfa_cpu = [], [], []
        clip: AudioClip | None = None
        for _ in range(args.repeat):
            t0, c0 = time.perf_counter(), time.process_time()
            gen = speaker.stream(text, lang)
            next(gen)
            ttfas.append(time.perf_counter() - t0)
            ttfa_cpu.append(time.process_time() - c0)
            list(gen)
            t0 = time.perf_counter()
            clip = speaker.synthesize(text, lang)
            tts_totals.append(time.perf_counter() - t0)
        assert clip is not None
        gaps = playback_gaps(speaker, text, lang)
        asr.transcribe(clip)  # warm-up
        asr_times, asr_cpu, result = [], [], None
        for _ in range(args.repeat):
            c0 = time.process_time()
            result = asr.transcribe(clip)
            asr_cpu.append(time.process_time() - c0)
            asr_times.append(result.seconds)
        assert result is not None
        dur = clip.duration_s
        ttfa = statistics.median(ttfas)
        asr_s = statistics.median(asr_times)
        rows.append((lang, f"{choice.engine}:{choice.voice}", tts_load, ttfa, statistics.median(tts_totals) / dur,
                     dur, asr_s, asr_s / dur, asr_s + ttfa, result.language,
                     statistics.median(ttfa_cpu), statistics.median(asr_cpu), gaps))

    print(f"\nMachine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"load avg {os.getloadavg()[0]:.1f}; {asr.model_id} int8 load {asr_load:.2f}s; "
          f"peak RSS after ASR load {rss_after_asr:.0f} MB, at end {peak_rss_mb():.0f} MB\n")
    # CPU columns: process CPU seconds (all threads); on a shared/loaded machine wall time overstates latency,
    # CPU time / cores is a load-independent lower bound.
    # playback gaps: silence heard between chunks when played in real time (one run, see playback_gaps)
    print("| lang | voice | TTS load s | TTS first audio s (CPU s) | playback gaps s | TTS RTF | utterance s "
          "| ASR s (CPU s) | ASR RTF | ASR + first audio s | detected |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r[0]} | {r[1]} | {r[2]:.2f} | {r[3]:.2f} ({r[10]:.2f}) | {r[12]:.2f} | {r[4]:.2f} | {r[5]:.2f} "
              f"| {r[6]:.2f} ({r[11]:.2f}) | {r[7]:.2f} | {r[8]:.2f} | {r[9]} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
