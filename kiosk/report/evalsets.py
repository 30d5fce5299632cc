"""The evaluation sets `kiosk report` runs, each giving per-language rows.

- questions: `tests/data/questions.jsonl` (`text`, `lang`, `expected_verdict`, optional `split`) through
  `kiosk.assistant.Assistant` (use_llm=False by default: the deterministic path) -> verdict accuracy, latency,
  share of answers that needed the LLM.
- speech: a manifest of real recordings (`lang`, `file`, `ref`; tests/data/speech/manifest.jsonl, or
  /work/shared/speech/manifest.jsonl with `--speech`) through the local Whisper -> WER (CER for languages written
  without spaces), latency and real-time factor, share of not-confident transcripts.
Further sets (conversations, round trips, phrase matching) plug in as one more function returning `SetResult`.
"""

from __future__ import annotations

import functools
import json
import re
import statistics
import time
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.asr import Transcriber, Transcript
from kiosk.config import PROJECT_ROOT
from kiosk.remote import RemoteTranscriber, asr_chooser

QUESTIONS = PROJECT_ROOT / "tests" / "data" / "questions.jsonl"
SPEECH = PROJECT_ROOT / "tests" / "data" / "speech" / "manifest.jsonl"
CER_LANGUAGES = frozenset({"zh", "ja", "ko", "th", "yue"})  # scored per character (Korean: CER, as in MODELS.md)


def percentile(xs: list[float], p: float) -> float:
    if not xs:
        return float("nan")
    s = sorted(xs)
    return s[min(len(s) - 1, round(p / 100 * (len(s) - 1)))]


@dataclass(frozen=True)
class LangRow:
    """One language's figures on one evaluation set. `score` is accuracy (higher is better) or error rate."""

    language: str
    n: int
    score: float
    p50_ms: float
    p95_ms: float
    extra: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class SetResult:
    name: str
    metric: str  # "accuracy" | "wer/cer"
    higher_is_better: bool
    rows: tuple[LangRow, ...]
    overall: float
    n: int
    notes: tuple[str, ...] = ()
    by_split: dict[str, float] = field(default_factory=dict)


def _rows(groups: dict[str, list[tuple[float, float, dict[str, float]]]]) -> tuple[LangRow, ...]:
    out = []
    for lang in sorted(groups):
        g = groups[lang]
        ms = [1000 * t for _, t, _ in g]
        keys = sorted({k for _, _, e in g for k in e})
        extra = {k: statistics.fmean(e.get(k, 0.0) for _, _, e in g) for k in keys}
        out.append(LangRow(lang, len(g), statistics.fmean(s for s, _, _ in g), percentile(ms, 50),
                           percentile(ms, 95), extra))
    return tuple(out)


def run_questions(path: Path = QUESTIONS, use_llm: bool = False, jurisdiction: str = "KR") -> SetResult:
    """Verdict accuracy per language on the question set."""
    from kiosk.assistant import Assistant

    assistant = Assistant(jurisdiction, use_llm=use_llm)
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    groups: dict[str, list[tuple[float, float, dict[str, float]]]] = defaultdict(list)
    splits: dict[str, list[float]] = defaultdict(list)
    for q in rows:
        t0 = time.perf_counter()
        ans = assistant.ask(q["text"], lang=q.get("lang"))
        dt = time.perf_counter() - t0
        hit = float(ans.verdict == q["expected_verdict"])
        groups[q.get("lang") or "?"].append((hit, dt, {"llm_share": float(ans.engine != "rules")}))
        splits[str(q.get("split", "all"))].append(hit)
    flat = [s for g in groups.values() for s, _, _ in g]
    notes = [f"{path.name}, {len(rows)} questions, assistant use_llm={use_llm}, jurisdiction {jurisdiction}"]
    if set(splits) == {"all"}:
        notes.append("no held-out split in this set (no `split` field): the lexicon was developed on these "
                     "questions, so this is not a figure for unseen questions")
    return SetResult("questions", "accuracy", True, _rows(groups), statistics.fmean(flat) if flat else 0.0,
                     len(rows), tuple(notes), {k: statistics.fmean(v) for k, v in sorted(splits.items())})


def _normalize(text: str, by_char: bool) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    text = "".join(" " if unicodedata.category(c)[0] in "PS" else c for c in text)
    text = re.sub(r"\s+", " ", text).strip()
    return text.replace(" ", "") if by_char else text


def error_rate(ref: str, hyp: str, lang: str) -> float:
    """WER, or CER for languages written without spaces, after lower-casing and removing punctuation."""
    import jiwer

    by_char = lang in CER_LANGUAGES
    r, h = _normalize(ref, by_char), _normalize(hyp, by_char)
    if not r:
        return 0.0 if not h else 1.0
    if by_char:
        return float(jiwer.cer(r, h))
    return float(jiwer.wer(r, h))


def _transcribe(engine: RemoteTranscriber | Transcriber, path: Path, hint: str | None) -> Transcript:
    return engine.transcribe(str(path), hint)


def run_speech(manifest: Path = SPEECH, model_id: str = "whisper-base", with_language: bool = False,
               remote: bool = False) -> SetResult:
    """ASR error per language on real recordings (language detected by Whisper unless `with_language`).

    With `remote`, each recording goes through the configured chooser (KIOSK_ASR_URI first, local Whisper as
    fallback) and the share served by the local fallback is reported per language."""
    from kiosk.asr import Transcriber

    entries = [json.loads(line) for line in manifest.read_text(encoding="utf-8").splitlines() if line.strip()]
    chooser = asr_chooser(lambda: Transcriber(model_id))
    if not remote:
        chooser.remote = None
    groups: dict[str, list[tuple[float, float, dict[str, float]]]] = defaultdict(list)
    for e in entries:
        lang = e["lang"]
        path = manifest.parent / e["file"]
        hint = lang if with_language else None
        t0 = time.perf_counter()
        used = chooser.run(functools.partial(_transcribe, path=path, hint=hint))
        seconds, tr = time.perf_counter() - t0, used.value
        err = error_rate(e["ref"], tr.text, lang)
        extra = {"rtf": seconds / max(tr.duration_s, 1e-6), "not_confident": float(not tr.confident),
                 "language_id_ok": float(tr.language == lang)}
        if remote:
            extra["local_fallback"] = float(used.engine == "local")
        groups[lang].append((err, seconds, extra))
    flat = [s for g in groups.values() for s, _, _ in g]
    notes = (f"{manifest}, {len(entries)} recordings of people, {model_id}"
             + (" behind the remote ASR server (KIOSK_ASR_URI)" if remote else "") + ", "
             + ("language given" if with_language else "language detected") + "; WER, CER for "
             + "/".join(sorted(CER_LANGUAGES)) + "; latency includes reading the file",)
    return SetResult("speech", "wer/cer", False, _rows(groups), statistics.fmean(flat) if flat else 0.0,
                     len(entries), notes)
