"""Signed update manifests (Ed25519, `cryptography`).

An update folder (rule tables, exchange rates, phrasebook, or a model pack's manifest) holds its files plus:

- `MANIFEST.json`: `{"format": "customs-kiosk-update/1", "kind", "version", "created", "expires", "files":
  [{"path", "size", "sha256"}]}`, every file of the folder (and nothing else) listed; `expires` (UTC, ISO 8601)
  is when a kiosk stops accepting the update for installation (a signed update lying on a mirror for months is
  not installed; manifests signed before expiry existed have none and are accepted);
- `MANIFEST.sig`: `{"key_id", "signature"}`: the Ed25519 signature (base64) of the exact bytes of MANIFEST.json,
  and the id of the key that made it (sha256 of the raw public key, first 16 hex digits).

`verify_dir(folder, keys)` checks the signature against the trusted public keys (the kiosk ships them in `keys/`,
`*.pub`, PEM) and then every file's size and sha256. The private key stays with the issuing office
(`kiosk rules keygen`, `kiosk rules sign`), encrypted with a passphrase (PKCS#8, best available encryption).
Rule tables are validated with the kiosk's own schema before they are signed (`sign_dir`): a table the kiosks
would refuse is never signed.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from kiosk.errors import KioskError

FORMAT = "customs-kiosk-update/1"
MANIFEST = "MANIFEST.json"
SIGNATURE = "MANIFEST.sig"
KINDS = ("rules", "models", "phrasebook")
_VERSION = re.compile(r"^\d+(\.\d+){0,3}$")
MAX_FILES = 2000


class UpdateError(KioskError):
    """An update is refused (unsigned, wrong key, tampered, malformed). Nothing is installed."""

    code = "bad_input"


@dataclass(frozen=True)
class FileEntry:
    path: str  # POSIX path inside the update folder
    size: int
    sha256: str


@dataclass(frozen=True)
class UpdateManifest:
    kind: str
    version: str
    created: str
    files: tuple[FileEntry, ...]
    expires: str = ""  # ISO 8601 UTC; "" = none (manifests signed before expiry existed)

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {"format": FORMAT, "kind": self.kind, "version": self.version,
                                  "created": self.created}
        if self.expires:
            out["expires"] = self.expires
        out["files"] = [{"path": f.path, "size": f.size, "sha256": f.sha256} for f in self.files]
        return out

    def expired(self, now: dt.datetime | None = None) -> bool:
        """True when the manifest carries an expiry that has passed."""
        if not self.expires:
            return False
        return (now or dt.datetime.now(dt.UTC)) > dt.datetime.fromisoformat(self.expires)


def version_key(version: str) -> tuple[int, ...]:
    """"2026.11.29" -> (2026, 11, 29): versions are dotted numbers, compared numerically."""
    if not _VERSION.match(version):
        raise UpdateError(f"bad update version '{version}' (dotted numbers, e.g. 2026.11.29)")
    return tuple(int(p) for p in version.split("."))


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def safe_relpath(rel: str) -> str:
    """Refuse absolute paths, `..`, backslashes and the manifest's own names."""
    p = PurePosixPath(rel)
    if (not rel or "\\" in rel or p.is_absolute() or any(part in ("", ".", "..") for part in p.parts)
            or p.name in (MANIFEST, SIGNATURE)):
        raise UpdateError(f"unsafe path in update manifest: {rel!r}")
    return str(p)


def parse_manifest(data: bytes) -> UpdateManifest:
    try:
        raw = json.loads(data.decode("utf-8"))
        if raw.get("format") != FORMAT:
            raise UpdateError(f"not a {FORMAT} manifest")
        kind, version = str(raw["kind"]), str(raw["version"])
        files = tuple(FileEntry(safe_relpath(str(f["path"])), int(f["size"]), str(f["sha256"]).lower())
                      for f in raw["files"])
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise UpdateError(f"malformed update manifest ({type(exc).__name__})") from exc
    if kind not in KINDS:
        raise UpdateError(f"unknown update kind '{kind}'")
    version_key(version)
    if len(files) > MAX_FILES or len({f.path for f in files}) != len(files):
        raise UpdateError("update manifest lists too many or duplicate files")
    if any(f.size < 0 or not re.fullmatch(r"[0-9a-f]{64}", f.sha256) for f in files):
        raise UpdateError("update manifest has a bad size or sha256")
    expires = str(raw.get("expires") or "")
    if expires:
        try:
            when = dt.datetime.fromisoformat(expires)
        except ValueError as exc:
            raise UpdateError("update manifest has a bad expiry date") from exc
        if when.tzinfo is None:
            raise UpdateError("update manifest's expiry has no time zone")
    return UpdateManifest(kind, version, str(raw.get("created", "")), files, expires)


# ---- keys -------------------------------------------------------------------------------------------

def key_id(public: Ed25519PublicKey) -> str:
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def generate_keypair(private_path: Path, public_path: Path, passphrase: bytes | None = None) -> str:
    """Write a new Ed25519 private key (PEM, mode 0600; encrypted with `passphrase` when given) and its public key
    (PEM); returns the key id. Nothing is left behind when it fails (the private key is written last)."""
    key = Ed25519PrivateKey.generate()
    if private_path.exists():
        raise FileExistsError(private_path)
    private_path.parent.mkdir(parents=True, exist_ok=True)
    public_path.parent.mkdir(parents=True, exist_ok=True)
    enc = (serialization.BestAvailableEncryption(passphrase) if passphrase else serialization.NoEncryption())
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, enc)
    public_path.write_bytes(key.public_key().public_bytes(serialization.Encoding.PEM,
                                                          serialization.PublicFormat.SubjectPublicKeyInfo))
    try:
        private_path.touch(mode=0o600, exist_ok=False)
        private_path.write_bytes(pem)
    except BaseException:
        private_path.unlink(missing_ok=True)
        raise
    return key_id(key.public_key())


def key_is_encrypted(path: Path) -> bool:
    """Whether a PEM private key needs a passphrase."""
    try:
        return b"ENCRYPTED" in path.read_bytes()[:64]
    except OSError:
        return False


def load_private_key(path: Path, passphrase: bytes | None = None) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=passphrase or None)
    except TypeError as exc:  # encrypted without a passphrase, or a passphrase for a plain key
        need = "needs a passphrase (CUSTOMS_SIGNING_PASSPHRASE)" if key_is_encrypted(path) else "is not encrypted"
        raise UpdateError(f"the private key {path.name} {need}") from exc
    except ValueError as exc:
        wrong = "wrong passphrase, or " if key_is_encrypted(path) else ""
        raise UpdateError(f"cannot read the private key {path.name} ({wrong}not a PEM private key)") from exc
    except OSError as exc:
        raise UpdateError(f"cannot read the private key {path.name} ({type(exc).__name__})") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise UpdateError(f"{path.name} is not an Ed25519 private key")
    return key


def load_public_keys(keys_dir: Path) -> dict[str, Ed25519PublicKey]:
    """key id -> trusted public key, from `*.pub` (PEM) in keys_dir. Unreadable files are refused loudly."""
    out: dict[str, Ed25519PublicKey] = {}
    for path in sorted(keys_dir.glob("*.pub")) if keys_dir.is_dir() else []:
        try:
            key = serialization.load_pem_public_key(path.read_bytes())
        except ValueError as exc:
            raise UpdateError(f"trusted key {path.name} is not a PEM public key") from exc
        if not isinstance(key, Ed25519PublicKey):
            raise UpdateError(f"trusted key {path.name} is not an Ed25519 key")
        out[key_id(key)] = key
    return out


# ---- sign / verify ----------------------------------------------------------------------------------

MODEL_MIRROR_MANIFEST = "manifest.json"  # a model mirror's own manifest (sha256 of every weight file)


def build_manifest(folder: Path, kind: str, version: str, expires_days: float | None = None) -> UpdateManifest:
    """Every file of the folder; for kind "models" (a model mirror) only its manifest.json, whose own sha256
    list covers the weights (so signing does not re-hash gigabytes)."""
    files = []
    paths = [folder / MODEL_MIRROR_MANIFEST] if kind == "models" else sorted(folder.rglob("*"))
    for p in paths:
        if p.is_file() and p.name not in (MANIFEST, SIGNATURE):
            rel = safe_relpath(p.relative_to(folder).as_posix())
            files.append(FileEntry(rel, p.stat().st_size, sha256_file(p)))
    if not files:
        raise UpdateError(f"nothing to sign in {folder}")
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    expires = (now + dt.timedelta(days=expires_days)).isoformat() if expires_days else ""
    m = UpdateManifest(kind, version, now.isoformat(), tuple(files), expires)
    parse_manifest(json.dumps(m.to_json()).encode())  # same checks as the kiosk will make
    return m


DEFAULT_EXPIRES_DAYS = 30.0


def sign_dir(folder: Path, private_key: Path, kind: str, version: str, *, passphrase: bytes | None = None,
             expires_days: float | None = DEFAULT_EXPIRES_DAYS) -> UpdateManifest:
    """Write MANIFEST.json (every file, sha256, an expiry `expires_days` from now; None = no expiry) and
    MANIFEST.sig (Ed25519) into folder. A rules folder is validated first, exactly as the kiosk will: a table the
    schema rejects is never signed (UpdateError, nothing written)."""
    key = load_private_key(private_key, passphrase)
    manifest = build_manifest(folder, kind, version, expires_days)
    if kind == "rules":
        from kiosk.updates.tables import validate_tables

        validate_tables(folder, manifest, what="nothing signed")
    data = (json.dumps(manifest.to_json(), indent=1, ensure_ascii=False) + "\n").encode("utf-8")
    (folder / MANIFEST).write_bytes(data)
    sig = {"key_id": key_id(key.public_key()), "signature": base64.b64encode(key.sign(data)).decode("ascii")}
    (folder / SIGNATURE).write_text(json.dumps(sig) + "\n", encoding="utf-8")
    return manifest


def verify_signature(manifest_bytes: bytes, signature_bytes: bytes | None,
                     keys: dict[str, Ed25519PublicKey]) -> UpdateManifest:
    """Check MANIFEST.sig against the trusted keys, then parse the manifest. Raises UpdateError."""
    if not keys:
        raise UpdateError("no trusted public key is installed (keys/*.pub): every update is refused",
                          fix="install the issuing office's public key into keys/")
    if signature_bytes is None:
        raise UpdateError("the update is not signed (MANIFEST.sig missing)")
    try:
        sig = json.loads(signature_bytes.decode("utf-8"))
        kid, signature = str(sig["key_id"]), base64.b64decode(sig["signature"], validate=True)
    except (ValueError, KeyError, TypeError) as exc:
        raise UpdateError("MANIFEST.sig is malformed") from exc
    key = keys.get(kid)
    if key is None:
        raise UpdateError(f"the update is signed with an unknown key ({kid})")
    try:
        key.verify(signature, manifest_bytes)
    except InvalidSignature as exc:
        raise UpdateError("the update's signature does not match its manifest (tampered or corrupt)") from exc
    return parse_manifest(manifest_bytes)


def verify_files(folder: Path, manifest: UpdateManifest, exact: bool = True) -> None:
    """Every listed file has its size and sha256; with `exact`, no unlisted file is present."""
    for f in manifest.files:
        p = folder / f.path
        if not p.is_file():
            raise UpdateError(f"update file missing: {f.path}")
        if p.stat().st_size != f.size or sha256_file(p) != f.sha256:
            raise UpdateError(f"update file does not match its signed checksum: {f.path}")
    if exact:
        listed = {f.path for f in manifest.files} | {MANIFEST, SIGNATURE}
        extra = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")
                       if p.is_file() and p.relative_to(folder).as_posix() not in listed)
        if extra:
            raise UpdateError(f"update folder holds unsigned files: {', '.join(extra[:5])}")


def verify_dir(folder: Path, keys: dict[str, Ed25519PublicKey]) -> UpdateManifest:
    """Signature, then every file. Returns the verified manifest; raises UpdateError."""
    mpath, spath = folder / MANIFEST, folder / SIGNATURE
    if not mpath.is_file():
        raise UpdateError(f"no {MANIFEST} in the update")
    manifest = verify_signature(mpath.read_bytes(), spath.read_bytes() if spath.is_file() else None, keys)
    verify_files(folder, manifest)
    return manifest


def trusted_keys(extra: Iterable[Path] = ()) -> dict[str, Ed25519PublicKey]:
    """The kiosk's trusted keys (KIOSK_KEYS_DIR, default keys/ in the project)."""
    from kiosk.config import settings

    keys = load_public_keys(settings().keys_dir)
    for d in extra:
        keys.update(load_public_keys(d))
    return keys
