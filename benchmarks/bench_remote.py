"""Latency of remote engines on loopback against the local ones, and what a failed server costs a turn.

Starts wyoming-faster-whisper (whisper-base, int8, beam 1) and `kiosk serve` on 127.0.0.1, then times, on the
11 s JFK recording (tests/data/speech/en_jfk.wav), the median of N transcriptions with: the local Transcriber,
each server through RemoteTranscriber; then the time a failed server costs before the local model starts
(connection refused; a hung server with a 0.5 s timeout) and a turn while the chooser rests the failed server. On one machine the "remote" numbers show the protocol overhead, not a GPU server's speed.

Usage: python benchmarks/bench_remote.py [-n 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from remote_servers import free_port, serve, silent_server  # noqa: E402

from kiosk.asr import get_transcriber  # noqa: E402
from kiosk.audio import load_audio  # noqa: E402
from kiosk.paths import models_home  # noqa: E402
from kiosk.remote import RemoteTranscriber, RemoteUnavailable, with_fallback  # noqa: E402

JFK = Path(__file__).resolve().parent.parent / "tests" / "data" / "speech" / "en_jfk.wav"


def median_ms(fn: Callable[[], object], n: int) -> float:
    fn()  # warm-up
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return 1000 * statistics.median(times)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=5)
    n = ap.parse_args().n
    clip = load_audio(JFK)
    local = get_transcriber()
    rows = [("local whisper-base", median_ms(lambda: local.transcribe(clip, "en"), n))]
    with tempfile.TemporaryDirectory() as tmp:
        p1, p2 = free_port(), free_port()
        with serve(["wyoming_faster_whisper", "--uri", f"tcp://127.0.0.1:{p1}", "--model",
                    str(models_home() / "whisper-base"), "--data-dir", tmp, "--local-files-only", "--stt-library",
                    "faster-whisper", "--compute-type", "int8", "--cpu-threads", "2", "--beam-size", "1"],
                   p1, Path(tmp) / "wfw.log"):
            r = RemoteTranscriber(f"tcp://127.0.0.1:{p1}", timeout=60)
            rows.append(("wyoming-faster-whisper (loopback)", median_ms(lambda: r.transcribe(clip, "en"), n)))
        with serve(["kiosk", "serve", "--uri", f"tcp://127.0.0.1:{p2}", "--no-tts"], p2, Path(tmp) / "ks.log"):
            r2 = RemoteTranscriber(f"tcp://127.0.0.1:{p2}", timeout=60)
            rows.append(("kiosk serve (loopback)", median_ms(lambda: r2.transcribe(clip, "en"), n)))
    def failing(remote: RemoteTranscriber) -> Callable[[], object]:
        def call() -> object:
            try:
                return remote.transcribe(clip, "en")
            except RemoteUnavailable:
                return None
        return call

    dead = RemoteTranscriber(f"tcp://127.0.0.1:{free_port()}", timeout=0.5)
    rows.append(("time lost when the server refuses", median_ms(failing(dead), n)))
    with silent_server() as port:
        hung = RemoteTranscriber(f"tcp://127.0.0.1:{port}", timeout=0.5)
        rows.append(("time lost when the server hangs (timeout 0.5 s)", median_ms(failing(hung), n)))
        chooser = with_fallback(hung, get_transcriber, "asr", retry_after_s=30)
        chooser.run(lambda e: e.transcribe(clip, "en"))
        t0 = time.perf_counter()
        used = chooser.run(lambda e: e.transcribe(clip, "en"))
        rows.append((f"next turn while the server rests ({used.engine})", 1000 * (time.perf_counter() - t0)))
    print(f"JFK 11.0 s, median of {n}:")
    for name, ms in rows:
        print(f"  {name:48} {ms:8.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
