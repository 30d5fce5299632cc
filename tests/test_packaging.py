"""The installed tree is the pinned one: packaging/constraints.txt names every distribution in the venv, at the
version installed (a fresh clone then resolves what CI passed with, the loopback servers' dependencies included)."""

from __future__ import annotations

import re
from importlib import metadata
from pathlib import Path

CONSTRAINTS = Path(__file__).resolve().parent.parent / "packaging" / "constraints.txt"
SKIP = {"pip", "setuptools", "wheel", "customs-kiosk"}  # the installer itself and the project


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pins() -> dict[str, str]:
    pins: dict[str, str] = {}
    for line in CONSTRAINTS.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            assert version, f"not an exact pin: {line!r}"
            pins[_norm(name)] = version
    return pins


def test_constraints_pin_every_installed_distribution_exactly() -> None:
    pins = _pins()
    installed = {_norm(d.metadata["Name"]): d.version for d in metadata.distributions()}
    for name in SKIP:
        installed.pop(name, None)
    unpinned = sorted(set(installed) - set(pins))
    differ = sorted(f"{n} {installed[n]} != {pins[n]}" for n in set(installed) & set(pins) if installed[n] != pins[n])
    assert not unpinned, f"installed but not in packaging/constraints.txt: {unpinned}"
    assert not differ, f"installed version differs from packaging/constraints.txt: {differ}"


def test_servers_started_by_the_tests_are_pinned_with_their_dependencies() -> None:
    pins = _pins()
    for server in ("wyoming-faster-whisper", "wyoming-piper", "llama-cpp-python", "uvicorn", "fastapi"):
        assert server in pins
        for req in metadata.requires(server) or []:
            if "extra ==" in req:
                continue
            dep = _norm(re.split(r"[ <>=!~;\[(]", req, maxsplit=1)[0])
            assert dep in pins, f"{server} needs {dep}, which packaging/constraints.txt does not pin"
