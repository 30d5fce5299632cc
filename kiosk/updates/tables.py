"""The content check of a rules update: the same schema the kiosk answers with, at signing and at install."""

from __future__ import annotations

import tomllib
from pathlib import Path

from kiosk.updates.rates import rates_status
from kiosk.updates.signing import UpdateError, UpdateManifest

RATES_FILE = "rates.toml"


def validate_tables(folder: Path, manifest: UpdateManifest, what: str = "nothing installed") -> str:
    """Every top-level .toml must be a valid rule table (rates.toml: valid exchange rates); files in sub-folders
    (answer templates, phrasebooks) are carried as signed data. Returns the rates status ("" without rates).
    Raises UpdateError naming the file; `what` says what did not happen ("nothing installed")."""
    from pydantic import ValidationError

    from kiosk.rules.schema import ExchangeRates, RuleTable

    rates = ""
    for f in manifest.files:
        if not f.path.endswith(".toml") or "/" in f.path:
            continue
        try:
            data = tomllib.loads((folder / f.path).read_text(encoding="utf-8"))
            if Path(f.path).name == RATES_FILE:
                rates = rates_status(ExchangeRates.model_validate(data))
            else:
                RuleTable.model_validate(data)
        except (tomllib.TOMLDecodeError, UnicodeDecodeError, ValidationError) as exc:
            raise UpdateError(f"{f.path} is not a valid table ({type(exc).__name__}); {what}") from exc
    return rates
