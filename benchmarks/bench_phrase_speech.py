"""Spoken officer phrases: kiosk TTS (Korean voice) -> Whisper base vs Vosk (phrasebook grammar) -> matcher.

    python benchmarks/bench_phrase_speech.py [--n 30] [--split heldout] [--json]

There is no neural Korean voice offline: the kiosk speaks Korean with espeak-ng, whose Korean is poor, so these
numbers are a pessimistic proxy for a real officer's voice (which Whisper base transcribes with CER ~0.20 on real
Korean recordings, /work/shared/MODELS.md). Reported per recognizer: character error rate of the transcript
against the text that was spoken, phrase top-1 accuracy, confident precision, time per utterance.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import jiwer  # noqa: E402

from kiosk.phrasebook import get_phrasebook  # noqa: E402
from kiosk.phrasebook.match import Matcher  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", type=Path, default=ROOT / "tests/data/phrase_eval_ko.jsonl")
    ap.add_argument("--split", default="heldout")
    ap.add_argument("--n", type=int, default=30)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    rows = [json.loads(x) for x in args.set.read_text(encoding="utf-8").splitlines() if x.strip()]
    rows = [r for r in rows if r["split"] == args.split][: args.n]

    from kiosk.asr import get_transcriber
    from kiosk.phrasebook.vosk_ko import VoskKorean, VoskUnavailable, grammar_words
    from kiosk.tts import get_speaker

    book = get_phrasebook()
    matcher = Matcher(book)
    speaker = get_speaker()
    t0 = time.perf_counter()
    clips = [speaker.synthesize(str(r["text"]), "ko") for r in rows]
    tts_s = time.perf_counter() - t0
    recognizers: dict[str, object] = {"whisper-base": get_transcriber("whisper-base")}
    try:
        recognizers["vosk-grammar"] = VoskKorean(grammar_words(book))
        recognizers["vosk-free"] = VoskKorean()
    except VoskUnavailable as exc:
        print(f"vosk skipped: {exc}", file=sys.stderr)
    report: dict[str, dict[str, float]] = {}
    for name, rec in recognizers.items():
        cers, secs, top1, conf, conf_ok = [], [], 0, 0, 0
        for r, clip in zip(rows, clips, strict=True):
            t1 = time.perf_counter()
            if name == "whisper-base":
                text = rec.transcribe(clip, language="ko").text  # type: ignore[attr-defined]
            else:
                text = rec.transcribe(clip).text  # type: ignore[attr-defined]
            secs.append(time.perf_counter() - t1)
            ref = str(r["text"]).replace(" ", "")
            cers.append(min(1.0, jiwer.cer(ref, text.replace(" ", "") or "∅")))
            m = matcher.match(text)
            ok = m.best is not None and m.best.phrase_id == r["id"]
            top1 += ok
            conf += m.confident
            conf_ok += m.confident and ok
            if not args.json:
                print(f"{name:13s} {r['id']} {'ok ' if ok else 'BAD'} {text}")
        n = len(rows)
        report[name] = {"n": n, "cer": statistics.mean(cers), "top1": top1 / n, "confident": conf / n,
                        "confident_precision": conf_ok / conf if conf else 0.0,
                        "seconds_p50": statistics.median(secs)}
    if args.json:
        print(json.dumps({"tts_seconds": tts_s, "report": report}, indent=2))
    else:
        print(f"\n{len(rows)} {args.split} utterances spoken by the kiosk's Korean voice (espeak-ng) in {tts_s:.1f} s")
        print("| recognizer | CER | phrase top-1 | confident | confident correct | s / utterance |")
        print("|---|---:|---:|---:|---:|---:|")
        for name, s in report.items():
            print(f"| {name} | {s['cer']:.2f} | {s['top1']:.0%} | {s['confident']:.0%} | "
                  f"{s['confident_precision']:.0%} | {s['seconds_p50']:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
