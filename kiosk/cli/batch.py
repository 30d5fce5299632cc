"""Reading `kiosk ask --batch` input: JSON Lines, decoded line by line, never all-or-nothing.

The input is read as bytes. The encoding is taken from a byte-order mark (UTF-8, UTF-16 LE/BE), or guessed as
UTF-16 when the first line starts with `{` followed (or preceded) by a NUL byte; otherwise UTF-8. Each line is
decoded and parsed on its own: a line with bad bytes, bad JSON, JSON nested deeper than `MAX_DEPTH`, a line
longer than `MAX_LINE_BYTES`, or a JSON value that is not an object yields a `BatchLine` with `error` set and its
line number, and the lines around it are still read. Blank lines are skipped but counted, so line numbers always
match the file. Error texts name the problem and a position, never the line's content (it may be personal).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from kiosk.errors import KioskError
from kiosk.safejson import json_depth, reject_constant

MAX_LINE_BYTES = 64 * 1024
"""A longer line is reported as an error (and skipped without being held in memory)."""
MAX_DEPTH = 32
"""Deepest nesting of arrays/objects accepted in one line."""
_READ = 64 * 1024


class BatchError(KioskError):
    """The batch input as a whole cannot be read (missing, a directory, permission denied, I/O error)."""

    code = "bad_input"


@dataclass(frozen=True)
class BatchLine:
    """One non-blank input line: either a parsed JSON object or the reason it could not be used."""

    line: int
    """1-based line number in the input (blank lines count)."""
    obj: dict[str, Any] | None
    """The JSON object of the line, when it is one."""
    error: str | None
    """Why the line is unusable (no user content in it), else None."""


@dataclass(frozen=True)
class _Encoding:
    codec: str
    newline: bytes
    unit: int  # bytes per code unit: a newline only counts at a multiple of it
    bom: int  # bytes of byte-order mark to skip


_UTF8 = _Encoding("utf-8", b"\n", 1, 0)


def _sniff(head: bytes) -> _Encoding:
    if head.startswith(b"\xef\xbb\xbf"):
        return _Encoding("utf-8", b"\n", 1, 3)
    if head.startswith(b"\xff\xfe"):
        return _Encoding("utf-16-le", b"\n\x00", 2, 2)
    if head.startswith(b"\xfe\xff"):
        return _Encoding("utf-16-be", b"\x00\n", 2, 2)
    if head.startswith(b"{\x00"):  # UTF-16 without a byte-order mark: a JSON line starts with "{"
        return _Encoding("utf-16-le", b"\n\x00", 2, 0)
    if head.startswith(b"\x00{"):
        return _Encoding("utf-16-be", b"\x00\n", 2, 0)
    return _UTF8


def _raw_lines(read: Callable[[int], bytes], enc: _Encoding, buf: bytes) -> Iterator[bytes | None]:
    """The input's lines as bytes (newline removed), or None for a line over MAX_LINE_BYTES. `buf` holds the
    first bytes already read (byte-order mark included)."""
    buf = buf[enc.bom:]
    skipping = False  # inside an over-long line: drop bytes until its newline
    start = 0  # where to look for the next newline in buf
    while True:
        pos = buf.find(enc.newline, start)
        while pos != -1 and pos % enc.unit:
            pos = buf.find(enc.newline, pos + 1)
        if pos != -1:
            if skipping or pos > MAX_LINE_BYTES:
                yield None
            else:
                yield buf[:pos]
            skipping = False
            buf = buf[pos + len(enc.newline):]
            start = 0
            continue
        if len(buf) > MAX_LINE_BYTES:  # no newline yet and already too long: keep only an aligned tail
            keep = len(enc.newline) + len(buf) % enc.unit
            buf = buf[len(buf) - keep:]
            skipping = True
        start = max(0, len(buf) - len(enc.newline))
        start -= start % enc.unit
        chunk = read(_READ)
        if not chunk:
            break
        buf += chunk
    if skipping or len(buf) > MAX_LINE_BYTES:
        yield None
    elif buf:
        yield buf


def parse_line(raw: bytes, codec: str = "utf-8") -> tuple[dict[str, Any] | None, str | None]:
    """Decode and parse one line: (object, None) or (None, reason). Never raises."""
    try:
        text = raw.decode(codec)
    except UnicodeDecodeError as exc:
        return None, f"not valid {codec.upper()} (byte 0x{raw[exc.start]:02x} at byte {exc.start + 1})"
    text = text.strip().lstrip("\ufeff").strip()
    if not text:
        return None, None
    if json_depth(text) > MAX_DEPTH:
        return None, f"JSON nested deeper than {MAX_DEPTH} levels"
    try:
        obj = json.loads(text, parse_constant=reject_constant)
    except json.JSONDecodeError as exc:
        return None, f"not valid JSON ({exc.msg} at column {exc.colno})"
    except (ValueError, RecursionError) as exc:
        return None, f"not valid JSON ({exc})" if isinstance(exc, ValueError) else "JSON nested too deeply"
    if not isinstance(obj, dict):
        return None, f'expected a JSON object {{"text": ...}}, got {type(obj).__name__}'
    return obj, None


def _lines(fh: BinaryIO, source: str) -> Iterator[BatchLine]:
    read: Callable[[int], bytes] = getattr(fh, "read1", fh.read)  # read1: do not wait for a full chunk on a pipe
    try:
        first = read(_READ)
        while len(first) < 4 and (more := read(_READ)):
            first += more
        enc = _sniff(first)
        for n, raw in enumerate(_raw_lines(read, enc, first), 1):
            if raw is None:
                yield BatchLine(n, None, f"line longer than {MAX_LINE_BYTES} bytes")
                continue
            obj, error = parse_line(raw, enc.codec)
            if obj is None and error is None:
                continue  # blank line: skipped, still counted
            yield BatchLine(n, obj, error)
    except OSError as exc:
        raise BatchError(f"cannot read batch input {source}: {exc.strerror or exc}") from exc


def read_batch(source: BinaryIO | Path) -> Iterator[BatchLine]:
    """The non-blank lines of a JSON Lines batch input, each parsed or with its error.

    `source` is an open binary stream (e.g. `sys.stdin.buffer`) or a path; a path that cannot be opened raises
    `BatchError` at once (code "bad_input"), a read error while iterating raises it too.
    """
    if isinstance(source, Path):
        if source.is_dir():
            raise BatchError(f"batch input {source} is a directory, not a file")
        try:
            fh: BinaryIO = source.open("rb")
        except OSError as exc:
            raise BatchError(f"cannot read batch input {source}: {exc.strerror or exc}") from exc

        def owned() -> Iterator[BatchLine]:
            with fh:
                yield from _lines(fh, str(source))

        return owned()
    return _lines(source, getattr(source, "name", "<stream>"))
