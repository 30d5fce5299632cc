"""Benchmark the customs assistant on tests/data/questions.jsonl.

Prints accuracy (verdict == expected) and p50/p95 latency per question for:
  rules      rules + lexicon only (--no-llm)
  rules+llm  the shipped policy: the GGUF model is consulted only when the lexicon finds no item
  llm-forced the model's extraction call on every question of a sample (its raw cost, for reference)

Usage: python benchmarks/bench_ask.py [--jurisdiction KR] [--llm-sample 20] [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from kiosk.assistant import Assistant

QUESTIONS = Path(__file__).resolve().parent.parent / "tests" / "data" / "questions.jsonl"


def pct(xs: list[float], p: float) -> float:
    if not xs:
        return float("nan")
    s = sorted(xs)
    return s[min(len(s) - 1, round(p / 100 * (len(s) - 1)))]


def run(assistant: Assistant, qs: list[dict]) -> dict:
    times: list[float] = []
    by_lang: dict[str, list[int]] = {}
    ok = llm_calls = 0
    for q in qs:
        t0 = time.perf_counter()
        ans = assistant.ask(q["text"], lang=q.get("lang"))
        times.append(time.perf_counter() - t0)
        hit = ans.verdict == q["expected_verdict"]
        ok += hit
        llm_calls += ans.engine == "rules+llm"
        c = by_lang.setdefault(q.get("lang") or "?", [0, 0])
        c[0] += hit
        c[1] += 1
    return {"n": len(qs), "accuracy": ok / len(qs), "p50_ms": 1000 * pct(times, 50),
            "p95_ms": 1000 * pct(times, 95), "mean_ms": 1000 * statistics.mean(times), "llm_calls": llm_calls,
            "by_lang": {k: f"{v[0]}/{v[1]}" for k, v in sorted(by_lang.items())}}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--jurisdiction", default="KR")
    ap.add_argument("--llm-sample", type=int, default=20, help="questions timed with a forced LLM call (0: skip)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    qs = [json.loads(x) for x in QUESTIONS.read_text(encoding="utf-8").splitlines() if x.strip()]
    results: dict[str, dict] = {}
    results["rules"] = run(Assistant(args.jurisdiction, use_llm=False), qs)
    with_llm = Assistant(args.jurisdiction, use_llm=True)
    t0 = time.perf_counter()
    llm = with_llm._llm()
    load_s = time.perf_counter() - t0
    if llm is None:
        print(f"LLM unavailable: {with_llm.llm_problem}")
    else:
        results["rules+llm"] = run(with_llm, qs)
        results["rules+llm"]["model_load_s"] = round(load_s, 2)
        if args.llm_sample:
            step = max(1, len(qs) // args.llm_sample)
            sample = qs[::step][: args.llm_sample]
            times = []
            for q in sample:
                t = time.perf_counter()
                llm.extract(q["text"])
                times.append(time.perf_counter() - t)
            results["llm-forced"] = {"n": len(sample), "p50_ms": 1000 * pct(times, 50),
                                     "p95_ms": 1000 * pct(times, 95), "mean_ms": 1000 * statistics.mean(times)}
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    for name, r in results.items():
        acc = f"accuracy {r['accuracy']:.1%} ({round(r['accuracy'] * r['n'])}/{r['n']})" if "accuracy" in r else ""
        print(f"{name:11} {acc:28} p50 {r['p50_ms']:8.1f} ms  p95 {r['p95_ms']:8.1f} ms  "
              f"mean {r['mean_ms']:8.1f} ms" + (f"  llm calls {r['llm_calls']}" if "llm_calls" in r else ""))
        if "by_lang" in r:
            print(f"{'':11} per language: {r['by_lang']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
