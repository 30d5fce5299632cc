"""`kiosk rules install|rollback|status|sign|keygen`: signed rule-table updates."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.updates import UpdateError


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("rules", help="install, roll back and check signed rule-table updates",
                       description="Rule tables and exchange rates arrive as Ed25519-signed updates; the kiosk "
                                   "verifies them with the public keys in keys/ and keeps the previous version.")
    rsub = p.add_subparsers(dest="rules_command", metavar="ACTION")
    ip = rsub.add_parser("install", help="verify and install a signed update from a folder or http(s) URL")
    ip.add_argument("--from", dest="source", required=True, metavar="DIR_OR_URL")
    ip.add_argument("--allow-downgrade", action="store_true", help="accept a version not newer than the current")
    ip.set_defaults(func=_install)
    rsub.add_parser("rollback", help="make the previous version current again").set_defaults(func=_rollback)
    sp = rsub.add_parser("status", help="installed versions, signature state, exchange-rate validity")
    sp.add_argument("--json", action="store_true")
    sp.set_defaults(func=_status)
    gp = rsub.add_parser("sign", help="(issuing office) write MANIFEST.json + MANIFEST.sig into a folder")
    gp.add_argument("folder", type=Path)
    gp.add_argument("--key", type=Path, required=True, help="Ed25519 private key (PEM)")
    gp.add_argument("--version", required=True, help="dotted numbers, e.g. 2026.11.29")
    gp.add_argument("--kind", default="rules", choices=("rules", "models", "phrasebook"))
    gp.set_defaults(func=_sign)
    kp = rsub.add_parser("keygen", help="(issuing office) create an Ed25519 key pair")
    kp.add_argument("--private", type=Path, required=True, help="where the private key goes (kept secret)")
    kp.add_argument("--public", type=Path, required=True, help="the .pub file to ship in keys/")
    kp.set_defaults(func=_keygen)
    p.set_defaults(func=lambda a: (p.print_help(), 0)[1])


def _fail(exc: UpdateError) -> int:
    print(f"error: {exc}", file=sys.stderr)
    return 2


def _install(args: argparse.Namespace) -> int:
    from kiosk.updates import UpdateError, install_rules

    try:
        out = install_rules(args.source, allow_downgrade=args.allow_downgrade)
    except UpdateError as exc:
        return _fail(exc)
    print(f"installed rules {out.version} ({out.files} files, signature and checksums verified)"
          + (f"; previous {out.previous} kept for rollback" if out.previous else ""))
    if out.rates:
        print(f"exchange rates: {out.rates}")
    return 0


def _rollback(args: argparse.Namespace) -> int:
    from kiosk.updates import UpdateError, rollback

    try:
        now, was = rollback()
    except UpdateError as exc:
        return _fail(exc)
    print(f"rules {now} is current again (was {was}; `kiosk rules rollback` again returns to it)")
    return 0


def _status(args: argparse.Namespace) -> int:
    from kiosk.rules.engine import TABLES_DIR
    from kiosk.updates import rules_status

    st = rules_status(builtin_rates=TABLES_DIR / "rates.toml")
    if args.json:
        print(json.dumps(st.to_json(), ensure_ascii=False, indent=2))
    else:
        print(f"current:  {st.current or 'built-in tables'}"
              + ("" if st.current is None else (" (verified)" if st.verified else f" (NOT VERIFIED: {st.problem})")))
        print(f"previous: {st.previous or '-'}")
        print(f"exchange rates: {st.rates or 'none'}" + ("" if st.rates_valid else "  -> duty estimates unavailable"))
    return 0 if (st.current is None or st.verified) and st.rates_valid else 1


def _sign(args: argparse.Namespace) -> int:
    from kiosk.updates import UpdateError, sign_dir

    try:
        m = sign_dir(args.folder, args.key, args.kind, args.version)
    except UpdateError as exc:
        return _fail(exc)
    print(f"signed {args.kind} {m.version}: {len(m.files)} files")
    return 0


def _keygen(args: argparse.Namespace) -> int:
    from kiosk.updates import generate_keypair

    try:
        kid = generate_keypair(args.private, args.public)
    except FileExistsError:
        print(f"error: {args.private} exists; not overwritten", file=sys.stderr)
        return 2
    print(f"key {kid}: private {args.private} (keep it offline), public {args.public} (ship in keys/)")
    return 0
