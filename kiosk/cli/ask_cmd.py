"""`kiosk ask "TEXT" [--lang LL] [--jurisdiction KR] [--json] [--no-llm]` and `kiosk ask --batch IN.jsonl --json`.

Batch lines: {"text": ..., "lang": optional, "session": optional, "age": optional, "arrival": "YYYY-MM-DD"
optional}. Lines with the same "session" (a non-empty string, compared exactly as given: `"a"` and `"A "` are two
travelers; an empty or non-string id is an error, never a shared basket) are the turns of one conversation, in file
order; without "session" a line stands alone. One output object per non-blank input line, in order, each with its
"line" number; a bad line (unreadable, or a field the kiosk cannot use: an unsupported "lang", an "age" outside
0-130, an "arrival" that is no date or outside the rule table) gets {"line": n, "error": ...} and the others are
still answered.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from kiosk.cli import validate
from kiosk.cli.batch import BatchLine, read_batch
from kiosk.errors import KioskError
from kiosk.rules.engine import UnknownJurisdiction


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("ask", help="ask a customs question (rule-grounded answer)",
                       description="Answer a traveler's customs question from the official rule tables. "
                                   "Verdicts and numbers come from the rules, never from the language model.")
    p.add_argument("text", nargs="?", help="the question, in any supported language")
    p.add_argument("--lang", type=validate.arg(validate.language),
                   help="language of the question (ISO 639-1); detected when absent")
    p.add_argument("--jurisdiction", help="id of an installed rule table (default: KIOSK_JURISDICTION, KR)")
    p.add_argument("--batch", metavar="IN.jsonl",
                   help='read lines {"text", "lang"?, "session"?, "age"?, "arrival"?}; "-" = stdin')
    p.add_argument("--json", action="store_true", help="print one JSON object (per line with --batch)")
    p.add_argument("--no-llm", action="store_true", help="rules and lexicon only, no language model")
    p.add_argument("--age", type=validate.arg(validate.age), help="traveler's age, if known (0-130)")
    p.add_argument("--arrival", type=validate.arg(validate.date), help="arrival date YYYY-MM-DD (default: today)")
    p.set_defaults(func=_ask)


def _print(obj: dict[str, Any], as_json: bool) -> None:
    if as_json:
        print(json.dumps(obj, ensure_ascii=False), flush=True)
    elif "error" in obj:
        print(f"error: {obj['error']}", flush=True)
    else:
        print(f"[{obj['verdict']}] {obj['answer']}", flush=True)


def _line_facts(obj: dict[str, Any], lang: str | None, age: int | None, arrival: dt.date | None,
                table: Any) -> tuple[str | None, int | None, dt.date | None, str | None]:
    """(lang, age, arrival, session) of one batch line, each checked; InputError names the field."""
    if not isinstance(obj.get("text"), str):
        raise validate.InputError('expected {"text": ..., "lang": optional, "session": optional}')
    try:
        the_lang = validate.language(obj["lang"]) if obj.get("lang") is not None else lang
    except (KioskError, AttributeError) as exc:
        raise validate.InputError(f'"lang": {exc.detail if isinstance(exc, KioskError) else "not a string"}') \
            from None
    the_age = validate.age(obj["age"]) if "age" in obj else age
    the_arrival = validate.arrival(validate.date(obj["arrival"]), table) if "arrival" in obj else arrival
    session = validate.session_id(obj["session"]) if "session" in obj else None
    return the_lang, the_age, the_arrival, session


def answer_lines(assistant: Any, lines: Iterable[BatchLine], lang: str | None, age: int | None,
                 arrival: dt.date | None) -> Iterator[dict[str, Any]]:
    """One output object per batch line; lines sharing a "session" (a non-empty string, exactly as given) are one
    conversation. A line with a field the kiosk cannot use is a numbered error; the others are still answered."""
    from kiosk.assistant import Conversation

    sessions: dict[str, Conversation] = {}
    for entry in lines:
        n, obj = entry.line, entry.obj
        if obj is None:
            yield {"line": n, "error": entry.error or f"line {n}: unreadable"}
            continue
        try:
            the_lang, the_age, the_arrival, session = _line_facts(obj, lang, age, arrival, assistant.engine.table)
        except validate.InputError as exc:
            yield {"line": n, "error": f"line {n}: {exc.detail}"}
            continue
        if session is not None:
            conv = sessions.get(session)
            if conv is None:
                conv = sessions[session] = Conversation(assistant, arrival=the_arrival)
            elif the_arrival is not None and conv.arrival != the_arrival:
                yield {"line": n, "error": f'line {n}: "arrival" differs from the earlier lines of this session'}
                continue
            ans = conv.ask(obj["text"], the_lang, age=the_age)
            yield {"line": n, "session": session, **ans.to_json()}
        else:
            yield {"line": n, **assistant.ask(obj["text"], lang=the_lang, age=the_age, arrival=the_arrival).to_json()}


def _ask(args: argparse.Namespace) -> int:
    from kiosk.assistant import Assistant
    from kiosk.config import settings

    if not args.text and not args.batch:
        raise validate.InputError("give a question or --batch IN.jsonl")
    if args.text and args.batch:
        raise validate.InputError("give a question or --batch IN.jsonl, not both")
    try:
        assistant = Assistant(args.jurisdiction or settings().jurisdiction, use_llm=not args.no_llm)
    except UnknownJurisdiction as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    validate.arrival(args.arrival, assistant.engine.table)
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
