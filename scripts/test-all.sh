#!/usr/bin/env bash
# The one test command (`npm test`): static checks, the dist check, the unit and e2e tiers, then the
# sandbox and the sandbox tier (the tiers are named in scripts/test-tiers.mjs). Every stage runs
# even when an earlier one failed, so one run shows every problem; the exit code is non-zero if any
# stage failed.
set -uo pipefail
cd "$(dirname "$0")/.."

failed=()
stage() {
  local name=$1
  shift
  echo "::group::$name"
  if "$@"; then
    echo "::endgroup::"
    echo "ok: $name"
  else
    echo "::endgroup::"
    echo "FAILED: $name"
    failed+=("$name")
  fi
}

# One jest run per tier, each writing its report; the summary at the end adds them up.
mkdir -p .sandbox
reports=()
jest_tier() {
  local report=".sandbox/jest-$1.json"
  rm -f "$report"
  reports+=("$report")
  npm run --silent jest -- --json --outputFile="$report" --selectProjects "$1"
}

stage typecheck npm run --silent typecheck
stage lint npm run --silent lint
stage workflows npm run --silent check:workflows
# check:dist rebuilds dist/, so the e2e and sandbox tiers run the bundles of these sources.
stage dist npm run --silent check:dist
# Neither tier needs the sandbox: they run before it starts, which also shows they do not lean on it.
stage jest-unit jest_tier unit
stage jest-e2e jest_tier e2e

# up.sh speaks only in "sandbox: " lines. Anything else on its stderr after a successful start (a
# shell error, a missing file) is noise a fresh machine's first start, which CI's is, must not show.
sandbox_up() {
  local stderr status
  stderr=$(mktemp)
  { bash sandbox/up.sh 2>&1 1>&3 | tee "$stderr" >&2; } 3>&1
  status=$?
  if [ "$status" -eq 0 ] && grep -v '^sandbox: ' "$stderr" >/dev/null; then
    echo "sandbox/up.sh succeeded but printed lines that are not its own:"
    grep -v '^sandbox: ' "$stderr"
    status=1
  fi
  rm -f "$stderr"
  return "$status"
}

if [ -x sandbox/up.sh ] || [ -f sandbox/up.sh ]; then
  stage sandbox sandbox_up
  if [ -f .sandbox/env ]; then
    set -a
    # shellcheck disable=SC1091
    . .sandbox/env
    set +a
  fi
fi
stage jest-sandbox jest_tier sandbox

# The CI reads the `jest:` line and the last one: the tests of every tier together. Once a stage
# failed, a suite that could not run counts as a failure too.
read -r suites passed failed_tests broken < <(node -e '
  const fs = require("fs")
  const reports = process.argv.slice(1).filter((file) => fs.existsSync(file))
  const parsed = reports.map((file) => JSON.parse(fs.readFileSync(file, "utf8")))
  const sum = (key) => parsed.reduce((n, report) => n + (report[key] || 0), 0)
  console.log(["numTotalTestSuites", "numPassedTests", "numFailedTests", "numRuntimeErrorTestSuites"].map(sum).join(" "))
' "${reports[@]}")
echo "jest: $suites suites, $passed passed, $failed_tests failed"
if [ ${#failed[@]} -gt 0 ]; then
  echo "Failed stages: ${failed[*]}"
  echo "$passed passed, $((failed_tests + broken)) failed"
  exit 1
fi
echo "$passed passed, $failed_tests failed"
