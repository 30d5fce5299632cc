"""The one error a remote model server raises: the caller falls back to the local model."""

from __future__ import annotations

from kiosk.errors import KioskError


class RemoteUnavailable(KioskError):
    """A remote server could not answer in time, refused the request or answered nonsense.

    `detail` names the server and the reason (never user text); `with_fallback` catches it and uses the local
    model instead."""

    code = "unavailable"
