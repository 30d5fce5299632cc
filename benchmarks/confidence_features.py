"""Collect Whisper's per-clip evidence on the real-speech evaluation set, for fitting the "not confident" model.

Every clip of `calibrate_confidence.clips(real_only=True)` (each real recording clean, in white noise at 0 dB, with
another speaker behind at 3 dB) is transcribed by the kiosk's own Transcriber (whisper-base int8, language detected,
one greedy decode per chunk: what the kiosk does). Its model is wrapped so that the same decode also returns
faster-whisper's word probabilities (`word_timestamps=True`: a teacher-forced pass over the decoded tokens, the
decoded text is unchanged) and the raw segments' token counts, temperature and compression ratio. Optionally
(`--beam`) a second decode with beam 5 of the same audio gives the agreement feature (what it costs per turn is
printed). One JSON line per clip goes to benchmarks/results/confidence_features.jsonl: text, error, signals.

    PYTHONPATH=. python benchmarks/confidence_features.py [--beam] [--limit N]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from calibrate_confidence import clips, error_rate, real_manifest  # noqa: E402

OUT = ROOT / "benchmarks" / "results" / "confidence_features.jsonl"


def speaker(file: str) -> str:
    """The person speaking in a recording, as far as its source says (leave-speaker-out folds). Where a source
    does not say, recordings that could share a reader are put together (never split apart)."""
    name = file.split("/")[-1]
    lang = file.split("/")[0] if "/" in file else "en"
    if name.startswith("stp_"):
        return f"speech-to-phrase:{lang}"  # OHF-Voice test recordings: one contributor per language
    if name.startswith("ljspeech_"):
        return "ljspeech"  # one reader
    if name.startswith("picovoice_"):
        return f"picovoice:{lang}"  # Leopard and Cheetah fixtures may hold the same reader
    if name.startswith("reazon_"):
        return f"reazon:{lang}"
    if name.startswith("css10_"):
        return f"css10:{lang}"
    if "jfk" in name:
        return "jfk"
    return name


class _Capture:
    """Wraps the loaded WhisperModel's `transcribe` (the kiosk's decode, unchanged): keeps the raw segments and
    adds each token's probability under the same encoder output (faster-whisper's alignment pass, which its
    `word_timestamps=True` runs; asking for word timestamps in the decode itself changes where the next window
    starts and can add a hallucinated tail, so the pass is run here after the decode)."""

    def __init__(self, model: Any) -> None:
        self.model, self.orig, self.raw, self.align_s = model, model.transcribe, [], 0.0

    def __call__(self, audio: Any, **kw: Any) -> Any:
        from faster_whisper.tokenizer import Tokenizer

        segs, info = self.orig(audio, **kw)
        out = list(segs)
        last = self.model._last  # (features, encoder output) of the last window encoded
        t0 = time.perf_counter()
        tok = Tokenizer(self.model.hf_tokenizer, self.model.model.is_multilingual, task=kw.get("task", "transcribe"),
                        language=info.language)
        frames = min(self.model.feature_extractor.nb_max_frames, len(audio) // self.model.feature_extractor.hop_length)
        for s in out:
            text_tokens = [t for t in s.tokens if t < tok.eot]
            words = None
            if last is not None and len(out) == 1 and text_tokens:
                words = self.model.find_alignment(tok, [text_tokens], last[1], frames)[0]
            self.raw.append((s, words))
        self.align_s += time.perf_counter() - t0
        return iter(out), info


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--beam", action="store_true", help="also a beam-5 decode (agreement feature)")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    from kiosk.asr import get_transcriber
    from kiosk.audio import ASR_RATE, resample

    tr = get_transcriber("whisper-base")
    model = tr._model
    cap = _Capture(model)
    model.transcribe = cap
    files = {m["file"]: m for m in real_manifest()}
    rows = []
    todo = clips(real_only=True)
    if args.limit:
        todo = todo[: args.limit]
    for cid, kind, lang, ref, clip, group in todo:
        cap.raw, cap.align_s = [], 0.0
        t0 = time.perf_counter()
        t = tr.transcribe(clip)
        secs = time.perf_counter() - t0
        row: dict[str, Any] = {
            "id": cid, "kind": kind, "lang": lang, "group": group, "speaker": speaker(group),
            "ref": ref, "text": t.text, "error": round(error_rate(lang, ref, t.text), 4),
            "detected": t.language, "language_probability": round(t.language_probability, 4),
            "duration_s": round(t.duration_s, 3), "asr_s": round(secs - cap.align_s, 3),
            "align_s": round(cap.align_s, 4),
            "segments": [{"start": s.start, "end": s.end, "text": s.text, "avg_logprob": round(s.avg_logprob, 4),
                          "no_speech_prob": round(s.no_speech_prob, 4)} for s in t.segments],
            "raw": [{"tokens": len(s.tokens), "temperature": s.temperature,
                     "compression_ratio": round(s.compression_ratio, 3), "avg_logprob": round(s.avg_logprob, 4),
                     "words": None if words is None else [[w["word"], round(float(w["probability"]), 4),
                                                            round(float(w["start"]), 2), round(float(w["end"]), 2)]
                                                           for w in words]} for s, words in cap.raw],
        }
        if args.beam and t.text:
            samples = resample(clip, ASR_RATE).samples
            t1 = time.perf_counter()
            segs, _ = cap.orig(samples, language=t.language, beam_size=5, vad_filter=True,
                               condition_on_previous_text=False, without_timestamps=True)
            row["beam_text"] = " ".join(s.text.strip() for s in segs).strip()
            row["beam_s"] = round(time.perf_counter() - t1, 3)
            model.forget_encoding()
        rows.append(row)
        print(f"{cid:60} {lang}->{t.language:3} err={row['error']:.2f} asr={secs:.2f}s "
              f"align={cap.align_s * 1000:.0f}ms beam={row.get('beam_s', 0):.2f}s {t.text[:50]!r}", flush=True)
    args.out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    print(f"{len(rows)} clips -> {args.out} ({len(files)} recordings)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
