"""One hash per bench_real set of every case's (id, verdict, asked): proves a refactor changes no answer without
showing any case (held-out cases stay unseen). Usage: PYTHONPATH=.:benchmarks python benchmarks/verdict_fingerprint.py
"""

from __future__ import annotations

import hashlib

import bench_real
import realset

from kiosk.assistant import Assistant


def main() -> None:
    assistant = Assistant("KR", use_llm=False)
    for name, (questions, conversations) in bench_real.SETS.items():
        rows = bench_real.run_questions(assistant, realset.load(questions))
        if conversations:
            rows += bench_real.run_conversations(assistant, realset.load(conversations))
        digest = hashlib.sha256(repr([(r["id"], r["got"], r["asked"]) for r in rows]).encode()).hexdigest()[:16]
        print(name, len(rows), digest)


if __name__ == "__main__":
    main()
