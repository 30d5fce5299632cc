"""Fit and judge the "not confident" model of kiosk/asr/confidence.py on real speech, leave-speaker-out.

Input: benchmarks/results/confidence_features.jsonl (benchmarks/confidence_features.py: every real recording of
tests/data/speech clean, in white noise at 0 dB and with another speaker behind at 3 dB; whisper-base as the kiosk
runs it). "Bad" = error > 0.3 (CER for zh/ja/ko/th, WER otherwise), as before.

The decision: Whisper's hard bounds first (nothing heard / no-speech > 0.6, a language the kiosk does not answer
in, language probability < 0.5, compression ratio > 2.4), then a logistic model on a few features of the
transcript. Judged by cross-validation over SPEAKERS (each fold holds out every clip of one speaker, or of a source
whose readers may coincide): inside each fold, on the other speakers only, (1) features are chosen by greedy
forward selection on the log-loss of an inner grouped cross-validation, (2) the model is fitted, (3) the threshold
is the one with the best F1 on the inner out-of-fold probabilities. The held-out clips are then flagged by that
fold's model. Reported: precision / recall of "not confident" against "bad", out of fold, on all clips, on clean
recordings only, per variant and per language with n. `--write` refits on all clips with the same procedure and
saves kiosk/asr/confidence_model.json (features, weights, threshold, fit date, the CV numbers).

    PYTHONPATH=. python benchmarks/fit_confidence_model.py [--features SET] [--write]
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kiosk.asr.confidence import (  # noqa: E402
    CALIBRATED,
    MODEL_PATH,
    assess,
    feature_vector,
    hard_reason,
    signals,
)
from kiosk.asr.types import Segment  # noqa: E402

DATA = ROOT / "benchmarks" / "results" / "confidence_features.jsonl"
BAD = 0.3
L2 = 1.0
MAX_FEATURES = 4
INNER_FOLDS = 4
# feature sets: what the kiosk's Transcript carries today, and with the token probabilities of the decode
BASE = ("avg_logprob", "min_segment_logprob", "language_probability", "no_speech_prob", "compression_ratio",
        "chars_per_s", "log_chars")
WORDS = BASE + ("min_word_prob", "mean_word_prob", "low_word_share")
SETS = {"logprob": ("avg_logprob",), "base": BASE, "words": WORDS, "words+beam": WORDS + ("beam_disagreement",)}


def load(path: Path = DATA) -> list[dict[str, Any]]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    for r in rows:
        probs = tuple(float(w[1]) for s in r["raw"] for w in (s.get("words") or []) if w[0].strip() not in
                      {".", ",", "?", "!", "。", "、", "？", "！"})
        segs = tuple(Segment(s["start"], s["end"], s["text"], s["avg_logprob"], s["no_speech_prob"])
                     for s in r["segments"])
        r["signals"] = signals(segs, r["detected"], r["language_probability"], r["duration_s"],
                               word_probs=probs if all(s.get("words") is not None for s in r["raw"]) else None)
        r["bad"] = r["error"] > BAD
        r["fv"] = feature_vector(r["signals"])
        if "beam_text" in r:
            from kiosk.report import error_rate

            r["fv"]["beam_disagreement"] = min(1.0, error_rate(r["text"], r["beam_text"], r["detected"] or r["lang"])
                                               if r["text"] else 1.0)
    return rows


def matrix(rows: list[dict[str, Any]], names: tuple[str, ...]) -> np.ndarray:
    return np.array([[r["fv"].get(n, 0.0) for n in names] for r in rows], dtype=np.float64).reshape(len(rows), len(names))


def fit(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """L2-regularized logistic regression on standardized features (Newton's method): mean, scale, weights
    (weights[0] is the intercept)."""
    mu, sd = x.mean(axis=0), x.std(axis=0)
    sd[sd < 1e-9] = 1.0
    z = np.hstack([np.ones((len(x), 1)), (x - mu) / sd])
    w = np.zeros(z.shape[1])
    reg = np.full(z.shape[1], L2)
    reg[0] = 0.0
    for _ in range(50):
        p = 1 / (1 + np.exp(-z @ w))
        g = z.T @ (p - y) + reg * w
        h = (z * (p * (1 - p))[:, None]).T @ z + np.diag(reg) + 1e-9 * np.eye(len(w))
        step = np.linalg.solve(h, g)
        w -= step
        if np.max(np.abs(step)) < 1e-8:
            break
    return mu, sd, w


def predict(model: tuple[np.ndarray, np.ndarray, np.ndarray], x: np.ndarray) -> np.ndarray:
    mu, sd, w = model
    return 1 / (1 + np.exp(-(w[0] + ((x - mu) / sd) @ w[1:])))


def folds_of(groups: list[str], k: int) -> list[int]:
    """Groups spread over k folds by a stable hash (every clip of a group in the same fold)."""
    order = sorted(set(groups), key=lambda g: hashlib.sha1(g.encode()).hexdigest())
    fold = {g: i % k for i, g in enumerate(order)}
    return [fold[g] for g in groups]


def inner_oof(x: np.ndarray, y: np.ndarray, groups: list[str]) -> np.ndarray:
    f = np.array(folds_of(groups, INNER_FOLDS))
    p = np.zeros(len(y))
    for k in range(INNER_FOLDS):
        tr, te = f != k, f == k
        if not te.any():
            continue
        p[te] = predict(fit(x[tr], y[tr]), x[te]) if len(set(y[tr])) == 2 else y[tr].mean()
    return p


def best_threshold(p: np.ndarray, y: np.ndarray) -> float:
    best = (-1.0, -1.0, 0.5)
    for t in np.unique(np.round(p, 3)):
        flag = p >= t
        tp, fp, fn = int(np.sum(flag & y)), int(np.sum(flag & ~y)), int(np.sum(~flag & y))
        prec = tp / (tp + fp) if tp + fp else 1.0
        rec = tp / (tp + fn) if tp + fn else 1.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        if (f1, prec) > best[:2]:
            best = (f1, prec, float(t))
    return best[2]


def select(rows: list[dict[str, Any]], candidates: tuple[str, ...]) -> tuple[tuple[str, ...], float]:
    """Greedy forward selection (inner grouped CV log-loss) and the inner-CV threshold, on `rows` only."""
    y = np.array([r["bad"] for r in rows])
    groups = [r["speaker"] for r in rows]
    chosen: tuple[str, ...] = ()
    best_loss = float("inf")
    while len(chosen) < MAX_FEATURES:
        trial = []
        for name in candidates:
            if name in chosen:
                continue
            p = np.clip(inner_oof(matrix(rows, (*chosen, name)), y.astype(float), groups), 1e-6, 1 - 1e-6)
            trial.append((float(-np.mean(y * np.log(p) + (~y) * np.log(1 - p))), name))
        if not trial:
            break
        loss, name = min(trial)
        if loss > best_loss - 1e-3:
            break
        chosen, best_loss = (*chosen, name), loss
    p = inner_oof(matrix(rows, chosen), y.astype(float), groups)
    return chosen, best_threshold(p, y)


def hard(r: dict[str, Any]) -> bool:
    return hard_reason(r["signals"], CALIBRATED) is not None


TRAIN_KINDS = ("real", "noisy", "babble")


def model_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The clips the model decides (the hard bounds pass) of the variants trained on: fitted on those only."""
    return [r for r in rows if not hard(r) and r["kind"] in TRAIN_KINDS]


def cross_validate(rows: list[dict[str, Any]], candidates: tuple[str, ...]) -> list[bool]:
    speakers = sorted({r["speaker"] for r in rows})
    flagged = [hard(r) for r in rows]
    for s in speakers:
        train = model_rows([r for r in rows if r["speaker"] != s])
        names, thr = select(train, candidates)
        m = fit(matrix(train, names), np.array([r["bad"] for r in train], dtype=float))
        test = [i for i, r in enumerate(rows) if r["speaker"] == s and not flagged[i]]
        if test:
            p = predict(m, matrix([rows[i] for i in test], names))
            for i, pi in zip(test, p, strict=True):
                flagged[i] = bool(pi >= thr)
        print(f"  held out {s:28} features {', '.join(names)}; threshold {thr:.3f}", flush=True)
    return flagged


def prf(rows: list[dict[str, Any]], flagged: list[bool]) -> dict[str, float]:
    tp = sum(f and r["bad"] for r, f in zip(rows, flagged, strict=True))
    fp = sum(f and not r["bad"] for r, f in zip(rows, flagged, strict=True))
    fn = sum((not f) and r["bad"] for r, f in zip(rows, flagged, strict=True))
    return {"n": len(rows), "bad": tp + fn, "flagged": tp + fp,
            "precision": round(tp / (tp + fp), 3) if tp + fp else 1.0,
            "recall": round(tp / (tp + fn), 3) if tp + fn else 1.0}


def line(name: str, d: dict[str, float]) -> str:
    return (f"{name:34} n={d['n']:3} bad={d['bad']:3} flagged={d['flagged']:3}  precision={d['precision']:.2f} "
            f"recall={d['recall']:.2f}")


def summary(rows: list[dict[str, Any]], flagged: list[bool]) -> dict[str, Any]:
    out: dict[str, Any] = {"all": prf(rows, flagged)}
    for kind in ("real", "noisy", "babble"):
        idx = [i for i, r in enumerate(rows) if r["kind"] == kind]
        out["clean" if kind == "real" else kind] = prf([rows[i] for i in idx], [flagged[i] for i in idx])
    out["by_language"] = {}
    for lang in sorted({r["lang"] for r in rows}):
        idx = [i for i, r in enumerate(rows) if r["lang"] == lang]
        d = prf([rows[i] for i in idx], [flagged[i] for i in idx])
        d["recordings"] = len({rows[i]["group"] for i in idx})
        d["speakers"] = len({rows[i]["speaker"] for i in idx})
        out["by_language"][lang] = d
        cidx = [i for i in idx if rows[i]["kind"] == "real"]
        out["by_language"][lang]["clean"] = prf([rows[i] for i in cidx], [flagged[i] for i in cidx])
    return out


def show(title: str, s: dict[str, Any]) -> None:
    print(f"\n{title}")
    for k in ("all", "clean", "noisy", "babble"):
        print(line(f"  {k}", s[k]))
    for lang, d in s["by_language"].items():
        c = d["clean"]
        print(line(f"  {lang} ({d['recordings']} rec, {d['speakers']} spk)", d) +
              f"   clean: n={c['n']} bad={c['bad']} P={c['precision']:.2f} R={c['recall']:.2f}")


def final_model(rows: list[dict[str, Any]], name: str, cv: dict[str, Any]) -> dict[str, Any]:
    train = model_rows(rows)
    names, thr = select(train, SETS[name])
    mu, sd, w = fit(matrix(train, names), np.array([r["bad"] for r in train], dtype=float))
    print(f"final '{name}': {', '.join(names)}; threshold {thr:.3f}")
    return {"name": name, "features": list(names),
            "mean": [round(float(v), 6) for v in mu], "scale": [round(float(v), 6) for v in sd],
            "intercept": round(float(w[0]), 6), "weights": [round(float(v), 6) for v in w[1:]],
            "threshold": round(thr, 4),
            "cv": {"method": "leave-speaker-out; features, weights and threshold chosen inside each fold, on the "
                             "other speakers only", **cv}}


def main() -> int:
    global TRAIN_KINDS
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--features", nargs="+", choices=sorted(SETS), default=["words", "base"],
                    help="feature sets to judge (with --write: saved in this order of preference)")
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--write", action="store_true", help=f"refit on all clips and save {MODEL_PATH.name}")
    ap.add_argument("--today", default=None, help="fit date to record (default: today)")
    ap.add_argument("--train-kinds", nargs="+", default=["real", "noisy", "babble"],
                    choices=["real", "noisy", "babble"],
                    help="variants to fit on (all are judged)")
    args = ap.parse_args()
    TRAIN_KINDS = tuple(args.train_kinds)
    rows = load(args.data)
    print(f"{len(rows)} clips, {sum(r['bad'] for r in rows)} bad; {len({r['group'] for r in rows})} recordings, "
          f"{len({r['speaker'] for r in rows})} speakers")
    before = [not assess(r["signals"], CALIBRATED, models=()).ok for r in rows]
    show("the floors before (log-prob >= -0.4, language >= 0.5; fixed, in-sample):", summary(rows, before))
    models = []
    for name in args.features:
        print(f"\nleave-speaker-out, features '{name}': {', '.join(SETS[name])}")
        oof = cross_validate(rows, SETS[name])
        cv = summary(rows, oof)
        show(f"out of fold, leave-speaker-out, features '{name}':", cv)
        print("misjudged out of fold:")
        for r, f in zip(rows, oof, strict=True):
            if f != r["bad"]:
                print(f"  {r['id']:62} err={r['error']:.2f} flagged={f!s:5} {r['text'][:60]!r}")
        if args.write:
            models.append(final_model(rows, name, cv))
    if args.write:
        data = {
            "version": 1,
            "fitted": args.today or dt.date.today().isoformat(),
            "by": "PYTHONPATH=. python benchmarks/fit_confidence_model.py --write --features " + " ".join(args.features),
            "data": {"file": str(args.data.resolve().relative_to(ROOT)), "clips": len(rows),
                     "recordings": len({r["group"] for r in rows}), "speakers": len({r["speaker"] for r in rows}),
                     "sha256": hashlib.sha256(args.data.read_bytes()).hexdigest()},
            "bad": f"error > {BAD} (CER zh/ja/ko/th, WER otherwise)",
            "asr": "whisper-base int8, language detected, greedy (the kiosk's Transcriber)",
            "models": models,
        }
        MODEL_PATH.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {MODEL_PATH.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
