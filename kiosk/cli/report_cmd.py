"""`kiosk report`: run the evaluation sets, write per-language figures as Markdown + JSON + PNG."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.config import PROJECT_ROOT
from kiosk.errors import KioskError

if TYPE_CHECKING:
    from kiosk.report import SetResult

QUESTIONS = PROJECT_ROOT / "tests" / "data" / "questions.jsonl"
SPEECH = PROJECT_ROOT / "tests" / "data" / "speech" / "manifest.jsonl"


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("report", help="per-language accuracy, ASR error and latency (Markdown, JSON, PNG)",
                       description="Runs the evaluation sets that exist and writes report.md, report.json and "
                                   "report.png: the performance-and-fairness figures to publish.")
    p.add_argument("-o", "--out", type=Path, default=Path("artifacts") / "report", help="output folder")
    p.add_argument("--questions", type=Path, default=QUESTIONS, help="question set (JSONL)")
    p.add_argument("--llm", action="store_true", help="let the assistant consult the LLM (default: rules only)")
    p.add_argument("--speech", type=Path, default=None,
                   help="speech manifest (JSONL: lang, file, ref); default tests/data/speech/manifest.jsonl "
                        "when present")
    p.add_argument("--no-speech", action="store_true", help="skip the ASR evaluation")
    p.add_argument("--decisions", type=Path, default=None, metavar="LOG",
                   help="instead: kiosk-officer agreement per language and category from a desk decision log "
                        "(decisions.md/.json/.png and the disagreements evaluation set)")
    p.add_argument("--remote", action="store_true",
                   help="send speech to KIOSK_ASR_URI first (local fallback) and report the fallback share")
    p.set_defaults(func=_run)


VERDICTS = ("allowed", "declare", "unclear", "restricted", "prohibited", "info")


def check_set(path: Path, fields: tuple[str, ...], *, verdicts: bool = False, files: bool = False) -> None:
    """Every line of an evaluation set is a JSON object with the string `fields` (and, for the questions, a known
    verdict; for a speech manifest, an existing audio file beside it). The first bad line is one error (exit 2)
    before any evaluation runs, naming the file, the line and the field."""
    from kiosk.cli.batch import read_batch

    n = 0
    for entry in read_batch(path):  # BatchError: missing, a directory, unreadable (exit 2)
        where = f"{path}: line {entry.line}"
        if entry.obj is None:
            raise KioskError(f"{where}: {entry.error}", code="bad_input")
        missing = [f for f in fields if not isinstance(entry.obj.get(f), str)]
        if missing:
            raise KioskError(f"{where}: needs the text field(s) {', '.join(repr(f) for f in missing)} "
                             f"(each line: {', '.join(fields)})", code="bad_input")
        if verdicts and entry.obj["expected_verdict"] not in VERDICTS:
            raise KioskError(f"{where}: expected_verdict must be one of {', '.join(VERDICTS)}", code="bad_input")
        if files:
            audio = path.parent / entry.obj["file"]
            if "\x00" in entry.obj["file"] or not audio.is_file():
                raise KioskError(f"{where}: audio file not found: {entry.obj['file'][:80]}", code="bad_input")
        n += 1
    if not n:
        raise KioskError(f"{path}: no entries", code="bad_input")


def _run(args: argparse.Namespace) -> int:
    from kiosk.report import run_questions, run_speech, write_report

    if args.out.exists() and not args.out.is_dir():  # exit 4 before minutes of evaluation
        raise KioskError(f"cannot write the report into {args.out}: it is a file, not a folder", code="storage")
    if args.decisions is not None:
        from kiosk.desk.report_cli import decisions_report

        return decisions_report(args.decisions, args.out)

    results: list[SetResult] = []
    if args.questions.is_file():
        check_set(args.questions, ("text", "expected_verdict"), verdicts=True)
        results.append(run_questions(args.questions, use_llm=args.llm))
    else:
        print(f"note: no question set at {args.questions}", file=sys.stderr)
    speech = args.speech or (SPEECH if SPEECH.is_file() else None)
    if speech is not None and not args.no_speech:
        if not speech.is_file():
            print(f"error: no speech manifest at {speech}", file=sys.stderr)
            return 2
        check_set(speech, ("lang", "file", "ref"), files=True)
        results.append(run_speech(speech, remote=args.remote))
    if not results:
        print("error: no evaluation set found", file=sys.stderr)
        return 2
    generated = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    paths = write_report(results, args.out, "Customs kiosk: per-language quality", generated)
    for r in results:
        print(f"{r.name}: {r.metric} overall {100 * r.overall:.1f} % on {r.n} items; "
              + ", ".join(f"{row.language} {100 * row.score:.0f} %" for row in r.rows))
    print("wrote " + ", ".join(str(p) for p in paths.values()))
    return 0
