"""Does streaming endpointing cut utterances as well as the old whole-buffer endpointing? Recognition accuracy of
the clips each one hands to Whisper (both run live: they stop at the first 700 ms pause), on the round-trip sentences and customs questions synthesized with the
kiosk's voices (en zh ja es fr de) and the real recordings in --speech-dir (ko ja zh en es fr de).

Each utterance is put after a random 0.3-0.8 s of silence (the frame grid falls differently each time) and
followed by 1.5 s of silence; `old` = the Recorder before the rewrite (`kiosk.audio.endpoint()` over the whole
buffer every 300 ms, 200 ms pads), `new` = `StreamingVad` + `Endpointer` frame by frame (what the Recorder does now).

    python benchmarks/bench_endpoint_accuracy.py [--repeat 2] [--json] [--pause-ms 200]

(`--pause-ms 200`: the endpointing before recognition started at 128 ms: new 0.1873 with it, 0.1935 with the
shipped 128 ms + 72 ms of digital silence, the same cuts; single clips' last syllables flip both ways.)

With --end-pads it compares instead what follows the last speech frame in the clip Whisper gets (recorded audio,
or recorded audio then digital silence up to 200 ms), per placement seed: that decides how soon after the last
word the recognition of the final utterance can start (EndpointConfig.pause_ms / end_pad_ms).

    python benchmarks/bench_endpoint_accuracy.py --end-pads --seeds 7,8,9 [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_voice_to_voice import LANGS, questions  # noqa: E402
from voice_fixtures import SENTENCES, error_rate  # noqa: E402

from kiosk.asr import get_transcriber  # noqa: E402
from kiosk.asr.streaming import looks_complete  # noqa: E402
from kiosk.audio import ASR_RATE, AudioClip, EndpointConfig, Endpointer, StreamingVad, endpoint  # noqa: E402
from kiosk.audio.vad import FRAME  # noqa: E402
from kiosk.tts import get_speaker  # noqa: E402


def old_span(x: np.ndarray, check_s: float = 0.3) -> tuple[int, int] | None:
    """The Recorder before the rewrite: every 300 ms, Silero over the whole buffer so far; once speech is followed
    by 700 ms of silence, the final span over that buffer."""
    step = int(check_s * ASR_RATE)
    for n in range(step, len(x) + step, step):
        if endpoint(x[:n], end_silence_ms=700, final=False) is not None:
            return endpoint(x[:n], end_silence_ms=700)
    return endpoint(x)


END_PADS = {  # name -> (ms of recorded audio after the last speech frame, ms of digital silence after it)
    "recorded 200": (200, 0), "recorded 128": (128, 0), "128 + 72 silence": (128, 72),
    "96 + 104 silence": (96, 104), "64 + 136 silence": (64, 136)}


def end_pads(qs: list[Any], seeds: list[int]) -> dict[str, Any]:
    """Error rate per end-pad variant: each utterance placed once per seed, cut where the Endpointer ends it."""
    from kiosk.audio.vad import Endpointer as _Endpointer

    tr = get_transcriber()
    errs: dict[str, dict[str, list[float]]] = {k: {"real": [], "synth": []} for k in END_PADS}
    per_seed: dict[str, list[float]] = {k: [] for k in END_PADS}
    for seed in seeds:
        rng = np.random.default_rng(seed)
        mine: dict[str, list[float]] = {k: [] for k in END_PADS}
        for q in qs:
            lead = np.zeros(int(rng.uniform(0.3, 0.8) * ASR_RATE), np.float32)
            x = np.concatenate([lead, q.clip.samples, np.zeros(int(1.5 * ASR_RATE), np.float32)])
            vad, ep = StreamingVad(), _Endpointer(EndpointConfig())
            for prob in vad.push(x):
                if ep.update(float(prob)) == "end":
                    break
            if ep.first_speech is None or ep.last_speech is None:
                continue
            start = max(0, ep.first_speech * FRAME - 200 * ASR_RATE // 1000)
            last = (ep.last_speech + 1) * FRAME
            for name, (rec, fill) in END_PADS.items():
                clip = np.concatenate([x[start:last + rec * ASR_RATE // 1000],
                                       np.zeros(fill * ASR_RATE // 1000, np.float32)])
                e = error_rate(q.lang, q.ref, tr.transcribe(AudioClip(clip, ASR_RATE)).text)
                errs[name][q.kind].append(e)
                mine[name].append(e)
        for name, v in mine.items():
            per_seed[name].append(round(statistics.mean(v), 4))
    out: dict[str, Any] = {}
    for name, d in errs.items():
        every = d["real"] + d["synth"]
        out[name] = {"error": round(statistics.mean(every), 4), "n": len(every), "per_seed": per_seed[name],
                     **{k: round(statistics.mean(v), 4) for k, v in d.items() if v}}
        print(f"{name:18s} error {out[name]['error']:.4f} (real {out[name].get('real', float('nan')):.4f}, "
              f"synth {out[name].get('synth', float('nan')):.4f}) per seed {per_seed[name]}", flush=True)
    return out


def new_clip(x: np.ndarray, pause_ms: int | None = None) -> np.ndarray | None:
    """The Recorder now, with on-the-fly recognition as if it were instant (the earliest it can cut: a complete
    sentence ends the utterance after 700 ms of silence, anything else after 1 s)."""
    vad = StreamingVad()
    complete = [False]
    config = EndpointConfig() if pause_ms is None else EndpointConfig(pause_ms=pause_ms)
    ep = Endpointer(config, is_complete=lambda: complete[0])
    for i, prob in enumerate(vad.push(x)):
        event = ep.update(float(prob))
        if event == "pause":
            clip = ep.cut(x[:(i + 1) * FRAME])
            assert clip is not None
            complete[0] = looks_complete(get_transcriber().transcribe(AudioClip(clip, ASR_RATE)).text)
        elif event == "resume":
            complete[0] = False
        elif event == "end":
            break
    return ep.cut(x)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=2, help="random placements per utterance")
    ap.add_argument("--speech-dir", type=Path, default=Path("/work/shared/speech"))
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--pause-ms", type=int, help="the new endpointing with this pause (default: the shipped one)")
    ap.add_argument("--end-pads", action="store_true", help="compare end pads (recorded / digital silence)")
    ap.add_argument("--seeds", default="7,8,9", help="placement seeds for --end-pads")
    args = ap.parse_args()
    qs = questions(LANGS, quick=False, speech_dir=args.speech_dir)
    speaker = get_speaker()
    from kiosk.audio import resample

    for lang in ("en", "zh", "ja", "es", "fr", "de"):  # the round-trip set too
        if SENTENCES[lang] not in {q.ref for q in qs}:
            from bench_voice_to_voice import Question

            qs.append(Question(lang, "synth", SENTENCES[lang], resample(speaker.synthesize(SENTENCES[lang], lang))))
    if args.end_pads:
        res = end_pads(qs, [int(s) for s in args.seeds.split(",")])
        if args.json:
            print(json.dumps(res))
        return 0
    tr = get_transcriber()
    rng = np.random.default_rng(args.seed)
    errs: dict[str, list[float]] = {"old": [], "new": []}
    per_lang: dict[str, dict[str, list[float]]] = {}
    for q in qs:
        for _ in range(args.repeat):
            lead = np.zeros(int(rng.uniform(0.3, 0.8) * ASR_RATE), np.float32)
            x = np.concatenate([lead, q.clip.samples, np.zeros(int(1.5 * ASR_RATE), np.float32)])
            span = old_span(x)
            for name, clip in (("old", x[span[0]:span[1]] if span else None), ("new", new_clip(x, args.pause_ms))):
                text = tr.transcribe(AudioClip(clip, ASR_RATE)).text if clip is not None else ""
                e = error_rate(q.lang, q.ref, text)
                errs[name].append(e)
                per_lang.setdefault(q.lang, {"old": [], "new": []})[name].append(e)
    result = {name: round(statistics.mean(v), 4) for name, v in errs.items()}
    result["n"] = len(errs["old"])
    result["languages"] = {lang: {k: round(statistics.mean(v), 4) for k, v in d.items()}  # type: ignore[assignment]
                           for lang, d in per_lang.items()}
    print(f"mean error rate (WER, CER for zh/ja) over {result['n']} clips: old {result['old']}, new {result['new']}")
    for lang, d in per_lang.items():
        print(f"  {lang}: old {statistics.mean(d['old']):.3f}  new {statistics.mean(d['new']):.3f}  (n={len(d['old'])})")
    if args.json:
        print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
