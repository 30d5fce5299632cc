"""Is a thinking traveler cut off? End-of-turn on real human recordings with natural and spliced pauses.

Every real recording of tests/data/speech (manifest.jsonl) is replayed offline through the kiosk's endpointing
(kiosk.asr.replay: StreamingVad + Endpointer frame by frame, whisper-base transcribing each pause as the kiosk
does in the background, its verdict arriving `--asr-delay-ms` later):

* natural:  the recording as it is (some hold natural pauses: JFK's ~1 s after "my fellow Americans,");
* spliced:  real speech with a pause spliced in at a word boundary inside a sentence (tests/data/speech/pauses.jsonl,
            found once with `--find-pauses` from Whisper's word timestamps: the widest gap between two words of the
            middle of the recording that carries no punctuation, and after a comma), lengthened to 1.5 s of
            silence in all as the VAD measures it (default mode) and 2.5 s (accessibility mode). This is synthetic
            timing on real speech, said as such.

* synth:    `--synth`: customs questions SYNTHESIZED with the kiosk's own voices (8 languages, SYNTH below), as they
            are (`synth natural`: a complete question must still end fast) and with a pause spliced in at a word
            boundary inside the sentence (`synth phrase`: after "two bottles of |", "위스키 두 병이랑 |" ...; the
            boundary from Whisper's word timestamps on the synthesized audio). Synthesized speech, synthetic pause.

A recording is CUT when the end was declared while speech was still to come. Reported per mode: cuts, and the
silence the kiosk waited after the last word of each finished recording (the end-of-speech part of latency), for
the kiosk now (`turn`), for the rule before issue 22 (`before`: 700 ms after words that looked complete by the
former test, else 1000 ms) and for silence alone (`silence`: 1000 ms, no on-the-fly recognition; the Recorder's
rule without a streaming transcriber). `before` and `silence` run in the default mode only.

    python benchmarks/bench_turn_taking.py [--json] [--limit N] [--rules turn,before,silence] [--only SUBSTR]
                                           [--synth] [--no-real] [--out FILE.json]
    python benchmarks/bench_turn_taking.py --find-pauses      # rewrites tests/data/speech/pauses.jsonl
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kiosk.asr import Transcript, get_transcriber  # noqa: E402
from kiosk.asr.replay import replay, splice_pause, splice_total_pause  # noqa: E402
from kiosk.audio import ASR_RATE, AudioClip, EndpointConfig, load_audio  # noqa: E402

SPEECH = ROOT / "tests" / "data" / "speech"
PAUSES = SPEECH / "pauses.jsonl"
_PUNCT = re.compile(r"[.?!。？！,，、;；:：…-]$")
_COMMA = re.compile(r"[,，、]$")

# (name, endpointing, pause lengths spliced in)
MODES = [("default", EndpointConfig(), (1.5,)),
         ("accessibility", EndpointConfig.for_accessibility(), (2.5,))]
# the longest pause of each mode only: the Endpointer ends an utterance only after a silence as long as its
# threshold, so a recording not cut with a 1.5 s pause is not cut with a shorter one at the same place
MAX_SECONDS = 12.0  # the longer real recordings (ReazonSpeech 13 s, CSS10 ru 9 s ...) take long to replay here
# the rule before issue 22: 700 ms after a complete-looking transcript, else 1000 ms (accessibility 1200 / 1600)
BEFORE = {"default": EndpointConfig(unsure_end_silence_ms=1000, incomplete_end_silence_ms=1000),
          "accessibility": EndpointConfig(end_silence_ms=1200, unsure_end_silence_ms=1600,
                                          incomplete_end_silence_ms=1600)}
# silence alone: the fixed end silence of the Recorder before issue 22 when no transcript judges the words
SILENCE = {"default": EndpointConfig(end_silence_ms=1000)}
RULES = ("turn", "before", "silence")
# synthesized customs questions; "|" marks the word boundary where a thinking traveler pauses (the words before it
# do not end the sentence: a preposition, a list to go on, a count without its goods). Written for this benchmark.
SYNTH: dict[str, str] = {
    "en": "I bought two bottles of | whisky in Paris. Do I need to declare them?",
    "ko": "위스키 두 병이랑 | 담배 한 보루가 있는데 신고해야 하나요?",
    "ja": "ウイスキーを二本と | タバコを一カートン持っています。申告が必要ですか？",
    "zh": "我带了两瓶威士忌和 | 一条香烟，需要申报吗？",
    "es": "Traigo dos botellas de | whisky de Escocia. ¿Tengo que declararlas?",
    "fr": "J'ai acheté deux bouteilles de | whisky à Paris. Dois-je les déclarer ?",
    "de": "Ich habe zwei Flaschen | Whisky dabei. Muss ich das anmelden?",
    "ru": "У меня с собой две бутылки | виски. Нужно ли их декларировать?",
}


def manifest() -> list[dict[str, Any]]:
    rows = [json.loads(line) for line in (SPEECH / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]
    seen, out = set(), []
    for r in rows:
        audio = (SPEECH / r["file"]).read_bytes()
        if audio in seen:  # en_jfk.wav is en/jfk.wav again
            continue
        seen.add(audio)
        out.append(r)
    return out


def find_pauses() -> None:
    """Word boundaries inside a sentence, from Whisper's word timestamps: `phrase` after a word that carries no
    punctuation (inside a phrase: "I bought | two bottles"), `clause` after a comma ("..., | and ...")."""
    tr = get_transcriber()
    model = tr._usable_model()  # noqa: SLF001 - word timestamps are a benchmark-only need
    lines = []
    for r in manifest():
        clip = load_audio(SPEECH / r["file"])
        segs, _ = model.transcribe(clip.samples, language=r["lang"], word_timestamps=True, beam_size=1)
        words = [w for s in segs for w in (s.words or [])]
        n = len(words)
        row: dict[str, Any] = {"file": r["file"], "lang": r["lang"]}
        for kind, ok in (("phrase", lambda w: not _PUNCT.search(w)), ("clause", lambda w: bool(_COMMA.search(w)))):
            best = None
            lo, hi = (max(1, n // 4), max(2, 3 * n // 4)) if kind == "phrase" else (1, n - 1)
            for i in range(lo, hi):
                if i + 1 >= n or not ok(words[i].word.strip()):
                    continue
                gap = words[i + 1].start - words[i].end
                if best is None or gap > best[0]:
                    best = (gap, i)
            if best is None:
                continue
            i = best[1]
            at = _quietest(clip.samples, (words[i].end + words[i + 1].start) / 2)
            row[kind] = {"at_s": at, "before": "".join(w.word for w in words[: i + 1]).strip()}
        lines.append(json.dumps(row, ensure_ascii=False))
        print(lines[-1], flush=True)
    PAUSES.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _norm(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.lower())


def synth_cases() -> list[tuple[str, str, Any, float | None, str]]:
    """(id, lang, 16 kHz samples, boundary seconds or None, words before it) of each synthesized question: the
    boundary is the end of the word that completes the text before "|" (Whisper's word timestamps, language
    given), at the quietest 10 ms nearby."""
    from kiosk.audio.clip import resample
    from kiosk.tts import get_speaker

    speaker, model = get_speaker(), get_transcriber()._usable_model()  # noqa: SLF001 - benchmark-only need
    out = []
    for lang, marked in SYNTH.items():
        before, _ = (part.strip() for part in marked.split("|"))
        text = marked.replace(" | ", " ").replace("| ", "").replace(" |", "")
        x = resample(speaker.synthesize(text, lang), ASR_RATE).samples
        segs, _ = model.transcribe(x, language=lang, word_timestamps=True, beam_size=1)
        words = [w for seg in segs for w in (seg.words or [])]
        want, said, at = len(_norm(before)), "", None
        for i, w in enumerate(words[:-1]):
            said += _norm(w.word)
            if len(said) >= want:
                at = _quietest(x, (w.end + words[i + 1].start) / 2)
                said = "".join(v.word for v in words[: i + 1]).strip()
                break
        out.append((f"synth/{lang}", lang, x, at, said))
        print(f"synth  {lang} {text!r} boundary={at} heard before it: {said!r}", flush=True)
    return out


def _quietest(x: Any, at_s: float, window_s: float = 0.1) -> float:
    """The centre of the quietest 10 ms within `window_s` of `at_s` (Whisper's word times are approximate)."""
    import numpy as np

    c, w = int(at_s * ASR_RATE), ASR_RATE // 100
    starts = range(max(0, c - int(window_s * ASR_RATE)), min(len(x) - w, c + int(window_s * ASR_RATE)), 16)
    best = min(starts, key=lambda s: float(np.mean(np.square(x[s:s + w]))))
    return round((best + w // 2) / ASR_RATE, 3)


def _old_complete(text: str) -> bool:
    """kiosk.asr.streaming.looks_complete before issue 22 (ends with a full stop / final form, >= 3 words)."""
    text = text.strip()
    end = re.search(r"[.?!。？！]['\"”’」』)）]*\s*$", text)
    final = re.search(r"(ですか|ますか|ません|ました|でした|ます|です|ください|でしょうか|니까|니다|까요|나요|어요|아요|에요"
                      r"|예요|죠|세요|吗|呢)\s*$", text)
    if not end and not final:
        return False
    if re.search(r"[?？]['\"”’」』)）]*\s*$", text) or (not end and re.search(r"(か|까요|니까|나요|吗|呢)\s*$", text)):
        return True
    cjk = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
    return len(cjk.findall(text)) // 2 + len(re.findall(r"[^\W\d_]+", cjk.sub(" ", text))) >= 3


def run(limit: int | None, asr_delay_ms: int, rules: tuple[str, ...] = RULES, only: str | None = None,
        synth: bool = False, real: bool = True, lengths: tuple[float, ...] | None = None,
        natural: bool = True) -> dict[str, Any]:
    """`lengths`: the spliced pause lengths of the default mode (default: MODES'; accessibility keeps its own);
    `natural`: also the recordings as they are."""
    import kiosk.asr.streaming as streaming

    tr = get_transcriber()
    cache: dict[tuple[int, bytes], Transcript] = {}

    def transcribe(audio: Any) -> Transcript:
        key = (len(audio), audio[:: max(1, len(audio) // 64)].tobytes())
        if key not in cache:
            cache[key] = tr.transcribe(AudioClip(audio, ASR_RATE), speculative=True)
        return cache[key]

    rows = [r for r in manifest() if load_audio(SPEECH / r["file"]).duration_s <= MAX_SECONDS
            and (only is None or only in r["file"])][:limit] if real else []
    pauses = {p["file"]: p for p in map(json.loads, PAUSES.read_text(encoding="utf-8").splitlines())}
    # --lengths: the default mode at those lengths only (the accessibility mode's 2.5 s is measured without it)
    modes = [(m, c, ls if lengths is None else lengths if m == "default" else ()) for m, c, ls in MODES]
    cases: list[tuple[str, str, Any, str, float]] = []  # (id, lang, samples, mode, pause_s)
    for r in rows:
        x = load_audio(SPEECH / r["file"]).samples
        p = pauses.get(r["file"], {})
        for mode, _, mode_lengths in modes:
            # accessibility: the phrase pause only (natural pauses are shorter than the default mode's bound)
            if mode == "default" and natural:
                cases.append((f"{r['file']} natural", r["lang"], _tail(x), mode, 0.0))
            for kind in ("phrase", "clause") if mode == "default" else ("phrase",):
                for length in mode_lengths if kind in p else ():
                    at = p[kind]["at_s"]
                    cases.append((f"{r['file']} {kind} +{length:.1f}s@{at}", r["lang"],
                                  _tail(splice_total_pause(x, at, length)), mode, length))
    for cid, lang, x, at, _said in synth_cases() if synth else ():
        if natural:
            cases.append((f"{cid} natural", lang, _tail(x), "default", 0.0))
        for mode, _, mode_lengths in modes:
            for length in mode_lengths if at is not None else ():
                cases.append((f"{cid} phrase +{length:.1f}s@{at}", lang, _tail(splice_total_pause(x, at, length)),
                              mode, length))
    out: dict[str, Any] = {"asr_delay_ms": asr_delay_ms, "cases": []}
    t0 = time.perf_counter()
    for rule in rules:
        real_judge = streaming.transcript_completeness
        if rule == "before":
            streaming.transcript_completeness = (  # type: ignore[assignment]
                lambda t, lang=None: "complete" if t.settled and t.confident and _old_complete(t.text) else "unsure")
        try:
            for cid, lang, x, mode, pause_s in cases:
                if rule != "turn" and mode != "default":
                    continue
                config = {"turn": dict((m, c) for m, c, _ in MODES), "before": BEFORE, "silence": SILENCE}[rule][mode]
                res = replay(x, transcribe if rule != "silence" else None, config, asr_delay_ms=asr_delay_ms)
                out["cases"].append({"rule": rule, "id": cid, "lang": lang, "mode": mode, "pause_s": pause_s,
                                     "cut": res.cut, "end_wait_ms": res.end_wait_ms,
                                     "pauses": [(p.text, p.completeness) for p in res.pauses]})
                print(f"{rule:7} {mode:13} {cid:60} cut={res.cut!s:5} wait={res.end_wait_ms} "
                      f"{[(p.text[-24:], p.completeness) for p in res.pauses]}", flush=True)
        finally:
            streaming.transcript_completeness = real_judge  # type: ignore[assignment]
    out["seconds"] = round(time.perf_counter() - t0, 1)
    out["summary"] = summary(out["cases"])
    return out


def _tail(x: Any, seconds: float = 4.0) -> Any:
    """The recording followed by `seconds` of its background level (the traveler has finished)."""
    return splice_pause(x, len(x) / ASR_RATE, seconds)


def summary(cases: list[dict[str, Any]]) -> dict[str, Any]:
    s: dict[str, Any] = {}
    for rule in RULES:
        for mode, _, _ in MODES:
            for source in ("real", "synth"):
                for kind, length in [("natural", 0.0)] + [(k, x) for x in sorted({c["pause_s"] for c in cases} - {0.0})
                                                          for k in ("phrase", "clause")]:
                    mine = [c for c in cases if c["rule"] == rule and c["mode"] == mode and f" {kind}" in c["id"]
                            and c["id"].startswith("synth/") == (source == "synth") and c["pause_s"] == length]
                    if not mine:
                        continue
                    waits = [c["end_wait_ms"] for c in mine if c["end_wait_ms"] is not None and not c["cut"]]
                    name = kind if kind == "natural" else f"{kind}{length:g}s"
                    s[f"{rule}/{mode}/{source}/{name}"] = {
                        "cases": len(mine), "cut": sum(c["cut"] for c in mine),
                        "cut_ids": [c["id"] for c in mine if c["cut"]],
                        "end_wait_ms_p50": statistics.median(waits) if waits else None,
                        "end_wait_ms_max": max(waits) if waits else None}
    return s


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--find-pauses", action="store_true")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--limit", type=int)
    ap.add_argument("--asr-delay-ms", type=int, default=600)
    ap.add_argument("--rules", default=",".join(RULES), help="comma-separated, of " + ", ".join(RULES))
    ap.add_argument("--only", help="real recordings whose file name contains this")
    ap.add_argument("--synth", action="store_true", help="add the synthesized questions (SYNTH)")
    ap.add_argument("--no-real", action="store_true", help="no real recordings (with --synth)")
    ap.add_argument("--out", type=Path, help="write the whole result (cases + summary) here as JSON")
    ap.add_argument("--lengths", help="spliced pause lengths in s for the default mode, comma-separated (e.g. "
                                      "0.8,1.2: where a fixed end silence starts cutting)")
    ap.add_argument("--no-natural", action="store_true", help="spliced cases only")
    args = ap.parse_args()
    if args.find_pauses:
        find_pauses()
        return 0
    rules = tuple(r for r in args.rules.split(",") if r)
    if set(rules) - set(RULES):
        ap.error(f"--rules: one of {RULES}")
    lengths = tuple(float(x) for x in args.lengths.split(",")) if args.lengths else None
    out = run(args.limit, args.asr_delay_ms, rules, args.only, args.synth, not args.no_real, lengths,
              not args.no_natural)
    out["sources"] = {"real": "recordings of people (tests/data/speech/manifest.jsonl)",
                      "synth": "SYNTHESIZED with the kiosk's own voices (customs questions written for this benchmark)",
                      "natural": "the recording as it is", "phrase/clause": "a pause SPLICED in at a word boundary "
                      "(real or synthesized speech, synthetic pause length = the number after it)"}
    out["command"] = " ".join(sys.argv)
    if args.out:
        args.out.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(out["summary"] if not args.json else out, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
