"""Which manifest a model's files are checked against, and whether an installed pack's manifest is still the
signed one it was installed from.

An install keeps the mirror's verified MANIFEST.json, MANIFEST.sig and manifest.json in `<home>/.signed/<id>/`
and notes the key id, signed version and source in installed.json (`"signed"`). `kiosk models verify` checks
that signature again with the trusted keys (keys/) and that installed.json lists exactly the signed entry.
"""

from __future__ import annotations

import json
from pathlib import Path

from kiosk.registry.manifest import ManifestError, ModelSpec, parse_mirror_manifest

SIGNED_DIR = ".signed"
INSTALLED_FILE = "installed.json"


def signed_origins(home: Path) -> dict[str, dict[str, str]]:
    """model id -> {"key_id", "version", "source"} as recorded at install ({} when unreadable)."""
    try:
        data = json.loads((home / INSTALLED_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return {}
    signed = data.get("signed") if isinstance(data, dict) else None
    if not isinstance(signed, dict):
        return {}
    return {k: {kk: str(vv) for kk, vv in v.items()} for k, v in signed.items() if isinstance(v, dict)}


def check_pack(home: Path, spec: ModelSpec) -> tuple[str, str]:
    """(the manifest a pack is verified against, for people; the problem, "" when its signature holds)."""
    from kiosk.updates import UpdateError, verified_mirror_manifest

    origin = signed_origins(home).get(spec.id, {})
    name = (f"the signed mirror manifest (key {origin.get('key_id', '?')}, version {origin.get('version', '?')}, "
            f"from {origin.get('source', '?')})")
    folder = home / SIGNED_DIR / spec.id
    if not folder.is_dir():
        return name, "installed without a signed mirror manifest (by an older kiosk); install it again"
    try:
        entry = parse_mirror_manifest(verified_mirror_manifest(str(folder))).get(spec.id)
    except UpdateError as exc:
        return name, f"its signed mirror manifest does not verify ({exc.detail})"
    except ManifestError as exc:
        return name, f"its signed mirror manifest is invalid ({exc})"
    if entry is None or _files(entry) != _files(spec) or entry.kind != spec.kind:
        return name, "installed.json does not list what the signed mirror manifest lists (changed after install)"
    return name, ""


def _files(spec: ModelSpec) -> list[tuple[str, int, str]]:
    return sorted((f.path, f.size, f.sha256) for f in spec.files)
