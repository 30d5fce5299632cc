"""Install production model packs from a mirror (a directory or an http(s) URL).

Mirror layout::

    manifest.json            {"version": 1, "models": [{"id", "kind", "languages", "files": [{"path","size","sha256"}]}]}
    MANIFEST.json            signed update manifest, kind "models", listing manifest.json with its sha256
    MANIFEST.sig             Ed25519 signature of MANIFEST.json by a key in keys/ (`kiosk rules sign DIR --kind models`)
    <model id>/<file path>   the files

A mirror whose manifest.json is not covered by a valid signature is refused before any model file is fetched; a
built-in model id must list exactly the shipped model's files (size and sha256), so a built-in model is only ever
the one models/manifest.toml names. Every file is downloaded into a staging folder (resuming a partial download with an HTTP Range request or a
file seek), checked against its size and sha256, and only when the whole model is verified is its folder
swapped into place with a rename. An interrupted or corrupt download never replaces a working model.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import shutil
import tempfile
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from kiosk.errors import KioskError
from kiosk.registry.download import DownloadError, Limits, fetch, fetch_small
from kiosk.registry.manifest import (
    MAX_MANIFEST_BYTES,
    Manifest,
    ManifestError,
    ModelFile,
    ModelSpec,
    missing_files,
    parse_mirror_manifest,
)
from kiosk.registry.provenance import INSTALLED_FILE, SIGNED_DIR
from kiosk.registry.registry import Registry, sha256_file

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

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
    """A mirror folder or http(s) URL. Every network read is bounded (`download.Limits`): size and time."""

    def __init__(self, source: str, timeout: float = 30.0, limits: Limits | None = None) -> None:
        self.source = source
        self.limits = limits or Limits(idle_s=timeout)
        if "\x00" in source:
            raise InstallError("mirror location contains a NUL byte")
        parsed = urllib.parse.urlparse(source)
        self.is_url = parsed.scheme in ("http", "https")
        if not self.is_url:
            root = Path(parsed.path if parsed.scheme == "file" else source)
            if not root.is_dir():
                raise InstallError(f"mirror folder not found: {source}")
            self.root = root

    def _url(self, rel: str) -> str:
        return self.source.rstrip("/") + "/" + urllib.parse.quote(rel)

    def signed_manifest(self, keys: dict[str, Ed25519PublicKey] | None, staging: Path) -> tuple[Manifest, Path]:
        """The mirror's manifest.json, accepted only when its signed MANIFEST.json (kind "models", a key in keys/)
        lists it with its sha256 (`kiosk.updates.verified_mirror_manifest`). The three files are copied into
        `staging` first (bounded downloads), so what is verified is what is kept. Returns (manifest, folder of
        the verified copies)."""
        from kiosk.updates import UpdateError, verified_mirror_manifest
        from kiosk.updates.signing import MANIFEST, MODEL_MIRROR_MANIFEST, SIGNATURE

        staging.mkdir(parents=True, exist_ok=True)
        for name, limit in ((MANIFEST, MAX_MANIFEST_BYTES), (SIGNATURE, 4096),
                            (MODEL_MIRROR_MANIFEST, MAX_MANIFEST_BYTES)):
            data = self._read_small(name, limit)
            if data is not None:
                (staging / name).write_bytes(data)
        try:
            raw = verified_mirror_manifest(str(staging), keys=keys)
        except UpdateError as exc:
            raise InstallError(f"model mirror {self.source} refused: {exc.detail}; nothing installed",
                               fix=exc.fix or "sign the mirror: kiosk rules sign DIR --kind models --key KEY "
                                                  "--version V") from exc
        try:
            return parse_mirror_manifest(raw), staging
        except ManifestError as exc:
            raise InstallError(f"invalid manifest.json at {self.source}: {exc}") from exc

    def _read_small(self, name: str, limit: int) -> bytes | None:
        if self.is_url:
            try:
                return fetch_small(self._url(name), limit, self.limits, what=name)
            except DownloadError as exc:
                raise InstallError(f"cannot read {name} from {self.source}: {exc.detail}") from exc
        p = self.root / name
        if not p.is_file():
            return None
        if p.stat().st_size > limit:
            raise InstallError(f"{name} at {self.source} is larger than {limit} bytes")
        try:
            return p.read_bytes()
        except OSError as exc:
            raise InstallError(f"cannot read {name} from {self.source}: {exc.strerror}") from exc

    def fetch(self, rel: str, out: BinaryIO, offset: int, size: int) -> int:
        """Append the file from `offset` on to `out`, never past its declared `size`; returns bytes written."""
        if not self.is_url:
            src = self.root / rel
            if not src.is_file():
                raise InstallError(f"mirror is missing {rel}")
            if src.stat().st_size > size:
                raise InstallError(f"{rel}: the mirror's file is larger than the {size} bytes its manifest declares; "
                                   "nothing installed")
            written = 0
            with src.open("rb") as fh:
                fh.seek(offset)
                while written < size - offset and (chunk := fh.read(min(_CHUNK, size - offset - written))):
                    out.write(chunk)
                    written += len(chunk)
            return written
        try:
            return fetch(self._url(rel), out, limit=size, offset=offset, limits=self.limits, what=rel)
        except DownloadError as exc:
            raise InstallError(exc.detail) from exc


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
                try:
                    downloaded += mirror.fetch(f"{spec.id}/{f.path}", out, have, f.size)
                except InstallError as exc:
                    if "more than" in exc.detail or "larger than" in exc.detail:
                        out.truncate(0)  # a mirror that sends more than it declares: nothing of it is kept
                    raise
        if progress:
            progress(spec.id, part.stat().st_size, f.size)
        size = part.stat().st_size
        if size != f.size:
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
                           "previous model is kept", code="storage") from exc
    shutil.rmtree(trash, ignore_errors=True)
    return InstallResult(spec.id, len(spec.files), downloaded, resumed)


def _record(reg: Registry, spec: ModelSpec, signed: Path, source: str) -> None:
    """Add the pack to installed.json, and keep the verified, signed manifest it came from beside it
    (`<home>/.signed/<id>/`): `kiosk models verify` checks the signature again and names it."""
    from kiosk.updates.signing import MANIFEST, MODEL_MIRROR_MANIFEST, SIGNATURE, parse_manifest

    keep = reg.home / SIGNED_DIR / spec.id
    tmp_keep = keep.with_name(f".{spec.id}.tmp")
    shutil.rmtree(tmp_keep, ignore_errors=True)
    tmp_keep.mkdir(parents=True)
    for name in (MANIFEST, SIGNATURE, MODEL_MIRROR_MANIFEST):
        shutil.copyfile(signed / name, tmp_keep / name)
    shutil.rmtree(keep, ignore_errors=True)
    tmp_keep.replace(keep)
    p = reg.home / INSTALLED_FILE
    try:
        old = json.loads(p.read_text(encoding="utf-8")) if p.exists() else {}
    except (OSError, ValueError, RecursionError):
        old = {}
    origins = old.get("signed", {}) if isinstance(old, dict) and isinstance(old.get("signed"), dict) else {}
    key_id = json.loads((signed / SIGNATURE).read_text(encoding="utf-8"))["key_id"]
    version = parse_manifest((signed / MANIFEST).read_bytes()).version
    origins[spec.id] = {"key_id": key_id, "version": version, "source": source}
    models = [m.model_dump(exclude={"origin"}) for m in reg.installed_packs() if m.id != spec.id]
    models.append(spec.model_dump(exclude={"origin"}))
    tmp = p.with_suffix(".tmp")
    tmp.write_text(json.dumps({"version": 1, "models": models, "signed": origins}, indent=2), encoding="utf-8")
    tmp.replace(p)


def check_covers_builtin(spec: ModelSpec, builtin: Manifest) -> None:
    """A mirror's entry for a built-in model id must list exactly the files of models/manifest.toml, with the
    same sizes and sha256: a built-in model is only ever the shipped one (an upgrade is a new id)."""
    required = builtin.get(spec.id)
    if required is None:
        return
    gaps = missing_files(required, spec)
    if gaps:
        same = len([f for f in required.files if f.path not in gaps])
        raise InstallError(
            f"mirror manifest entry for built-in model '{spec.id}' lists {same} of the {len(required.files)} "
            f"files of the shipped model unchanged (missing, of another size or sha256, or extra: "
            f"{', '.join(gaps)}); nothing installed, the working model is kept. Give an upgraded model a new id.")


def _storage_error(spec: ModelSpec, exc: OSError, home: Path) -> InstallError:
    where = exc.filename or home
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        why = f"{exc.strerror}); free space and run the install again to resume"
    elif isinstance(exc, FileExistsError | NotADirectoryError | IsADirectoryError):
        why = "a file or folder of another kind is in the way); remove it and run the install again"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        why = f"{exc.strerror}); make {home} writable for the kiosk user"
    elif exc.errno == errno.ENAMETOOLONG:
        return InstallError(f"{spec.id}: a file name in the mirror manifest is too long for this disk; nothing "
                            "installed")
    else:
        why = f"{exc.strerror or type(exc).__name__})"
    return InstallError(f"{spec.id}: cannot write {where} ({why}; the previous model is kept", code="storage")


def _tidy(staging_root: Path) -> None:
    """Remove what a failed or finished install leaves that can never be resumed: empty .part files and empty
    folders (the staging root included). Partial downloads stay for the next run to resume."""
    if not staging_root.is_dir():
        return
    for p in sorted(staging_root.rglob("*"), key=lambda q: len(q.parts), reverse=True):
        try:
            if p.is_file() and not p.is_symlink() and p.name.endswith(".part") and p.stat().st_size == 0:
                p.unlink()
            elif p.is_dir() and not p.is_symlink() and not any(p.iterdir()):
                p.rmdir()
        except OSError:
            continue
    with contextlib.suppress(OSError):  # not empty: a resumable download is kept
        staging_root.rmdir()


def install_from(source: str, model_ids: list[str] | None = None, registry: Registry | None = None,
                 progress: Progress | None = None, *, keys: dict[str, Ed25519PublicKey] | None = None,
                 limits: Limits | None = None) -> list[InstallResult]:
    """Install the (given or all) models of a signed mirror (`keys`: the trusted public keys, default keys/).
    The signature and every entry are checked before any model file is downloaded."""
    reg = registry or Registry()
    mirror = Mirror(source, limits=limits)
    staging_root = reg.home / ".staging"
    results = []
    spec: ModelSpec | None = None
    try:
        staging_root.mkdir(parents=True, exist_ok=True)
        signed_tmp = Path(tempfile.mkdtemp(prefix=".manifest-", dir=staging_root))
        try:
            manifest, signed = mirror.signed_manifest(keys, signed_tmp)
            wanted = model_ids or [m.id for m in manifest.models]
            specs = []
            for mid in wanted:
                found = manifest.get(mid)
                if found is None:
                    raise InstallError(f"mirror {source} has no model '{mid[:80]}' (it has: "
                                       f"{', '.join(m.id for m in manifest.models) or 'none'})")
                check_covers_builtin(found, reg.builtin_manifest)
                specs.append(found)
            for spec in specs:
                results.append(_install_one(reg, mirror, spec, progress))
                _record(reg, spec, signed, source)
                reg.replaced(spec.id)
                reg.path(spec.id)  # writes the verification stamp
        finally:
            shutil.rmtree(signed_tmp, ignore_errors=True)
    except OSError as exc:  # writing the staging copy: disk full, read-only, permission, a file in the way
        if spec is None:
            raise InstallError(f"cannot write {exc.filename or staging_root} ({exc.strerror}); nothing installed",
                               code="storage") from exc
        raise _storage_error(spec, exc, reg.home) from exc
    finally:
        _tidy(staging_root)
    return results


def write_mirror_manifest(root: Path, models: list[ModelSpec]) -> Path:
    """Helper for operators building a mirror: writes manifest.json for folders already in place."""
    data = {"version": 1, "models": [m.model_dump(exclude={"origin"}) for m in models]}
    p = root / "manifest.json"
    p.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return p
