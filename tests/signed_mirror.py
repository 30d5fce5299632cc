"""A test issuer (a fixed Ed25519 key: tests leave no key files behind) and model mirrors signed with it, as an
issuing office signs one with `kiosk rules sign DIR --kind models --key KEY --version V`."""

from __future__ import annotations

import contextlib
import hashlib
import http.server
import json
import threading
from collections.abc import Callable
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


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_mirror(root: Path, mid: str, files: dict[str, bytes], declared: dict[str, bytes] | None = None,
                 corrupt: str | None = None, sign: bool = True) -> Path:
    """A model mirror folder holding one model `mid`: its files, a manifest.json saying what `declared` (default
    `files`) holds, signed by the test issuer unless `sign` is False. `corrupt` names a file whose last bytes are
    spoilt after the manifest was written."""
    root.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (root / mid / name).parent.mkdir(parents=True, exist_ok=True)
        (root / mid / name).write_bytes(data if name != corrupt else data[:-4] + b"XXXX")
    specs = [{"path": n, "size": len(d), "sha256": sha(d)} for n, d in (declared or files).items()]
    (root / "manifest.json").write_text(json.dumps({"version": 1, "models": [
        {"id": mid, "kind": "mt", "languages": ["*"], "files": specs}]}), encoding="utf-8")
    return sign_mirror(root) if sign else root


Send = Callable[[http.server.BaseHTTPRequestHandler, Path, bytes], bool]


class LoopbackMirror:
    """A mirror folder served over HTTP on a random loopback port. `send(handler, path, data)` may answer a request
    its own way (a dropped connection, a trickle, a flood) and return True; otherwise the file is sent whole."""

    def __init__(self, root: Path, send: Send | None = None) -> None:
        self.root = root
        outer = self
        self.send = send

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                path = outer.root / self.path.lstrip("/")
                if not path.is_file():
                    self.send_error(404)
                    return
                data = path.read_bytes()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    if outer.send is not None and outer.send(self, path, data):
                        return
                    self.send_response(200)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
