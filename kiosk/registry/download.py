"""Bounded downloads from a model mirror: never more bytes than declared, never longer than a deadline.

`fetch(url, out, limit=..., offset=...)` appends the body of `url` (from byte `offset`, with an HTTP Range
request) to `out` and stops with `DownloadError`

- as soon as the body would pass `limit` bytes (a declared Content-Length over it is refused before any byte is
  read), so a mirror that sends 300 MB for a file declared as 10 bytes writes at most 10 to disk;
- when no byte arrives for `Limits.idle_s` (a stalled server);
- when the whole transfer takes longer than `Limits.deadline(bytes)`: a grace period plus the bytes at the
  slowest rate still accepted, so a mirror trickling one byte every few seconds cannot hold the install forever.

Bytes are read with `read1` (what has arrived, not a full block), so the deadline is checked after every packet.
"""

from __future__ import annotations

import http.client
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import BinaryIO

from kiosk.errors import KioskError

_CHUNK = 1 << 20


class DownloadError(KioskError):
    """A download was refused or stopped (HTTP error, too large, stalled, too slow, connection dropped)."""

    code = "bad_input"


class _WriteFailed(Exception):
    def __init__(self, error: OSError) -> None:
        self.error = error


@dataclass(frozen=True)
class Limits:
    """How long a mirror may take. Defaults: 30 s without a byte, and on average at least 50 kB/s after a
    minute's grace (a 1.2 GB pack may take 6.7 h; a 10-byte file 60 s)."""

    idle_s: float = 30.0
    min_rate: float = 50_000.0
    grace_s: float = 60.0

    def deadline(self, nbytes: int) -> float:
        """Seconds a transfer of `nbytes` may take in all."""
        return self.grace_s + max(0, nbytes) / self.min_rate


def fetch(url: str, out: BinaryIO, *, limit: int, offset: int = 0, limits: Limits = Limits(),
          what: str = "") -> int:
    """Append bytes `offset`..`limit` of `url` to `out` (restarting from 0 when the server ignores the Range);
    returns the bytes written. Raises DownloadError (404 included: see `fetch_small` for optional files)."""
    what = what or url
    remaining = limit - offset
    req = urllib.request.Request(url)
    if offset:
        req.add_header("Range", f"bytes={offset}-")
    start = time.monotonic()
    end = start + limits.deadline(remaining)
    written = 0
    try:
        with urllib.request.urlopen(req, timeout=limits.idle_s) as resp:  # noqa: S310 (operator-given mirror)
            if offset and resp.status != 206:  # the server ignored the range: start again from zero
                out.seek(0)
                out.truncate()
                remaining = limit
            declared = resp.headers.get("Content-Length")
            if declared is not None and declared.strip().isdigit() and int(declared) > remaining:
                raise DownloadError(f"{what}: the mirror sends {int(declared)} bytes, more than the {remaining} "
                                    "declared in its manifest; nothing kept")
            while True:
                chunk = resp.read1(min(_CHUNK, remaining - written + 1))
                if not chunk:
                    break
                if written + len(chunk) > remaining:
                    raise DownloadError(f"{what}: the mirror sends more than the {limit} bytes declared in its "
                                        "manifest; stopped, nothing kept")
                try:
                    out.write(chunk)
                except OSError as exc:  # the disk, not the mirror: the caller reports a storage error
                    raise _WriteFailed(exc) from exc
                written += len(chunk)
                if time.monotonic() > end:
                    raise DownloadError(f"{what}: too slow ({written} bytes in {time.monotonic() - start:.0f} s, "
                                        f"limit {limits.deadline(remaining):.0f} s); run the install again to "
                                        "resume")
    except DownloadError:
        raise
    except _WriteFailed as exc:
        raise exc.error from None
    except urllib.error.HTTPError as exc:
        raise DownloadError(f"{what}: the mirror answered HTTP {exc.code}") from exc
    except TimeoutError as exc:
        raise DownloadError(f"{what}: the mirror stalled (no data for {limits.idle_s:g} s); run the install "
                            "again to resume") from exc
    except (OSError, urllib.error.URLError, http.client.HTTPException, ValueError) as exc:
        # HTTPException covers IncompleteRead: the server dropped the connection mid-file
        raise DownloadError(f"download of {what} interrupted: {exc!r}") from exc
    return written


def fetch_small(url: str, limit: int, limits: Limits = Limits(), what: str = "") -> bytes | None:
    """A small file (a manifest) in memory: its bytes, or None when the mirror has no such file (HTTP 404)."""
    import io

    buf = io.BytesIO()
    try:
        fetch(url, buf, limit=limit, limits=limits, what=what)
    except DownloadError as exc:
        if isinstance(exc.__cause__, urllib.error.HTTPError) and exc.__cause__.code == 404:
            return None
        raise
    return buf.getvalue()
