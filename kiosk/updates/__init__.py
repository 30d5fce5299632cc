"""Signed updates (Ed25519) of rule tables, exchange rates and other data packs; exchange-rate expiry."""

from __future__ import annotations

from kiosk.updates.mirror import publish
from kiosk.updates.rates import rates_status, rates_valid
from kiosk.updates.reload import RulesWatcher, reload_rules
from kiosk.updates.signing import (
    UpdateError,
    UpdateManifest,
    generate_keypair,
    load_public_keys,
    sign_dir,
    trusted_keys,
    verify_dir,
)
from kiosk.updates.store import (
    InstallOutcome,
    RulesStatus,
    active_rules_dir,
    install_rules,
    rollback,
    rules_home,
    rules_status,
    verified_mirror_manifest,
)

__all__ = [
    "InstallOutcome", "RulesStatus", "RulesWatcher", "UpdateError", "UpdateManifest", "active_rules_dir",
    "generate_keypair", "install_rules", "load_public_keys", "publish", "rates_status", "rates_valid", "reload_rules",
    "rollback", "rules_home", "rules_status", "sign_dir", "trusted_keys", "verified_mirror_manifest", "verify_dir",
]
