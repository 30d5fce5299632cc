"""Whisper (kiosk.asr, language detected) on the real human recordings of tests/data/speech/: error rate (WER, CER
for zh/ja/th) and the confidence flag per file, mean error and ASR time. Used to check that the VAD-chunked long
audio path (kiosk/asr/chunking.py) changes nothing for ordinary utterances.

    PYTHONPATH=$PWD /work/main/.venv/bin/python benchmarks/asr_real_speech.py
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from voice_fixtures import error_rate  # noqa: E402

from kiosk.asr import get_transcriber  # noqa: E402


def main() -> int:
    speech = ROOT / "tests" / "data" / "speech"
    tr = get_transcriber()
    errs = []
    t0 = time.perf_counter()
    for line in (speech / "manifest.jsonl").read_text(encoding="utf-8").splitlines():
        m = json.loads(line)
        r = tr.transcribe(speech / m["file"])
        errs.append(error_rate(m["lang"], m["ref"], r.text))
        print(f"{m['file']:45s} {r.language:3s} error {errs[-1]:.3f} confident {r.confident}")
    print(f"mean error {sum(errs) / len(errs):.4f} over {len(errs)} recordings, ASR {time.perf_counter() - t0:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
