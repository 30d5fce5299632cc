"""Schema of the model manifests: the built-in one (models/manifest.toml) and a mirror's manifest.json."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from kiosk.paths import project_dir
from kiosk.safejson import json_depth, reject_constant

ModelKind = Literal["asr", "tts", "llm", "mt"]
_SHA = re.compile(r"^[0-9a-f]{64}$")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,80}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_MAX_PATH, _MAX_NAME = 1024, 255  # bytes of a file path / of one of its names (Linux's limits, tighter)
MAX_DEPTH = 16  # a mirror manifest is 5 levels deep; deeper JSON is refused before it is parsed
MAX_MANIFEST_BYTES = 1 << 20


class ModelFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    path: str
    size: int = Field(ge=0, strict=True)
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
        if (p.is_absolute() or ".." in p.parts or not v or v.startswith(".") or "\\" in v or _CONTROL.search(v)
                or len(v.encode("utf-8", "surrogatepass")) > _MAX_PATH
                or any(len(part.encode("utf-8", "surrogatepass")) > _MAX_NAME for part in p.parts)):
            raise ValueError(f"unsafe file path in manifest: {v[:80]!r}")
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

    @field_validator("models")
    @classmethod
    def _unique(cls, v: list[ModelSpec]) -> list[ModelSpec]:
        ids = [m.id for m in v]
        if len(set(ids)) != len(ids):
            raise ValueError("a model id is listed twice")
        for m in v:
            paths = [f.path for f in m.files]
            if len(set(paths)) != len(paths):
                raise ValueError(f"model {m.id} lists a file twice")
        return v

    def get(self, model_id: str) -> ModelSpec | None:
        return next((m for m in self.models if m.id == model_id), None)


def builtin_manifest_path() -> Path:
    return project_dir("models") / "manifest.toml"


def load_builtin_manifest(path: Path | None = None) -> Manifest:
    p = path or builtin_manifest_path()
    with p.open("rb") as fh:
        return Manifest.model_validate(tomllib.load(fh))


def missing_files(required: ModelSpec, offered: ModelSpec) -> list[str]:
    """Files where `offered` is not exactly `required`: a file of `required` it leaves out or lists with another
    size or sha256, or a file it adds. A built-in model id is only ever the shipped model (models/manifest.toml):
    a different file under the same name, or one more file, is not the model the kiosk was tested with."""
    have = {f.path: (f.size, f.sha256) for f in offered.files}
    need = {f.path: (f.size, f.sha256) for f in required.files}
    return ([f.path for f in required.files if have.get(f.path) != need[f.path]]
            + [f.path for f in offered.files if f.path not in need])


class ManifestError(ValueError):
    """A mirror's manifest.json is not a valid manifest (the message says why, never echoing much of it)."""


def parse_mirror_manifest(raw: bytes) -> Manifest:
    """A mirror's manifest.json -> Manifest (every model `origin="pack"`). Raises only ManifestError."""
    import json

    from pydantic import ValidationError

    if len(raw) > MAX_MANIFEST_BYTES:
        raise ManifestError(f"larger than {MAX_MANIFEST_BYTES} bytes")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ManifestError(f"not UTF-8 (byte {exc.start + 1})") from exc
    if json_depth(text) > MAX_DEPTH:
        raise ManifestError(f"JSON nested deeper than {MAX_DEPTH} levels")
    try:
        data = json.loads(text, parse_constant=reject_constant)
    except (ValueError, RecursionError) as exc:
        raise ManifestError(f"not valid JSON ({str(exc)[:120]})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("models"), list):
        raise ManifestError('expected {"version": 1, "models": [...]}')
    if data.get("version", 1) != 1 or isinstance(data.get("version"), bool):
        raise ManifestError(f"unsupported manifest version {str(data.get('version'))[:20]!r} (this kiosk reads 1)")
    models = [{**m, "origin": "pack"} if isinstance(m, dict) else m for m in data["models"]]
    try:
        return Manifest.model_validate({**data, "models": models})
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(x) for x in first["loc"])
        raise ManifestError(f"{exc.error_count()} error(s), first at '{loc}': {first['msg'][:200]}") from exc

