"""Which voice speaks a language without a neural voice of its own most intelligibly? (issue #12 item 5)

Each candidate voice (espeak-ng variants; Kokoro style files of other languages driven by espeak-ng's IPA of the
target language, at two speeds) speaks officer phrases of the phrasebook rendered in the target language; the
installed Whisper (kiosk.asr, language forced to the target) transcribes them, and the error is the kiosk report's
one measure (kiosk.report.error_rate: CER for ko/th/ja/zh, WER otherwise). Lower = more intelligible.

Sentences (fixed before any tuning, the same for every language): the officer phrases without count/money/date
slots (Whisper writes numbers as digits or words at will), in catalog order, item/place slots filled with the
lint's SAMPLE_SLOTS. tune = every 9th from the 1st (21), held = every 18th from the 5th (11; never used to choose),
screen = the first 8 of tune.

Stages (results are cached in benchmarks/results/voice_choice.json after every clip, so a run can stop at its
time budget and the next one resumes):
    python benchmarks/bench_voice_choice.py --lang ko --stage screen      # 8 sentences x every candidate
    python benchmarks/bench_voice_choice.py --lang ko --stage full        # tune+held for the best 3 + espeak-ng
    python benchmarks/bench_voice_choice.py --lang ko --voices kokoro:jf_alpha@1.0,espeak-ng:ko@1.0 --set tune
    python benchmarks/bench_voice_choice.py --report                       # the table of every cached language

Candidate names: `espeak-ng:<voice>@<speed>`, `kokoro:<style>@<speed>`, and `kokoro:<style>@<speed>/raw` (without
kiosk.tts.kokoro's IPA fallback map: measures that map). The stage `full` adds the `/raw` twin of the best Kokoro
candidate when the map changes the phonemes of any of the language's sentences.

Decision rule: the lowest mean error on the tune set (fixed before the full stage). Added after seeing Thai, where
every candidate scored ~1.0: a difference under 0.05 is a tie, and a tie keeps espeak-ng (no model, ~100x faster). Results, 2026-11-26 (2 CPU cores shared with other work,
so RTF varies): the table of `--report`, summarized with the chosen chains in voices/voices.toml.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kiosk.audio import AudioClip  # noqa: E402
from kiosk.phrasebook import SAMPLE_SLOTS, get_phrasebook, render  # noqa: E402
from kiosk.report.evalsets import CER_LANGUAGES, error_rate  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "voice_choice.json"
LANGS = ("ko", "ru", "vi", "th", "de", "id", "tr", "pl", "uk", "nl", "ar")
KOKORO_STYLES = ("af_heart", "jf_alpha", "ff_siwis", "em_alex", "zm_yunxi")  # en F, ja F, fr F, es M, zh M
SLOW_STYLES = ("af_heart", "jf_alpha")
SLOW = 0.85


def candidates(lang: str) -> list[str]:
    """Every candidate of the screening stage (fixed before any measurement)."""
    out = [f"espeak-ng:{lang}@1.0", f"espeak-ng:{lang}+klatt@1.0", f"espeak-ng:{lang}@{SLOW}"]
    out += [f"kokoro:{s}@1.0" for s in KOKORO_STYLES]
    out += [f"kokoro:{s}@{SLOW}" for s in SLOW_STYLES]
    return out


@dataclass(frozen=True)
class Sentence:
    id: str  # phrase id
    text: str


def sentence_sets(lang: str) -> dict[str, list[Sentence]]:
    book = get_phrasebook()
    eligible = [p for p in book.by_side("officer") if not set(p.slots) & {"count", "money", "date"}]
    tune = [Sentence(p.id, render(book, p, lang, SAMPLE_SLOTS)) for p in eligible[0::9]]
    held = [Sentence(p.id, render(book, p, lang, SAMPLE_SLOTS)) for p in eligible[4::18]]
    assert not {s.id for s in tune} & {s.id for s in held}
    return {"screen": tune[:8], "tune": tune, "held": held}


# ---- synthesis -------------------------------------------------------------------------------------

class Voices:
    """Loaded engines by candidate name (one Kokoro ONNX session is shared by all styles)."""

    def __init__(self) -> None:
        self._engines: dict[str, object] = {}

    def get(self, lang: str, name: str):  # type: ignore[no-untyped-def]
        key = f"{lang}|{name.split('@')[0]}|{name.endswith('/raw')}"
        if key not in self._engines:
            engine, _, rest = name.partition(":")
            voice = rest.split("@")[0]
            if engine == "espeak-ng":
                from kiosk.tts.espeak import EspeakEngine

                self._engines[key] = EspeakEngine(voice, 160)
            else:
                from kiosk.config import settings
                from kiosk.registry import default_registry
                from kiosk.tts.kokoro import KokoroEngine

                model = settings().kokoro_model
                self._engines[key] = KokoroEngine(default_registry().path(model), voice, lang, lang, model,
                                                  ipa_fallback=not name.endswith("/raw"))
        return self._engines[key]


def speed(name: str) -> float:
    return float(name.split("@")[1].split("/")[0])


def map_changes(lang: str, sents: list[Sentence]) -> bool:
    """Whether the IPA fallback map changes espeak-ng's phonemes of any of these sentences."""
    from misaki.espeak import EspeakG2P

    from kiosk.tts.kokoro import map_ipa

    g2p = EspeakG2P(language=lang)
    return any(map_ipa(str(g2p(s.text)[0])) != str(g2p(s.text)[0]) for s in sents)


# ---- cache -----------------------------------------------------------------------------------------

def load() -> dict:  # type: ignore[type-arg]
    if RESULTS.exists():
        return json.loads(RESULTS.read_text(encoding="utf-8"))
    return {}


def save(data: dict) -> None:  # type: ignore[type-arg]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    tmp = RESULTS.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(tmp, RESULTS)


def run(lang: str, names: list[str], sents: list[Sentence], budget_s: float) -> bool:
    """Measure every (candidate, sentence) not cached yet; False when the budget ran out first."""
    from kiosk.asr import get_transcriber

    data = load()
    todo = [(n, s) for n in names for s in sents if s.id not in data.get(lang, {}).get(n, {})]
    if not todo:
        return True
    t_start = time.perf_counter()
    voices = Voices()
    asr = get_transcriber()
    for i, (name, s) in enumerate(todo):
        if time.perf_counter() - t_start > budget_s:
            print(f"budget of {budget_s:.0f}s spent: {len(todo) - i} clips left; run again to resume")
            return False
        engine = voices.get(lang, name)
        t0 = time.perf_counter()
        samples = engine.synth(s.text, speed(name))  # type: ignore[attr-defined]
        synth_s = time.perf_counter() - t0
        audio_s = len(samples) / engine.sample_rate  # type: ignore[attr-defined]
        hyp = asr.transcribe(AudioClip(samples, engine.sample_rate), language=lang).text  # type: ignore[attr-defined]
        err = error_rate(s.text, hyp, lang)
        data.setdefault(lang, {}).setdefault(name, {})[s.id] = {
            "err": round(err, 4), "hyp": hyp, "synth_s": round(synth_s, 3), "audio_s": round(audio_s, 3)}
        save(data)
        print(f"{lang} {name:28} {s.id:6} err={err:.2f} rtf={synth_s / max(audio_s, 1e-3):.2f}", flush=True)
    return True


# ---- summary ---------------------------------------------------------------------------------------

def mean_err(rows: dict, ids: list[str]) -> float | None:  # type: ignore[type-arg]
    got = [rows[i]["err"] for i in ids if i in rows]
    return statistics.fmean(got) if len(got) == len(ids) else None


def rtf(rows: dict) -> float:  # type: ignore[type-arg]
    return sum(r["synth_s"] for r in rows.values()) / max(1e-3, sum(r["audio_s"] for r in rows.values()))


def ranked_screen(lang: str) -> list[tuple[str, float]]:
    sets = sentence_sets(lang)
    ids = [s.id for s in sets["screen"]]
    by = load().get(lang, {})
    scored = [(n, mean_err(by.get(n, {}), ids)) for n in candidates(lang)]
    return sorted([(n, e) for n, e in scored if e is not None], key=lambda x: x[1])


def full_candidates(lang: str) -> list[str]:
    ranked = ranked_screen(lang)
    if len(ranked) < len(candidates(lang)):
        raise SystemExit(f"{lang}: screening is not complete; run --stage screen first")
    best = [n for n, _ in ranked[:3]]
    best += [next(n for n, _ in ranked if n.startswith("espeak-ng:"))]
    kok = next((n for n, _ in ranked if n.startswith("kokoro:")), None)
    if kok and map_changes(lang, sentence_sets(lang)["tune"]):
        best.append(kok + "/raw")
    return list(dict.fromkeys(best))


def report() -> str:
    data = load()
    lines = ["| lang | voice | screen (8) | tune (21) | held (11) | synth RTF |", "|---|---|---|---|---|---|"]
    for lang in [x for x in LANGS if x in data]:
        sets = sentence_sets(lang)
        unit = "CER" if lang in CER_LANGUAGES else "WER"
        rows = []
        for name, res in data[lang].items():
            cells = [mean_err(res, [s.id for s in sets[k]]) for k in ("screen", "tune", "held")]
            rows.append((cells[1] if cells[1] is not None else 9.0, cells[0] or 9.0, name, cells, rtf(res)))
        for _, _, name, cells, r in sorted(rows):
            txt = [f"{c:.3f}" if c is not None else "-" for c in cells]
            lines.append(f"| {lang} ({unit}) | {name} | {' | '.join(txt)} | {r:.2f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lang", choices=LANGS)
    ap.add_argument("--stage", choices=("screen", "full"))
    ap.add_argument("--voices", help="comma-separated candidate names (overrides the stage's)")
    ap.add_argument("--set", choices=("screen", "tune", "held", "tune+held"), help="sentences (default per stage)")
    ap.add_argument("--budget", type=float, default=170.0, help="stop after this many seconds (resume later)")
    ap.add_argument("--report", action="store_true", help="print the table of cached results")
    args = ap.parse_args(argv)
    if args.report or not args.lang:
        print(report())
        return 0
    sets = sentence_sets(args.lang)
    if args.voices:
        names = args.voices.split(",")
    elif args.stage == "full":
        names = full_candidates(args.lang)
    else:
        names = candidates(args.lang)
    which = args.set or ("tune+held" if args.stage == "full" else "screen")
    sents = [s for k in which.split("+") for s in sets[k]]
    done = run(args.lang, names, sents, args.budget)
    print(report())
    return 0 if done else 3


if __name__ == "__main__":
    raise SystemExit(main())
