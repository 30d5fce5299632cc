"""Issue #20's honest evaluation: real phrasings (tests/data/real/questions.jsonl, conversations.jsonl; j20b's outside
batch with `--set fresh`: fresh_questions.jsonl, fresh_conversations.jsonl), built from travelers' posts and official
pages (each case names its source) before any tuning; 30 % held out. Loaded by benchmarks/realset.py.

A question or turn is right when the verdict is one of its accepted verdicts. Reported per split: right %, wrong
"allowed" (an "allowed" where "allowed" is not accepted: must stay 0), questions asked (answers carrying a
clarifying question), per-turn time p50/p95 on the rules path (use_llm=False), and per language.

Usage: python benchmarks/bench_real.py [--set real|fresh|outside|fresh2|batch3|batch4|batch5] [--json] [--per-lang] [--show-failures tuned]
(never look at held-out failures while tuning: only `tuned` may be shown)
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import time
from collections import defaultdict
from typing import Any

import realset

from kiosk.assistant import Assistant, Conversation

SETS = {"real": ("questions", "conversations"), "fresh": ("fresh_questions", "fresh_conversations"),
        "outside": ("outside_hostile", "outside_conversations"), "fresh2": ("fresh_hostile2", None),
        "batch3": ("batch3_questions", "batch3_conversations"),
        "batch4": ("batch4_questions", "batch4_conversations"),
        "batch5": ("batch5_questions", "batch5_conversations")}


def run_questions(assistant: Assistant, rows: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    out = []
    for q in rows if rows is not None else realset.load("questions"):
        conv = Conversation(assistant, arrival=dt.date(2026, 11, 25))
        t0 = time.perf_counter()
        ans = conv.ask(q["text"], q["lang"])
        ms = 1000 * (time.perf_counter() - t0)
        out.append({"id": q["id"], "lang": q["lang"], "split": q["split"], "style": q["style"], "text": q["text"],
                    "expect": q["accept"], "got": ans.verdict, "ok": ans.verdict in q["accept"],
                    "wrong_allowed": ans.verdict == "allowed" and "allowed" not in q["accept"],
                    "asked": ans.question is not None, "ms": ms})
    return out


def run_conversations(assistant: Assistant, rows: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    out = []
    for c in rows if rows is not None else realset.load("conversations"):
        conv = Conversation(assistant, arrival=dt.date.fromisoformat(c["arrival"]))
        for n, turn in enumerate(c["turns"]):
            t0 = time.perf_counter()
            ans = conv.ask(turn["text"], c["lang"])
            ms = 1000 * (time.perf_counter() - t0)
            acc = turn["expect"]["accept"]
            out.append({"id": f"{c['id']}#{n}", "conv": c["id"], "lang": c["lang"], "split": c["split"],
                        "style": "conv", "text": turn["text"], "expect": acc, "got": ans.verdict,
                        "ok": ans.verdict in acc, "wrong_allowed": ans.verdict == "allowed" and "allowed" not in acc,
                        "asked": ans.question is not None, "ms": ms})
    return out


def _p(xs: list[float], p: float) -> float:
    s = sorted(xs)
    return s[min(len(s) - 1, round(p / 100 * (len(s) - 1)))] if s else float("nan")


def per_lang(results: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Per language: cases, right share, wrong "allowed", questions asked."""
    langs = sorted({r["lang"] for r in results})
    return {k: {"n": len(rs), "right": round(sum(r["ok"] for r in rs) / len(rs), 3),
                "wrong_allowed": sum(r["wrong_allowed"] for r in rs), "asked": sum(r["asked"] for r in rs)}
            for k in langs for rs in [[r for r in results if r["lang"] == k]]}


def summarize(results: list[dict[str, Any]]) -> dict[str, Any]:
    ms = [r["ms"] for r in results]
    by_lang: dict[str, list[bool]] = defaultdict(list)
    for r in results:
        by_lang[r["lang"]].append(r["ok"])
    out = {"n": len(results), "right": round(sum(r["ok"] for r in results) / max(1, len(results)), 3),
           "wrong_allowed": sum(r["wrong_allowed"] for r in results), "asked": sum(r["asked"] for r in results),
           "p50_ms": round(_p(ms, 50), 1), "p95_ms": round(_p(ms, 95), 1),
           "by_lang": {k: round(statistics.fmean(v), 2) for k, v in sorted(by_lang.items())}}
    convs = {r["conv"] for r in results if "conv" in r}
    if convs:
        out["conversations"] = len(convs)
        out["conversations_all_right"] = sum(all(r["ok"] for r in results if r.get("conv") == c) for c in convs)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--set", choices=sorted(SETS), default="real")
    ap.add_argument("--per-lang", action="store_true", help="add right / wrong allowed / asked per language")
    ap.add_argument("--show-failures", choices=["tuned"], default=None)
    args = ap.parse_args()
    assistant = Assistant("KR", use_llm=False)
    assistant.warm_up()  # what the kiosk does at start (number data; word segmenters where the code has them)
    try:  # the segmenters load in the background at warm-up: wait for them, so that no turn is timed during it
        from kiosk.assistant import tokens
        from kiosk.languages import UI_LANGUAGES

        tokens.warm_up(UI_LANGUAGES, background=False)
    except ImportError:  # a checkout without them (the baseline)
        pass
    qname, cname = SETS[args.set]
    run_questions(assistant, realset.load(qname)[::10])  # warm caches (regexes per language) outside the timing
    qs = run_questions(assistant, realset.load(qname))
    cs = run_conversations(assistant, realset.load(cname)) if cname else []
    report = {f"{kind}/{split}": summarize([r for r in rs if r["split"] == split])
              for kind, rs in (("questions", qs), ("conversations", cs)) for split in ("tuned", "heldout")
              if any(r["split"] == split for r in rs)}
    if args.per_lang:
        for kind, rs in (("questions", qs), ("conversations", cs)):
            for split in ("tuned", "heldout"):
                if f"{kind}/{split}" in report:
                    report[f"{kind}/{split}"]["per_lang"] = per_lang([r for r in rs if r["split"] == split])
    allms = [r["ms"] for r in qs + cs]
    report["all"] = {"turns": len(allms), "p95_ms": round(_p(allms, 95), 1), "max_ms": round(max(allms), 1)}
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
    else:
        for k, s in report.items():
            print(k, json.dumps(s, ensure_ascii=False))
    if args.show_failures:
        for r in qs + cs:
            if r["split"] == args.show_failures and not r["ok"]:
                print(json.dumps({k: r[k] for k in ("id", "text", "expect", "got", "asked")}, ensure_ascii=False))


if __name__ == "__main__":
    main()
