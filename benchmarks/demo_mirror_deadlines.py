"""install_from against a trickling (1 byte every 5 s) and a flooding (50 MB for a 10 KiB file) loopback mirror,
with the default limits: run it on this tree and on an older one to compare (issue 21 item 5; takes ~70 s).

    PYTHONPATH=. python benchmarks/demo_mirror_deadlines.py
"""

from __future__ import annotations

import inspect
import signal
import sys
import tempfile
import time
from pathlib import Path

sys.path[:0] = ["tests", "benchmarks"]
import probe_mirror_server as pm  # noqa: E402
from signed_mirror import issuer_keys  # noqa: E402

from kiosk.registry import Registry, install  # noqa: E402
from kiosk.registry.manifest import Manifest  # noqa: E402


class Hang(Exception):
    pass


def alarm(*a: object) -> None:
    raise Hang()


signal.signal(signal.SIGALRM, alarm)
new = "limits" in inspect.signature(install.install_from).parameters
for name, how in (("trickle 1 byte / 5 s", pm.trickle(5.0)), ("50 MB for a 10 KiB file", pm.flood(None))):
    with tempfile.TemporaryDirectory() as td:
        tmp = Path(td)
        srv = pm._Server(pm._mirror(tmp / "mirror"), "m.bin", how)
        reg = Registry(home=tmp / "home", manifest=Manifest(models=[]))
        t0 = time.monotonic()
        signal.alarm(90)
        try:
            kw = {"keys": issuer_keys()} if new else {}
            install.install_from(srv.url, registry=reg, **kw)
            res = "installed"
        except Hang:
            res = "still running after 90 s (HANG)"
        except Exception as e:
            res = f"{type(e).__name__}: {str(e)[:110]}"
        finally:
            signal.alarm(0)
        print(f"{'new' if new else 'old'} | {name}: {res} after {time.monotonic()-t0:.1f} s")
        srv.close()
