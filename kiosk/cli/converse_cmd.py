"""`kiosk converse`: the traveler's turn of the kiosk, from the command line — the very pipeline the Qt UI runs.

Each QUESTION (a WAV file, or `--text` typed) is one turn of the same conversation; the events of every turn are
printed as they happen (JSON lines with `--json`); `-o` writes the spoken answer of the last turn as a WAV.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

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
    p.add_argument("--lang", help="the traveler's language, as if chosen on screen (default: detected)")
    p.add_argument("--rate", type=float, default=1.0, help="speaking rate (0.8 = accessibility mode)")
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
    from kiosk import languages
    from kiosk.audio import AudioClip, save_wav
    from kiosk.pipeline import Pipeline
    from kiosk.session import Session
    from kiosk.tts import SpeechChunk, join_chunks

    if not args.questions and not args.text:
        print("error: give at least one QUESTION.wav or --text", file=sys.stderr)
        return 2
    for q in args.questions:
        if not Path(q).is_file():
            print(f"error: {q}: no such file", file=sys.stderr)
            return 2
    session = Session()
    if args.lang:
        if not languages.is_supported(args.lang):
            print(f"error: unsupported language '{args.lang}'", file=sys.stderr)
            return 2
        session.language = languages.normalize(args.lang)
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
    if args.output:
        if not chunks:
            print("error: no answer audio to write (see the lines above)", file=sys.stderr)
            return 1
        clip: AudioClip = join_chunks(chunks, chunks[0].sample_rate, args.rate)
        try:
            save_wav(clip, args.output)
        except OSError as exc:
            print(f"error: cannot write {args.output}: {exc.strerror or exc}", file=sys.stderr)
            return 2
        if not args.json:
            print(f"answer audio: {args.output} ({clip.duration_s:.2f} s)")
    session.wipe()
    return 1 if failed else 0
