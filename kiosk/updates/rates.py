"""Exchange-rate expiry: a duty estimate needs this week's customs rates."""

from __future__ import annotations

import datetime as dt
from typing import Protocol


class DatedRates(Protocol):
    """Anything with the dates of `kiosk.rules.ExchangeRates`."""

    @property
    def effective_date(self) -> dt.date: ...

    @property
    def valid_until(self) -> dt.date: ...


def rates_valid(rates_meta: DatedRates, today: dt.date | None = None) -> bool:
    """True when `today` (default: the local date) lies in [effective_date, valid_until], both days included.

    The rule engine should give no duty estimate when this is False (the answer says the estimate is unavailable
    and staff see the expiry in `kiosk rules status`)."""
    day = today or dt.date.today()
    return rates_meta.effective_date <= day <= rates_meta.valid_until


def rates_status(rates_meta: DatedRates, today: dt.date | None = None) -> str:
    """One line for staff: "valid until 2026-11-28", "expired on 2026-11-28", "not valid before 2026-11-29"."""
    day = today or dt.date.today()
    if day < rates_meta.effective_date:
        return f"not valid before {rates_meta.effective_date.isoformat()}"
    if day > rates_meta.valid_until:
        return f"expired on {rates_meta.valid_until.isoformat()}"
    return f"valid until {rates_meta.valid_until.isoformat()}"
