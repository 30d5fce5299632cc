"""Benchmark the family (per-person allowance) conversations: tests/data/family.jsonl, tuned vs held-out.

Each turn is scored on the party's verdict, each named person's own verdict ("people") and whose items each
category's are ("owners"). A wrong "allowed" is a turn whose party or any person's expected verdict is not
"allowed" but "allowed" came back; it must stay 0.

Usage: python benchmarks/bench_family.py [--json] [--show-failures tuned]   (never look at held-out failures while
tuning)
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path
from typing import Any

from kiosk.assistant import Assistant, Conversation

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "family.jsonl"


def load() -> list[dict[str, Any]]:
    return [json.loads(x) for x in DATA.read_text(encoding="utf-8").splitlines() if x.strip()]


def people_verdicts(conv: Conversation) -> dict[str, str]:
    """Each person's own verdict (their items against their own allowances) in the last answer."""
    return {} if conv.party is None else {p.member.id: p.verdict for p in conv.party.people}


def run(assistant: Assistant, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    results = []
    for row in rows:
        conv = Conversation(assistant, arrival=dt.date.fromisoformat(row["arrival"]))
        for n, turn in enumerate(row["turns"]):
            ans = conv.ask(turn["text"], row["lang"])
            exp = turn["expect"]
            got_people = people_verdicts(conv)
            got_owners = {b.category: b.owner for b in conv.basket}
            ok = ans.verdict == exp["verdict"]
            ok &= all(got_people.get(k) == v for k, v in exp.get("people", {}).items())
            ok &= all(got_owners.get(k) == v for k, v in exp.get("owners", {}).items())
            wrong_allowed = (exp["verdict"] != "allowed" and ans.verdict == "allowed") or any(
                v != "allowed" and got_people.get(k) == "allowed" for k, v in exp.get("people", {}).items())
            results.append({"id": f"{row['id']}#{n}", "split": row["split"], "ok": ok, "wrong_allowed": wrong_allowed,
                            "text": turn["text"], "expect": exp, "got": {"verdict": ans.verdict,
                                                                         "people": got_people, "owners": got_owners}})
    return results


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--show-failures", choices=["tuned"], default=None)
    args = ap.parse_args()
    results = run(Assistant("KR", use_llm=False), load())
    summary = {}
    for split in ("tuned", "heldout"):
        rs = [r for r in results if r["split"] == split]
        summary[split] = {"turns": len(rs), "correct": sum(r["ok"] for r in rs),
                          "accuracy": round(sum(r["ok"] for r in rs) / max(1, len(rs)), 3),
                          "wrong_allowed": sum(r["wrong_allowed"] for r in rs)}
    if args.json:
        print(json.dumps(summary))
    else:
        for split, s in summary.items():
            print(f"{split:8} {s['correct']}/{s['turns']} = {s['accuracy']:.1%}  wrong-allowed {s['wrong_allowed']}")
    if args.show_failures:
        for r in results:
            if r["split"] == args.show_failures and not r["ok"]:
                print(json.dumps({k: r[k] for k in ("id", "text", "expect", "got")}, ensure_ascii=False))


if __name__ == "__main__":
    main()
