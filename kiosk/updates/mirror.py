"""A rules mirror for many kiosks: signed versions in folders, and `latest.json` naming the newest.

    mirror/
      latest.json            {"kind": "rules", "version": "2026.12.6", "path": "2026.12.6/"}
      2026.11.29/ MANIFEST.json MANIFEST.sig kr.toml ...
      2026.12.6/  ...

`publish(folder, mirror)` (issuing office) verifies a signed update against the trusted keys, copies it in as
`<version>/` and then replaces `latest.json` atomically, so a kiosk polling meanwhile sees the old or the new
version, never half of one. Kiosks run `kiosk rules install --from <mirror URL or folder>` (a systemd timer):
latest.json is only a pointer; what is installed is still the signed manifest (signature, checksums, schema,
no downgrade, expiry), and the version that is already current is a no-op with exit 0.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from kiosk.updates.signing import UpdateError, UpdateManifest, trusted_keys, verify_dir, version_key

LATEST = "latest.json"
_SUB = re.compile(r"^\d+(\.\d+){0,3}/?$")


def follow_latest(data: bytes | None, source: str) -> str:
    """The version folder a mirror's latest.json names (a plain version folder name, nothing else)."""
    if data is None:
        raise UpdateError(f"no MANIFEST.json or {LATEST} at {source}")
    try:
        raw = json.loads(data.decode("utf-8"))
        kind, path = str(raw["kind"]), str(raw["path"])
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise UpdateError(f"{LATEST} at {source} is malformed ({type(exc).__name__})") from exc
    if kind != "rules":
        raise UpdateError(f"{LATEST} at {source} names a '{kind}' update, not rules")
    if not _SUB.match(path):
        raise UpdateError(f"{LATEST} at {source} names an unexpected path")
    return path.rstrip("/")


def latest_version(mirror: Path) -> str | None:
    try:
        return str(json.loads((mirror / LATEST).read_text(encoding="utf-8"))["version"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def publish(folder: Path, mirror: Path, keys: dict[str, Ed25519PublicKey] | None = None) -> UpdateManifest:
    """Copy a signed rules update into the mirror as <version>/ and point latest.json at it. Refuses an update
    that does not verify, a version not newer than the mirror's latest, and a version folder already there with
    other content."""
    manifest = verify_dir(folder, trusted_keys() if keys is None else keys)
    if manifest.kind != "rules":
        raise UpdateError(f"this is a '{manifest.kind}' update, not rules")
    mirror.mkdir(parents=True, exist_ok=True)
    latest = latest_version(mirror)
    target = mirror / manifest.version
    if target.exists():
        if (target / "MANIFEST.json").read_bytes() != (folder / "MANIFEST.json").read_bytes():
            raise UpdateError(f"{target} already holds a different {manifest.version}; sign a new version")
    else:
        if latest is not None and version_key(manifest.version) <= version_key(latest):
            raise UpdateError(f"version {manifest.version} is not newer than the mirror's latest {latest}")
        staging = mirror / f".{manifest.version}.{os.getpid()}.tmp"
        shutil.rmtree(staging, ignore_errors=True)
        shutil.copytree(folder, staging)
        os.rename(staging, target)
    pointer = {"kind": "rules", "version": manifest.version, "path": f"{manifest.version}/",
               "expires": manifest.expires}
    tmp = mirror / f".{LATEST}.{os.getpid()}.tmp"
    tmp.write_text(json.dumps(pointer) + "\n", encoding="utf-8")
    os.replace(tmp, mirror / LATEST)
    return manifest
