"""Installed rule-table versions: `$KIOSK_HOME/rules/<version>/`, a `current` and a `previous` link.

`install_rules(source)` takes a folder or an http(s) URL holding a signed update (see `signing`): the signature
is checked before any file is fetched, every file is checked against its signed sha256, every table is
validated with the rule-table schema, then the new version is moved in and `current` is swapped atomically
(`os.replace` of a symlink). The version before it stays as `previous` for `rollback()`. A version that is not
newer than the installed one is refused unless `allow_downgrade` (an old, validly signed table must not be
replayed to bring back a limit that changed).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
import tomllib
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from kiosk.updates.mirror import LATEST, follow_latest
from kiosk.updates.rates import rates_status, rates_valid
from kiosk.updates.signing import (
    MANIFEST,
    MODEL_MIRROR_MANIFEST,
    SIGNATURE,
    UpdateError,
    sha256_bytes,
    trusted_keys,
    verify_dir,
    verify_files,
    verify_signature,
    version_key,
)
from kiosk.updates.tables import RATES_FILE, validate_tables

MAX_MANIFEST_BYTES = 1 << 20
MAX_FILE_BYTES = 16 << 20  # a rule table is a few kB


def rules_home() -> Path:
    from kiosk.paths import kiosk_home

    d = kiosk_home() / "rules"
    d.mkdir(parents=True, exist_ok=True)
    return d


@dataclass(frozen=True)
class InstallOutcome:
    version: str
    previous: str | None
    files: int
    rates: str  # rates_status() of the update's rates.toml, "" when it has none
    unchanged: bool = False  # the same signed version was already current (a polling job's usual case)


@dataclass(frozen=True)
class RulesStatus:
    current: str | None
    previous: str | None
    verified: bool  # the current version's signature and files check out now
    problem: str  # why not verified ("" when verified or nothing installed)
    rates: str  # rates_status() of the active rates.toml, "" when none is installed
    rates_valid: bool

    def to_json(self) -> dict[str, object]:
        return {"current": self.current, "previous": self.previous, "verified": self.verified,
                "problem": self.problem, "rates": self.rates, "rates_valid": self.rates_valid}


# ---- sources ----------------------------------------------------------------------------------------

class _Source:
    def __init__(self, source: str, timeout: float) -> None:
        parsed = urllib.parse.urlparse(source)
        self.is_url = parsed.scheme in ("http", "https")
        self.source = source if not self.is_url else source.rstrip("/") + "/"
        self.timeout = timeout
        if not self.is_url:
            self.root = Path(parsed.path if parsed.scheme == "file" else source)
            if not self.root.is_dir():
                raise UpdateError(f"update folder not found: {source}")

    def join(self, sub: str) -> str:
        """The source of a sub-folder (a mirror's version folder)."""
        return urllib.parse.urljoin(self.source, sub.rstrip("/") + "/") if self.is_url else str(self.root / sub)

    def read(self, rel: str, limit: int) -> bytes | None:
        """The file's bytes; None when it does not exist."""
        if not self.is_url:
            p = self.root / rel
            if not p.is_file():
                return None
            if p.stat().st_size > limit:
                raise UpdateError(f"{rel} is larger than {limit} bytes")
            return p.read_bytes()
        url = urllib.parse.urljoin(self.source, urllib.parse.quote(rel))
        try:
            with urllib.request.urlopen(url, timeout=self.timeout) as resp:  # noqa: S310 (operator-given URL)
                data: bytes = resp.read(limit + 1)
        except urllib.error.HTTPError as exc:
            if exc.code == 404:
                return None
            raise UpdateError(f"update server answered HTTP {exc.code} for {rel}") from exc
        except (urllib.error.URLError, OSError) as exc:
            raise UpdateError(f"update server unreachable ({type(exc).__name__})") from exc
        if len(data) > limit:
            raise UpdateError(f"{rel} is larger than {limit} bytes")
        return data


# ---- links ------------------------------------------------------------------------------------------

def _link_target(name: str, home: Path) -> str | None:
    link = home / name
    return os.readlink(link) if link.is_symlink() else None


def _set_link(name: str, version: str | None, home: Path) -> None:
    """Point home/name at version atomically (or remove it)."""
    link = home / name
    if version is None:
        link.unlink(missing_ok=True)
        return
    tmp = home / f".{name}.{os.getpid()}.tmp"
    tmp.unlink(missing_ok=True)
    tmp.symlink_to(version, target_is_directory=True)
    os.replace(tmp, link)


def current_version(home: Path | None = None) -> str | None:
    return _link_target("current", home or rules_home())


def previous_version(home: Path | None = None) -> str | None:
    return _link_target("previous", home or rules_home())


def _prune(home: Path) -> None:
    keep = {current_version(home), previous_version(home)}
    for d in home.iterdir():
        if d.is_dir() and not d.is_symlink() and not d.name.startswith(".") and d.name not in keep:
            shutil.rmtree(d, ignore_errors=True)


# ---- operations -------------------------------------------------------------------------------------

def _same_as_installed(folder: Path, manifest_bytes: bytes, keys: dict[str, Ed25519PublicKey]) -> bool:
    """The installed version holds exactly this signed manifest and still verifies."""
    try:
        same = (folder / MANIFEST).read_bytes() == manifest_bytes
        return same and verify_dir(folder, keys) is not None
    except (OSError, UpdateError):
        return False


def install_rules(source: str, *, keys: dict[str, Ed25519PublicKey] | None = None, allow_downgrade: bool = False,
                  home: Path | None = None, timeout: float = 30.0, now: dt.datetime | None = None
                  ) -> InstallOutcome:
    """Verify and install a signed rules update from a folder or URL (the update itself, or a mirror whose
    latest.json names it); keep the running version as previous. Installing the version that is already current
    (same signed manifest, still verifying) changes nothing and returns `unchanged` — a polling job succeeds."""
    home = home or rules_home()
    keys = trusted_keys() if keys is None else keys
    src = _Source(source, timeout)
    manifest_bytes = src.read(MANIFEST, MAX_MANIFEST_BYTES)
    if manifest_bytes is None:  # a mirror: latest.json names the newest published version's folder
        sub = follow_latest(src.read(LATEST, 4096), source)
        src = _Source(src.join(sub), timeout)
        manifest_bytes = src.read(MANIFEST, MAX_MANIFEST_BYTES)
        if manifest_bytes is None:
            raise UpdateError(f"no {MANIFEST} in {sub} (named by {LATEST} at {source})")
    sig = src.read(SIGNATURE, 4096)
    manifest = verify_signature(manifest_bytes, sig, keys)  # before anything else is fetched
    if manifest.kind != "rules":
        raise UpdateError(f"this is a '{manifest.kind}' update, not rules")
    current = current_version(home)
    if manifest.version == current and _same_as_installed(home / current, manifest_bytes, keys):
        return InstallOutcome(current, previous_version(home), len(manifest.files), "", unchanged=True)
    if manifest.expired(now):
        raise UpdateError(f"the update {manifest.version} expired on {manifest.expires} (signed too long ago); "
                          "nothing installed", fix="ask the issuing office for a freshly signed update")
    if current is not None and not allow_downgrade and version_key(manifest.version) <= version_key(current):
        raise UpdateError(f"version {manifest.version} is not newer than the installed {current}",
                          fix="kiosk rules rollback (to go back), or --allow-downgrade")
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=home))
    try:
        (staging / MANIFEST).write_bytes(manifest_bytes)
        (staging / SIGNATURE).write_bytes(sig or b"")
        for f in manifest.files:
            data = src.read(f.path, MAX_FILE_BYTES)
            if data is None:
                raise UpdateError(f"update file missing: {f.path}")
            if len(data) != f.size:
                raise UpdateError(f"update file does not match its signed checksum: {f.path} (size)")
            out = staging / f.path
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(data)
        verify_files(staging, manifest)
        rates = validate_tables(staging, manifest)
        target = home / manifest.version
        if target.exists():
            if manifest.version == current:
                raise UpdateError(f"version {manifest.version} is already the current one")
            shutil.rmtree(target)
        os.rename(staging, target)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    if current is not None and current != manifest.version:
        _set_link("previous", current, home)
    _set_link("current", manifest.version, home)
    _prune(home)
    return InstallOutcome(manifest.version, current, len(manifest.files), rates)


def rollback(home: Path | None = None, keys: dict[str, Ed25519PublicKey] | None = None) -> tuple[str, str]:
    """Make the previous version current again (and the current one previous), after verifying it. Returns
    (now, was); UpdateError when there is none or it does not verify (then nothing changes)."""
    home = home or rules_home()
    current, previous = current_version(home), previous_version(home)
    if previous is None or not (home / previous).is_dir():
        raise UpdateError("there is no previous rules version to roll back to")
    if current is None:
        raise UpdateError("no rules version is installed")
    try:  # never switch to a version that no longer verifies (tampered on disk)
        verify_dir(home / previous, trusted_keys() if keys is None else keys)
    except UpdateError as exc:
        raise UpdateError(f"the previous version {previous} does not verify ({exc.detail}); not switched",
                          fix=f"kiosk rules install --from <a signed update> (current {current} stays)") from exc
    _set_link("current", previous, home)
    _set_link("previous", current, home)
    return previous, current


def active_rules_dir(keys: dict[str, Ed25519PublicKey] | None = None, home: Path | None = None) -> Path | None:
    """The folder of the installed, verified rules version (re-verified now), or None to use the built-in tables.

    Raises UpdateError when a version is installed but no longer verifies (tampered on disk): the caller should
    refuse to answer from it and tell staff."""
    home = home or rules_home()
    current = current_version(home)
    if current is None:
        return None
    folder = home / current
    verify_dir(folder, trusted_keys() if keys is None else keys)
    return folder


def rules_status(keys: dict[str, Ed25519PublicKey] | None = None, home: Path | None = None,
                 today: dt.date | None = None, builtin_rates: Path | None = None) -> RulesStatus:
    """What staff see: installed versions, whether they verify, and whether the exchange rates are current."""
    from kiosk.rules.schema import ExchangeRates

    home = home or rules_home()
    current, previous = current_version(home), previous_version(home)
    verified, problem = False, ""
    rates_path = builtin_rates
    if current is not None:
        try:
            folder = active_rules_dir(keys, home)
            verified = True
            if folder is not None and (folder / RATES_FILE).is_file():
                rates_path = folder / RATES_FILE
        except UpdateError as exc:
            problem = exc.detail
    rates, valid = "", False
    if rates_path is not None and rates_path.is_file():
        meta = ExchangeRates.model_validate(tomllib.loads(rates_path.read_text(encoding="utf-8")))
        rates, valid = rates_status(meta, today), rates_valid(meta, today)
    return RulesStatus(current, previous, verified, problem, rates, valid)


def verified_mirror_manifest(source: str, *, keys: dict[str, Ed25519PublicKey] | None = None,
                             timeout: float = 30.0) -> bytes:
    """A model mirror's manifest.json, returned only when the mirror's signed MANIFEST.json (kind "models")
    lists it with this exact size and sha256. The registry then checks each weight file against manifest.json
    as it already does, so the whole pack is covered by one signature."""
    src = _Source(source, timeout)
    manifest_bytes = src.read(MANIFEST, MAX_MANIFEST_BYTES)
    if manifest_bytes is None:
        raise UpdateError(f"the model mirror {source} is not signed (no {MANIFEST})")
    manifest = verify_signature(manifest_bytes, src.read(SIGNATURE, 4096), trusted_keys() if keys is None else keys)
    if manifest.kind != "models":
        raise UpdateError(f"this is a '{manifest.kind}' update, not a model mirror")
    entry = next((f for f in manifest.files if f.path == MODEL_MIRROR_MANIFEST), None)
    if entry is None:
        raise UpdateError(f"the signed manifest does not cover {MODEL_MIRROR_MANIFEST}")
    data = src.read(MODEL_MIRROR_MANIFEST, MAX_MANIFEST_BYTES)
    if data is None or len(data) != entry.size or sha256_bytes(data) != entry.sha256:
        raise UpdateError(f"{MODEL_MIRROR_MANIFEST} does not match its signed checksum")
    return data
