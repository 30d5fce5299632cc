"""How many kiosks one `kiosk serve` ASR server carries: service time, then simulated kiosks on loopback.

Starts `kiosk serve --no-tts --metrics` on random loopback ports and
1. times N sequential transcriptions of real recordings (the 8 shortest of tests/data/speech: 3.5-6 s of speech
   in 8 languages, like a traveler's question) -> service time per request `s`;
2. runs K simulated kiosks for D seconds each: a kiosk sends one recording, then waits an exponential think time
   with mean I seconds (a traveler speaks, listens to the answer, reads; default 20 s), with the kiosks' 3 s
   timeout. Reports per K: requests, answered in time, refused "busy" at once, timed out, p95 answer time.

Sizing: a server's workers are busy `K * s / I` of the time; keep that at or below 0.6 (queueing keeps the
p95 inside the 3 s timeout), so kiosks per server = 0.6 * I / s. On a shared or loaded machine the wall time s is
inflated by the other work; the CPU time per request c (the server process's user+system time, measured too) is
not, and on a dedicated server kiosks per core = 0.6 * I / c.

Usage: python benchmarks/bench_serve_capacity.py [-n 8] [--kiosks 2,4,8] [--seconds 40] [--think 20]
       [--json benchmarks/results/serve_capacity.json]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from remote_servers import free_port, serve  # noqa: E402

from kiosk.audio import AudioClip, load_audio  # noqa: E402
from kiosk.remote import RemoteTranscriber, RemoteUnavailable  # noqa: E402

SPEECH = Path(__file__).resolve().parent.parent / "tests" / "data" / "speech"
TIMEOUT_S = 3.0


def clips(n: int) -> list[tuple[str, AudioClip]]:
    rows = [json.loads(line) for line in (SPEECH / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]
    loaded = [(r["lang"], load_audio(SPEECH / r["file"])) for r in rows]
    return sorted(loaded, key=lambda x: x[1].duration_s)[:n]


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and its threads (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def kiosk(uri: str, pool: list[tuple[str, AudioClip]], until: float, think: float, seed: int,
          out: list[tuple[str, float]]) -> None:
    rng = random.Random(seed)
    time.sleep(rng.uniform(0, think))  # kiosks do not start in step
    while time.monotonic() < until:
        lang, clip = rng.choice(pool)
        t0 = time.perf_counter()
        try:
            RemoteTranscriber(uri, timeout=TIMEOUT_S).transcribe(clip, lang)
            outcome = "ok"
        except RemoteUnavailable as exc:
            outcome = "busy" if "busy" in exc.detail else "timeout" if "no answer" in exc.detail else "error"
        out.append((outcome, time.perf_counter() - t0))
        time.sleep(rng.expovariate(1.0 / think))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=8)
    ap.add_argument("--kiosks", default="2,4,8")
    ap.add_argument("--seconds", type=float, default=40.0)
    ap.add_argument("--think", type=float, default=20.0)
    ap.add_argument("--queue", type=int, default=4)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    pool = clips(8)
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as tmp:
        port, mport = free_port(), free_port()
        os.environ["KIOSK_METRICS_PORT"] = str(mport)
        with serve(["kiosk", "serve", "--uri", f"tcp://127.0.0.1:{port}", "--no-tts", "--metrics", "--queue",
                    str(args.queue)], port, Path(tmp) / "serve.log") as proc:
            uri = f"tcp://127.0.0.1:{port}"
            slow = RemoteTranscriber(uri, timeout=60)
            slow.transcribe(pool[0][1], pool[0][0])  # warm-up
            times = []
            cpu0 = cpu_seconds(proc.pid)
            for i in range(args.n):
                lang, clip = pool[i % len(pool)]
                t0 = time.perf_counter()
                slow.transcribe(clip, lang)
                times.append(time.perf_counter() - t0)
            cpu = (cpu_seconds(proc.pid) - cpu0) / args.n  # CPU time per request: what contention does not inflate
            s = statistics.median(times)
            speech = statistics.median(c.duration_s for _, c in pool)
            print(f"service time: median {s:.2f} s per request ({speech:.1f} s of speech), "
                  f"min {min(times):.2f} max {max(times):.2f}; {cpu:.2f} CPU-s per request; {cores} cores, "
                  f"load {os.getloadavg()[0]:.1f}")
            rows = []
            for k in [int(x) for x in args.kiosks.split(",")]:
                out: list[tuple[str, float]] = []
                until = time.monotonic() + args.seconds
                threads = [threading.Thread(target=kiosk, args=(uri, pool, until, args.think, i, out))
                           for i in range(k)]
                for t in threads:
                    t.start()
                for t in threads:
                    t.join()
                ok = sorted(t for o, t in out if o == "ok")
                row = {"kiosks": k, "requests": len(out), "ok": len(ok),
                       "busy": sum(o == "busy" for o, _ in out), "timeout": sum(o == "timeout" for o, _ in out),
                       "error": sum(o == "error" for o, _ in out),
                       "p95_ok_s": round(ok[int(0.95 * (len(ok) - 1))], 2) if ok else None,
                       "offered_utilization": round(k * s / args.think, 2)}
                rows.append(row)
                print(row)
            time.sleep(TIMEOUT_S + 1)
            with urllib.request.urlopen(f"http://127.0.0.1:{mport}/metrics", timeout=10) as resp:
                served = [ln for ln in resp.read().decode().splitlines() if ln.startswith("kiosk_serve_requests_total")]
            log_text = (Path(tmp) / "serve.log").read_text(errors="replace")
    per_server = 0.6 * args.think / s
    per_core = 0.6 * args.think / cpu  # on an otherwise idle server every core works for the requests
    print("\n".join(served))
    print(f"task exceptions in the server log: {log_text.count('Task exception was never retrieved')}")
    print(f"sizing (measured wall time): kiosks per server = 0.6 * {args.think:g} s / {s:.2f} s = {per_server:.1f}")
    print(f"sizing (CPU time): kiosks per core = 0.6 * {args.think:g} s / {cpu:.2f} CPU-s = {per_core:.1f}")
    if args.json:
        args.json.write_text(json.dumps({"service_s": s, "cpu_s_per_request": cpu, "times": times, "cores": cores,
                                         "load": os.getloadavg()[0], "think_s": args.think, "rows": rows,
                                         "served": served, "kiosks_per_server_wall": per_server,
                                         "kiosks_per_core_cpu": per_core}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
