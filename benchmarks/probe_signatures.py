"""Probe class `signatures` of probe_sweep.py: model-pack mirrors unsigned, signed by a foreign key, tampered in
11 ways (over a folder and over HTTP on loopback), and built-in model ids offered with other bytes."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

from probe_sweep import ROOT, Probe, cli, expect


def signatures(tmp: Path) -> list[Probe]:
    from signed_mirror import OTHER_KEY, sign_mirror, write_public_key

    keys = str(write_public_key(tmp / "keys"))
    probes = []
    voices = ROOT / "voices" / "kokoro"
    piper = json.loads(json.dumps(_builtin_entry("piper-en_US-joe-medium")))

    def mirror(name: str, entry: dict, files: dict[str, bytes], how: str) -> Path:
        root = tmp / f"sig-{name}"
        for rel, data in files.items():
            (root / entry["id"] / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / entry["id"] / rel).write_bytes(data)
        (root / "manifest.json").write_text(json.dumps({"version": 1, "models": [entry]}), encoding="utf-8")
        if how == "foreign":
            sign_mirror(root, key=OTHER_KEY)
        elif how in ("signed", "tamper", "rules-kind", "bad-sig", "no-sig"):
            sign_mirror(root)
        if how == "tamper":
            (root / "manifest.json").write_text(json.dumps({"version": 1, "models": [entry]}) + " ", encoding="utf-8")
        if how == "bad-sig":
            (root / "MANIFEST.sig").write_text('{"key_id": "x", "signature": "!!"}', encoding="utf-8")
        if how == "no-sig":
            (root / "MANIFEST.sig").unlink()
        if how == "rules-kind":
            from kiosk.updates.signing import sign_dir

            pem = tmp / "issuer.key"
            from cryptography.hazmat.primitives import serialization
            from signed_mirror import _KEY
            pem.write_bytes(_KEY.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                               serialization.NoEncryption()))
            sign_dir(root, pem, "rules", "1")
        return root

    blob = (voices / "af_heart.bin").read_bytes()
    pack = {"id": "pack-x", "kind": "mt", "languages": ["*"],
            "files": [{"path": "m.bin", "size": len(blob), "sha256": _sha(blob)}]}
    hows = ["unsigned", "foreign", "tamper", "bad-sig", "no-sig", "rules-kind", *TAMPER]
    served = _serve(tmp)
    for how in hows:
        root = mirror(how, pack, {"m.bin": blob}, "signed" if how in TAMPER else how)
        if how in TAMPER:
            TAMPER[how](root)
        for where in (str(root), served + root.name + "/"):
            probes.append(Probe("signatures", f"pack mirror {how} ({'http' if where.startswith('http') else 'dir'})",
                                lambda w=where, h=how: cli(["models", "install", "--from", w], {
                                    "KIOSK_HOME": str(tmp / f"h-{h}-{len(w)}"), "KIOSK_KEYS_DIR": keys}),
                                expect(2)))
    root = mirror("nokeys", pack, {"m.bin": blob}, "signed")
    probes.append(Probe("signatures", "no trusted key installed", lambda r=root: cli(
        ["models", "install", "--from", str(r)], {"KIOSK_HOME": str(tmp / "h-nokeys"),
                                                  "KIOSK_KEYS_DIR": str(tmp / "empty-keys")}), expect(2)))
    # built-in id hijacks (the case): same names and sizes, other bytes; extra file; fewer files
    onnx = Path(piper["files"][0]["_src"])
    cfg = Path(piper["files"][1]["_src"])
    real = {f["path"]: Path(f["_src"]).read_bytes() for f in piper["files"]}
    for f in piper["files"]:
        f.pop("_src")
        f.pop("parts", None)
    variants = {
        "same sizes other config bytes": {**real, cfg.name: real[cfg.name].replace(b'"length_scale"', b'"length_scalE"')},
        "extra file": {**real, "extra.json": b"{}"},
        "one file only": {onnx.name: real[onnx.name]},
    }
    for name, files in variants.items():
        entry = {**piper, "files": [{"path": p, "size": len(d), "sha256": _sha(d)} for p, d in files.items()]}
        root = mirror(name.replace(" ", "-"), entry, files, "signed")
        for signed in (True, False):
            r = root if signed else mirror(name.replace(" ", "-") + "-u", entry, files, "unsigned")
            probes.append(Probe("signatures", f"built-in id: {name}, {'signed' if signed else 'unsigned'}",
                                lambda r=r: cli(["models", "install", "--from", str(r)],
                                                {"KIOSK_HOME": str(tmp / f"h-{r.name}"), "KIOSK_KEYS_DIR": keys}),
                                expect(2, says="built-in model" if signed else "")))
    probes.append(Probe("signatures", "verify names the shipped manifest", lambda: cli(
        ["models", "verify", "piper-en_US-joe-medium"]), expect(0, out_has="against the shipped manifest")))
    return probes


def _spoof_key_id(root: Path) -> None:
    from signed_mirror import OTHER_KEY, issuer_keys, sign_mirror

    sign_mirror(root, key=OTHER_KEY)
    sig = json.loads((root / "MANIFEST.sig").read_text())
    (root / "MANIFEST.sig").write_text(json.dumps({**sig, "key_id": next(iter(issuer_keys()))}))


def _edit(name: str, change: Callable[[bytes], bytes]) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        (root / name).write_bytes(change((root / name).read_bytes()))
    return apply


def _resign_kind(kind: str) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        from cryptography.hazmat.primitives import serialization
        from signed_mirror import _KEY

        from kiosk.updates.signing import sign_dir

        pem = root.parent / f".{root.name}.key"
        pem.write_bytes(_KEY.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
        sign_dir(root, pem, kind, "1")
        pem.unlink()
    return apply


TAMPER: dict[str, Callable[[Path], None]] = {
    "key id spoofed": _spoof_key_id,
    "signature truncated": _edit("MANIFEST.sig", lambda b: b.replace(b'"}', b'AA"}')[:-20] + b'"}'),
    "signed size edited": _edit("MANIFEST.json", lambda b: b.replace(b'"size": ', b'"size": 1')),
    "signed sha edited": _edit("MANIFEST.json", lambda b: b.replace(b'"sha256": "', b'"sha256": "0')),
    "sig empty": _edit("MANIFEST.sig", lambda b: b""),
    "sig not json": _edit("MANIFEST.sig", lambda b: b"\xff\xfe garbage"),
    "sig huge": _edit("MANIFEST.sig", lambda b: b" " * 10_000 + b),
    "MANIFEST.json missing": lambda root: (root / "MANIFEST.json").unlink(),
    "manifest.json missing": lambda root: (root / "manifest.json").unlink(),
    "manifest.json grew": _edit("manifest.json", lambda b: b + b"\n"),
    "kind phrasebook": _resign_kind("phrasebook"),
}


def _serve(tmp: Path) -> str:
    """The signatures' mirrors over HTTP too (plain static server, random loopback port, daemon thread)."""
    import functools
    import http.server
    import threading

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *a: object) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(tmp))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{httpd.server_address[1]}/"


def _builtin_entry(mid: str) -> dict:
    from kiosk.registry import default_registry

    reg = default_registry()
    spec = reg.builtin_manifest.get(mid)
    assert spec is not None
    d = reg.path(mid)
    return {**spec.model_dump(exclude={"origin", "packages", "description", "license"}),
            "files": [{**f.model_dump(), "_src": str((d / f.path).resolve())} for f in spec.files]}


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
