#!/bin/sh
# Wayland kiosk session: cage shows exactly one fullscreen application and has no desktop, panel or
# task switcher to escape to. When the app exits, cage exits, and systemd restarts the unit (Restart=on-failure).
# Debian 12's cage (0.1.4) exits 0 whatever its client did, so the app's own exit status is carried out through
# a file: a crash (signal, non-zero exit) must end this script non-zero or systemd would not restart the kiosk.
set -eu
cd "$(dirname "$0")/.."
VENV="${KIOSK_VENV:-/opt/customs-kiosk/.venv}"
export KIOSK_HOME="${KIOSK_HOME:-/var/lib/customs-kiosk}"
export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-wayland}"
export QT_WAYLAND_DISABLE_WINDOWDECORATION=1
# -d: no client-side decorations; -s: allow VT switching only if KIOSK_ALLOW_VT=1 (off by default)
CAGE_FLAGS="-d"
[ "${KIOSK_ALLOW_VT:-0}" = "1" ] && CAGE_FLAGS="$CAGE_FLAGS -s"
STATUS="$(mktemp "${TMPDIR:-/tmp}/customs-kiosk-status.XXXXXX")"
trap 'rm -f "$STATUS"' EXIT
# shellcheck disable=SC2086,SC2016
cage $CAGE_FLAGS -- sh -c '"$@"; echo $? > "$0"' "$STATUS" \
  "$VENV/bin/kiosk" app --fullscreen --lang "${KIOSK_LANG:-en}" ${KIOSK_APP_ARGS:-} || exit $?
status="$(cat "$STATUS")"
exit "${status:-1}"  # no status: cage or the wrapper died before the app finished
