#!/usr/bin/env bash
# Stops what sandbox/up.sh started, by its pid files. Idempotent. Registry contents and docker
# images stay in .sandbox/ for the next start; `--purge` removes .sandbox/ entirely.
set -euo pipefail

# shellcheck source=lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

purge=false
case "${1:-}" in
  --purge) purge=true ;;
  '') ;;
  *) die "usage: bash sandbox/down.sh [--purge]" ;;
esac

[ -d "$SANDBOX_DIR" ] || exit 0
exec 9>"$SANDBOX_DIR/up.lock"
flock -w 300 9 || die "another sandbox/up.sh or down.sh holds $SANDBOX_DIR/up.lock"

# Clients must see at once that the sandbox is gone.
rm -f "$SANDBOX_ENV_FILE"
stop_processes github emulator registry-scw registry-ecr dockerd
# The fixture lived in the emulator's memory.
rm -f "$SANDBOX_STATE/fixture-emulator-pid"

if $purge; then
  rm -rf "$SANDBOX_DIR" "$SANDBOX_RUN"
  log "stopped and purged"
else
  log "stopped"
fi
