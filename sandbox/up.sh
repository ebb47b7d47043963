#!/usr/bin/env bash
# Starts the local sandbox (Docker engine, ECR and Scaleway registries, AWS emulator, GitHub API
# stand-in), seeds it, and writes .sandbox/env for clients. Idempotent: what already runs and
# answers is left alone, what is missing or dead is (re)started. Stop it with sandbox/down.sh.
set -euo pipefail

# shellcheck source=lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
for part in packages node docker registries services env-file seed; do
  # shellcheck disable=SC1090
  . "$SANDBOX_REPO/sandbox/lib/$part.sh"
done

cd "$SANDBOX_REPO"
sandbox_dirs
# Two callers at once (a test run and a demo) must not start everything twice.
exec 9>"$SANDBOX_DIR/up.lock"
flock -w 300 9 || die "another sandbox/up.sh or down.sh holds $SANDBOX_DIR/up.lock"

ensure_packages
ensure_bundle_node
log "bundle runtime: node $(bundle_node_version) ($SANDBOX_NODE)"
ensure_docker
ensure_registry registry-ecr AWS "$(secret ecr-token)"
ensure_registry registry-scw nologin "$(secret scw-secret-key)"
ensure_emulator
ensure_github
write_env_file
ensure_ecr_seed
ensure_fixture
ensure_scw_preload

log "up: . $SANDBOX_ENV_FILE to use it (logs in $SANDBOX_LOGS)"
