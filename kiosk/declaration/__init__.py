"""Traveler customs declaration: model + JSON schema, pre-fill from answers, PDF and QR output. No Qt."""

from kiosk.declaration.model import (
    SCHEMA_PATH,
    SCHEMA_VERSION,
    Answers,
    Declaration,
    DeclaredItem,
    FamilyMember,
    Identity,
    Trip,
    json_schema,
    write_schema,
)
from kiosk.declaration.output import qr_payload, qr_png, render_pdf
from kiosk.declaration.prefill import CASH_LIMIT_USD, classify, prefill

__all__ = [
    "CASH_LIMIT_USD", "SCHEMA_PATH", "SCHEMA_VERSION", "Answers", "Declaration", "DeclaredItem", "FamilyMember",
    "Identity", "Trip",
    "classify", "json_schema", "prefill", "qr_payload", "qr_png", "render_pdf", "write_schema",
]
