"""Exchange-rate expiry: a duty estimate needs this week's customs rates."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Protocol

from kiosk import clock

log = logging.getLogger(__name__)


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
    day = today or clock.today()
    return rates_meta.effective_date <= day <= rates_meta.valid_until


def rates_status(rates_meta: DatedRates, today: dt.date | None = None) -> str:
    """One line for staff: "valid until 2026-11-28", "expired on 2026-11-28", "not valid before 2026-11-29"."""
    day = today or clock.today()
    if day < rates_meta.effective_date:
        return f"not valid before {rates_meta.effective_date.isoformat()}"
    if day > rates_meta.valid_until:
        return f"expired on {rates_meta.valid_until.isoformat()}"
    return f"valid until {rates_meta.valid_until.isoformat()}"


def announce_rates(today: dt.date | None = None) -> bool:
    """At start-up: tell staff in the log whether the active exchange rates allow a duty estimate (a warning when
    they are stale; the metrics `kiosk_rates_valid` / `kiosk_rates_valid_until_timestamp_seconds` are read at each
    scrape, kiosk.metrics.StateCollector). Returns whether they are valid."""
    from kiosk.rules.engine import load_rates

    rates = load_rates()
    valid = rates_valid(rates, today)
    if valid:
        log.info("exchange rates: %s", rates_status(rates, today))
    else:
        log.warning("exchange rates: %s -> no duty estimates until new rates are installed (kiosk rules install)",
                    rates_status(rates, today))
    return valid
