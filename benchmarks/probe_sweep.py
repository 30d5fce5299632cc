"""Hostile probe sweep of issue 21's classes, run in-process against the code on PYTHONPATH (no model is loaded
except where a probe needs the rules engine; nothing listens on a fixed port).

    PYTHONPATH=. python benchmarks/probe_sweep.py [--json benchmarks/results/probe_sweep.json] [--class NAME]

Classes: signatures (model-pack mirrors), sessions (batch), removal (chat /remove of hazards), exit70 (odd
inputs that once crashed), mirrors (hostile HTTP mirrors on loopback), settings (KIOSK_* values and options),
codes (exit codes and one-line messages). Every CLI probe must also: never exit 70, never print a traceback, and
fail with exactly one `error:` line. A probe that runs past 30 s is a HANG. Prints a table of probes and findings
per class; the exit status is 1 when anything was found.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import signal
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))
HANG_S = 30


@dataclass
class Outcome:
    rc: int
    out: str
    err: str
    seconds: float


@dataclass
class Probe:
    cls: str
    name: str
    run: Callable[[], Outcome]
    check: Callable[[Outcome], str | None]  # the problem found, or None


class Hang(Exception):
    pass


def _alarm(signum: int, frame: object) -> None:
    raise Hang()


def cli(argv: list[str], env: dict[str, str] | None = None, stdin: str | None = None) -> Outcome:
    """`kiosk argv` in this process, with KIOSK_* variables set for the call only."""
    from kiosk.cli import main
    from kiosk.config import settings

    saved = {k: os.environ.get(k) for k in (env or {})}
    os.environ.update(env or {})
    settings.cache_clear()
    out, err = io.StringIO(), io.StringIO()
    old_in = sys.stdin
    sys.stdin = io.TextIOWrapper(io.BytesIO((stdin or "").encode()), encoding="utf-8")
    t0 = time.monotonic()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                rc = main(argv)
            except SystemExit as exc:  # --help
                rc = int(exc.code or 0)
    finally:
        sys.stdin = old_in
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        settings.cache_clear()
    return Outcome(rc, out.getvalue(), err.getvalue(), time.monotonic() - t0)


def expect(*codes: int, says: str = "", out_has: str = "") -> Callable[[Outcome], str | None]:
    """The generic checks plus: exit status in `codes`, the error line containing `says`."""
    def check(o: Outcome) -> str | None:
        if o.rc == 70 or "Traceback" in o.err:
            return f"internal error: {o.err.strip()[-160:]}"
        lines = [x for x in o.err.splitlines() if x.strip() and not x.startswith(("WARNING", "INFO", "note:"))]
        if o.rc not in codes:
            return f"exit {o.rc}, expected {codes}: {o.err.strip()[:160]}"
        if o.rc not in (0, 1) and (len(lines) != 1 or not lines[0].startswith("error: ")):
            return f"not one error line: {lines[:3]}"
        if says and says not in o.err:
            return f"message lacks {says!r}: {o.err.strip()[:160]}"
        if out_has and out_has not in o.out:
            return f"output lacks {out_has!r}"
        return None
    return check



def classes() -> dict[str, Callable[[Path], list[Probe]]]:
    from probe_cases import codes, exit70, removal, sessions, settings_class
    from probe_mirror_server import mirror_probes
    from probe_signatures import signatures

    return {"signatures": signatures, "sessions": sessions, "removal": removal, "exit70": exit70,
            "mirrors": mirror_probes, "settings": settings_class, "codes": codes}


CLASS_NAMES = ["signatures", "sessions", "removal", "exit70", "mirrors", "settings", "codes"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--json", type=Path, help="write every probe's result here")
    ap.add_argument("--class", dest="only", action="append", choices=CLASS_NAMES)
    args = ap.parse_args()
    os.environ.setdefault("KIOSK_TTS_DETERMINISTIC", "1")
    from kiosk.rules import engine

    reference = engine.load_rates().effective_date
    engine.today = lambda: reference  # the arrival day the tests use: results do not depend on today's date
    signal.signal(signal.SIGALRM, _alarm)
    results = []
    with tempfile.TemporaryDirectory(prefix="probe-sweep-") as td:
        for name in args.only or CLASS_NAMES:
            folder = Path(td) / name
            folder.mkdir()
            for p in classes()[name](folder):
                signal.alarm(HANG_S)
                try:
                    o = p.run()
                    problem = p.check(o)
                except Hang:
                    o, problem = Outcome(-1, "", "", HANG_S), f"HANG (> {HANG_S} s)"
                except Exception as exc:  # noqa: BLE001 - a probe's own crash is a finding too
                    o, problem = Outcome(-1, "", repr(exc), 0.0), f"probe raised {exc!r}"[:200]
                finally:
                    signal.alarm(0)
                results.append({"class": p.cls, "probe": p.name, "rc": o.rc, "seconds": round(o.seconds, 2),
                                "problem": problem})
                if problem:
                    print(f"FOUND [{p.cls}] {p.name}: {problem}", flush=True)
    print(f"\n{'class':12} {'probes':>6} {'found':>6}")
    for name in args.only or CLASS_NAMES:
        rows = [r for r in results if r["class"] == name]
        print(f"{name:12} {len(rows):6} {sum(bool(r['problem']) for r in rows):6}")
    print(f"{'all':12} {len(results):6} {sum(bool(r['problem']) for r in results):6}")
    if args.json:
        args.json.write_text("[\n" + ",\n".join(json.dumps(r, ensure_ascii=False) for r in results) + "\n]\n",
                             encoding="utf-8")
    return 1 if any(r["problem"] for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
