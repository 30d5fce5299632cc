"""`kiosk ask "TEXT" [--lang LL] [--jurisdiction KR] [--json] [--no-llm]` and `kiosk ask --batch IN.jsonl --json`.

Batch lines: {"text": ..., "lang": optional, "session": optional, "age": optional, "arrival": "YYYY-MM-DD"
optional}. Lines with the same "session" are the turns of one conversation, in file order; without "session" a line
stands alone. One output object per non-blank input line, in order, each with its "line" number; a bad line gets
{"line": n, "error": ...} and the others are still answered.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from kiosk.cli.batch import BatchLine, read_batch
from kiosk.rules.engine import UnknownJurisdiction


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("ask", help="ask a customs question (rule-grounded answer)",
                       description="Answer a traveler's customs question from the official rule tables. "
                                   "Verdicts and numbers come from the rules, never from the language model.")
    p.add_argument("text", nargs="?", help="the question, in any supported language")
    p.add_argument("--lang", help="language of the question (ISO 639-1); detected when absent")
    p.add_argument("--jurisdiction", default="KR", help="id of an installed rule table (default: KR)")
    p.add_argument("--batch", metavar="IN.jsonl",
                   help='read lines {"text", "lang"?, "session"?, "age"?, "arrival"?}; "-" = stdin')
    p.add_argument("--json", action="store_true", help="print one JSON object (per line with --batch)")
    p.add_argument("--no-llm", action="store_true", help="rules and lexicon only, no language model")
    p.add_argument("--age", type=int, help="traveler's age, if known")
    p.add_argument("--arrival", type=dt.date.fromisoformat, help="arrival date YYYY-MM-DD (default: today)")
    p.set_defaults(func=_ask)


def _print(obj: dict[str, Any], as_json: bool) -> None:
    if as_json:
        print(json.dumps(obj, ensure_ascii=False), flush=True)
    elif "error" in obj:
        print(f"error: {obj['error']}", flush=True)
    else:
        print(f"[{obj['verdict']}] {obj['answer']}", flush=True)


def answer_lines(assistant: Any, lines: Iterable[BatchLine], lang: str | None, age: int | None,
                 arrival: dt.date | None) -> Iterator[dict[str, Any]]:
    """One output object per batch line; lines sharing a "session" are one conversation."""
    from kiosk.assistant import Conversation

    sessions: dict[str, Conversation] = {}
    for entry in lines:
        n, obj, error = entry.line, entry.obj, entry.error
        if obj is not None and not isinstance(obj.get("text"), str):
            obj, error = None, f'line {n}: expected {{"text": ..., "lang": optional, "session": optional}}'
        if obj is None:
            yield {"line": n, "error": error or f"line {n}: unreadable"}
            continue
        the_lang = obj.get("lang") if isinstance(obj.get("lang"), str) else lang
        the_age = obj.get("age") if isinstance(obj.get("age"), int) and not isinstance(obj.get("age"), bool) else age
        the_arrival = arrival
        if isinstance(obj.get("arrival"), str):
            try:
                the_arrival = dt.date.fromisoformat(obj["arrival"])
            except ValueError:
                yield {"line": n, "error": f"line {n}: arrival must be YYYY-MM-DD"}
                continue
        session = obj.get("session")
        if isinstance(session, str | int) and not isinstance(session, bool):
            key = str(session)
            if key not in sessions:
                sessions[key] = Conversation(assistant, arrival=the_arrival)
            ans = sessions[key].ask(obj["text"], the_lang, age=the_age)
            yield {"line": n, "session": session, **ans.to_json()}
        else:
            yield {"line": n, **assistant.ask(obj["text"], lang=the_lang, age=the_age, arrival=the_arrival).to_json()}


def _ask(args: argparse.Namespace) -> int:
    from kiosk.assistant import Assistant

    if not args.text and not args.batch:
        print("error: give a question or --batch IN.jsonl", file=sys.stderr)
        return 2
    try:
        assistant = Assistant(args.jurisdiction, use_llm=not args.no_llm)
    except UnknownJurisdiction as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if not args.batch:
        ans = assistant.ask(args.text, lang=args.lang, age=args.age, arrival=args.arrival)
        if assistant.llm_problem:
            print(f"note: {assistant.llm_problem}", file=sys.stderr)
        _print(ans.to_json(), args.json)
        return 0
    source = sys.stdin.buffer if args.batch == "-" else Path(args.batch)
    bad = 0
    for obj in answer_lines(assistant, read_batch(source), args.lang, args.age, args.arrival):
        bad += "error" in obj
        _print(obj, args.json)
    if assistant.llm_problem:
        print(f"note: {assistant.llm_problem}", file=sys.stderr)
    return 1 if bad else 0
