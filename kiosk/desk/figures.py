"""Agreement and fairness figures from the decision log, per traveler language and per item category.

Per group: items decided (n), kiosk–officer agreement, the rate at which a kiosk "allowed" was changed by the
officer (the dangerous error; its denominator is the items the kiosk called allowed) and over-declaration (the
officer was milder than the kiosk), each with its Wilson 95 % interval. A group with fewer than MIN_RANKED items is
marked "not ranked": its interval is shown, its rate is not compared with the others'. The disagreements export as
a text-free evaluation set (items, amounts, verdicts) that the next rule or lexicon update must pass.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from kiosk.desk.decision import direction

Z95 = 1.959963984540054
MIN_RANKED = 30  # fewer items than this in a group: shown, not ranked


def wilson(k: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval of k successes in n trials (0, 1 when n == 0)."""
    if n <= 0:
        return 0.0, 1.0
    p = k / n
    den = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / den
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / den
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass(frozen=True)
class Rate:
    k: int
    n: int
    low: float
    high: float

    @property
    def rate(self) -> float:
        return self.k / self.n if self.n else float("nan")

    @classmethod
    def of(cls, k: int, n: int) -> Rate:
        lo, hi = wilson(k, n)
        return cls(k, n, lo, hi)


@dataclass(frozen=True)
class GroupFigures:
    group: str
    n: int
    agreement: Rate
    allowed_changed: Rate
    """Of the items the kiosk called "allowed", the share the officer made stricter (dangerous)."""
    over_declared: Rate
    """Of all items, the share where the kiosk was stricter than the officer."""
    ranked: bool


def items_of(records: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Every decided item with its record's language, table and kiosk."""
    out = []
    for rec in records:
        for it in rec.get("items", ()):
            out.append({**it, "lang": rec.get("lang", "?"), "table": rec.get("table", ""),
                        "kiosk": rec.get("kiosk", ""), "status": rec.get("status", "")})
    return out


def figures(items: Sequence[Mapping[str, Any]], key: str) -> list[GroupFigures]:
    groups: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for it in items:
        groups[str(it.get(key, "?"))].append(it)
    out = []
    for g, its in groups.items():
        dirs = [direction(str(i["kiosk_verdict"]), str(i["officer_verdict"])) for i in its]
        allowed = [d for i, d in zip(its, dirs, strict=True) if i["kiosk_verdict"] == "allowed"]
        out.append(GroupFigures(
            g, len(its), Rate.of(dirs.count("agree"), len(its)),
            Rate.of(sum(d == "kiosk_milder" for d in allowed), len(allowed)),
            Rate.of(dirs.count("kiosk_stricter"), len(its)), len(its) >= MIN_RANKED))
    # ranked groups first, by agreement; unranked after them, alphabetically (never ordered by their rate)
    return sorted(out, key=lambda f: (not f.ranked, -f.agreement.rate if f.ranked else 0.0, f.group))


def disagreements(items: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The evaluation set: one case per item the officer changed (no text: category, amounts, verdicts)."""
    keep = ("category", "kind", "owner", "quantity", "unit", "value", "currency", "value_usd", "volume_ml",
            "kiosk_verdict", "kiosk_rule", "officer_verdict", "officer_rule", "officer_value", "officer_quantity",
            "reason", "lang", "table")
    return [{k: it.get(k) for k in keep} | {"expected_verdict": it["officer_verdict"]}
            for it in items if it["kiosk_verdict"] != it["officer_verdict"] or it.get("reason") != "confirmed"]


def _pct(r: Rate) -> str:
    if not r.n:
        return "–"
    return f"{100 * r.rate:.1f} % [{100 * r.low:.1f}–{100 * r.high:.1f}] (n={r.n})"


def to_markdown(by_lang: Sequence[GroupFigures], by_cat: Sequence[GroupFigures], n_records: int,
                problems: Sequence[str], generated: str) -> str:
    lines = ["# Kiosk–officer agreement (desk decisions)", "",
             f"Generated {generated} from {n_records} decisions. Rates with Wilson 95 % intervals; groups with fewer "
             f"than {MIN_RANKED} items are marked *not ranked* (listed after the ranked ones, not ordered by rate).",
             "", "- **allowed changed**: of the items the kiosk called *allowed*, the share the officer made stricter "
             "(the dangerous error)", "- **over-declared**: the kiosk was stricter than the officer", ""]
    if problems:
        lines += ["**The decision log did not verify:** " + "; ".join(problems), ""]
    for title, rows in (("per traveler language", by_lang), ("per item category", by_cat)):
        lines += [f"## {title}", "", "| group | items | agreement | allowed changed | over-declared | ranked |",
                  "|---|---|---|---|---|---|"]
        for f in rows:
            lines.append(f"| {f.group} | {f.n} | {_pct(f.agreement)} | {_pct(f.allowed_changed)} | "
                         f"{_pct(f.over_declared)} | {'yes' if f.ranked else 'not ranked'} |")
        lines.append("")
    return "\n".join(lines)


def to_png(by_lang: Sequence[GroupFigures], by_cat: Sequence[GroupFigures], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(2, 1, figsize=(9, 6.4), squeeze=False)
    for ax, (title, rows) in zip(axes[:, 0], (("per language", by_lang), ("per category", by_cat)), strict=True):
        names = [f.group + ("" if f.ranked else "*") for f in rows]
        vals = [100 * f.agreement.rate for f in rows]
        err = [[100 * (f.agreement.rate - f.agreement.low) for f in rows],
               [100 * (f.agreement.high - f.agreement.rate) for f in rows]]
        colors = ["#2b6cb0" if f.ranked else "#a0aec0" for f in rows]
        ax.bar(names, vals, yerr=err, capsize=4, color=colors)
        ax.set_ylim(0, 105)
        ax.set_ylabel("agreement %")
        ax.set_title(f"kiosk–officer agreement {title} (95 % Wilson; * = not ranked, n < {MIN_RANKED})",
                     fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def write_decisions_report(records: Sequence[Mapping[str, Any]], out_dir: Path, generated: str,
                           problems: Sequence[str] = ()) -> dict[str, Path]:
    """decisions.md, decisions.json, decisions.png and disagreements.jsonl (the evaluation set) in out_dir."""
    items = items_of(records)
    by_lang, by_cat = figures(items, "lang"), figures(items, "category")
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {"md": out_dir / "decisions.md", "json": out_dir / "decisions.json", "png": out_dir / "decisions.png",
             "evalset": out_dir / "disagreements.jsonl"}
    paths["md"].write_text(to_markdown(by_lang, by_cat, len(records), problems, generated), encoding="utf-8")
    paths["json"].write_text(json.dumps({"generated": generated, "decisions": len(records), "items": len(items),
                                         "min_ranked": MIN_RANKED, "log_problems": list(problems),
                                         "by_language": [asdict(f) for f in by_lang],
                                         "by_category": [asdict(f) for f in by_cat]},
                                        ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    to_png(by_lang, by_cat, paths["png"])
    paths["evalset"].write_text("".join(json.dumps(c, ensure_ascii=False, sort_keys=True) + "\n"
                                        for c in disagreements(items)), encoding="utf-8")
    return paths
