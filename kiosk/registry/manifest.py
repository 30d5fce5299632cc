"""Schema of the model manifests: the built-in one (models/manifest.toml) and a mirror's manifest.json."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from kiosk.paths import project_dir

ModelKind = Literal["asr", "tts", "llm", "mt"]
_SHA = re.compile(r"^[0-9a-f]{64}$")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,80}$")


class ModelFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    path: str
    size: int = Field(ge=0)
    sha256: str
    # Built-in models: where the bytes come from ("module:rel/path" or "repo:path"), concatenated in order.
    parts: list[str] = Field(default_factory=list)

    @field_validator("sha256")
    @classmethod
    def _sha(cls, v: str) -> str:
        v = v.lower()
        if not _SHA.match(v):
            raise ValueError("sha256 must be 64 hex digits")
        return v

    @field_validator("path")
    @classmethod
    def _safe_path(cls, v: str) -> str:
        p = Path(v)
        if p.is_absolute() or ".." in p.parts or not v or v.startswith("."):
            raise ValueError(f"unsafe file path in manifest: {v!r}")
        return v


class ModelSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    kind: ModelKind
    languages: list[str]
    description: str = ""
    license: str = ""
    packages: list[str] = Field(default_factory=list)
    files: list[ModelFile]
    # "builtin": assembled from packages; "pack": installed from a mirror into $KIOSK_HOME/models/<id>.
    origin: Literal["builtin", "pack"] = "builtin"

    @field_validator("id")
    @classmethod
    def _id(cls, v: str) -> str:
        if not _ID.match(v):
            raise ValueError(f"bad model id {v!r}")
        return v

    @property
    def total_size(self) -> int:
        return sum(f.size for f in self.files)

    def supports(self, lang: str) -> bool:
        return "*" in self.languages or lang in self.languages


class Manifest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int = 1
    models: list[ModelSpec]

    def get(self, model_id: str) -> ModelSpec | None:
        return next((m for m in self.models if m.id == model_id), None)


def builtin_manifest_path() -> Path:
    return project_dir("models") / "manifest.toml"


def load_builtin_manifest(path: Path | None = None) -> Manifest:
    p = path or builtin_manifest_path()
    with p.open("rb") as fh:
        return Manifest.model_validate(tomllib.load(fh))


def missing_files(required: ModelSpec, offered: ModelSpec) -> list[str]:
    """Files of `required` (by path and size) that `offered` does not list: what a mirror's entry for a built-in
    model id leaves out. Sizes must match: a different file under the same name is not the file the model needs."""
    have = {f.path: f.size for f in offered.files}
    return [f.path for f in required.files if have.get(f.path) != f.size]
