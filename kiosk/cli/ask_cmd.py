"""`kiosk ask "TEXT" [--lang LL] [--jurisdiction KR] [--json] [--no-llm]` and `kiosk ask --batch IN.jsonl --json`."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from kiosk.rules.engine import UnknownJurisdiction


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("ask", help="ask a customs question (rule-grounded answer)",
                       description="Answer a traveler's customs question from the official rule tables. "
                                   "Verdicts and numbers come from the rules, never from the language model.")
    p.add_argument("text", nargs="?", help="the question, in any supported language")
    p.add_argument("--lang", help="language of the question (ISO 639-1); detected when absent")
    p.add_argument("--jurisdiction", default="KR", help="rule table to use (default: KR)")
    p.add_argument("--batch", metavar="IN.jsonl", help='read lines {"text": ..., "lang": optional}; "-" = stdin')
    p.add_argument("--json", action="store_true", help="print one JSON object (per line with --batch)")
    p.add_argument("--no-llm", action="store_true", help="rules and lexicon only, no language model")
    p.add_argument("--age", type=int, help="traveler's age, if known")
    p.set_defaults(func=_ask)


def _print(ans: Any, as_json: bool) -> None:
    if as_json:
        print(json.dumps(ans.to_json(), ensure_ascii=False), flush=True)
    else:
        print(f"[{ans.verdict}] {ans.answer}", flush=True)


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
        ans = assistant.ask(args.text, lang=args.lang, age=args.age)
        if assistant.llm_problem:
            print(f"note: {assistant.llm_problem}", file=sys.stderr)
        _print(ans, args.json)
        return 0
    try:
        fh = sys.stdin if args.batch == "-" else open(args.batch, encoding="utf-8")  # noqa: SIM115
    except OSError as exc:
        print(f"error: cannot read {args.batch}: {exc.strerror}", file=sys.stderr)
        return 2
    bad = 0
    with fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
                text = obj["text"] if isinstance(obj, dict) else None
                if not isinstance(text, str):
                    raise ValueError("no text")
            except (ValueError, KeyError) as exc:
                bad += 1
                err = {"error": f"line {n}: expected {{\"text\": ..., \"lang\": optional}} ({type(exc).__name__})"}
                print(json.dumps(err) if args.json else err["error"], flush=True)
                continue
            lang = obj.get("lang") if isinstance(obj.get("lang"), str) else args.lang
            _print(assistant.ask(text, lang=lang, age=obj.get("age") if isinstance(obj.get("age"), int) else args.age),
                   args.json)
    if assistant.llm_problem:
        print(f"note: {assistant.llm_problem}", file=sys.stderr)
    return 1 if bad else 0
