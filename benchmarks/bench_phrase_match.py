"""Officer phrase matching: accuracy per category (tuning part vs held-out part), slot accuracy, latency.

    python benchmarks/bench_phrase_match.py [--set tests/data/phrase_eval_ko.jsonl] [--json]

Each row of the set is a paraphrased Korean officer utterance with the expected phrase id and slot values; rows
marked "heldout" were never used to choose the matcher's normalizations or its threshold. "top-1" is the best
phrase; "confident" means the kiosk would use it without asking; "confident correct" is the precision of those;
"in top 3" counts the rest where the officer finds the right phrase among the three shown.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kiosk.phrasebook import get_phrasebook  # noqa: E402
from kiosk.phrasebook.match import Match, Matcher  # noqa: E402


def slots_ok(m: Match, want: dict[str, object]) -> bool:
    if m.best is None:
        return not want
    got = m.best.slots.to_dict()
    for k, v in want.items():
        g = got.get(k)
        if k == "date":
            if not isinstance(g, str) or not g.endswith("-" + "-".join(f"{int(x):02d}" for x in str(v).split("-"))):
                return False
        elif k == "money":
            if not isinstance(g, dict) or not isinstance(v, dict) or (
                    float(g["amount"]), g["currency"]) != (float(v["amount"]), v["currency"]):
                return False
        elif g != v:
            return False
    return True


def evaluate(rows: list[dict[str, object]], matcher: Matcher) -> dict[str, object]:
    stats: dict[str, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
    times = []
    for r in rows:
        t0 = time.perf_counter()
        m = matcher.match(str(r["text"]))
        times.append(time.perf_counter() - t0)
        want = str(r["id"])
        cat = matcher.book.phrase(want).category
        for key in (cat, "all"):
            s = stats[str(r["split"])][key]
            s["n"] += 1
            top1 = m.best is not None and m.best.phrase_id == want
            s["top1"] += top1
            s["slots"] += top1 and slots_ok(m, dict(r.get("slots") or {}))  # type: ignore[arg-type]
            if m.confident:
                s["confident"] += 1
                s["confident_correct"] += top1
            else:
                s["in_top3"] += want in [c.phrase_id for c in m.candidates]
    times.sort()
    return {"stats": stats, "latency_ms": {"p50": 1000 * statistics.median(times),
                                           "p95": 1000 * times[int(0.95 * (len(times) - 1))]}}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", type=Path, default=ROOT / "tests/data/phrase_eval_ko.jsonl")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    rows = [json.loads(line) for line in args.set.read_text(encoding="utf-8").splitlines() if line.strip()]
    t0 = time.perf_counter()
    matcher = Matcher(get_phrasebook())
    load_s = time.perf_counter() - t0
    res = evaluate(rows, matcher)
    if args.json:
        print(json.dumps({"load_s": load_s, **res}, indent=2))
        return 0
    print(f"matcher load {load_s * 1000:.0f} ms; latency p50 {res['latency_ms']['p50']:.1f} ms, "
          f"p95 {res['latency_ms']['p95']:.1f} ms per utterance")
    print("| split | category | n | top-1 | top-1 + slots | confident | confident correct | unsure: in top 3 |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    stats = res["stats"]
    assert isinstance(stats, dict)
    for split in ("tune", "heldout"):
        for cat, s in sorted(stats[split].items(), key=lambda kv: (kv[0] == "all", kv[0])):
            unsure = s["n"] - s["confident"]
            print(f"| {split} | {cat} | {s['n']} | {s['top1'] / s['n']:.0%} | {s['slots'] / s['n']:.0%} | "
                  f"{s['confident'] / s['n']:.0%} | "
                  f"{(s['confident_correct'] / s['confident']) if s['confident'] else 0:.0%} | "
                  f"{s['in_top3']}/{unsure} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
