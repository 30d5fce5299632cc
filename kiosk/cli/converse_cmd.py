"""`kiosk converse`: the traveler's turn of the kiosk, from the command line — the very pipeline the Qt UI runs.

Each QUESTION (a WAV file, or `--text` typed) is one turn of the same conversation; the events of every turn are
printed as they happen (JSON lines with `--json`); `-o` writes the spoken answer of the last turn as a WAV.
"""

from __future__ import annotations

import argparse
import json
import sys

from kiosk.cli.outputs import check_input, check_output, write_wav
from kiosk.cli.validate import InputError, arg, language, rate
from kiosk.events import Answered, Done, Failed, Heard, Recorded, Speaking, Thinking, TurnEvent


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "converse", help="one or more traveler turns from speech files (or typed text) -> answer (+ answer WAV)",
        description="Run the kiosk's traveler turn on QUESTION.wav (listen -> understand -> answer -> speak), "
                    "exactly as the kiosk screen does. Several questions form one conversation. Events are "
                    "printed as they happen (--json: one JSON object per line). Exit 0 when every turn was "
                    "answered, 1 when a turn failed (the failure line says why and how to fix it).")
    p.add_argument("questions", nargs="*", metavar="QUESTION.wav", help="question recordings, in order")
    p.add_argument("--text", action="append", default=[], metavar="TEXT",
                   help="a typed question (repeatable; asked after the recordings)")
    p.add_argument("-o", "--output", metavar="ANSWER.wav", help="write the last turn's spoken answer here")
    p.add_argument("--lang", type=arg(language),
                   help="the traveler's language, as if chosen on screen (default: detected)")
    p.add_argument("--rate", type=arg(rate), default=1.0,
                   help="speaking rate from 0.5 to 2.0 (0.8 = accessibility mode)")
    p.add_argument("--brief", action="store_true", help="speak the key sentence only (accessibility mode)")
    p.add_argument("--json", action="store_true", help="events as JSON lines")
    p.set_defaults(func=_converse)


def _render(ev: TurnEvent) -> str | None:
    """One human-readable line per event worth showing in a terminal."""
    if isinstance(ev, Heard):
        return f"heard ({ev.language}, p={ev.transcript.language_probability:.2f}): {ev.transcript.text}"
    if isinstance(ev, Answered):
        a = ev.answer
        rules = ", ".join(r.id for r in a.rules)
        return f"verdict: {a.verdict}\nanswer: {a.answer}" + (f"\nrules: {rules}" if rules else "")
    if isinstance(ev, Failed):
        s = ev.status
        return f"error ({s.step}: {s.code}): {s.detail}" + (f" — fix: {s.fix}" if s.fix else "")
    if isinstance(ev, Recorded):
        return f"speech: {ev.audio.duration_s:.2f} s"
    if isinstance(ev, Thinking):
        return None
    return None


def _converse(args: argparse.Namespace) -> int:
    from kiosk.audio import AudioClip
    from kiosk.pipeline import Pipeline
    from kiosk.session import Session
    from kiosk.tts import SpeechChunk, join_chunks

    if not args.questions and not args.text:
        raise InputError("give at least one QUESTION.wav or --text")
    for q in args.questions:
        check_input(q, "audio file")  # missing, a directory, a device or a pipe: exit 2 before any work
    out = check_output(args.output) if args.output is not None else None  # a directory, no folder, not *.wav
    _check_jurisdiction()
    session = Session()
    if args.lang:
        session.language = args.lang
    pipeline = Pipeline(play_audio=False)
    turns: list[tuple[str | None, str | None]] = [(q, None) for q in args.questions] + [(None, t) for t in args.text]
    failed = False
    chunks: list[SpeechChunk] = []
    for audio, text in turns:
        chunks = []
        events = pipeline.traveler_turn(session, audio, text=text, rate=args.rate, brief=args.brief)
        for ev in events:
            if isinstance(ev, Speaking):
                chunks.append(ev.chunk)
            if isinstance(ev, Failed):
                failed = True
            if args.json:
                print(json.dumps(ev.to_json(), ensure_ascii=False), flush=True)
            elif (line := _render(ev)) is not None:
                print(line, flush=True)
            if isinstance(ev, Done) and ev.stopped:
                failed = True
    try:
        if out is not None:
            if not chunks:
                print("error: no answer audio to write (see the lines above)", file=sys.stderr)
                return 1
            clip: AudioClip = join_chunks(chunks, chunks[0].sample_rate, args.rate)
            write_wav(clip, out)  # OutputError (exit 4): disk full, permission denied...; no half file left
            if not args.json:
                print(f"answer audio: {out} ({clip.duration_s:.2f} s)")
    finally:
        session.wipe()
    return 1 if failed else 0


def _check_jurisdiction() -> None:
    """KIOSK_JURISDICTION names an installed rule table (the turn answers from it): exit 2 before any work."""
    from kiosk.config import settings
    from kiosk.rules.engine import load_table

    load_table(settings().jurisdiction)  # UnknownJurisdiction: exit 2
