"""Writes tests/data/real_questions.jsonl and tests/data/real_conversations.jsonl (issue #20's honest set).

Run once: python tests/data/real/build.py (outputs are committed). 30 % of each language's questions and 30 % of
the conversations are "heldout" (chosen by a hash of the case id, fixed before any tuning): never tune on them.
"""

from __future__ import annotations

import json
import sys
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from conversations import SCRIPTS  # noqa: E402
from questions_a import EN, ES, JA, KO, ZH  # noqa: E402
from questions_b import DE, FR, RU, TH, VI  # noqa: E402
from sources import SOURCES  # noqa: E402

ARRIVAL = "2026-11-25"
HELDOUT_SHARE = 0.3


def _source(key: str) -> str:
    return "written" if key == "written" else SOURCES[key]


def _heldout(ids: list[str]) -> set[str]:
    ranked = sorted(ids, key=lambda i: zlib.crc32(i.encode()))
    return set(ranked[:round(HELDOUT_SHARE * len(ids))])


def questions() -> list[dict]:
    out = []
    for lang, rows in (("en", EN), ("ko", KO), ("ja", JA), ("zh", ZH), ("es", ES), ("fr", FR), ("de", DE),
                       ("ru", RU), ("vi", VI), ("th", TH)):
        ids = [f"real-{lang}-{n:02d}" for n in range(len(rows))]
        held = _heldout(ids)
        for i, (text, verdict, src, style, accept) in zip(ids, rows, strict=True):
            out.append({"id": i, "lang": lang, "text": text, "expected_verdict": verdict,
                        "accept": accept.split("|") if accept else [verdict], "style": style,
                        "source": _source(src), "split": "heldout" if i in held else "tuned"})
    return out


def conversations() -> list[dict]:
    out = []
    for script, (src, by_lang) in SCRIPTS.items():
        for lang, turns in by_lang.items():
            out.append({"id": f"real-conv-{lang}-{script}", "lang": lang, "arrival": ARRIVAL, "source": _source(src),
                        "turns": [{"text": t, "expect": {"verdict": v, "accept": a.split("|") if a else [v]}}
                                  for t, v, a in turns]})
    held = _heldout([c["id"] for c in out])
    for c in out:
        c["split"] = "heldout" if c["id"] in held else "tuned"
    return out


def main() -> None:
    data = HERE.parent
    for name, rows in (("real_questions.jsonl", questions()), ("real_conversations.jsonl", conversations())):
        (data / name).write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
        print(name, len(rows), sum(r["split"] == "heldout" for r in rows), "held out")


if __name__ == "__main__":
    main()
