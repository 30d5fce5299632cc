"""Install production model packs from a mirror (a directory or an http(s) URL).

Mirror layout::

    manifest.json            {"version": 1, "models": [{"id", "kind", "languages", "files": [{"path","size","sha256"}]}]}
    <model id>/<file path>   the files

Every file is downloaded into a staging folder (resuming a partial download with an HTTP Range request or a
file seek), checked against its size and sha256, and only when the whole model is verified is its folder
swapped into place with a rename. An interrupted or corrupt download never replaces a working model.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import shutil
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from kiosk.errors import KioskError
from kiosk.registry.manifest import Manifest, ModelFile, ModelSpec, missing_files
from kiosk.registry.registry import INSTALLED_FILE, Registry, sha256_file

_CHUNK = 1 << 20
Progress = Callable[[str, int, int], None]


class InstallError(KioskError):
    """A model pack could not be installed (mirror unreachable, bad manifest, checksum mismatch)."""

    code = "bad_input"


@dataclass(frozen=True)
class InstallResult:
    model_id: str
    files: int
    bytes_downloaded: int
    resumed_bytes: int


class Mirror:
    def __init__(self, source: str, timeout: float = 30.0) -> None:
        self.source = source
        self.timeout = timeout
        parsed = urllib.parse.urlparse(source)
        self.is_url = parsed.scheme in ("http", "https")
        if not self.is_url:
            root = Path(parsed.path if parsed.scheme == "file" else source)
            if not root.is_dir():
                raise InstallError(f"mirror folder not found: {source}")
            self.root = root

    def _url(self, rel: str) -> str:
        return self.source.rstrip("/") + "/" + urllib.parse.quote(rel)

    def manifest(self) -> Manifest:
        try:
            if self.is_url:
                with urllib.request.urlopen(self._url("manifest.json"), timeout=self.timeout) as resp:
                    raw = resp.read()
            else:
                raw = (self.root / "manifest.json").read_bytes()
        except (OSError, urllib.error.URLError, http.client.HTTPException) as exc:
            raise InstallError(f"cannot read manifest.json from {self.source}: {exc}") from exc
        try:
            data = json.loads(raw)
            for m in data.get("models", []):
                m["origin"] = "pack"
            return Manifest.model_validate(data)
        except (ValueError, AttributeError, TypeError) as exc:
            raise InstallError(f"invalid manifest.json at {self.source}: {exc}") from exc

    def fetch(self, rel: str, out: BinaryIO, offset: int) -> int:
        """Append the file from `offset` on to `out`; returns bytes written."""
        written = 0
        if not self.is_url:
            src = self.root / rel
            if not src.is_file():
                raise InstallError(f"mirror is missing {rel}")
            with src.open("rb") as fh:
                fh.seek(offset)
                while chunk := fh.read(_CHUNK):
                    out.write(chunk)
                    written += len(chunk)
            return written
        req = urllib.request.Request(self._url(rel))
        if offset:
            req.add_header("Range", f"bytes={offset}-")
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                if offset and resp.status != 206:
                    # Server ignored the range: start again from zero.
                    out.seek(0)
                    out.truncate()
                while chunk := resp.read(_CHUNK):
                    out.write(chunk)
                    written += len(chunk)
        except (OSError, urllib.error.URLError, http.client.HTTPException) as exc:
            # HTTPException covers IncompleteRead: the server dropped the connection mid-file.
            raise InstallError(f"download of {rel} interrupted: {exc!r}") from exc
        return written


def _verify(path: Path, f: ModelFile) -> bool:
    return path.exists() and path.stat().st_size == f.size and sha256_file(path) == f.sha256


def _install_one(reg: Registry, mirror: Mirror, spec: ModelSpec, progress: Progress | None) -> InstallResult:
    staging = reg.home / ".staging" / spec.id
    staging.mkdir(parents=True, exist_ok=True)
    downloaded = resumed = 0
    for f in spec.files:
        final = staging / f.path
        if _verify(final, f):
            continue
        final.parent.mkdir(parents=True, exist_ok=True)
        part = final.with_name(final.name + ".part")
        have = part.stat().st_size if part.exists() else 0
        if have > f.size:
            part.unlink()
            have = 0
        resumed += have
        with part.open("ab") as out:
            if have < f.size:
                downloaded += mirror.fetch(f"{spec.id}/{f.path}", out, have)
        if progress:
            progress(spec.id, part.stat().st_size, f.size)
        size = part.stat().st_size
        if size != f.size:
            if size > f.size:
                part.unlink()
            raise InstallError(f"{spec.id}/{f.path}: got {size} bytes, expected {f.size}; run the install again "
                               "to resume")
        h = hashlib.sha256()
        with part.open("rb") as fh:
            while chunk := fh.read(_CHUNK):
                h.update(chunk)
        if h.hexdigest() != f.sha256:
            part.unlink()
            raise InstallError(f"{spec.id}/{f.path}: sha256 mismatch; the mirror copy is corrupt (nothing installed)")
        part.replace(final)
    # Whole model verified: swap it in atomically; if the swap itself fails, the old folder goes back.
    live = reg.model_dir(spec.id)
    trash = reg.home / ".staging" / f".old-{spec.id}"
    if trash.exists():
        shutil.rmtree(trash)
    try:
        if live.exists():
            live.replace(trash)
        staging.replace(live)
    except OSError as exc:
        if trash.exists() and not live.exists():
            trash.replace(live)
        raise InstallError(f"{spec.id}: could not swap the verified model into place ({exc.strerror}); the "
                           "previous model is kept") from exc
    shutil.rmtree(trash, ignore_errors=True)
    _record(reg, spec)
    reg.replaced(spec.id)
    reg.path(spec.id)  # writes the verification stamp
    return InstallResult(spec.id, len(spec.files), downloaded, resumed)


def _record(reg: Registry, spec: ModelSpec) -> None:
    p = reg.home / INSTALLED_FILE
    models = [m.model_dump(exclude={"origin"}) for m in reg.installed_packs() if m.id != spec.id]
    models.append(spec.model_dump(exclude={"origin"}))
    tmp = p.with_suffix(".tmp")
    tmp.write_text(json.dumps({"version": 1, "models": models}, indent=2), encoding="utf-8")
    tmp.replace(p)


def check_covers_builtin(spec: ModelSpec, builtin: Manifest) -> None:
    """A mirror's entry for a built-in model id must list every file that model needs, with the same sizes
    (models/manifest.toml): else installing it would replace a working model with an incomplete one."""
    required = builtin.get(spec.id)
    if required is None:
        return
    gaps = missing_files(required, spec)
    if gaps:
        raise InstallError(
            f"mirror manifest entry for built-in model '{spec.id}' lists {len(required.files) - len(gaps)} of the "
            f"{len(required.files)} files it needs (missing or of another size: {', '.join(gaps)}); nothing "
            "installed, the working model is kept. Give an upgraded model a new id.")


def install_from(source: str, model_ids: list[str] | None = None, registry: Registry | None = None,
                 progress: Progress | None = None) -> list[InstallResult]:
    """Install the (given or all) models of a mirror. Every entry is checked before anything is downloaded."""
    reg = registry or Registry()
    mirror = Mirror(source)
    manifest = mirror.manifest()
    wanted = model_ids or [m.id for m in manifest.models]
    specs = []
    for mid in wanted:
        spec = manifest.get(mid)
        if spec is None:
            raise InstallError(f"mirror {source} has no model '{mid}' (it has: "
                               f"{', '.join(m.id for m in manifest.models) or 'none'})")
        check_covers_builtin(spec, reg.builtin_manifest)
        specs.append(spec)
    results = []
    for spec in specs:
        try:
            results.append(_install_one(reg, mirror, spec, progress))
        except OSError as exc:  # writing the staging copy: disk full, read-only, permission
            raise InstallError(f"{spec.id}: cannot write {exc.filename or reg.home} ({exc.strerror}); the previous "
                               "model is kept, free space and run the install again to resume",
                               code="storage") from exc
    return results


def write_mirror_manifest(root: Path, models: list[ModelSpec]) -> Path:
    """Helper for operators building a mirror: writes manifest.json for folders already in place."""
    data = {"version": 1, "models": [m.model_dump(exclude={"origin"}) for m in models]}
    p = root / "manifest.json"
    p.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return p
