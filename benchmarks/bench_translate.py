"""Translation latency per sentence and throughput with the models available on this machine.

    python benchmarks/bench_translate.py [--json out.json] [--skip-llm] [--skip-whisper]

Engines measured: the phrasebook (match + render, no model), the installed packs (if any), the tiny Marian pack, the tiny test NLLB model (tests/data/tiny_nllb: measures
the pipeline overhead only, not NLLB-600M), the qwen2.5-0.5b LLM fallback, and Whisper base's speech->English
translate task. Target to re-measure when the NLLB-200-distilled-600M int8 pack is installed (published
CTranslate2 figures scaled to a 2-core x86 CPU): load < 3 s, ~0.4-1.0 s per short sentence (beam 4),
3-6 sentences/s batched, ~1 GB RSS.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import resource
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TINY = ROOT / "tests" / "data" / "tiny_nllb"


def _sentences() -> tuple[list[str], list[str]]:
    with (TINY / "corpus.tsv").open(encoding="utf-8") as fh:
        rows = list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))[1:]
    return [r[0] for r in rows], [r[1] for r in rows]


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench_nllb(model_dir: Path, label: str) -> dict[str, Any]:
    from kiosk.translate import NllbTranslator

    en, ko = _sentences()
    t0 = time.perf_counter()
    tr = NllbTranslator(model_dir, cache_size=0)
    load = time.perf_counter() - t0
    single = []
    for s in en[:10]:
        t = time.perf_counter()
        tr.translate_batch([s], "en", "ko")
        single.append(time.perf_counter() - t)
    t = time.perf_counter()
    tr.translate_batch(en, "en", "ko")
    batch_s = time.perf_counter() - t
    t = time.perf_counter()
    tr.translate_batch(ko, "ko", "en")
    batch_back = time.perf_counter() - t
    cached = NllbTranslator(model_dir)
    cached.translate_batch(en[:5], "en", "ko")
    t = time.perf_counter()
    cached.translate_batch(en[:5], "en", "ko")
    hit = (time.perf_counter() - t) / 5
    return {"engine": label, "load_s": round(load, 3), "median_sentence_s": round(statistics.median(single), 4),
            "p90_sentence_s": round(sorted(single)[8], 4),
            "batch30_en_ko_sentences_per_s": round(len(en) / batch_s, 1),
            "batch30_ko_en_sentences_per_s": round(len(ko) / batch_back, 1),
            "cache_hit_s": round(hit, 6), "rss_mb": round(_rss_mb())}


def bench_phrasebook() -> dict[str, Any]:
    """The phrasebook engine: match a Korean officer sentence, render it in the traveler's language."""
    from kiosk.translate import PhrasebookTranslator

    rows = [json.loads(x) for x in (ROOT / "tests/data/phrase_eval_ko.jsonl").read_text(encoding="utf-8")
            .splitlines() if x.strip()]
    pb = PhrasebookTranslator()
    t0 = time.perf_counter()
    pb.translate("여권을 보여 주세요.", "ko", "th")  # builds the matcher
    load = time.perf_counter() - t0
    times, answered = [], 0
    for r in rows:
        t = time.perf_counter()
        out = pb.translate(r["text"], "ko", "th")
        times.append(time.perf_counter() - t)
        answered += out is not None
    times.sort()
    return {"engine": "phrasebook (ko -> th)", "load_s": round(load, 3),
            "median_sentence_s": round(statistics.median(times), 4), "p95_sentence_s": round(times[int(0.95 * len(times))], 4),
            "answered_without_a_model": f"{answered}/{len(rows)}", "rss_mb": round(_rss_mb())}


def bench_marian() -> dict[str, Any]:
    from kiosk.translate.packs import load_pack

    _en, ko = _sentences()
    t0 = time.perf_counter()
    tr = load_pack(ROOT / "tests/data/tiny_packs/marian_ko_en", ["ko", "en"], cache_size=0)
    load = time.perf_counter() - t0
    t = time.perf_counter()
    tr.translate_batch(ko, "ko", "en")
    return {"engine": "marian (tiny test model, ko->en)", "load_s": round(load, 3),
            "batch30_ko_en_sentences_per_s": round(len(ko) / (time.perf_counter() - t), 1)}


def bench_llm() -> dict[str, Any]:
    from kiosk.translate import LlmTranslator
    from kiosk.translate.llm_fallback import load_llm

    t0 = time.perf_counter()
    load_llm("qwen2.5-0.5b")
    load = time.perf_counter() - t0
    llm = LlmTranslator("qwen2.5-0.5b")
    cases = [("Tengo dos botellas de vino.", "es", "en"), ("我的包里有水果。", "zh", "en"),
             ("Please open your bag.", "en", "zh"), ("Do you have anything to declare?", "en", "ko")]
    times, outs = [], []
    for text, s, t in cases:
        r = llm.translate(text, s, t)
        times.append(r.seconds)
        outs.append({"src": s, "tgt": t, "flagged": r.flagged, "chars": len(r.text)})
    return {"engine": "llm qwen2.5-0.5b", "load_s": round(load, 2), "median_sentence_s": round(statistics.median(times), 2),
            "max_sentence_s": round(max(times), 2), "results": outs, "rss_mb": round(_rss_mb())}


def bench_whisper() -> dict[str, Any]:
    from kiosk.asr import get_transcriber
    from kiosk.tts import get_speaker

    clip = get_speaker().synthesize("Soy turista y me quedo una semana.", "es")
    asr = get_transcriber()
    asr.transcribe(clip)  # warm-up
    t = time.perf_counter()
    tr = asr.transcribe(clip)
    transcribe_s = time.perf_counter() - t
    t = time.perf_counter()
    asr.transcribe(clip, language=tr.language, task="translate")
    translate_s = time.perf_counter() - t
    return {"engine": "whisper-base translate", "audio_s": round(clip.duration_s, 2),
            "transcribe_s": round(transcribe_s, 2), "translate_s": round(translate_s, 2),
            "rss_mb": round(_rss_mb())}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--json", type=Path)
    ap.add_argument("--skip-llm", action="store_true")
    ap.add_argument("--skip-whisper", action="store_true")
    args = ap.parse_args()
    from kiosk.registry import ModelUnavailable, default_registry

    results: list[dict[str, Any]] = [bench_phrasebook(), bench_nllb(TINY, "nllb (tiny test model)"), bench_marian()]
    for spec in default_registry().by_kind("mt"):
        try:
            results.append(bench_nllb(default_registry().path(spec.id), f"nllb ({spec.id})"))
        except ModelUnavailable as exc:
            results.append({"engine": spec.id, "error": str(exc)})
    if not args.skip_llm:
        results.append(bench_llm())
    if not args.skip_whisper:
        results.append(bench_whisper())
    report = {"machine": f"{platform.machine()} {os.cpu_count()} cpus", "python": sys.version.split()[0],
              "loadavg_1m": round(os.getloadavg()[0], 2),
              "results": results}
    print(json.dumps(report, indent=2, ensure_ascii=False))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
