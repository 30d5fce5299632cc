"""Decision-log speed and crash safety: append latency (two fsyncs), whole-chain check time, then ROUNDS of SIGKILL
at random moments against a writer process (every acknowledged record must be there, the log must verify).

    PYTHONPATH=. python benchmarks/bench_desk_log.py [ROUNDS]
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kiosk.desk.journal import DecisionLog, check_log

WRITER = """
import sys
from pathlib import Path
from kiosk.desk.journal import DecisionLog
log = DecisionLog(Path(sys.argv[1]))
pad = "x" * int(sys.argv[2])
n = 0
while True:
    n += 1
    print(log.append({"n": n, "pad": pad}), flush=True)
"""
REC = {"v": "desk-decision/1", "lang": "en", "items": [{"category": "general", "kiosk_verdict": "allowed",
                                                       "officer_verdict": "declare", "reason": "value_differs",
                                                       "value": 300}] * 3}


def main(rounds: int) -> None:
    folder = Path(tempfile.mkdtemp())
    path = folder / "decisions.jsonl"
    log = DecisionLog(path)
    n = 300
    t = time.perf_counter()
    for _ in range(n):
        log.append(REC)
    per = (time.perf_counter() - t) / n
    print(f"append: {1000 * per:.2f} ms per decision, log {path.stat().st_size / 1024:.0f} KiB")
    t = time.perf_counter()
    chk = check_log(path)
    print(f"check_log {len(chk.records)} records: {1000 * (time.perf_counter() - t):.1f} ms, ok={chk.ok}")
    kill = folder / "kill.jsonl"
    rng = random.Random(1)
    torn = acked = 0
    for _ in range(rounds):
        pad = str(rng.choice([10, 3000, 60000, 600000]))
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(kill), pad], stdout=subprocess.PIPE, text=True)
        assert proc.stdout is not None
        first = proc.stdout.readline()
        time.sleep(rng.random() * 0.3)
        os.kill(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate()
        seqs = [int(s) for s in (first + out).split()]
        c = check_log(kill)
        assert c.ok, c.problems
        assert len(c.records) >= seqs[-1], "an acknowledged record is missing"
        torn += c.torn_tail
        acked = max(acked, seqs[-1])
    print(f"kill: {rounds} rounds, {len(check_log(kill).records)} records, last acknowledged {acked}, "
          f"torn tails seen {torn}, every round verified")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
