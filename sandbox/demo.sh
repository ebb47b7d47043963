#!/usr/bin/env bash
# `npm run demo`: start the sandbox, build the actions, run the pipeline through the compiled
# bundles (sandbox/demo/steps.ts) and print each step's job summary and outputs.
# DEMO_SKIP_BUILD=1 reuses dist/ as it is; DEMO_VERBOSE=1 streams the actions' logs.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash sandbox/up.sh
if [ "${DEMO_SKIP_BUILD:-}" != 1 ]; then
  echo "demo: building the actions (npm run build)"
  npm run --silent build
fi
# The bundles run on Node 24, as on the runner (the one up.sh found or fetched).
SANDBOX_NODE=$(bash scripts/bundle-node.sh)
export SANDBOX_NODE
exec node --import tsx sandbox/demo/main.ts
