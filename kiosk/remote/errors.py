"""The one error a remote model server raises: the caller falls back to the local model."""

from __future__ import annotations

from kiosk.errors import KioskError


class RemoteUnavailable(KioskError):
    """A remote server could not answer in time, refused the request or answered nonsense.

    `detail` names the server and the reason (never user text); `with_fallback` catches it and uses the local
    model instead. `rest_s` is how long the server is then left alone: None = the configured
    KIOSK_REMOTE_RETRY_AFTER (the server is down or broken), 0 = not at all (this one request cannot be served
    there, e.g. a language it has no voice for: not an outage), a few seconds for a busy server (back-pressure)."""

    code = "unavailable"

    def __init__(self, detail: str = "", *, rest_s: float | None = None, fix: str = "", code: str | None = None
                 ) -> None:
        super().__init__(detail, fix=fix, code=code)
        self.rest_s = rest_s


BUSY_REST_S = 2.0  # a server that answered "busy" is asked again after this long (it is up, only full)
