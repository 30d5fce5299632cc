"""`kiosk.cli.batch.read_batch`: every line of a batch file comes back, decoded and parsed on its own."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from hypothesis import given, seed, settings
from hypothesis import strategies as st

from kiosk.cli.batch import MAX_DEPTH, MAX_LINE_BYTES, BatchError, BatchLine, read_batch


def _read(data: bytes) -> list[BatchLine]:
    return list(read_batch(io.BytesIO(data)))


def test_bad_lines_are_errors_with_their_line_number_and_the_rest_is_read() -> None:
    data = (b'\xef\xbb\xbf{"text": "three bottles of wine"}\n'  # UTF-8 BOM on line 1
            b"\n"                                                  # blank: skipped, still counted
            b'{"text": "caf\xe9"}\n'                               # Latin-1 byte: not UTF-8
            b'{"text": oops}\n'
            + b"[" * (MAX_DEPTH + 1) + b"]" * (MAX_DEPTH + 1) + b"\n"
            + b'["text"]\r\n'
            + b'{"text": "x", "n": NaN}\n'
            + b'{"text": "' + b"a" * MAX_LINE_BYTES + b'"}\n'
            + b'{"text": "cigarettes", "lang": "en"}')             # last line without a newline
    lines = _read(data)
    assert [(b.line, b.obj, b.error) for b in lines] == [
        (1, {"text": "three bottles of wine"}, None),
        (3, None, "not valid UTF-8 (byte 0xe9 at byte 14)"),
        (4, None, "not valid JSON (Expecting value at column 10)"),
        (5, None, f"JSON nested deeper than {MAX_DEPTH} levels"),
        (6, None, 'expected a JSON object {"text": ...}, got list'),
        (7, None, "not valid JSON (NaN is not allowed)"),
        (8, None, f"line longer than {MAX_LINE_BYTES} bytes"),
        (9, {"text": "cigarettes", "lang": "en"}, None),
    ]


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-8-sig"])
def test_utf16_and_bom_inputs_decode(codec: str) -> None:
    text = '{"text": "담배 두 보루"}\r\n\n{"text": "二瓶威士忌", "lang": "zh"}\n{"text": "x"'
    lines = _read(text.encode(codec))
    assert [(b.line, b.obj, b.error) for b in lines] == [
        (1, {"text": "담배 두 보루"}, None),
        (3, {"text": "二瓶威士忌", "lang": "zh"}, None),
        (4, None, "not valid JSON (Expecting ',' delimiter at column 13)"),
    ]


def test_bad_utf16_unit_is_an_error_on_its_line_only() -> None:
    data = '{"text": "a"}\n'.encode("utf-16-le") + b"\x00\xd8" + '\n{"text": "b"}\n'.encode("utf-16-le")
    lines = _read(b"\xff\xfe" + data)
    assert [(b.line, b.obj) for b in lines] == [(1, {"text": "a"}), (2, None), (3, {"text": "b"})]
    assert lines[1].error is not None and lines[1].error.startswith("not valid UTF-16-LE")


def test_paths_missing_directory_unreadable(tmp_path: Path) -> None:
    f = tmp_path / "in.jsonl"
    f.write_bytes(b'{"text": "a"}\n')
    assert [b.obj for b in read_batch(f)] == [{"text": "a"}]
    with pytest.raises(BatchError, match="cannot read batch input .*No such file"):
        read_batch(tmp_path / "missing.jsonl")
    with pytest.raises(BatchError, match="is a directory"):
        read_batch(tmp_path)
    assert BatchError("x").code == "bad_input"


# ---- fuzz (fixed seed: the same examples in CI every run) ----------------------------------------------
_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=10)


@seed(20261125)
@settings(max_examples=300, deadline=None, database=None)
@given(st.lists(st.binary(max_size=60).filter(lambda b: b"\n" not in b), max_size=12))
def test_fuzz_arbitrary_bytes_never_raise_and_keep_line_numbers(raw_lines: list[bytes]) -> None:
    data = b"\n".join(raw_lines)
    lines = _read(data)
    numbers = [b.line for b in lines]
    assert numbers == sorted(set(numbers))
    assert all(1 <= n <= max(1, len(raw_lines)) for n in numbers)
    for b in lines:
        assert (b.obj is None) != (b.error is None)
        assert b.obj is None or isinstance(b.obj, dict)


@seed(20261125)
@settings(max_examples=200, deadline=None, database=None)
@given(st.lists(st.dictionaries(st.text(max_size=8), _json_values, max_size=4), min_size=1, max_size=8),
       st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-be"]),
       st.sampled_from(["\n", "\r\n"]))
def test_fuzz_valid_objects_round_trip_in_every_encoding(objs: list[dict[str, object]], codec: str,
                                                         newline: str) -> None:
    data = newline.join(json.dumps(o, ensure_ascii=False) for o in objs).encode(codec)
    lines = _read(data)
    assert [(b.line, b.obj, b.error) for b in lines] == [(i, o, None) for i, o in enumerate(objs, 1)]
