"""Write a report as Markdown, JSON and a PNG chart (matplotlib, Agg: no display needed)."""

from __future__ import annotations

import json
import math
import platform
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

from kiosk.report.evalsets import SetResult


def _fmt(x: float, pct: bool) -> str:
    if math.isnan(x):
        return "-"
    if pct:
        return f"{100 * x:.1f} %"
    return f"{x:.1f}" if x < 10 else f"{x:.0f}"


def to_markdown(results: Sequence[SetResult], title: str, generated: str) -> str:
    lines = [f"# {title}", "", f"Generated {generated} on {platform.machine()} ({platform.python_version()}).", ""]
    for r in results:
        better = "higher is better" if r.higher_is_better else "lower is better"
        lines += [f"## {r.name}: {r.metric} ({better})", ""]
        lines += [f"- {n}" for n in r.notes]
        lines += [f"- overall: **{_fmt(r.overall, True)}** on {r.n} items"]
        if len(r.by_split) > 1:
            lines += [f"- split `{k}`: {_fmt(v, True)}" for k, v in r.by_split.items()]
        extra_keys = sorted({k for row in r.rows for k in row.extra})
        head = ["language", "n", r.metric, "p50 ms", "p95 ms", *extra_keys]
        lines += ["", "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        for row in r.rows:
            cells = [row.language, str(row.n), _fmt(row.score, True), _fmt(row.p50_ms, False),
                     _fmt(row.p95_ms, False)]
            cells += [f"{row.extra[k]:.2f}" if k == "rtf" else _fmt(row.extra[k], True) for k in extra_keys]
            lines.append("| " + " | ".join(cells) + " |")
        lines.append("")
    return "\n".join(lines)


def to_json(results: Sequence[SetResult], generated: str) -> dict[str, object]:
    return {"generated": generated, "sets": [asdict(r) for r in results]}


def to_png(results: Sequence[SetResult], path: Path, title: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(len(results), 1, figsize=(9, 3.2 * len(results)), squeeze=False)
    for ax, r in zip(axes[:, 0], results, strict=True):
        langs = [row.language for row in r.rows]
        vals = [100 * row.score for row in r.rows]
        bars = ax.bar(langs, vals, color="#2b6cb0" if r.higher_is_better else "#c05621")
        ax.bar_label(bars, labels=[f"{v:.0f}" for v in vals], fontsize=8)
        ax.set_ylabel(f"{r.metric} %")
        ax.set_ylim(0, max(100.0, max(vals, default=0.0) * 1.15))
        ax.set_title(f"{r.name}: {r.metric} per language (n={r.n}, overall {100 * r.overall:.1f} %)", fontsize=10)
    fig.suptitle(title, fontsize=11)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def write_report(results: Sequence[SetResult], out_dir: Path, title: str, generated: str) -> dict[str, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {"md": out_dir / "report.md", "json": out_dir / "report.json", "png": out_dir / "report.png"}
    paths["md"].write_text(to_markdown(results, title, generated), encoding="utf-8")
    paths["json"].write_text(json.dumps(to_json(results, generated), ensure_ascii=False, indent=2) + "\n",
                             encoding="utf-8")
    to_png(results, paths["png"], title)
    return paths
