"""Officer phrase board on sentences written from public sources (customs press, FAQs, training material).

    python benchmarks/bench_officer_sources.py [--set tests/data/officer_sources_ko.jsonl] [--no-morph]
        [--no-paraphrases] [--json]

Each row: a Korean officer sentence, the phrase ids that render it faithfully ("ids"; empty = no phrase does, the
kiosk must not use one), its source URL, and its split. The set was written before the matcher was tuned; only
"tune" rows were looked at while writing paraphrases and lemma synonyms, "heldout" rows never.
- top-1: the best phrase is one of ids (rows with ids);
- used right: the kiosk would use the phrase by itself (confident) and it is one of ids;
- refused right: rows without ids that the kiosk does not use a phrase for;
- used wrong: confident on a phrase not in ids (the error that hides or changes what the officer said);
- in top 3: rows with ids, not confident, the right phrase among the three offered.
Also Kiwi's load time and the per-sentence matching time.
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
from kiosk.phrasebook.match import Matcher  # noqa: E402


def evaluate(rows: list[dict[str, object]], matcher: Matcher) -> dict[str, object]:
    stats: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    times, wrong = [], []
    for r in rows:
        t0 = time.perf_counter()
        m = matcher.match(str(r["text"]))
        times.append(time.perf_counter() - t0)
        ids = [str(x) for x in r["ids"]]  # type: ignore[attr-defined]
        s = stats[str(r["split"])]
        best = m.best.phrase_id if m.best else None
        if ids:
            s["n_ids"] += 1
            s["top1"] += best in ids
            s["used_right"] += m.confident and best in ids
            s["in_top3"] += (not m.confident) and any(c.phrase_id in ids for c in m.candidates)
        else:
            s["n_none"] += 1
            s["refused_right"] += not m.confident
        if m.confident and best not in ids:
            s["used_wrong"] += 1
            wrong.append(f"{r['split']}: {r['text']} -> {best}")
    times.sort()
    return {"stats": stats, "wrong": wrong,
            "match_ms": {"p50": 1000 * statistics.median(times), "max": 1000 * times[-1]}}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", type=Path, default=ROOT / "tests/data/officer_sources_ko.jsonl")
    ap.add_argument("--no-morph", action="store_true")
    ap.add_argument("--no-paraphrases", action="store_true")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    rows = [json.loads(line) for line in args.set.read_text(encoding="utf-8").splitlines() if line.strip()]
    kwargs = {}
    if args.no_morph or args.no_paraphrases:  # the options exist only where the matcher has them
        kwargs = {"morphemes": not args.no_morph, "paraphrases": not args.no_paraphrases}
    t0 = time.perf_counter()
    try:
        from kiosk.phrasebook import morph

        kiwi_s = 0.0 if args.no_morph else morph.load_seconds()
    except ImportError:
        kiwi_s = 0.0
    t1 = time.perf_counter()
    matcher = Matcher(get_phrasebook(), **kwargs)  # type: ignore[arg-type]
    load_s = time.perf_counter() - t1
    res = evaluate(rows, matcher)
    if args.json:
        print(json.dumps({"kiwi_load_s": kiwi_s, "matcher_load_s": load_s, **res}, indent=2, ensure_ascii=False))
        return 0
    print(f"Kiwi load + first sentence {kiwi_s:.2f} s; matcher load {load_s:.2f} s; match p50 "
          f"{res['match_ms']['p50']:.1f} ms, max {res['match_ms']['max']:.1f} ms per sentence"  # type: ignore[index]
          f" (total {time.perf_counter() - t0:.1f} s)")
    print("| split | with a phrase | top-1 | used right | unsure: in top 3 | without a phrase | refused right | "
          "used wrong |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for split in ("tune", "heldout"):
        s = res["stats"][split]  # type: ignore[index]
        n = max(s["n_ids"], 1)
        print(f"| {split} | {s['n_ids']} | {s['top1'] / n:.0%} ({s['top1']}) | {s['used_right'] / n:.0%} | "
              f"{s['in_top3']}/{s['n_ids'] - s['used_right']} | {s['n_none']} | {s['refused_right']}/{s['n_none']} | "
              f"{s['used_wrong']} |")
    for w in res["wrong"]:  # type: ignore[attr-defined]
        print("used wrong:", w)
    return 0


if __name__ == "__main__":
    sys.exit(main())
