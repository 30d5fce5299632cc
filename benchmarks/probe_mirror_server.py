"""Hostile HTTP model mirrors on loopback (random port) for `probe_sweep.py --class mirrors`.

Each probe serves a signed mirror whose files misbehave (trickle, stall, flood, lie about sizes, break HTTP) and
installs from it with short limits (idle 1 s, 2 s in all). The install must end within 8 s with an InstallError
(or succeed where the mirror is only unusual), install nothing half-done, and leave no empty staging folder."""

from __future__ import annotations

import contextlib
import http.server
import time
from collections.abc import Callable
from pathlib import Path

from probe_sweep import Outcome, Probe
from signed_mirror import LoopbackMirror

Send = Callable[[http.server.BaseHTTPRequestHandler, bytes, str], None]
BODY = bytes(range(256)) * 40  # 10 KiB model file


def _headers(h: http.server.BaseHTTPRequestHandler, code: int = 200, length: int | None = None,
             extra: dict[str, str] | None = None) -> None:
    h.send_response(code)
    if length is not None:
        h.send_header("Content-Length", str(length))
    for k, v in (extra or {}).items():
        h.send_header(k, v)
    h.end_headers()


def trickle(every: float, declare: bool = True, chunked: bool = False) -> Send:
    def send(h: http.server.BaseHTTPRequestHandler, data: bytes, _: str) -> None:
        _headers(h, length=len(data) if declare and not chunked else None,
                 extra={"Transfer-Encoding": "chunked"} if chunked else None)
        for i in range(len(data)):
            piece = data[i:i + 1]
            h.wfile.write(b"1\r\n" + piece + b"\r\n" if chunked else piece)
            h.wfile.flush()
            time.sleep(every)
    return send


def stall(after: int) -> Send:
    def send(h: http.server.BaseHTTPRequestHandler, data: bytes, _: str) -> None:
        _headers(h, length=len(data))
        h.wfile.write(data[:after])
        h.wfile.flush()
        time.sleep(6)
    return send


def flood(declare: int | None, chunked: bool = False) -> Send:
    def send(h: http.server.BaseHTTPRequestHandler, data: bytes, _: str) -> None:
        _headers(h, length=declare, extra={"Transfer-Encoding": "chunked"} if chunked else None)
        block = b"\0" * 65536
        for _ in range(800):  # 50 MB
            h.wfile.write(b"10000\r\n" + block + b"\r\n" if chunked else block)
    return send


def status(code: int, extra: dict[str, str] | None = None) -> Send:
    def send(h: http.server.BaseHTTPRequestHandler, data: bytes, path: str) -> None:
        _headers(h, code, 0, {**(extra or {}), **({"Location": path} if code in (301, 302) else {})})
    return send


def raw(reply: bytes) -> Send:
    def send(h: http.server.BaseHTTPRequestHandler, data: bytes, _: str) -> None:
        h.wfile.write(reply)
        h.wfile.flush()
        h.close_connection = True
    return send


def short(n: int) -> Send:
    def send(h: http.server.BaseHTTPRequestHandler, data: bytes, _: str) -> None:
        _headers(h, length=len(data))
        h.wfile.write(data[:n])
        h.wfile.flush()
        h.close_connection = True
    return send


def garbage(h: http.server.BaseHTTPRequestHandler, data: bytes, _: str) -> None:
    _headers(h, length=len(data))
    h.wfile.write(bytes(len(data)))


def no_length(h: http.server.BaseHTTPRequestHandler, data: bytes, _: str) -> None:
    _headers(h)
    h.wfile.write(data)
    h.close_connection = True


def bad_length(h: http.server.BaseHTTPRequestHandler, data: bytes, _: str) -> None:
    _headers(h, extra={"Content-Length": "-5"})
    h.wfile.write(data)
    h.close_connection = True


CASES: list[tuple[str, str, Send | None, bool]] = [  # (name, file that misbehaves, how, install may succeed)
    ("trickle with length", "m.bin", trickle(0.05), False),
    ("trickle without length", "m.bin", trickle(0.05, declare=False), False),
    ("trickle chunked", "m.bin", trickle(0.05, chunked=True), False),
    ("stall before body", "m.bin", stall(0), False),
    ("stall mid body", "m.bin", stall(5000), False),
    ("flood, 50 MB declared", "m.bin", flood(50 << 20), False),
    ("flood, no length", "m.bin", flood(None), False),
    ("flood, chunked", "m.bin", flood(None, chunked=True), False),
    ("flood, length 10 KiB then more", "m.bin", flood(len(BODY)), False),
    ("404", "m.bin", status(404), False),
    ("500", "m.bin", status(500), False),
    ("redirect loop", "m.bin", status(302), False),
    ("not HTTP", "m.bin", raw(b"SSH-2.0-OpenSSH\r\n"), False),
    ("closes at once", "m.bin", raw(b""), False),
    ("short body", "m.bin", short(100), False),
    ("other bytes", "m.bin", garbage, False),
    ("no length, correct body", "m.bin", no_length, True),
    ("negative length", "m.bin", bad_length, True),
    ("MANIFEST.json trickle", "MANIFEST.json", trickle(0.05, declare=False), False),
    ("MANIFEST.json stall", "MANIFEST.json", stall(10), False),
    ("MANIFEST.sig flood", "MANIFEST.sig", flood(None), False),
    ("manifest.json flood", "manifest.json", flood(None), False),
    ("manifest.json 404", "manifest.json", status(404), False),
    ("MANIFEST.json 500", "MANIFEST.json", status(500), False),
    ("well-behaved", "m.bin", None, True),
]


def _server(root: Path, bad: str, how: Send | None) -> LoopbackMirror:
    def answer(h: http.server.BaseHTTPRequestHandler, path: Path, data: bytes) -> bool:
        if how is None or path.name != bad:
            return False
        with contextlib.suppress(OSError):
            how(h, data, h.path)
        return True

    return LoopbackMirror(root, answer)


def _run(tmp: Path, name: str, bad: str, how: Send | None, may_succeed: bool) -> tuple[Outcome, str | None]:
    from signed_mirror import issuer_keys, write_mirror

    from kiosk.registry import Registry
    from kiosk.registry.download import Limits
    from kiosk.registry.install import InstallError, install_from
    from kiosk.registry.manifest import Manifest

    root = write_mirror(tmp / "mirror", "pack-m", {"m.bin": BODY})
    home = tmp / "home"
    srv = _server(root, bad, how)
    reg = Registry(home=home, manifest=Manifest(models=[]))
    t0 = time.monotonic()
    problem: str | None = None
    rc, err = 0, ""
    try:
        install_from(srv.url, registry=reg, keys=issuer_keys(), limits=Limits(idle_s=1.0, min_rate=1e9, grace_s=2.0))
        if not may_succeed:
            problem = "installed from a hostile mirror"
        elif (reg.model_dir("pack-m") / "m.bin").read_bytes() != BODY:
            problem = "installed other bytes"
    except InstallError as exc:
        rc, err = 2 if exc.code == "bad_input" else 4, str(exc)
        if reg.model_dir("pack-m").exists():
            problem = "a model folder appeared after a failed install"
        if "\n" in err:
            problem = "multi-line message"
    except (OSError, ValueError) as exc:
        rc, err, problem = 70, repr(exc), f"not an InstallError: {exc!r}"
    finally:
        srv.close()
    seconds = time.monotonic() - t0
    if seconds > 8:
        problem = problem or f"took {seconds:.1f} s"
    staging = home / ".staging"
    if staging.exists():
        leftovers = [p for p in staging.rglob("*") if p.is_dir() and not any(p.iterdir())
                     or p.is_file() and p.stat().st_size == 0]
        big = [p for p in staging.rglob("*") if p.is_file() and p.stat().st_size > len(BODY)]
        if leftovers or big:
            problem = problem or f"staging left: {[str(p.relative_to(home)) for p in leftovers + big]}"
    return Outcome(rc, "", err, seconds), problem


def mirror_probes(tmp: Path) -> list[Probe]:
    probes = []
    for i, (name, bad, how, ok) in enumerate(CASES):
        box: dict[str, str | None] = {}

        def run(i: int = i, name: str = name, bad: str = bad, how: Send | None = how, ok: bool = ok,
                box: dict[str, str | None] = box) -> Outcome:
            folder = tmp / f"case-{i}"
            folder.mkdir()
            outcome, box["problem"] = _run(folder, name, bad, how, ok)
            return outcome

        probes.append(Probe("mirrors", name, run, lambda o, box=box: box.get("problem")))
    return probes
