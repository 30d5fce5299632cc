"""Does the kiosk's own recognizer understand the kiosk's own Korean voice? Round trip TTS -> Whisper of every
Korean sentence the kiosk speaks.

Sentences (fixed before any change): every Korean phrase of the officer phrasebook (locales/phrases/ko.toml, slots
filled with the lint's sample values), and every sentence of the answers the assistant gives (rules only, no
LLM) to the Korean questions of tests/data/questions.jsonl. Each is synthesized with the kiosk's Korean voice
(voices/voices.toml) and transcribed by whisper-base with the language set to Korean (as the officer screen
does). Error: CER between what the sentence means to say and what Whisper heard, both read through
`kiosk.tts.readings.speakable` (so "2병" and "두 병" compare equal) without spaces and punctuation.

Variants: `written` = the text handed to the voice as written (before issue 22: digits read Sino-Korean, "2병"
as "이 병", Latin abbreviations letter by letter, "·" and ":" read through); `speakable` = what the Speaker now
hands the voice (voices/readings.toml). Sentences the readings leave unchanged are synthesized once.

    python benchmarks/bench_ko_intelligibility.py [--limit N] [--changed-only | --every N] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kiosk import languages  # noqa: E402
from kiosk.tts.readings import speakable  # noqa: E402


def sentences() -> list[tuple[str, str]]:
    """(id, Korean sentence) for every phrasebook phrase and every sentence of the answers to Korean questions."""
    from kiosk.assistant import get_assistant
    from kiosk.phrasebook import SAMPLE_SLOTS, get_phrasebook, render

    out: list[tuple[str, str]] = []
    book = get_phrasebook()
    for pid, phrase in sorted(book.phrases.items()):
        try:
            out.append((f"phrase:{pid}", render(book, phrase, "ko", SAMPLE_SLOTS)))
        except Exception as exc:  # a phrase without a Korean entry
            print(f"skip {pid}: {type(exc).__name__}")
    assistant = get_assistant("KR", use_llm=False)
    seen = {text for _, text in out}
    rows = [json.loads(line) for line in (ROOT / "tests" / "data" / "questions.jsonl").read_text(
        encoding="utf-8").splitlines() if line.strip()]
    for n, row in enumerate(r for r in rows if r["lang"] == "ko"):
        answer = assistant.ask(row["text"], "ko")
        for k, sentence in enumerate(languages.split_sentences(answer.answer, "ko")):
            if sentence.strip() and sentence not in seen:
                seen.add(sentence)
                out.append((f"answer:{n}:{k}", sentence))
    return out


def _norm(text: str) -> str:
    return speakable(text, "ko")


def run(limit: int | None, changed_only: bool = False, every: int = 1,
        ids: frozenset[str] = frozenset()) -> dict[str, Any]:
    import kiosk.tts.speaker as speaker_mod
    from kiosk.asr import get_transcriber
    from kiosk.report import error_rate
    from kiosk.tts import get_speaker

    items = [(sid, text) for n, (sid, text) in enumerate(sentences())
             if (speakable(text, "ko") != text if changed_only else n % every == 0 or speakable(text, "ko") != text)]
    items = [it for it in items if not ids or it[0] in ids][:limit]
    speaker = get_speaker()
    tr = get_transcriber("whisper-base")
    voice = speaker.voice_for("ko")
    results: list[dict[str, Any]] = []
    t0 = time.perf_counter()
    for sid, text in items:
        row: dict[str, Any] = {"id": sid, "text": text, "spoken": speakable(text, "ko")}
        for variant in ("written", "speakable"):
            if variant == "speakable" and row["spoken"] == text:
                row["heard_speakable"], row["cer_speakable"] = row["heard_written"], row["cer_written"]
                continue
            real = speaker_mod.speakable
            if variant == "written":
                speaker_mod.speakable = lambda t, lang: t  # type: ignore[assignment]
            try:
                clip = speaker.synthesize(text, "ko")
            finally:
                speaker_mod.speakable = real  # type: ignore[assignment]
            heard = tr.transcribe(clip, language="ko").text
            row[f"heard_{variant}"] = heard
            row[f"cer_{variant}"] = round(error_rate(_norm(text), _norm(heard), "ko"), 4)
        results.append(row)
        print(f"{sid:14} written {row['cer_written']:.2f} speakable {row['cer_speakable']:.2f}  {text[:50]}",
              flush=True)
    summary: dict[str, Any] = {"voice": f"{voice.engine}:{voice.voice}", "sentences": len(results),
                               "seconds": round(time.perf_counter() - t0, 1)}
    for variant in ("written", "speakable"):
        for part in ("phrase", "answer", "all"):
            cers = [r[f"cer_{variant}"] for r in results if part == "all" or r["id"].startswith(part)]
            if cers:
                summary[f"{variant}/{part}"] = {
                    "n": len(cers), "mean_cer": round(statistics.fmean(cers), 3),
                    "median_cer": round(statistics.median(cers), 3),
                    "share_cer_le_0.1": round(sum(c <= 0.1 for c in cers) / len(cers), 3),
                    "share_cer_le_0.3": round(sum(c <= 0.3 for c in cers) / len(cers), 3)}
    changed = [r for r in results if r["spoken"] != r["text"]]
    if changed:
        summary["changed_by_readings"] = {
            "n": len(changed), "mean_cer_written": round(statistics.fmean(r["cer_written"] for r in changed), 3),
            "mean_cer_speakable": round(statistics.fmean(r["cer_speakable"] for r in changed), 3)}
    summary["worst_speakable"] = [(r["id"], r["cer_speakable"], r["text"], r["heard_speakable"])
                                  for r in sorted(results, key=lambda r: -r["cer_speakable"])[:12]]
    return {"summary": summary, "sentences": results}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--limit", type=int)
    ap.add_argument("--changed-only", action="store_true", help="only the sentences the readings change")
    ap.add_argument("--every", type=int, default=1, help="of the unchanged sentences, every n-th (a quicker run)")
    ap.add_argument("--ids", default="", help="only these sentence ids, comma-separated (phrase:trv43,answer:0:1)")
    ap.add_argument("--json", type=Path, help="write every sentence's result here")
    args = ap.parse_args()
    out = run(args.limit, args.changed_only, args.every, frozenset(filter(None, args.ids.split(","))))
    if args.json:
        args.json.write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
    print(json.dumps(out["summary"], ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
