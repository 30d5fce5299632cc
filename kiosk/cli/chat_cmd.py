"""`kiosk chat [--lang xx] [--no-llm]`: a conversation with the assistant in the terminal.

Type what you bring, answer its question, correct or remove items. Commands: /basket, /remove ID, /clear, /quit.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from kiosk.rules.engine import UnknownJurisdiction


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("chat", help="talk with the customs assistant in the terminal (keeps a basket)",
                       description="A conversation in the terminal: items accumulate in a basket, the verdict covers "
                                   "all of them. Commands: /basket, /remove ID, /clear, /quit.")
    p.add_argument("--lang", help="language of the conversation (ISO 639-1); detected per turn when absent")
    p.add_argument("--jurisdiction", default="KR", help="id of an installed rule table (default: KR)")
    p.add_argument("--no-llm", action="store_true", help="rules and lexicon only, no language model")
    p.add_argument("--arrival", type=dt.date.fromisoformat, help="arrival date YYYY-MM-DD (default: today)")
    p.set_defaults(func=_chat)


def _basket_lines(conv: object) -> list[str]:
    from kiosk.assistant import Conversation

    assert isinstance(conv, Conversation)
    out = []
    for b in conv.basket:
        facts = ", ".join(f"{k}={v}" for k, v in (("qty", b.quantity), ("ml", b.volume_ml),
                                                  ("value", f"{b.value} {b.currency}" if b.value is not None else None))
                          if v is not None)
        out.append(f"  {b.id}  {b.description} [{b.category}] {facts} -> {b.verdict}")
    return out or ["  (empty)"]


def _chat(args: argparse.Namespace) -> int:
    from kiosk.assistant import Assistant, Conversation

    try:
        conv = Conversation(Assistant(args.jurisdiction, use_llm=not args.no_llm), arrival=args.arrival)
    except UnknownJurisdiction as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    interactive = sys.stdin.isatty()
    if interactive:
        print("Customs assistant — tell me what you bring. /basket, /remove ID, /clear, /quit", flush=True)
    while True:
        if interactive:
            print("> ", end="", flush=True)
        line = sys.stdin.readline()
        if not line:
            return 0
        text = line.strip()
        if not text:
            continue
        if text in ("/quit", "/exit"):
            return 0
        if text == "/basket":
            print("\n".join(_basket_lines(conv)), flush=True)
            continue
        if text == "/clear":
            conv.clear()
            print("(cleared)", flush=True)
            continue
        if text.startswith("/remove"):
            ans = conv.remove(text.partition(" ")[2].strip())
        else:
            ans = conv.ask(text, args.lang)
        print(f"[{ans.verdict}] {ans.answer}", flush=True)
        print("\n".join(_basket_lines(conv)), flush=True)
