#!/usr/bin/env bash
# The fast tier: static checks and the tests that need neither the Docker sandbox nor a registry
# (unit tests, in-process stand-ins, the compiled bundles against in-process servers). The release
# workflow runs it; `npm test` runs everything. Extra arguments go to jest.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run --silent typecheck
npm run --silent lint
npm run --silent check:workflows
# End-to-end, integration and sandbox tests need `bash sandbox/up.sh` (Docker, registries, emulator).
npm run --silent jest -- "$@" \
  --testPathIgnorePatterns '[./]e2e\.test\.ts$' '\.sandbox\.test\.ts$' '\.integration\.test\.ts$' \
  '/__tests__/(sandbox|build-push-ecr|reliability)/'
