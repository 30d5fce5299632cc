"""`kiosk declaration schema|hs`: the published declaration JSON Schema and HS 2022 heading suggestions."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from kiosk.cli.outputs import OutputError, check_output


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("declaration", help="the declaration's JSON Schema and HS heading suggestions")
    dsub = p.add_subparsers(dest="declaration_command", metavar="ACTION")
    sp = dsub.add_parser("schema", help="print the versioned JSON Schema of the declaration")
    sp.add_argument("-o", "--output", type=Path, help="write it to this file instead")
    sp.set_defaults(func=_schema)
    hp = dsub.add_parser("hs", help="suggest an HS 2022 heading and tax category for an item (officer decides)")
    hp.add_argument("category", help="rule-engine item category, e.g. alcohol, general, meat; or, without a "
                                     "category, the item's description alone ('leather handbag')")
    hp.add_argument("description", nargs="?", default="", help="the item's description, e.g. 'whisky'")
    hp.add_argument("--json", action="store_true")
    hp.set_defaults(func=_hs)
    p.set_defaults(func=lambda a: (p.print_help(), 0)[1])


def _schema(args: argparse.Namespace) -> int:
    from kiosk.declaration import SCHEMA_VERSION, json_schema

    text = json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"
    if args.output is not None:
        out = check_output(args.output, suffix=".json")  # a directory, no folder (exit 4), not *.json (exit 2)
        try:
            out.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise OutputError(f"cannot write {out}: {exc.strerror or exc}") from exc
        print(f"wrote {SCHEMA_VERSION} schema to {args.output}")
    else:
        sys.stdout.write(text)
    return 0


def _hs(args: argparse.Namespace) -> int:
    from kiosk.declaration.hs import categories, suggest_for_text, suggest_heading

    if args.category in categories():
        s = suggest_heading(args.category, args.description)
    else:  # no category: the words say what it is ("leather handbag", "fresh mango")
        text = " ".join(x for x in (args.category, args.description) if x).strip()
        if not text:
            print(f"error: give a category (one of: {', '.join(categories())}) or a description", file=sys.stderr)
            return 2
        s = suggest_for_text(text)
    if args.json:
        print(json.dumps(s.to_json(), ensure_ascii=False, indent=2))
        return 0
    if s.heading:
        print(f"{s.edition} heading {s.heading}: {s.heading_description}")
    if s.subheading:
        print(f"  subheading {s.subheading}: {s.subheading_description}")
    if not s.heading:
        print("no heading: not goods to classify")
    print(f"tax category: {s.tax_category} ({s.tax_description})")
    print("suggestion only: the customs officer classifies")
    return 0
