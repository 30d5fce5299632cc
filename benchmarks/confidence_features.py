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
        self.enc: Any = None

    def __call__(self, audio: Any, **kw: Any) -> Any:
        from faster_whisper.tokenizer import Tokenizer

        segs, info = self.orig(audio, **kw)
        out = list(segs)
        last = self.model._last  # (features, encoder output) of the last window encoded
        self.enc = None if last is None else last[1]
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


def cost(reps: int) -> int:
    """Per turn, median over the clean recordings of 2-6 s: the kiosk's decode, the alignment pass that gives the
    word probabilities, and a second (beam-5) decode."""
    import statistics

    from kiosk.asr import get_transcriber
    from kiosk.audio import ASR_RATE, resample

    tr = get_transcriber("whisper-base")
    model = tr._model
    cap = _Capture(model)
    model.transcribe = cap
    from faster_whisper.tokenizer import Tokenizer

    dec, ali, beam, plain, logits = [], [], [], [], []
    for _cid, kind, _lang, _ref, clip, _group in clips(real_only=True):
        if kind != "real" or not 2.0 <= len(clip.samples) / clip.sample_rate <= 6.0:
            continue
        for _ in range(reps):
            cap.raw, cap.align_s = [], 0.0
            t0 = time.perf_counter()
            t = tr.transcribe(clip)
            dec.append(time.perf_counter() - t0 - cap.align_s)
            ali.append(cap.align_s)
            # the same greedy decode asked to return its per-step log-probabilities (what whisper.py could ask
            # for instead of an alignment pass): its extra cost over the plain decode, on the stored encoding
            enc = cap.enc
            if enc is not None:
                tok = Tokenizer(model.hf_tokenizer, True, task="transcribe", language=t.language)
                prompt = [list(tok.sot_sequence) + [tok.no_timestamps]]
                for out, flag in ((plain, False), (logits, True)):
                    t2 = time.perf_counter()
                    res = model.model.generate(enc, [list(prompt[0])], beam_size=1, max_length=448,
                                               return_scores=True, return_logits_vocab=flag)
                    if flag:
                        import numpy as np

                        steps = [np.asarray(x) for x in res[0].logits[0]]
                        ids = res[0].sequences_ids[0]
                        for lg, i in zip(steps, ids, strict=False):
                            lg = lg.astype(np.float64).ravel()
                            _ = lg[i] - (lg.max() + np.log(np.exp(lg - lg.max()).sum()))
                    out.append(time.perf_counter() - t2)
            samples = resample(clip, ASR_RATE).samples
            t1 = time.perf_counter()
            list(cap.orig(samples, language=t.language, beam_size=5, vad_filter=True,
                          condition_on_previous_text=False, without_timestamps=True)[0])
            beam.append(time.perf_counter() - t1)
            model.forget_encoding()
    med = statistics.median
    print(f"{len(dec)} decodes of clean recordings 2-6 s: decode median {med(dec) * 1000:.0f} ms; alignment pass "
          f"(word probabilities) median {med(ali) * 1000:.0f} ms (p90 {sorted(ali)[int(0.9 * len(ali))] * 1000:.0f}); "
          f"beam-5 second decode median {med(beam) * 1000:.0f} ms; greedy decode alone (encoder output given) "
          f"{med(plain) * 1000:.0f} ms, the same returning its log-probabilities {med(logits) * 1000:.0f} ms "
          f"(+{(med(logits) - med(plain)) * 1000:.0f} ms)")
    return 0


def add_beam(out: Path) -> int:
    """The beam-5 second decode for the clips saved without it (rewrites `out`, same order)."""
    from kiosk.asr import get_transcriber
    from kiosk.audio import ASR_RATE, resample

    tr = get_transcriber("whisper-base")
    model = tr._model
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines() if line]
    audio = {c[0]: c[4] for c in clips(real_only=True)}
    for row in rows:
        if "beam_text" in row or not row["text"]:
            continue
        samples = resample(audio[row["id"]], ASR_RATE).samples
        t1 = time.perf_counter()
        segs, _ = model.transcribe(samples, language=row["detected"], beam_size=5, vad_filter=True,
                                   condition_on_previous_text=False, without_timestamps=True)
        row["beam_text"] = " ".join(s.text.strip() for s in segs).strip()
        row["beam_s"] = round(time.perf_counter() - t1, 3)
        model.forget_encoding()
        print(f"{row['id']:60} beam={row['beam_s']:.2f}s {row['text'][:40]!r} | {row['beam_text'][:40]!r}", flush=True)
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--beam", action="store_true", help="also a beam-5 decode (agreement feature)")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--resume", action="store_true", help="keep the clips already in --out, do the rest")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--cost", type=int, default=0, metavar="REPS",
                    help="only measure, on the clean recordings of 2-6 s, what each feature costs per turn")
    ap.add_argument("--add-beam", action="store_true",
                    help="only add the beam-5 decode to the clips of --out that lack it (same detected language)")
    args = ap.parse_args()
    if args.cost:
        return cost(args.cost)
    if args.add_beam:
        return add_beam(args.out)
    from kiosk.asr import get_transcriber
    from kiosk.audio import ASR_RATE, resample

    tr = get_transcriber("whisper-base")
    model = tr._model
    cap = _Capture(model)
    model.transcribe = cap
    files = {m["file"]: m for m in real_manifest()}
    rows = []
    done = set()
    if args.resume and args.out.exists():
        done = {json.loads(line)["id"] for line in args.out.read_text(encoding="utf-8").splitlines() if line}
    else:
        args.out.write_text("", encoding="utf-8")
    todo = [c for c in clips(real_only=True) if c[0] not in done]
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
        with args.out.open("a", encoding="utf-8") as f:  # line by line: a partial run is usable
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
        print(f"{cid:60} {lang}->{t.language:3} err={row['error']:.2f} asr={secs:.2f}s "
              f"align={cap.align_s * 1000:.0f}ms beam={row.get('beam_s', 0):.2f}s {t.text[:50]!r}", flush=True)
    print(f"{len(rows)} clips -> {args.out} ({len(files)} recordings)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
