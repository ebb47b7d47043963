#!/usr/bin/env bash
# One jest tier (the file-name rule is in scripts/test-tiers.mjs), as `npm run test:unit`,
# `npm run test:e2e` or `npm run test:sandbox`. Extra arguments go to jest (paths, -t, ...).
#   unit     starts nothing: no dist/, no server, no emulator, no Docker.
#   e2e      the compiled bundles and the in-process stand-ins; rebuilds dist/ first when a source is
#            newer than a bundle. No Docker.
#   sandbox  as e2e, after starting the Docker sandbox (bash sandbox/up.sh) and loading .sandbox/env.
set -euo pipefail
cd "$(dirname "$0")/.."
tier=${1:-}
shift || true
case $tier in
  unit) ;;
  e2e) bash scripts/fresh-dist.sh ;;
  sandbox)
    bash scripts/fresh-dist.sh
    bash sandbox/up.sh
    set -a
    # shellcheck disable=SC1091
    . .sandbox/env
    set +a
    ;;
  *)
    echo "usage: scripts/test-tier.sh unit|e2e|sandbox [jest arguments]" >&2
    exit 2
    ;;
esac
# The tier goes last: --selectProjects takes every word after it as a project name.
exec npm run --silent jest -- "$@" --selectProjects "$tier"
