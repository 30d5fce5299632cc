"""`kiosk config`: every setting, its environment variable, default and effective value."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("config", help="list every setting (KIOSK_* variables) with its effective value",
                       description="List every setting of the kiosk: environment variable, default, the value in "
                                   "effect now, and what it does. --markdown prints the README table.")
    p.add_argument("--markdown", action="store_true", help="the README's settings table")
    p.set_defaults(func=_config)


def _config(args: argparse.Namespace) -> int:
    from kiosk.config import documentation, settings

    current = settings().model_dump()
    if args.markdown:
        print("| variable | default | what it does |\n|---|---|---|")
        for var, default, doc in documentation():
            print(f"| `{var}` | {f'`{default}`' if default else ''} | {doc} |")
        return 0
    for var, _default, doc in documentation():
        key = var.removeprefix("KIOSK_").lower()
        value = current.get(key, "(scripts only)")
        if key == "operator_pin" and value:
            value = "(set)"
        print(f"{var:<26} {value!s:<40} {doc}")
    return 0
