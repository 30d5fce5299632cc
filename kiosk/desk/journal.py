"""The desk's decision log: append-only JSON Lines, hash-chained, power-loss safe, tamper-evident.

Each line is `{"seq": n, "prev": <hash of line n-1>, "rec": {...}, "hash": sha256(prev + canonical(seq, rec))}`.
`append` takes an exclusive lock, verifies the chain (the whole of it once per writer, then only the end
when the file is as the writer left it: appends stay fast as the log grows), writes the whole line with ONE `write` on an O_APPEND descriptor and `fsync`s
it (and the folder when the file is new) before it returns: a decision the officer saw as recorded survives a power
cut. A cut in the middle of a write can only leave a torn last line without its newline; the next `append` moves
that tail aside (`<log>.torn-<time>`) — it was never reported as recorded — and goes on from the last whole line.

Truncation (whole lines cut off the end) leaves a valid chain, so a side file `<log>.head` holds the last seq and
hash (replaced atomically after every append). `check_log` reports: an edited, reordered, inserted or deleted line
(the chain breaks), a log shorter than its head (truncated), a torn tail. Records hold no name, passport, face or
free text (kiosk.desk.decision validates that before anything is written).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

GENESIS = "0" * 64


class LogError(OSError):
    """The decision log cannot be written (or is not a decision log)."""


@dataclass(frozen=True)
class LogCheck:
    ok: bool
    records: tuple[dict[str, Any], ...]
    """The records of every line up to the first problem."""
    problems: tuple[str, ...] = ()
    torn_tail: bool = False
    """The last line is incomplete (a write cut by power loss); not a tampering by itself."""
    truncated: bool = False
    tampered: bool = False


@dataclass
class _Head:
    seq: int = 0
    hash: str = GENESIS
    extra: dict[str, Any] = field(default_factory=dict)


def _canonical(obj: Any) -> bytes:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")


def line_hash(prev: str, seq: int, rec: Mapping[str, Any]) -> str:
    return hashlib.sha256(prev.encode("ascii") + _canonical({"seq": seq, "rec": rec})).hexdigest()


def _head_path(path: Path) -> Path:
    return path.with_name(path.name + ".head")


def _read_head(path: Path) -> _Head | None:
    try:
        data = json.loads(_head_path(path).read_text(encoding="utf-8"))
        return _Head(int(data["seq"]), str(data["hash"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _write_head(path: Path, head: _Head) -> None:
    hp = _head_path(path)
    tmp = hp.with_name(hp.name + f".{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o640)
    try:
        os.write(fd, _canonical({"seq": head.seq, "hash": head.hash}) + b"\n")
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, hp)
    _fsync_dir(path.parent)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _lines(data: bytes) -> Iterator[tuple[int, bytes, bool]]:
    """(offset, line without newline, complete) for every line of data."""
    pos = 0
    while pos < len(data):
        nl = data.find(b"\n", pos)
        if nl < 0:
            yield pos, data[pos:], False
            return
        yield pos, data[pos:nl], True
        pos = nl + 1


def _scan(data: bytes) -> tuple[list[dict[str, Any]], list[str], int, str, int | None]:
    """Records, problems, last seq, last hash, offset of a torn tail (None if the file ends with a whole line)."""
    recs: list[dict[str, Any]] = []
    problems: list[str] = []
    seq, prev, torn = 0, GENESIS, None
    for off, raw, complete in _lines(data):
        if not complete:
            torn = off
            break
        try:
            line = json.loads(raw.decode("utf-8"))
            n, p, rec, h = int(line["seq"]), str(line["prev"]), line["rec"], str(line["hash"])
        except (ValueError, KeyError, TypeError, UnicodeDecodeError):
            problems.append(f"line {seq + 1}: not a log line (edited or damaged)")
            break
        if n != seq + 1:
            problems.append(f"line {seq + 1}: sequence {n} where {seq + 1} was expected (lines removed or inserted)")
            break
        if p != prev:
            problems.append(f"line {n}: does not chain to line {seq} (a line before it was changed)")
            break
        if line_hash(p, n, rec) != h:
            problems.append(f"line {n}: its content does not match its hash (edited)")
            break
        recs.append(rec)
        seq, prev = n, h
    return recs, problems, seq, prev, torn


def check_log(path: Path) -> LogCheck:
    """Verify the whole chain and the head. Never raises for a damaged log: the problems say what is wrong."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        head = _read_head(path)
        if head is not None and head.seq > 0:
            return LogCheck(False, (), ("the log file is missing but its head says it held records",),
                            truncated=True)
        return LogCheck(True, ())
    recs, problems, seq, last, torn = _scan(data)
    head = _read_head(path)
    truncated = False
    if not problems and head is not None:
        if head.seq > seq:
            truncated = True
            problems.append(f"the log ends at line {seq} but {head.seq} were written (truncated)")
        elif head.seq > 0 and not _head_matches(data, head):
            problems.append(f"line {head.seq} does not match the recorded head (rewritten)")
    elif head is None and seq > 0:
        problems.append("the log's head file is missing (cannot rule out truncation)")
    tampered = bool(problems) and not truncated
    if torn is not None and not problems:
        problems.append(f"an incomplete last line after line {seq} (a write cut by power loss)")
    ok = not problems or (torn is not None and len(problems) == 1)
    return LogCheck(ok, tuple(recs), tuple(problems), torn is not None, truncated, tampered)


def _head_matches(data: bytes, head: _Head) -> bool:
    for _off, raw, complete in _lines(data):
        if not complete:
            return False
        with contextlib.suppress(ValueError, KeyError, TypeError):
            line = json.loads(raw.decode("utf-8"))
            if int(line["seq"]) == head.seq:
                return str(line["hash"]) == head.hash
    return False


class DecisionLog:
    """Append records to one log file (one writer at a time: an exclusive flock around each append)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._known: tuple[int, int] | None = None  # (size, mtime_ns) right after this object's last append

    def _verify_whole(self, fd: int) -> None:
        """The whole chain, unless the file is exactly as this object left it (then the tail check suffices)."""
        st = os.fstat(fd)
        if self._known == (st.st_size, st.st_mtime_ns):
            return
        os.lseek(fd, 0, os.SEEK_SET)
        _recs, problems, _seq, _prev, _torn = _scan(_read_rest(fd))
        if problems:
            raise LogError(f"the decision log is damaged, not appending: {problems[0]}")

    def append(self, rec: Mapping[str, Any]) -> int:
        """Write one record durably; returns its sequence number. Raises LogError when the log is damaged (an
        append must never extend a tampered chain) or cannot be written."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        new = not self.path.exists()
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o640)
        except OSError as exc:
            raise LogError(exc.errno, f"cannot open the decision log: {exc.strerror}") from exc
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            self._verify_whole(fd)
            seq, prev, torn = _tail(fd, _read_head(self.path))
            if torn is not None:  # a write cut by power loss: keep the torn bytes aside, never in the chain
                aside = self.path.with_name(f"{self.path.name}.torn-{time.time_ns()}")
                os.lseek(fd, torn, os.SEEK_SET)
                aside.write_bytes(_read_rest(fd))
                os.ftruncate(fd, torn)
                os.fsync(fd)
            seq += 1
            h = line_hash(prev, seq, rec)
            line = _canonical({"seq": seq, "prev": prev, "rec": dict(rec), "hash": h}) + b"\n"
            written = os.write(fd, line)  # one write on O_APPEND: the line lands whole at the end
            if written != len(line):
                raise LogError(f"short write to the decision log ({written} of {len(line)} bytes)")
            os.fsync(fd)
            if new:
                _fsync_dir(self.path.parent)
            _write_head(self.path, _Head(seq, h))
            st = os.fstat(fd)
            self._known = (st.st_size, st.st_mtime_ns)
            return seq
        except OSError as exc:
            if isinstance(exc, LogError):
                raise
            raise LogError(exc.errno, f"cannot write the decision log: {exc.strerror}") from exc
        finally:
            os.close(fd)  # closing drops the lock

    def records(self) -> tuple[dict[str, Any], ...]:
        return check_log(self.path).records


def _read_rest(fd: int) -> bytes:
    chunks = []
    while b := os.read(fd, 1 << 16):
        chunks.append(b)
    return b"".join(chunks)


def _tail(fd: int, head: _Head | None) -> tuple[int, str, int | None]:
    """(last seq, its hash, offset of a torn tail or None) from the end of the file only (an append stays O(1);
    `check_log` verifies the whole chain). Raises LogError when the end does not match the head: truncated or
    rewritten logs are never extended."""
    size = os.lseek(fd, 0, os.SEEK_END)
    if size == 0:
        if head is not None and head.seq > 0:
            raise LogError(f"the decision log is empty but {head.seq} records were written (truncated)")
        return 0, GENESIS, None
    buf, start = b"", size
    def complete() -> bool:  # the buffer holds the whole last complete line
        last = buf.rfind(b"\n")
        return last >= 0 and buf.rfind(b"\n", 0, last) >= 0

    while start > 0 and not complete():
        step = min(1 << 16, start)
        start -= step
        os.lseek(fd, start, os.SEEK_SET)
        buf = os.read(fd, step) + buf
    end = buf.rfind(b"\n")
    torn = None if end == len(buf) - 1 else start + end + 1
    if end < 0:  # only a torn first line
        return 0, GENESIS, start
    begin = buf.rfind(b"\n", 0, end) + 1
    if begin == 0 and start > 0:
        raise LogError("the decision log's last line could not be read")
    try:
        line = json.loads(buf[begin:end].decode("utf-8"))
        seq, prev, rec, h = int(line["seq"]), str(line["prev"]), line["rec"], str(line["hash"])
    except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
        raise LogError("the decision log's last line is not a log line (edited or damaged)") from exc
    if line_hash(prev, seq, rec) != h:
        raise LogError(f"the decision log's line {seq} does not match its hash (edited), not appending")
    if head is not None and (head.seq > seq or (head.seq == seq and head.hash != h)
                             or (head.seq == seq - 1 and head.hash != prev)):
        raise LogError(f"the decision log does not match its head (line {seq}, head {head.seq}): truncated or "
                       "rewritten, not appending")
    return seq, h, torn
