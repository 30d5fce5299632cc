#!/bin/sh
# Wayland kiosk session: cage shows exactly one fullscreen application and has no desktop, panel or
# task switcher to escape to. When the app exits, cage exits, and systemd restarts the unit (Restart=on-failure).
set -eu
cd "$(dirname "$0")/.."
VENV="${KIOSK_VENV:-/opt/customs-kiosk/.venv}"
export KIOSK_HOME="${KIOSK_HOME:-/var/lib/customs-kiosk}"
export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-wayland}"
export QT_WAYLAND_DISABLE_WINDOWDECORATION=1
# -d: no client-side decorations; -s: allow VT switching only if KIOSK_ALLOW_VT=1 (off by default)
CAGE_FLAGS="-d"
[ "${KIOSK_ALLOW_VT:-0}" = "1" ] && CAGE_FLAGS="$CAGE_FLAGS -s"
# shellcheck disable=SC2086
exec cage $CAGE_FLAGS -- "$VENV/bin/kiosk" app --fullscreen --lang "${KIOSK_LANG:-en}" ${KIOSK_APP_ARGS:-}
