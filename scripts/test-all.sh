#!/usr/bin/env bash
# The one test command (`npm test`): static checks, the dist check, the sandbox, then every jest
# layer (unit, integration, end to end, sandbox conformance). Every stage runs even when an earlier
# one failed, so one run shows every problem; the exit code is non-zero if any stage failed.
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

stage typecheck npm run --silent typecheck
stage lint npm run --silent lint
stage workflows npm run --silent check:workflows
stage dist npm run --silent check:dist

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

mkdir -p .sandbox
report=.sandbox/jest-report.json
stage jest npm run --silent jest -- --json --outputFile="$report"

if [ -f "$report" ]; then
  node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    console.log(`jest: ${r.numTotalTestSuites} suites, ${r.numPassedTests} passed, ${r.numFailedTests} failed`);
  ' "$report"
fi

if [ ${#failed[@]} -gt 0 ]; then
  echo "Failed stages: ${failed[*]}"
  [ -f "$report" ] && node -e 'const r=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));console.log(`${r.numPassedTests} passed, ${r.numFailedTests + (r.numRuntimeErrorTestSuites||0)} failed`)' "$report"
  exit 1
fi
node -e 'const r=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed`)' "$report"
