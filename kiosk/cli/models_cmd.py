"""`kiosk models list|verify|install`."""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from dataclasses import asdict

from kiosk.errors import KioskError
from kiosk.languages import UI_LANGUAGES
from kiosk.registry import ModelStatus, Registry
from kiosk.registry.install import install_from

KINDS = ("asr", "tts", "llm", "mt")


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("models", help="list, verify and install models (offline registry)",
                       description="Manage the kiosk's models: list them with their state per language, "
                                   "re-verify sha256, install production packs from a mirror.")
    msub = p.add_subparsers(dest="models_command", metavar="ACTION")
    lp = msub.add_parser("list", help="every model, installed or not, verified or not, per language")
    lp.add_argument("--json", action="store_true", help="machine-readable output")
    lp.set_defaults(func=_list)
    vp = msub.add_parser("verify", help="re-hash every file of every (or the named) model")
    vp.add_argument("ids", nargs="*", help="model ids (default: all)")
    vp.add_argument("--json", action="store_true")
    vp.set_defaults(func=_verify)
    ip = msub.add_parser("install", help="install model packs from a mirror folder or http(s) URL")
    ip.add_argument("--from", dest="source", required=True, metavar="DIR_OR_URL",
                    help="mirror with manifest.json and <model id>/<files>")
    ip.add_argument("ids", nargs="*", help="model ids to install (default: every model on the mirror)")
    ip.set_defaults(func=_install)
    p.set_defaults(func=lambda a: (p.print_help(), 0)[1])


def per_language(statuses: list[ModelStatus]) -> dict[str, dict[str, list[str]]]:
    """For each UI language and each model kind: the usable (installed, verified) models; espeak-ng is the
    TTS floor when the Debian package is installed."""
    espeak = shutil.which("espeak-ng") is not None
    table: dict[str, dict[str, list[str]]] = {}
    for lang in UI_LANGUAGES:
        row: dict[str, list[str]] = {}
        for kind in KINDS:
            ok = [s.id for s in statuses
                  if s.kind == kind and s.state == "ok" and ("*" in s.languages or lang in s.languages)]
            if kind == "tts" and espeak:
                ok.append("espeak-ng")
            row[kind] = ok
        table[lang] = row
    return table


def _list(args: argparse.Namespace) -> int:
    statuses = Registry().statuses()
    by_lang = per_language(statuses)
    if args.json:
        print(json.dumps({"models": [asdict(s) for s in statuses], "languages": by_lang},
                         ensure_ascii=False, indent=2))
        return 0 if all(s.state == "ok" for s in statuses) else 1
    print(f"{'model':28} {'kind':4} {'state':8} {'size MB':>8}  languages / detail")
    for s in statuses:
        print(f"{s.id:28} {s.kind:4} {s.state:8} {s.size / 1e6:8.1f}  {','.join(s.languages)}")
        if s.state != "ok":
            print(f"{'':28} {s.detail}\n{'':28} fix: {s.fix}")
    print("\nper language: usable models of each kind (mt none = only the LLM / Whisper-translate fallbacks)")
    for lang, row in by_lang.items():
        cells = "  ".join(f"{kind}={','.join(row[kind]) or 'none'}" for kind in KINDS)
        print(f"  {lang}  {cells}")
    return 0 if all(s.state == "ok" for s in statuses) else 1


def _verify(args: argparse.Namespace) -> int:
    reg = Registry()
    known = [m.id for m in reg.specs()]
    unknown = [mid for mid in args.ids if mid not in known]
    if unknown:
        raise KioskError(f"unknown model id(s): {', '.join(unknown)} (known: {', '.join(known)})", code="bad_input")
    ids = args.ids or known
    bad = 0
    out = []
    for mid in ids:
        s = reg.verify(mid)
        out.append(asdict(s))
        bad += s.state != "ok"
        if not args.json:
            print(f"{s.id:28} {s.state:8} {s.detail}" + (f"\n{'':28} fix: {s.fix}" if s.fix else ""))
        if mid in reg.ignored_packs:  # the files are fine, but what was installed for it is not used
            bad += 1
            print(f"warning: {mid}: {reg.ignored_packs[mid]}", file=sys.stderr)
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=2))
    return 1 if bad else 0


def _install(args: argparse.Namespace) -> int:
    def progress(mid: str, have: int, total: int) -> None:
        print(f"  {mid}: {have / 1e6:.1f}/{total / 1e6:.1f} MB", file=sys.stderr)

    results = install_from(args.source, args.ids or None, progress=progress)  # InstallError: exit 2 or 4
    for r in results:
        print(f"installed {r.model_id}: {r.files} files, {r.bytes_downloaded / 1e6:.1f} MB downloaded"
              + (f", {r.resumed_bytes / 1e6:.1f} MB resumed" if r.resumed_bytes else ""))
    return 0
