"""`kiosk rules install|rollback|status|sign|publish|keygen`: signed rule-table updates.

The issuing office: `keygen` (an Ed25519 key encrypted with a passphrase), `sign` (validates the tables with the
kiosk's schema, then signs with an expiry), `publish` (into a mirror folder, updating latest.json). Each kiosk:
`install --from MIRROR` from a systemd timer (the current version again: exit 0, nothing changes), `rollback`
(only to a version that still verifies), `status`. A running kiosk takes up a new version without a restart.
The passphrase comes from CUSTOMS_SIGNING_PASSPHRASE (an issuing-office secret, deliberately not a KIOSK_*
setting: `kiosk config` would print it), else it is asked on the terminal."""

from __future__ import annotations

import argparse
import getpass
import json
import os
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
    ip = rsub.add_parser("install", help="verify and install a signed update from a folder or http(s) URL",
                         description="The source is a signed update folder, or a mirror whose latest.json names "
                                     "one. Installing the version that is already current changes nothing "
                                     "(exit 0), so a timer can run it as often as it likes.")
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
    gp.add_argument("--expires-days", type=float, default=30.0,
                    help="kiosks refuse to install the update after this many days (default 30; 0 = never)")
    gp.set_defaults(func=_sign)
    pp = rsub.add_parser("publish", help="(issuing office) copy a signed update into a mirror, update latest.json")
    pp.add_argument("folder", type=Path)
    pp.add_argument("--mirror", type=Path, required=True, help="the mirror folder kiosks install from")
    pp.set_defaults(func=_publish)
    kp = rsub.add_parser("keygen", help="(issuing office) create an Ed25519 key pair")
    kp.add_argument("--private", type=Path, required=True, help="where the private key goes (kept secret)")
    kp.add_argument("--public", type=Path, required=True, help="the .pub file to ship in keys/")
    kp.add_argument("--no-passphrase", action="store_true",
                    help="write the private key unencrypted (test keys only)")
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
    if out.unchanged:
        print(f"rules {out.version} is already current (verified); nothing changed")
        return 0
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
    from kiosk.updates.signing import key_is_encrypted

    try:
        phrase = _passphrase(confirm=False) if key_is_encrypted(args.key) else None
        m = sign_dir(args.folder, args.key, args.kind, args.version, passphrase=phrase,
                     expires_days=args.expires_days or None)
    except UpdateError as exc:
        return _fail(exc)
    print(f"signed {args.kind} {m.version}: {len(m.files)} files"
          + (f", installable until {m.expires}" if m.expires else ", no expiry"))
    return 0


def _publish(args: argparse.Namespace) -> int:
    from kiosk.updates import UpdateError, publish

    try:
        m = publish(args.folder, args.mirror)
    except UpdateError as exc:
        return _fail(exc)
    except OSError as exc:
        print(f"error: cannot write the mirror {args.mirror} ({exc.strerror or exc})", file=sys.stderr)
        return 4
    print(f"published rules {m.version} to {args.mirror} (latest.json points at it)")
    return 0


def _passphrase(confirm: bool) -> bytes:
    """CUSTOMS_SIGNING_PASSPHRASE, else asked on the terminal. UpdateError when neither is possible."""
    from kiosk.updates import UpdateError

    phrase = os.environ.get("CUSTOMS_SIGNING_PASSPHRASE", "")
    if not phrase and sys.stdin.isatty():
        phrase = getpass.getpass("passphrase of the signing key: ")
        if confirm and getpass.getpass("again: ") != phrase:
            raise UpdateError("the passphrases differ")
    if not phrase:
        raise UpdateError("the signing key needs a passphrase: set CUSTOMS_SIGNING_PASSPHRASE or run on a terminal",
                          fix="kiosk rules keygen --no-passphrase makes an unencrypted key (test keys only)")
    if len(phrase) < 8:
        raise UpdateError("a passphrase of at least 8 characters is needed")
    return phrase.encode("utf-8")


def _keygen(args: argparse.Namespace) -> int:
    from kiosk.updates import UpdateError, generate_keypair

    if args.private.exists():
        print(f"error: {args.private} exists; not overwritten", file=sys.stderr)
        return 2
    try:
        phrase = None if args.no_passphrase else _passphrase(confirm=True)
        kid = generate_keypair(args.private, args.public, phrase)
    except UpdateError as exc:
        return _fail(exc)
    except FileExistsError:
        print(f"error: {args.private} exists; not overwritten", file=sys.stderr)
        return 2
    except OSError as exc:  # nothing is left behind (generate_keypair removes a half-written key)
        print(f"error: cannot write the key ({exc.strerror or exc})", file=sys.stderr)
        return 4
    print(f"key {kid}: private {args.private} ({'encrypted' if phrase else 'NOT encrypted'}; keep it offline), "
          f"public {args.public} (ship in keys/)")
    return 0
