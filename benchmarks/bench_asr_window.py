"""Would a shorter Whisper window make recognition faster without making it worse? (measured: no, see below)

Whisper encodes a 30 s window whatever the length of the utterance; the encoder is two thirds of a 4 s clip's
recognition on 2 cores (0.37 of 0.56 s). CTranslate2 accepts fewer mel frames (the encoder then costs 0.06 s for
15 s, 0.04 s for 10 s), so the window can be cut to the audio plus a margin, as whisper.cpp's `audio_ctx` does.
Whisper was trained on 30 s windows only, so this changes what it writes: this script measures by how much, on the
real human recordings (tests/data/speech, language detected as in the kiosk) and the round-trip sentences spoken
by the kiosk's own voices (tests/voice_fixtures.py).

    PYTHONPATH=$PWD python benchmarks/bench_asr_window.py [--json]

Result (2026-11-26, 2 cores, quiet; benchmarks/results/asr_window.json): full window: real error 0.131 at
0.60 s per clip, synthesized 0.47-0.48 (two runs). Cut windows (audio + 0.5 / 1 / 2 / 5 s, twice the audio, fixed 10 / 20 s):
real 0.154-0.163 at 0.23-0.39 s; synthesized 0.44-0.62, and with only 0.5 s of margin Whisper looped (error 1.7 and 4.0).
Up to 2.6x faster, but worse on the real recordings in every variant (e.g. a clip 0.00 -> 0.17 WER), so the kiosk
keeps the full window: its recognition must not get worse (issue #11).
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from voice_fixtures import SENTENCES, error_rate  # noqa: E402

from kiosk.asr import get_transcriber  # noqa: E402
from kiosk.audio import ASR_RATE, AudioClip, load_audio, resample  # noqa: E402

POLICIES: dict[str, Any] = {  # name -> frames for a clip of d seconds (None: the full 30 s window)
    "full": lambda d: None,
    "audio+0.5s": lambda d: 2 * math.ceil((d + 0.5) * 50),
    "audio+1s": lambda d: 2 * math.ceil((d + 1) * 50),
    "audio+2s": lambda d: 2 * math.ceil((d + 2) * 50),
    "audio+5s": lambda d: 2 * math.ceil((d + 5) * 50),
    "2x audio": lambda d: 2 * math.ceil(2 * d * 50),
    "10s": lambda d: 1000,
    "20s": lambda d: 2000,
}


def clips() -> list[tuple[str, str, str, AudioClip]]:
    """(set, lang, reference, 16 kHz clip)."""
    speech = ROOT / "tests" / "data" / "speech"
    out = []
    for line in (speech / "manifest.jsonl").read_text(encoding="utf-8").splitlines():
        m = json.loads(line)
        out.append(("real", m["lang"], m["ref"], resample(load_audio(speech / m["file"]), ASR_RATE)))
    from kiosk.tts import get_speaker

    speaker = get_speaker()
    for lang, text in SENTENCES.items():
        r = speaker.synthesize(text, lang)
        out.append(("synth", lang, text, resample(AudioClip(r.samples, r.sample_rate), ASR_RATE)))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    tr = get_transcriber()
    model_class = type(tr._model)
    encode = model_class.encode
    frames: dict[str, int | None] = {"n": None}

    def cut(self: Any, features: np.ndarray) -> Any:
        n = frames["n"]
        if n is not None and features.shape[-1] > n:
            features = np.ascontiguousarray(features[..., :n])
        return encode(self, features)

    model_class.encode = cut
    data = clips()
    res: dict[str, Any] = {}
    try:
        for name, policy in POLICIES.items():
            row: dict[str, Any] = {}
            for kind in ("real", "synth"):
                errs, secs = [], []
                for k, lang, ref, clip in data:
                    if k != kind:
                        continue
                    n = policy(clip.duration_s)
                    frames["n"] = None if n is None else min(3000, n)
                    t0 = time.perf_counter()
                    t = tr.transcribe(clip)
                    secs.append(time.perf_counter() - t0)
                    errs.append(error_rate(lang, ref, t.text))
                row[kind] = {"n": len(errs), "error": round(statistics.mean(errs), 3),
                             "seconds": round(statistics.mean(secs), 3)}
            res[name] = row
            print(f"{name:12s} " + "  ".join(f"{k}: error {v['error']:.3f} {v['seconds']:.2f} s/clip (n {v['n']})"
                                             for k, v in row.items()), flush=True)
    finally:
        model_class.encode = encode
    if args.json:
        print(json.dumps(res))
    return 0


if __name__ == "__main__":
    sys.exit(main())
