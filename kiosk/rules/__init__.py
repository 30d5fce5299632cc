"""Rule tables (data) and the deterministic rule engine. Verdicts and numbers come from here, never from an LLM."""

from __future__ import annotations

from kiosk.rules.engine import (
    RuleEngine,
    UnknownJurisdiction,
    available_jurisdictions,
    from_usd,
    get_engine,
    load_rates,
    load_table,
    to_usd,
    with_usd,
)
from kiosk.rules.model import SEVERITY, VERDICTS, Evaluation, Finding, Item, most_severe
from kiosk.rules.party import Member, PartyEvaluation, PersonVerdict, evaluate_party
from kiosk.rules.schema import CATEGORIES, ExchangeRates, Rule, RuleTable

__all__ = [
    "CATEGORIES", "SEVERITY", "VERDICTS", "Evaluation", "ExchangeRates", "Finding", "Item", "Member",
    "PartyEvaluation", "PersonVerdict", "Rule", "RuleEngine", "RuleTable", "UnknownJurisdiction",
    "available_jurisdictions", "evaluate_party", "from_usd", "get_engine", "load_rates", "load_table", "most_severe",
    "to_usd", "with_usd",
]
