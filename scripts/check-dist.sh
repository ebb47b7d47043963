#!/usr/bin/env bash
# Rebuilds every bundle and generated file, then fails if anything differs from what is committed:
# a source change without its rebuilt dist/ (or a hand edit of a generated file) fails here.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run --silent build
generated=(dist actions/*/README.md)
for yml in actions/*/action.yml; do generated+=("$(basename "$(dirname "$yml")")"); done
if ! git diff --exit-code --stat -- "${generated[@]}" || [ -n "$(git status --porcelain --untracked-files=all -- "${generated[@]}")" ]; then
  git status --short -- "${generated[@]}" | head -20
  echo "::error::dist/ or a generated file is out of date: run 'npm run build' and commit the result."
  exit 1
fi
echo "dist check: bundles and generated files match the sources."
