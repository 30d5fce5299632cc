"""`kiosk` command line: a thin shell over the core pipeline. Each subcommand lives in its own module."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys

# module name -> registers one or more subcommands via register(subparsers)
_COMMAND_MODULES = [
    "kiosk.cli.models_cmd",
    "kiosk.cli.voice_cmd",
    "kiosk.cli.ask_cmd",
    "kiosk.cli.translate_cmd",
    "kiosk.cli.phrases_cmd",
    "kiosk.cli.app_cmd",
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kiosk",
        description="Offline multilingual customs kiosk: speech in, rule-grounded answers out.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug information (no personal data)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in _COMMAND_MODULES:
        try:
            mod = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue
            raise
        mod.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
