"""How well and how fast the local LLM names goods categories, with and without worked examples in its prompt.

The LLM is asked only when the lexicon leaves part of a message unaccounted for: goods the lexicon does not know
("durian", "육포") and sentences that name no goods at all (small talk, or the read sentences of the real human
recordings the voice benchmarks play). The set, tests/data/llm_extract.jsonl, was written before the examples were
tried (56 messages, 9 languages; every 4th held out, never looked at while choosing the examples):
  goods      recall: every expected category named;  off-topic  clean: nothing named
A false category is never a wrong "allowed" (the rules decide; an extra category adds a question or a declare),
but it is a wrong answer and costs time: the model keeps listing categories up to its token limit.

Timings need a quiet machine: llama.cpp's threads spin, and with other work on the two cores a 20-token reply took
seconds instead of 0.3 s. The budgets (KIOSK_LLM_BUDGET_S) show what a time limit costs in recall.

Usage: PYTHONPATH=$PWD python benchmarks/bench_llm_extract.py [--budgets 0,0.35,0.6] [--no-examples-variant] [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path
from typing import Any

from kiosk.llm import extract as ex

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "llm_extract.jsonl"
# The candidate examples (none of their goods or sentences is in the evaluation set).
EXAMPLES = (
    ("The train was late and the station was crowded.", "[]"),
    ("I have three apples and some pork dumplings.", '["fruit", "meat"]'),
    ("Wie spät ist es?", "[]"),
    ("We brought a puppy and a tub of yogurt.", '["animal", "dairy"]'),
    ("오늘 날씨가 좋네요.", "[]"),
)


def run(variant: str, rows: list[dict[str, Any]], budget_s: float = 0.0) -> dict[str, Any]:
    llm = ex.get_llm()
    saved = ex._EXAMPLES
    ex._EXAMPLES = EXAMPLES if variant == "examples" else ()
    try:
        llm.extract("warm-up: the prefix is evaluated once", budget_s=0)
        out: dict[str, Any] = {}
        for split in ("tuned", "heldout"):
            goods = hits = off = clean = false_cats = 0
            secs: list[float] = []
            for r in (r for r in rows if r["split"] == split):
                e = llm.extract(r["text"], budget_s=budget_s)
                got = {i.category for i in e.items} - {"personal_effects", "general"}
                secs.append(e.seconds)
                want = set(r["expect"])
                false_cats += len(got - want)
                if want:
                    goods += 1
                    hits += want <= got
                else:
                    off += 1
                    clean += not got
            s = sorted(secs)
            out[split] = {"n": len(secs), "goods_recall": round(hits / max(goods, 1), 3),
                          "offtopic_clean": round(clean / max(off, 1), 3), "false_categories": false_cats,
                          "p50_s": round(statistics.median(s), 3), "p95_s": round(s[min(len(s) - 1, round(0.95 * (len(s) - 1)))], 3)}
        return out
    finally:
        ex._EXAMPLES = saved


def asked(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Which messages the shipped policy sends to the LLM at all: when the lexicon found nothing, only those that
    speak of having, bringing, packing or buying something (kiosk.assistant.unaccounted.speaks_of_goods)."""
    from kiosk.assistant.unaccounted import speaks_of_goods

    out: dict[str, Any] = {}
    for split in ("tuned", "heldout"):
        mine = [r for r in rows if r["split"] == split]
        goods = [r for r in mine if r["expect"]]
        off = [r for r in mine if not r["expect"]]
        out[split] = {"goods_asked": f"{sum(speaks_of_goods(r['text'], r['lang']) for r in goods)}/{len(goods)}",
                      "offtopic_asked": f"{sum(speaks_of_goods(r['text'], r['lang']) for r in off)}/{len(off)}"}
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--budgets", default="0,0.35,0.6", help="time budgets (s) tried with the shipped prompt; 0 = none")
    ap.add_argument("--no-examples-variant", action="store_true", help="skip the worked-examples variant")
    args = ap.parse_args()
    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]
    t0 = time.perf_counter()
    res: dict[str, Any] = {"asked (policy)": asked(rows)}
    res |= {f"shipped budget={b}": run("no-examples", rows, float(b)) for b in args.budgets.split(",")}
    if not args.no_examples_variant:
        res["examples budget=0"] = run("examples", rows)
    for v, r in res.items():
        for split, m in r.items():  # type: ignore[union-attr]
            print(f"{v:22s} {split:8s} " + " ".join(f"{k}={val}" for k, val in m.items()))
    res["seconds_total"] = round(time.perf_counter() - t0, 1)
    if args.json:
        print(json.dumps(res))


if __name__ == "__main__":
    main()
