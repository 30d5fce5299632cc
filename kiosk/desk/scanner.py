"""Desk input: what a USB barcode scanner types (the payload, then Enter), or the short code printed under the QR.

A keyboard-mode scanner "types" the QR's text and ends it with Enter (some with Tab, CR LF, or an AIM symbology
prefix such as `]Q1`); `parse_scan` accepts exactly that. When the QR cannot be scanned, the officer types the
short code printed under it (`K7M2-9QXR-4`): 9 symbols of the payload's sha256 in Crockford base32 plus one check
symbol, so a mistyped code says "check the code" instead of opening another traveler's declaration. The code finds
the payload in the desk's inbox folder (KIOSK_DESK_INBOX, where the kiosks of the hall deposit their signed
payloads); the payload found is verified like a scanned one.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from kiosk.desk.payload import PREFIX

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U
_CONFUSED = str.maketrans({"I": "1", "L": "1", "O": "0", "U": "V"})
_AIM = re.compile(r"^\][A-Za-z][0-9A-Za-z]")  # AIM symbology identifier some scanners send first
CODE_DATA = 9
MAX_SCAN = 4000


@dataclass(frozen=True)
class ScanInput:
    """One line from the scanner or the keypad."""

    kind: Literal["payload", "code", "invalid"]
    text: str
    """The payload text (kind payload) or the normalised code without dashes (kind code)."""
    problem: str = ""


def _check(symbols: str) -> str:
    total = sum((i + 1) * ALPHABET.index(ch) for i, ch in enumerate(symbols))
    return ALPHABET[total % 31]  # prime modulus, digits 0..30: any single substitution or adjacent swap shows


def short_code(payload_text: str) -> str:
    """The code printed under the QR, e.g. "K7M2-9QXR-4"."""
    n = int.from_bytes(hashlib.sha256(payload_text.strip().encode("utf-8")).digest()[:8], "big")
    data = "".join(ALPHABET[(n // 31 ** i) % 31] for i in range(CODE_DATA))  # base 31: the check modulus
    full = data + _check(data)
    return f"{full[:4]}-{full[4:8]}-{full[8:]}"


def parse_scan(raw: str) -> ScanInput:
    """What the scanner typed (one line; Enter already removed or not) or a short code typed by hand."""
    text = "".join(raw.split())  # Enter, CR LF, Tab, line wraps: a payload and a code hold no white space
    text = _AIM.sub("", text, count=1)
    if not text:
        return ScanInput("invalid", "", "empty")
    if len(text) > MAX_SCAN:
        return ScanInput("invalid", "", "too long")
    if text.startswith(PREFIX + "."):
        return ScanInput("payload", text)
    if text.startswith("{"):  # an older kiosk's plain JSON declaration QR: shown, but unsigned
        return ScanInput("payload", raw.strip())
    code = re.sub(r"[\s\-]", "", text.upper()).translate(_CONFUSED)
    if len(code) == CODE_DATA + 1 and all(ch in ALPHABET[:31] for ch in code):
        if _check(code[:-1]) != code[-1]:
            return ScanInput("invalid", code, "check symbol does not match: check the code")
        return ScanInput("code", code)
    return ScanInput("invalid", "", "not a declaration code")


def deposit(inbox: Path, payload_text: str) -> Path:
    """The kiosk's side: write the signed payload into the desk inbox under its short code (atomic rename)."""
    inbox.mkdir(parents=True, exist_ok=True)
    name = short_code(payload_text).replace("-", "") + ".ckd"
    tmp = inbox / f".{name}.{os.getpid()}.tmp"
    tmp.write_text(payload_text.strip() + "\n", encoding="ascii")
    os.replace(tmp, inbox / name)
    return inbox / name


def lookup(inbox: Path, code: str) -> str | None:
    """The payload deposited under a (normalised) short code, or None. The code must match the payload's own."""
    path = inbox / f"{code}.ckd"
    if not path.is_file():
        return None
    text = path.read_text(encoding="ascii", errors="replace").strip()
    return text if short_code(text).replace("-", "") == code else None

