"""Guards for JSON from outside (a mirror's manifest, a batch file's lines): nesting depth before parsing, and
no NaN/Infinity constants."""

from __future__ import annotations


def json_depth(text: str) -> int:
    """Deepest nesting of [ and { outside JSON strings, found without parsing (a document nested 50,000 levels deep
    must not reach the recursive parser)."""
    depth = deepest = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth -= 1
    return deepest


def reject_constant(name: str) -> float:
    """`parse_constant` for json.loads: NaN, Infinity and -Infinity are not data."""
    raise ValueError(f"{name} is not allowed")
