"""Voice-to-voice latency through a real (virtual) audio device: last word spoken -> first answer sample heard.

Starts its own PulseAudio daemon (kiosk/audio/virtual.py: a virtual microphone and speaker), plays each question
into the microphone with `paplay`, lets the kiosk's own pieces run a turn exactly as the kiosk does (Recorder over
PortAudio -> Whisper -> assistant -> TTS -> play), and captures both the microphone feed and the speaker with
`parec`. Latency = time of the first answer sample at the speaker - time of the question's last speech sample
(Silero VAD end of the question) in the microphone feed. Breakdown per turn: endpoint (speech end -> the recorder
hands over the utterance), asr (transcript ready after the endpoint), answer (assistant), tts (first chunk
synthesized), out (play() called -> first sample at the speaker).

Questions: customs questions and the round-trip sentences synthesized with the kiosk's own voices (en zh ja es fr
de), plus real human recordings (`--speech-dir`, default /work/shared/speech: ko ja zh en es fr de).

    python benchmarks/bench_voice_to_voice.py [--quick] [--json] [--langs en,ko,zh,ja,es,fr,de]

With --json the last line printed is one JSON object: {"p50_s", "p95_s", "n", "languages": {lang: row}, ...}.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from voice_fixtures import SENTENCES, error_rate  # noqa: E402

from kiosk.audio import ASR_RATE, AudioClip, endpoint, load_audio, resample  # noqa: E402
from kiosk.audio.virtual import MIC_SINK, SPEAKER, Capture, VirtualAudio  # noqa: E402

LANGS = ("en", "ko", "zh", "ja", "es", "fr", "de", "ru")
SYNTH_LANGS = ("en", "zh", "ja", "es", "fr", "de")  # languages the kiosk has an intelligible voice for
QUESTIONS: dict[str, str] = {  # a customs question per language (synthesized)
    "en": "I have two bottles of whisky. Do I need to declare them?",
    "zh": "我带了两瓶威士忌，需要申报吗？",
    "ja": "ウイスキーを二本持っています。申告が必要ですか？",
    "es": "Traigo dos botellas de whisky. ¿Tengo que declararlas?",
    "fr": "J'ai deux bouteilles de whisky. Dois-je les déclarer ?",
    "de": "Ich habe zweitausend Dollar dabei. Muss ich das anmelden?",
}
MAX_REAL_S = 9.5  # real recordings up to this long (the CSS10 ru clip is 9.3 s: 30 turns in 8 languages in all)
SILENT = 1e-4  # above one 16-bit step: the virtual devices carry exact digital silence otherwise


@dataclass
class Question:
    lang: str
    kind: str  # "synth" | "real"
    ref: str
    clip: AudioClip  # 16 kHz


@dataclass
class TurnTimes:
    """Wall-clock stamps (time.monotonic) taken inside the kiosk turn."""

    endpoint: float = 0.0
    transcript: float = 0.0
    answer: float = 0.0
    tts_first: float = 0.0
    play_called: float = 0.0
    text: str = ""
    detected: str = ""
    engine: str = ""
    error: str = ""
    asr_reused: bool = False  # the transcript made during the end silence was the final one
    asr_started: float = 0.0
    overflows: int = 0
    verdict: str = ""  # what on-the-fly recognition said of the words at the end (kiosk.asr.turn): the end wait
    first_chunk: np.ndarray | None = None  # the answer's first chunk at 16 kHz (to find it at the speaker)


@dataclass
class Row:
    lang: str
    kind: str
    latency_s: float
    endpoint_s: float
    asr_s: float
    answer_s: float
    tts_s: float
    out_s: float
    error_rate: float
    detected: str
    engine: str
    asr_reused: bool = False
    asr_start_s: float = 0.0  # when the final transcript's recognition started, after the speech end
    text: str = ""
    overflows: int = 0  # input blocks lost by the recorder during the turn (a busy machine)
    verdict: str = ""  # complete (0.7 s end wait) | unsure (1.7 s) | incomplete (2.5 s): kiosk.asr.turn


def questions(langs: tuple[str, ...], quick: bool, speech_dir: Path, keep: Path | None = None) -> list[Question]:
    """The questions to play. `keep`: a folder where the synthesized ones are saved once and read back by later
    runs (Kokoro's audio is not bit-identical between runs: before/after comparisons play the same audio)."""
    import hashlib

    from kiosk.audio import save_wav
    from kiosk.tts import get_speaker

    out: list[Question] = []
    speaker = get_speaker()
    for lang in langs:
        if lang in SYNTH_LANGS:
            texts = [QUESTIONS[lang]] if quick else [QUESTIONS[lang], SENTENCES[lang]]
            for text in texts:
                path = keep / f"{lang}_{hashlib.sha1(text.encode()).hexdigest()[:10]}.wav" if keep else None
                if path is not None and path.is_file():
                    clip = load_audio(path)
                else:
                    clip = resample(speaker.synthesize(text, lang), ASR_RATE)
                    if path is not None:
                        path.parent.mkdir(parents=True, exist_ok=True)
                        save_wav(clip, path)
                out.append(Question(lang, "synth", text, resample(clip, ASR_RATE)))
    manifest = speech_dir / "manifest.jsonl"
    if manifest.is_file():
        real: dict[str, list[Question]] = {}
        for line in manifest.read_text(encoding="utf-8").splitlines():
            d = json.loads(line)
            if d["lang"] not in langs:
                continue
            clip = resample(load_audio(speech_dir / d["file"]), ASR_RATE)
            if clip.duration_s <= MAX_REAL_S:
                real.setdefault(d["lang"], []).append(Question(d["lang"], "real", d["ref"], clip))
        for qs in real.values():
            qs.sort(key=lambda q: q.clip.duration_s)
            out.extend(qs[:1] if quick else qs[:3])
    return out


class Kiosk:
    """The kiosk's own turn: `Pipeline.traveler_turn` from the microphone (always-open recorder, on-the-fly
    recognition, acknowledgement tone, answer, cached template sentences first, playback), exactly as the screen
    runs it. Only the first answer chunk is played: the latency ends at its first sample."""

    def __init__(self) -> None:
        from kiosk.pipeline import Pipeline

        self.pipeline = Pipeline(play_audio=True)
        self.tone = True
        self.all_languages = False  # warm every UI language's voice and phrases, as the kiosk does at start-up

    def _warm(self, langs: tuple[str, ...]) -> list[object]:
        """`Pipeline.warm_up` for the benchmark's languages only (same models, voices and cached verdict
        sentences for them at rate 1.0; minutes less set-up on a busy 2-core machine)."""
        from kiosk.tts.cache import PhraseCache

        p = self.pipeline
        p.transcriber()
        p.assistant().warm_up()
        p.speaker().warm_up(langs)
        cache = PhraseCache(p.speaker())
        cache.warm(langs, rates=(1.0,))
        p._cache = cache
        return []

    def warm_up(self, langs: tuple[str, ...]) -> None:
        from kiosk.session import Session

        problems = self.pipeline.warm_up() if self.all_languages else self._warm(langs)
        for status in problems:
            print(f"warm-up: {status.step}: {status.code} {status.detail}", file=sys.stderr)
        list(self.pipeline.traveler_turn(Session(language="en"), text="hello", speak=False))  # loads the LLM

    def close(self) -> None:
        self.pipeline.close()

    def turn(self, times: TurnTimes, listening: threading.Event) -> None:
        from kiosk.events import Answered, Failed, Heard, Listening, Recorded, Speaking
        from kiosk.session import Session

        rec = self.pipeline._recorder(15.0)
        overflows = rec.overflows
        events = self.pipeline.traveler_turn(Session(), None)
        live = None
        try:
            for ev in events:
                if isinstance(ev, Listening):
                    listening.set()
                elif isinstance(ev, Recorded):
                    times.endpoint = ev.t
                    times.overflows = rec.overflows - overflows
                    live = self.pipeline._live.get(id(ev.audio))  # the recognition run while it was spoken
                    times.verdict = live.completeness() if live is not None else ""
                elif isinstance(ev, Heard):
                    times.transcript = ev.t
                    times.text, times.detected = ev.transcript.text, ev.transcript.language
                    info = live.last_result if live is not None else None
                    times.asr_reused = bool(info and info.reused)
                    times.asr_started = info.started if info is not None else ev.t
                elif isinstance(ev, Answered):
                    times.answer = ev.t
                    times.engine = ev.answer.engine
                elif isinstance(ev, Speaking):  # the pipeline plays this chunk right after yielding it
                    times.tts_first = times.play_called = ev.t
                    times.first_chunk = resample(AudioClip(ev.chunk.samples, ev.chunk.sample_rate), ASR_RATE).samples
                    break
                elif isinstance(ev, Failed):
                    times.error = f"{ev.status.step}: {ev.status.code} {ev.status.detail}"
                    return
            if times.play_called:
                next(events, None)  # let the first chunk play to its end
        finally:
            events.close()


def _first_loud(x: np.ndarray, start: int) -> int | None:
    idx = np.flatnonzero(np.abs(x[max(0, start):]) > SILENT)
    return int(idx[0]) + max(0, start) if len(idx) else None


def _answer_onset(x: np.ndarray, start: int, chunk: np.ndarray | None) -> int | None:
    """Index of the answer's first sample at the speaker: where the start of the answer's first chunk matches
    best (normalized cross-correlation), so the acknowledgement tone played just before is not mistaken for it."""
    if chunk is None:
        return _first_loud(x, start)
    lead = _first_loud(chunk, 0) or 0
    ref = chunk[lead: lead + ASR_RATE // 4]
    seg = x[start: start + 2 * ASR_RATE]
    if len(seg) <= len(ref) or not np.any(ref):
        return _first_loud(x, start)
    n = len(seg) + len(ref)
    corr = np.fft.irfft(np.fft.rfft(seg, n) * np.conj(np.fft.rfft(ref, n)), n)[: len(seg) - len(ref) + 1]
    energy = np.sqrt(np.convolve(np.square(seg, dtype=np.float64), np.ones(len(ref)), "valid"))
    return start + int(np.argmax(corr / (energy + 1e-6)))


def speech_end(x: np.ndarray) -> int:
    """Index after the last speech sample: the end of the last 20 ms frame inside Silero's speech span whose
    loudness is within 30 dB of the clip's loud speech (Silero's own end lags a trailing sound by up to ~0.5 s)."""
    span = endpoint(x, pad_ms=0) or (0, len(x))
    hop = ASR_RATE // 50
    frames = x[: len(x) // hop * hop].reshape(-1, hop)
    rms = np.sqrt(np.mean(np.square(frames, dtype=np.float64), axis=1))
    loud = np.flatnonzero(rms >= 0.03 * np.percentile(rms[span[0] // hop: span[1] // hop + 1], 95))
    loud = loud[(loud * hop >= span[0]) & (loud * hop < span[1] + ASR_RATE // 2)]
    return int(loud[-1] + 1) * hop if len(loud) else span[1]


def run_turn(kiosk: Kiosk, dev: VirtualAudio, mic: Capture, spk: Capture, q: Question, lead_s: float) -> Row:
    times = TurnTimes()
    listening = threading.Event()
    err: list[BaseException] = []

    def work() -> None:
        try:
            kiosk.turn(times, listening)
        except BaseException as exc:  # reported in the row
            err.append(exc)

    # where the question's speech ends, in the question's own samples
    quant = np.round(q.clip.samples * 32767) / 32767
    first_clip = _first_loud(quant, 0) or 0
    speech_end_clip = speech_end(q.clip.samples)

    mic_mark = len(mic.samples())
    thread = threading.Thread(target=work, name="turn")
    thread.start()
    listening.wait(5)
    time.sleep(lead_s)
    dev.speak_into_mic(q.clip, wait=False)
    thread.join(timeout=q.clip.duration_s + 30)
    if err:
        raise err[0]
    time.sleep(0.25)  # the first answer samples reach the monitor
    mic_x, spk_x = mic.samples(), spk.samples()
    first_mic = _first_loud(mic_x, mic_mark)
    if first_mic is None:
        raise RuntimeError("the question never reached the microphone")
    t_speech_end = mic.time_of(first_mic + speech_end_clip - first_clip)
    err_rate = error_rate(q.lang, q.ref, times.text)
    if times.error or not times.play_called:
        return Row(q.lang, q.kind, float("nan"), times.endpoint - t_speech_end,
                   times.transcript - times.endpoint if times.transcript else float("nan"),
                   0.0, 0.0, 0.0, err_rate, times.detected, times.error)
    spk_from = int(round((times.play_called - 0.3 - spk.t0()) * spk.rate))
    first_out = _answer_onset(spk_x, max(0, spk_from), times.first_chunk)
    t_out = spk.time_of(first_out) if first_out is not None else float("nan")
    return Row(q.lang, q.kind, t_out - t_speech_end, times.endpoint - t_speech_end,
               times.transcript - times.endpoint, times.answer - times.transcript, times.tts_first - times.answer,
               t_out - times.play_called, err_rate, times.detected, times.engine, times.asr_reused,
               times.asr_started - t_speech_end, times.text, times.overflows, times.verdict)


def asr_probe(clip: AudioClip, runs: int = 3) -> float:
    """Median seconds of one pause transcription (whisper, speculative decode) of `clip` on this machine now: the
    end of a complete sentence waits max(0.7 s, ~0.13 s + this) after the last word, so a slower or busier machine
    shows a longer endpoint even with the same rule."""
    from kiosk.asr import get_transcriber

    tr = get_transcriber()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        tr.transcribe(clip, speculative=True)
        times.append(time.perf_counter() - t0)
    return round(statistics.median(times), 3)


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return ""


def pct(values: list[float], q: float) -> float:
    vals = [v for v in values if v == v]
    return float(np.percentile(vals, q)) if vals else float("nan")


def summarize(rows: list[Row]) -> dict[str, object]:
    langs: dict[str, dict[str, float | int]] = {}
    for lang in LANGS:
        mine = [r for r in rows if r.lang == lang]
        if not mine:
            continue
        lat = [r.latency_s for r in mine]
        langs[lang] = {
            "n": len(mine), "failed": sum(1 for v in lat if v != v),
            "p50_s": round(pct(lat, 50), 3), "p95_s": round(pct(lat, 95), 3),
            **{f"{k}_s": round(pct([getattr(r, f"{k}_s") for r in mine], 50), 3)
               for k in ("endpoint", "asr", "answer", "tts", "out")},
            "error_rate": round(statistics.mean(r.error_rate for r in mine), 3),
        }
    lat = [r.latency_s for r in rows]
    by_verdict = {v: {"n": len(mine), "p50_s": round(pct(mine, 50), 3), "p95_s": round(pct(mine, 95), 3)}
                  for v in sorted({r.verdict for r in rows})
                  for mine in [[r.latency_s for r in rows if r.verdict == v]]}
    by_kind = {k: {"n": len(mine), "p50_s": round(pct(mine, 50), 3), "p95_s": round(pct(mine, 95), 3)}
               for k in ("synth", "real") for mine in [[r.latency_s for r in rows if r.kind == k]] if mine}
    return {"p50_s": round(pct(lat, 50), 3), "p95_s": round(pct(lat, 95), 3), "n": len(rows),
            "by_verdict": by_verdict, "by_kind": by_kind,
            "failed": sum(1 for v in lat if v != v),
            "error_rate": round(statistics.mean(r.error_rate for r in rows), 3) if rows else None,
            "languages": langs}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="one synthesized + one real question per language")
    ap.add_argument("--json", action="store_true", help="print the result object as the last line")
    ap.add_argument("--langs", default=",".join(LANGS))
    ap.add_argument("--speech-dir", type=Path, default=Path("/work/shared/speech"))
    ap.add_argument("--keep-questions", type=Path, help="save the synthesized questions here / reuse them")
    ap.add_argument("--warm-all", action="store_true", help="warm every UI language (the kiosk's start-up)")
    ap.add_argument("--lead", type=float, default=0.5, help="seconds of silence before each question")
    args = ap.parse_args()
    import logging

    logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="%(relativeCreated)8.0f %(name)s %(message)s")
    logging.getLogger("kiosk.asr.whisper").setLevel(logging.INFO)  # each recognition's audio length and time
    langs = tuple(lang for lang in args.langs.split(",") if lang)
    t_start = time.monotonic()
    load_before = os.getloadavg()

    with VirtualAudio() as dev:
        kiosk = Kiosk()
        kiosk.all_languages = args.warm_all
        qs = questions(langs, args.quick, args.speech_dir, args.keep_questions)
        kiosk.warm_up(tuple(sorted({q.lang for q in qs})))
        mic, spk = dev.capture(f"{MIC_SINK}.monitor"), dev.capture(f"{SPEAKER}.monitor")
        probe = asr_probe(qs[0].clip)
        t_ready = time.monotonic()
        run_turn(kiosk, dev, mic, spk, qs[0], args.lead)  # warm-up turn (first PortAudio stream etc.), not counted
        rows: list[Row] = []
        for q in qs:
            row = run_turn(kiosk, dev, mic, spk, q, args.lead)
            rows.append(row)
            print(f"{row.lang} {row.kind:5s} {row.latency_s:6.2f}s  endpoint {row.endpoint_s:5.2f}  asr "
                  f"{row.asr_s:5.2f}  answer {row.answer_s:5.2f} ({row.engine})  tts {row.tts_s:5.2f}  out "
                  f"{row.out_s:5.2f}  err {row.error_rate:.2f}  asr from {row.asr_start_s:5.2f}"
                  f"{' reused' if row.asr_reused else ''}{f'  LOST {row.overflows} blocks' if row.overflows else ''}"
                  f"  [{row.verdict}]  {row.text[:60]!r}", flush=True)
        kiosk.close()
    result = summarize(rows)
    result.update({
        "seconds_total": round(time.monotonic() - t_start, 1), "seconds_setup": round(t_ready - t_start, 1),
        "loadavg_before": [round(x, 2) for x in load_before],
        "loadavg_after": [round(x, 2) for x in os.getloadavg()],
        "cpus": os.cpu_count(), "cpu_model": cpu_model(), "asr_probe_s": probe, "quick": args.quick, "turns": [asdict(r) for r in rows],
    })
    print(f"\nasr probe {probe} s ({result['cpu_model']}, {os.cpu_count()} cpus)")
    print(f"\nvoice-to-voice p50 {result['p50_s']} s, p95 {result['p95_s']} s over {len(rows)} turns")
    print(f"  by end verdict: {result['by_verdict']}  by kind: {result['by_kind']}")
    for lang, row in result["languages"].items():  # type: ignore[attr-defined]
        print(f"  {lang}: " + ", ".join(f"{k} {v}" for k, v in row.items()))
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
