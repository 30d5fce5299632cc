"""`kiosk report --decisions LOG`: verify the decision log, then write the agreement figures and the evaluation set."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from kiosk.desk.evalset import load_cases, replay
from kiosk.desk.figures import figures, items_of, write_decisions_report
from kiosk.desk.journal import check_log


def decisions_report(log_path: Path, out_dir: Path, generated: str | None = None) -> int:
    """Exit status: 0 written from a log that verifies; 1 written, but the log did not verify (its problems are in
    the report and on stderr; the figures cover the lines before the first problem); 2 no log."""
    if not log_path.is_file():
        print(f"error: no decision log at {log_path}", file=sys.stderr)
        return 2
    check = check_log(log_path)
    generated = generated or dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    paths = write_decisions_report(check.records, out_dir, generated, check.problems)
    items = items_of(check.records)
    for f in figures(items, "lang"):
        print(f"{f.group}: agreement {100 * f.agreement.rate:.0f} % of {f.n}"
              f"{'' if f.ranked else ' (not ranked)'}; allowed changed {f.allowed_changed.k}/{f.allowed_changed.n}")
    cases = load_cases(paths["evalset"])
    if cases:  # the evaluation set against the rule table in force: what the next update must fix
        from kiosk.config import settings
        from kiosk.rules import get_engine

        res = replay(cases, get_engine(settings().jurisdiction))
        print(f"disagreements: {res.passed} of {res.n} already answered as the officer did by the rule table in force")
    for problem in check.problems:
        print(f"error: decision log: {problem}", file=sys.stderr)
    print("wrote " + ", ".join(str(p) for p in paths.values()))
    return 0 if check.ok and not check.torn_tail else 1
