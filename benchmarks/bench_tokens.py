"""Issue 20 item 1: what each word segmenter costs - load time, per-turn time, resident memory - each in a fresh
process (so memory is the segmenter's own), plus kiwipiepy (Korean morphemes; measured, not used: over the issue's
budget of 300 MB and 1 s).

Usage: python benchmarks/bench_tokens.py [--json]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

_CHILD = r"""
import json, resource, statistics, sys, time
def rss():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
name, text = sys.argv[1], sys.argv[2]
import kiosk.assistant.tokens as tk  # the kiosk's own loaders (its imports are not counted)
from kiosk.assistant.numbers import normalize_text
r0, t0 = rss(), time.perf_counter()
if name == "kiwi":
    from kiwipiepy import Kiwi
    kiwi = Kiwi(num_workers=0, load_multi_dict=False, load_typo_dict=False)
    run = lambda s: kiwi.tokenize(s)
else:
    seg = tk.segmenter({"sudachi": "ja", "jieba": "zh", "pythainlp": "th"}[name])
    run = seg
run("warm up")
load = time.perf_counter() - t0
t = normalize_text(text)
times = []
for _ in range(200):
    s = time.perf_counter(); run(t); times.append(1000 * (time.perf_counter() - s))
times.sort()
print(json.dumps({"segmenter": name, "load_s": round(load, 2), "per_turn_p50_ms": round(times[100], 3),
                  "per_turn_p95_ms": round(times[190], 3), "added_rss_mb": round(rss() - r0)}))
"""

TEXTS = {
    "sudachi": "お土産にいろんな種類のお菓子を買いました、全部で5000円くらいです。ウイスキーも2本あります",
    "jieba": "我在土耳其买了一条围巾，200美元，还有两瓶白酒和一条中华烟",
    "pythainlp": "ฉันเดินทางมากับครอบครัว ซื้อเสื้อผ้า 200 ดอลลาร์ มีไส้กรอกกับแหนมด้วย",
    "kiwi": "돈키호테에서 과자랑 화장품 5만원어치 샀어요. 위스키를 두 병 가져왔어요",
}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    rows = []
    for name, text in TEXTS.items():
        out = subprocess.run([sys.executable, "-c", _CHILD, name, text], capture_output=True, text=True, check=False)
        line = out.stdout.strip().splitlines()[-1] if out.stdout.strip() else json.dumps(
            {"segmenter": name, "error": out.stderr.strip().splitlines()[-1:]})
        rows.append(json.loads(line))
    for r in rows:
        print(json.dumps(r) if args.json else "  ".join(f"{k}={v}" for k, v in r.items()))


if __name__ == "__main__":
    main()
