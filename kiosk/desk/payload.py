"""The signed declaration payload the kiosk puts in its QR code, and the desk's check of it.

Text form (ASCII only, so a USB barcode scanner in keyboard mode types it the same on any keyboard layout):

    CKD1.<body>.<key id>.<signature>

`body` is base64url (no padding) of zlib-compressed JSON `{"d": <declaration compact JSON>, "a": <KioskAdvice>}`;
`signature` is base64url of the Ed25519 signature (kiosk.updates.signing keys) of the ASCII bytes `CKD1.<body>`.
A kiosk without a signing key prints the same text with key id and signature left empty ("unsigned").

The desk never trusts a payload silently: `verify_payload` returns the decoded content together with a status —
verified (a trusted kiosk key, intact), altered (the signature does not match: tampered or misread), foreign (a
key the desk does not know), unsigned, or unreadable (nothing could be decoded).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from kiosk.declaration import Declaration
from kiosk.desk.advice import KioskAdvice
from kiosk.updates.signing import key_id, load_private_key

PREFIX = "CKD1"
MAX_TEXT = 2300  # the declaration QR's byte budget (kiosk.declaration.output.QR_MAX_BYTES)
MAX_INFLATED = 64_000  # a payload never inflates beyond this (a zip bomb typed by a scanner is refused)
Status = Literal["verified", "altered", "foreign", "unsigned", "unreadable"]


@dataclass(frozen=True)
class DeskPayload:
    """What the desk read from a scan: the status decides how far it may be trusted."""

    status: Status
    declaration: Declaration | None
    advice: KioskAdvice | None
    key_id: str = ""
    digest: str = ""
    """sha256 (hex, first 32) of the payload text: names this declaration in the decision log (no identity)."""
    problem: str = ""

    @property
    def trusted(self) -> bool:
        return self.status == "verified"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    """Strict: only the one canonical spelling decodes (the last character's unused bits could otherwise change
    without changing the bytes - an altered code that still "verifies")."""
    data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    if _b64(data) != text:
        raise binascii.Error("not canonical base64")
    return data


def digest(text: str) -> str:
    return hashlib.sha256(text.strip().encode("utf-8")).hexdigest()[:32]


def sign_payload(decl: Declaration, advice: KioskAdvice, key: Ed25519PrivateKey | Path | None) -> str:
    """The QR text for a declaration and the kiosk's advice, signed with the kiosk's key (None: unsigned).
    Item descriptions are shortened (then dropped) when the text would not fit the QR; raises ValueError when
    even that does not fit."""
    if isinstance(key, Path):
        key = load_private_key(key)
    for limit in (200, 40, 16, 0):
        d = json.loads(decl.to_compact_json())
        a = advice.to_json()
        if limit < 200:
            for it in d.get("items", []):
                it["description"] = str(it.get("description", ""))[:limit]
            for it in a["i"]:
                it["d"] = str(it.get("d", ""))[:limit]
            d["truncated"] = True
        raw = json.dumps({"d": d, "a": a}, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        signed = f"{PREFIX}.{_b64(zlib.compress(raw.encode('utf-8'), 9))}"
        if key is None:
            text = f"{signed}.."
        else:
            text = f"{signed}.{key_id(key.public_key())}.{_b64(key.sign(signed.encode('ascii')))}"
        if len(text) <= MAX_TEXT:
            return text
    raise ValueError(f"declaration too large for a QR code ({len(advice.items)} items)")


def _decode(body: str) -> tuple[Declaration, KioskAdvice]:
    z = zlib.decompressobj()
    raw = z.decompress(_unb64(body), MAX_INFLATED)
    if z.unconsumed_tail:
        raise ValueError("payload inflates too far")
    data: dict[str, Any] = json.loads(raw.decode("utf-8"))
    return Declaration.model_validate(data["d"]), KioskAdvice.from_json(data["a"])


def verify_payload(text: str, keys: dict[str, Ed25519PublicKey]) -> DeskPayload:
    """Check a scanned payload against the trusted kiosk keys. Never raises on bad input: the status says it."""
    text = text.strip()
    dig = digest(text)
    if text.startswith("{"):  # a kiosk without this feature: the plain declaration JSON, never signed
        try:
            return DeskPayload("unsigned", Declaration.from_json(text), None, "", dig, "a plain, unsigned declaration")
        except ValueError as exc:
            return DeskPayload("unreadable", None, None, digest=dig, problem=f"bad JSON ({type(exc).__name__})")
    parts = text.split(".")
    if len(parts) != 4 or parts[0] != PREFIX:
        return DeskPayload("unreadable", None, None, digest=dig, problem="not a kiosk declaration code")
    _, body, kid, sig = parts
    try:
        decl, advice = _decode(body)
    except (ValueError, KeyError, TypeError, binascii.Error, zlib.error, UnicodeDecodeError) as exc:
        return DeskPayload("unreadable", None, None, kid, dig, f"cannot decode ({type(exc).__name__})")
    if not kid and not sig:
        return DeskPayload("unsigned", decl, advice, "", dig, "the kiosk did not sign this declaration")
    key = keys.get(kid)
    if key is None:
        return DeskPayload("foreign", decl, advice, kid, dig, f"signed with a key this desk does not trust ({kid})")
    try:
        key.verify(_unb64(sig), f"{PREFIX}.{body}".encode("ascii"))
    except (InvalidSignature, ValueError, binascii.Error):
        return DeskPayload("altered", decl, advice, kid, dig, "the signature does not match: altered or misread")
    return DeskPayload("verified", decl, advice, kid, dig)
