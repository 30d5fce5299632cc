"""`kiosk chat [--lang xx] [--no-llm]`: a conversation with the assistant in the terminal.

Type what you bring, answer its question, correct or remove items. Commands: /basket, /remove ID, /clear, /quit.
`/remove` follows the rule of a spoken removal: prohibited, restricted and must-declare goods (and unknown ones)
stay in the basket, the line says so and that an officer must see them, and the refusal is logged.
"""

from __future__ import annotations

import argparse
import logging
import sys
from typing import Any

from kiosk.cli import validate
from kiosk.rules.engine import UnknownJurisdiction

log = logging.getLogger(__name__)


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("chat", help="talk with the customs assistant in the terminal (keeps a basket)",
                       description="A conversation in the terminal: items accumulate in a basket, the verdict covers "
                                   "all of them. Commands: /basket, /remove ID, /clear, /quit.")
    p.add_argument("--lang", type=validate.arg(validate.language),
                   help="language of the conversation (ISO 639-1); detected per turn when absent")
    p.add_argument("--jurisdiction", help="id of an installed rule table (default: KIOSK_JURISDICTION, KR)")
    p.add_argument("--no-llm", action="store_true", help="rules and lexicon only, no language model")
    p.add_argument("--arrival", type=validate.arg(validate.date), help="arrival date YYYY-MM-DD (default: today)")
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


def remove(conv: Any, item_id: str) -> tuple[Any, str | None]:
    """`/remove ID`: (the answer, a note for the terminal). A hazard stays, exactly as when the traveler says
    "forget the cocaine": no command can talk a prohibited item out of the verdict."""
    item = next((b for b in conv.basket if b.id == item_id), None)
    if item is not None and conv._hazard(item.category):  # the very rule a spoken removal follows
        log.warning("chat: removal of basket item %s (%s, %s) refused: an officer must see it", item.id,
                    item.category, item.verdict)
        return conv.update(item_id), (f"{item.id} ({item.description}) is {item.verdict} goods and stays in the "
                                      "basket: only a customs officer can take it off. Please tell the officer.")
    return conv.remove(item_id), None


def _chat(args: argparse.Namespace) -> int:
    from kiosk.assistant import Assistant, Conversation
    from kiosk.config import settings

    try:
        assistant = Assistant(args.jurisdiction or settings().jurisdiction, use_llm=not args.no_llm)
    except UnknownJurisdiction as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    conv = Conversation(assistant, arrival=validate.arrival(args.arrival, assistant.engine.table))
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
        note = None
        if text.startswith("/remove"):
            ans, note = remove(conv, text.partition(" ")[2].strip())
        else:
            ans = conv.ask(text, args.lang)
        print(f"[{ans.verdict}] {ans.answer}", flush=True)
        if note:
            print(f"note: {note}", flush=True)
        print("\n".join(_basket_lines(conv)), flush=True)
