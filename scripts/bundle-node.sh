#!/usr/bin/env bash
# Prints the path of the Node 24 the compiled bundles run on in tests and the demo, fetching it
# from the npm registry once when this machine's node is another version (see sandbox/lib/node.sh).
set -euo pipefail

# shellcheck source=../sandbox/lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/../sandbox/lib/common.sh"
# shellcheck source=../sandbox/lib/node.sh
. "$SANDBOX_REPO/sandbox/lib/node.sh"

mkdir -p "$SANDBOX_DIR"
ensure_bundle_node
echo "$SANDBOX_NODE"
