#!/usr/bin/env bash
# Rebuilds dist/ (npm run build) unless it is the build of the sources as they are now, so that the
# tiers running the bundles test the current code. "As they are now": the fingerprint of the
# sources and of dist/ matches the one saved after this script's last build. Content, not file
# times, so a checkout that brings back an older dist/ is caught. Unlike check:dist it compares
# nothing with what is committed.
set -euo pipefail
cd "$(dirname "$0")/.."
saved=.sandbox/dist-fingerprint

# What the bundles are built from (not the READMEs and action.yml copies the build writes), and
# the bundles.
fingerprint() {
  {
    find src actions scripts/build.mjs scripts/ncc.mjs scripts/licenses.mjs scripts/actions-meta.mjs \
      scripts/iam-policies.mjs package-lock.json -type f \
      '(' -name '*.ts' -o -name '*.json' -o -name '*.mjs' ')'
    find dist -type f 2>/dev/null
  } | LC_ALL=C sort | xargs -d '\n' sha256sum | sha256sum | cut -c1-64
}

if [ -f "$saved" ] && [ "$(cat "$saved")" = "$(fingerprint)" ]; then
  exit 0
fi
echo "dist: the sources or dist/ changed since its last build here; rebuilding (npm run build)"
npm run --silent build
mkdir -p .sandbox
fingerprint >"$saved"
