"""`kiosk config`: every setting, its environment variable, default and effective value."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("config", help="list every setting (KIOSK_* variables) with its effective value",
                       description="List every setting of the kiosk: environment variable, default, the value in "
                                   "effect now, and what it does. --markdown prints the README table.")
    p.add_argument("--markdown", action="store_true", help="the README's settings table")
    p.add_argument("--env-example", action="store_true", help="packaging/kiosk.env.example")
    p.set_defaults(func=_config)


# Values a deployment sets (the systemd unit's paths); the rest stay commented out at their defaults.
_DEPLOYED = {"KIOSK_HOME": "/var/lib/customs-kiosk", "KIOSK_SESSION_TMP": "/run/customs-kiosk", "KIOSK_LANG": "en",
             "KIOSK_OPERATOR_PIN": "", "KIOSK_APP_ARGS": ""}


def _config(args: argparse.Namespace) -> int:
    from kiosk.config import ConfigError, documentation, jurisdiction_problem, settings

    current = settings().model_dump()  # ConfigError (exit 2) for a value of the wrong form
    if not (args.markdown or args.env_example) and (problem := jurisdiction_problem()):
        raise ConfigError(f"invalid setting: KIOSK_JURISDICTION: {problem}", fix="set KIOSK_JURISDICTION to one "
                          "of the installed rule tables")
    if args.env_example:
        print("# /etc/customs-kiosk/kiosk.env  (mode 0600, owner root) - read by customs-kiosk.service\n"
              "# Every variable the kiosk reads (same list as `kiosk config` and the README). Unset = the default.")
        for var, default, doc in documentation():
            print(f"# {doc}" + (f" (default: {default})" if default else ""))
            print(f"{var}={_DEPLOYED[var]}" if var in _DEPLOYED else f"#{var}={default}")
        return 0
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
