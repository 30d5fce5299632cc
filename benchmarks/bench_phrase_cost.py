"""What Korean morphemes cost the officer phrase matcher: Kiwi's load, its first sentence, a sentence after that,
and the matcher's CPU time per match (process time: fair on a shared, loaded machine).

    PYTHONPATH=. python benchmarks/bench_phrase_cost.py       (PYTHONPATH=<another checkout> for that one)
"""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path

from kiosk.phrasebook import get_phrasebook
from kiosk.phrasebook.match import Matcher

ROWS = Path(__file__).resolve().parent.parent / "tests/data/phrase_eval_ko.jsonl"


def main() -> None:
    texts = [json.loads(x)["text"] for x in ROWS.read_text(encoding="utf-8").splitlines() if x.strip()]
    try:
        t0 = time.perf_counter()
        from kiwipiepy import Kiwi

        kiwi = Kiwi(num_workers=-1)
        t1 = time.perf_counter()
        kiwi.tokenize(texts[0])
        t2 = time.perf_counter()
        each = []
        for t in texts:
            a = time.perf_counter()
            kiwi.tokenize(t)
            each.append(time.perf_counter() - a)
        print(f"kiwipiepy: import + Kiwi() {t1 - t0:.2f} s, first sentence {t2 - t1:.2f} s, then a sentence "
              f"p50 {1000 * statistics.median(each):.2f} ms (wall)")
    except ImportError:
        print("kiwipiepy not installed")
    c0 = time.process_time()
    matcher = Matcher(get_phrasebook())
    matcher.match(texts[0])
    c1 = time.process_time()
    for t in texts:
        matcher.match(t)
    c2 = time.process_time()
    print(f"matcher: load + first match {c1 - c0:.2f} s CPU, then {1000 * (c2 - c1) / len(texts):.1f} ms CPU a match "
          f"({len(texts)} sentences)")


if __name__ == "__main__":
    main()
