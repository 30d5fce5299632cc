"""Which local Korean voice does the kiosk's own recognizer understand best? (issue 22 item 4)

Sample (frozen before any measurement, `--freeze`): 40 sentences drawn with a fixed seed from what
benchmarks/bench_ko_intelligibility.py enumerates (every Korean phrasebook phrase with the lint's sample slots, and
every sentence of the rule answers to the Korean questions of tests/data/questions.jsonl); the first 25 of the draw
are `tune`, the last 15 `held` (never used to choose). Written to benchmarks/data/ko_voice_sample.json.

Each candidate speaks a sentence through the kiosk's Speaker (same phrasing, same readings) with a voices.toml of
its own; whisper-base (language forced to Korean, as the officer screen does) transcribes it; the error is the
project's normalized CER (kiosk.report.error_rate after kiosk.tts.readings.speakable on both sides, so "2병" and
"두 병" compare equal). Whisper is a proxy for a Korean listener, not one.

Candidate names: `kokoro:<style>@<speed>[+map]` (`+map` = voices.toml's Korean [kokoro.ipa_replace], i.e. espeak-ng's
Korean IPA rewritten into Kokoro's symbols; `+pron…` = Hangul handed to the engine as pronounced, kiosk.tts.ko_pron:
the cached `+pron` clips are of its first version (5d3bf03), `+pron2` of the one with the ㅢ rule (chosen)),
`espeak-ng:<voice>@<speed>`; a `/written` suffix hands the voice the
text as written (readings off; a sentence the readings leave unchanged reuses the twin's clip). Results are cached per clip in benchmarks/results/ko_voice.json (resumable).

    python benchmarks/bench_ko_voice.py --freeze                       # once, before measuring
    python benchmarks/bench_ko_voice.py --set tune --voices kokoro:jf_alpha@1.0,kokoro:jf_alpha@1.0+map
    python benchmarks/bench_ko_voice.py --freeze-numbers               # once: the digits-only sample (ntune/nheld)
    python benchmarks/bench_ko_voice.py --report
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
import tomllib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SAMPLE = ROOT / "benchmarks" / "data" / "ko_voice_sample.json"
RESULTS = ROOT / "benchmarks" / "results" / "ko_voice.json"
SEED = 22
N_TUNE, N_HELD = 25, 15
# the sample above holds 3 sentences with digits: a second one, of sentences with digits only (k22c, issue 22 item 4:
# numbers, units and long answers), frozen with `--freeze-numbers` before any measurement on it
NUMBERS = ROOT / "benchmarks" / "data" / "ko_voice_numbers.json"
N_NUM_TUNE, N_NUM_HELD = 12, 8


def freeze() -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_ko_intelligibility import sentences

    every = sentences()
    drawn = random.Random(SEED).sample(every, N_TUNE + N_HELD)
    rows = [{"id": sid, "text": text, "set": "tune" if n < N_TUNE else "held"} for n, (sid, text) in enumerate(drawn)]
    SAMPLE.parent.mkdir(parents=True, exist_ok=True)
    SAMPLE.write_text(json.dumps({
        "source": "benchmarks/bench_ko_intelligibility.py sentences() (phrasebook phrases + rule answer sentences)",
        "population": len(every), "seed": SEED, "draw": "random.Random(seed).sample(population, 40); "
        "first 25 tune, last 15 held", "sentences": rows}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(rows)} of {len(every)} sentences -> {SAMPLE}")


def freeze_numbers() -> None:
    import re

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_ko_intelligibility import sentences

    taken = {r["id"] for r in json.loads(SAMPLE.read_text(encoding="utf-8"))["sentences"]}
    every = [(sid, text) for sid, text in sentences() if re.search(r"\d", text) and sid not in taken]
    drawn = random.Random(SEED).sample(every, N_NUM_TUNE + N_NUM_HELD)
    rows = [{"id": sid, "text": text, "set": "ntune" if n < N_NUM_TUNE else "nheld"}
            for n, (sid, text) in enumerate(drawn)]
    NUMBERS.write_text(json.dumps({
        "source": "benchmarks/bench_ko_intelligibility.py sentences() with a digit, not in ko_voice_sample.json",
        "population": len(every), "seed": SEED, "draw": "random.Random(seed).sample(population, 20); "
        "first 12 ntune, last 8 nheld", "sentences": rows}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(rows)} of {len(every)} sentences -> {NUMBERS}")


def sample(which: str) -> list[dict[str, str]]:
    rows = [r for path in (SAMPLE, NUMBERS) if path.exists()
            for r in json.loads(path.read_text(encoding="utf-8"))["sentences"]]
    return [r for r in rows if r["set"] in which.split("+")]


def _config(name: str, tmp: Path) -> Path:
    """A voices.toml whose Korean chain is just this candidate (the real file's [kokoro] settings otherwise)."""
    real = tomllib.loads((ROOT / "voices" / "voices.toml").read_text(encoding="utf-8"))
    entry = name.split("@")[0]
    use_map = "+map" in name
    ipa = real.get("kokoro", {}).get("ipa_replace", {}).get("ko", []) if use_map else []
    if use_map and not ipa:
        raise SystemExit("voices.toml has no [kokoro.ipa_replace] ko")
    lines = ["version = 1", "[espeak]", "words_per_minute = 160", "[kokoro]",
             'espeak_language = { ko = "ko" }', "[kokoro.ipa_replace]",
             "ko = [" + ", ".join(f"[{json.dumps(a)}, {json.dumps(b)}]" for a, b in ipa) + "]",
             "[voices]", f"ko = [{json.dumps(entry)}]"]
    path = tmp / (name.replace(":", "_").replace("/", "_").replace("@", "_") + ".toml")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _speed(name: str) -> float:
    return float(name.split("@")[1].split("+")[0].split("/")[0])


def load() -> dict[str, Any]:
    return json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else {}


def save(data: dict[str, Any]) -> None:
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    tmp = RESULTS.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(tmp, RESULTS)


def run(names: list[str], rows: list[dict[str, str]], budget_s: float) -> bool:
    import kiosk.tts.speaker as speaker_mod
    from kiosk.asr import get_transcriber
    from kiosk.report import error_rate
    from kiosk.tts.readings import speakable

    data = load()
    todo = [(n, r) for n in names for r in rows if r["id"] not in data.get(n, {})]
    if not todo:
        return True
    asr = get_transcriber("whisper-base")
    speakers: dict[str, Any] = {}
    t_start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for i, (name, row) in enumerate(todo):
            if time.perf_counter() - t_start > budget_s:
                print(f"budget of {budget_s:.0f}s spent: {len(todo) - i} clips left; run again to resume")
                return False
            base = data.get(name.removesuffix("/written"), {}).get(row["id"])
            if name.endswith("/written") and speakable(row["text"], "ko") == row["text"] and base:
                data.setdefault(name, {})[row["id"]] = base  # the readings leave it alone: the same input
                continue
            if name not in speakers:
                speakers[name] = speaker_mod.Speaker(config_path=_config(name, Path(tmp)))
            real, real_engine = speaker_mod.speakable, speaker_mod.engine_text
            if name.endswith("/written"):
                speaker_mod.speakable = lambda t, lang: t  # type: ignore[assignment]
            if "+pron" not in name:  # Hangul as written (before issue 22 item 4's kiosk.tts.ko_pron)
                speaker_mod.engine_text = lambda t, lang: t  # type: ignore[assignment]
            t0 = time.perf_counter()
            try:
                clip = speakers[name].synthesize(row["text"], "ko", _speed(name))
            finally:
                speaker_mod.speakable, speaker_mod.engine_text = real, real_engine  # type: ignore[assignment]
            synth_s = time.perf_counter() - t0
            heard = asr.transcribe(clip, language="ko").text
            cer = error_rate(speakable(row["text"], "ko"), speakable(heard, "ko"), "ko")
            data.setdefault(name, {})[row["id"]] = {"cer": round(cer, 4), "heard": heard,
                                                    "synth_s": round(synth_s, 2)}
            save(data)
            print(f"{name:34} {row['id']:14} cer={cer:.2f} {row['text'][:30]} -> {heard[:30]}", flush=True)
    return True


def summary(name: str, which: str) -> dict[str, Any] | None:
    got = load().get(name, {})
    ids = [r["id"] for r in sample(which)]
    cers = [got[i]["cer"] for i in ids if i in got]
    if len(cers) < len(ids):
        return None
    return {"n": len(cers), "mean": round(statistics.fmean(cers), 3), "median": round(statistics.median(cers), 3),
            "share_le_0.3": round(sum(c <= 0.3 for c in cers) / len(cers), 2)}


def report() -> str:
    parts = ("tune", "held", "ntune", "nheld")
    lines = ["| voice | " + " | ".join(f"{p} mean | {p} median" for p in parts) + " |", "|---" * 9 + "|"]
    rows = []
    for name in load():
        got = [summary(name, p) for p in parts]
        rows.append(((got[0] or got[2] or {"mean": 9.0})["mean"], name, got))
    for _, name, got in sorted(rows):
        cells = [f"{s['mean']:.3f} | {s['median']:.3f}" if s else "- | -" for s in got]
        lines.append(f"| {name} | {' | '.join(cells)} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--freeze", action="store_true", help="draw and write the sample (once, before measuring)")
    ap.add_argument("--voices", default="", help="comma-separated candidate names")
    ap.add_argument("--freeze-numbers", action="store_true", help="draw and write the numbers sample (once)")
    ap.add_argument("--set", choices=("tune", "held", "tune+held", "ntune", "nheld"), default="tune")
    ap.add_argument("--budget", type=float, default=600.0, help="stop after this many seconds (resume later)")
    ap.add_argument("--report", action="store_true")
    args = ap.parse_args(argv)
    if args.freeze:
        if SAMPLE.exists():
            raise SystemExit(f"{SAMPLE} exists: the sample is frozen")
        freeze()
        return 0
    if args.freeze_numbers:
        if NUMBERS.exists():
            raise SystemExit(f"{NUMBERS} exists: the sample is frozen")
        freeze_numbers()
        return 0
    names = [n for n in args.voices.split(",") if n]
    done = run(names, sample(args.set), args.budget) if names else True
    print(report())
    return 0 if done else 3


if __name__ == "__main__":
    raise SystemExit(main())
