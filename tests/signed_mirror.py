"""A test issuer (a fixed Ed25519 key: tests leave no key files behind) and model mirrors signed with it, as an
issuing office signs one with `kiosk rules sign DIR --kind models --key KEY --version V`."""

from __future__ import annotations

from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from kiosk.updates.signing import key_id, sign_dir

_KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
OTHER_KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(1, 33)))  # a key the kiosk does not trust


def issuer_keys() -> dict[str, Ed25519PublicKey]:
    """The trusted keys of a kiosk that trusts the test issuer (pass as `keys=`)."""
    return {key_id(_KEY.public_key()): _KEY.public_key()}


def write_public_key(folder: Path) -> Path:
    """A keys/ folder trusting the test issuer (for KIOSK_KEYS_DIR)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "test-issuer.pub").write_bytes(_KEY.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
    return folder


def sign_mirror(root: Path, version: str = "2026.12.1", key: Ed25519PrivateKey | None = None) -> Path:
    """Write MANIFEST.json + MANIFEST.sig covering root/manifest.json; returns root."""
    pem = root.parent / f".{root.name}-issuer.key"
    pem.write_bytes((key or _KEY).private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                serialization.NoEncryption()))
    try:
        sign_dir(root, pem, "models", version)
    finally:
        pem.unlink()
    return root
