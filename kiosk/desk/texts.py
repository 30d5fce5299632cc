"""The desk's strings (locales/desk/<lang>.json: the review screen and the decision notice) and the remedies data
(kiosk/desk/remedies.toml). A language without a desk catalog falls back to English, then to the key."""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kiosk.paths import project_dir

REMEDIES = Path(__file__).resolve().parent / "remedies.toml"


@cache
def _catalog(lang: str) -> dict[str, str]:
    path = project_dir("locales") / "desk" / f"{lang}.json"
    if not path.is_file():
        return {}
    return {str(k): str(v) for k, v in json.loads(path.read_text(encoding="utf-8")).items()}


def has_catalog(lang: str) -> bool:
    return bool(_catalog(lang))


def dtr(lang: str, key: str, **kw: object) -> str:
    text = _catalog(lang).get(key) or _catalog("en").get(key) or key
    return text.format(**kw) if kw else text


@dataclass(frozen=True)
class Remedy:
    id: str
    name_ko: str
    optional: bool
    article: str
    file_with: str
    verified: bool
    sources: tuple[tuple[str, str], ...]
    """(note, url) of where the article's text was read."""


@dataclass(frozen=True)
class Remedies:
    deadline_days: int
    remedies: tuple[Remedy, ...]
    places_ko: dict[str, str]

    def deadline(self, received: dt.date) -> dt.date:
        """The last day to file, counting from the day the notice is received."""
        return received + dt.timedelta(days=self.deadline_days)


@cache
def remedies(path: Path = REMEDIES) -> Remedies:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    items = tuple(Remedy(str(r["id"]), str(r["name_ko"]), bool(r["optional"]), str(r["article"]),
                         str(r["file_with"]), bool(r["verified"]),
                         tuple((str(s["note"]), str(s["url"])) for s in r["sources"]))
                  for r in data["remedies"])
    if any(not r.sources for r in items):
        raise ValueError("every remedy cites its sources")
    places = {k: str(v["ko"]) for k, v in data["places"].items()}
    return Remedies(int(data["deadline_days"]), items, places)
