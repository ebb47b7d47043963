# The two Node servers: the AWS emulator (sandbox/emulator) and the GitHub API stand-in
# (sandbox/github), run from TypeScript through tsx's loader in a single node process each.

# The servers run from TypeScript sources: an edit since the start means the running code is stale.
# SANDBOX_KEEP_CODE=1 keeps them running all the same (a check from inside a test run, where a
# restart would pull the emulator from under the other tests).
sources_changed() {
  local stamp=$SANDBOX_STATE/$1-started
  [ "${SANDBOX_KEEP_CODE:-}" != 1 ] || return 1
  [ -f "$stamp" ] || return 0
  [ -n "$(find "$SANDBOX_REPO/sandbox/$1" -name '*.ts' -newer "$stamp" -print -quit)" ]
}

emulator_answers() { [ "$(http_status "http://127.0.0.1:$1/_sandbox/health")" = 200 ]; }
github_answers() { [ "$(http_status "http://127.0.0.1:$1/_sandbox/calls")" = 200 ]; }

ensure_emulator() {
  local port scale ecr
  [ -f "$SANDBOX_REPO/sandbox/emulator/main.ts" ] || {
    log "no sandbox/emulator/main.ts yet: the AWS emulator is not started"
    return 0
  }
  port=$(recorded_port emulator)
  scale=${SANDBOX_CLOCK_SCALE:-$(cat "$SANDBOX_STATE/clock-scale" 2>/dev/null || echo 30)}
  # The emulator learns the ECR registry's address at start: a registry that moved means a restart.
  ecr=127.0.0.1:$(recorded_port registry-ecr)
  if is_running emulator && [ -n "$port" ] && emulator_answers "$port" &&
    [ "$scale" = "$(cat "$SANDBOX_STATE/clock-scale" 2>/dev/null)" ] &&
    [ "$ecr" = "$(cat "$SANDBOX_STATE/emulator-ecr" 2>/dev/null)" ]; then
    sources_changed emulator || return 0
    log "sandbox/emulator changed since the emulator started: restarting it"
  fi
  stop_process emulator
  port=$(pick_port emulator)
  echo "$scale" >"$SANDBOX_STATE/clock-scale"
  echo "$ecr" >"$SANDBOX_STATE/emulator-ecr"
  touch "$SANDBOX_STATE/emulator-started"
  log "starting the AWS emulator on 127.0.0.1:$port (clock scale $scale)"
  # Secrets go through the environment, not a command line that ps shows.
  (
    export EMULATOR_PORT=$port SANDBOX_CLOCK_SCALE=$scale SANDBOX_ECR_REGISTRY=$ecr SANDBOX_ECR_HOST=$ecr
    SANDBOX_ECR_TOKEN=$(secret ecr-token)
    export SANDBOX_ECR_TOKEN
    start_background emulator node --import tsx "$SANDBOX_REPO/sandbox/emulator/main.ts"
  )
  wait_until 30 "the emulator to answer" emulator_answers "$port" || {
    show_log_tail emulator
    die "the AWS emulator did not start"
  }
}

ensure_github() {
  local port
  port=$(recorded_port github)
  if is_running github && [ -n "$port" ] && github_answers "$port"; then
    sources_changed github || return 0
    log "sandbox/github changed since the stand-in started: restarting it"
  fi
  stop_process github
  port=$(pick_port github)
  touch "$SANDBOX_STATE/github-started"
  log "starting the GitHub API stand-in on 127.0.0.1:$port"
  (
    export GITHUB_STANDIN_PORT=$port
    SANDBOX_GITHUB_TOKEN=$(secret github-token)
    export SANDBOX_GITHUB_TOKEN
    start_background github node --import tsx "$SANDBOX_REPO/sandbox/github/main.ts"
  )
  wait_until 30 "the GitHub stand-in to answer" github_answers "$port" || {
    show_log_tail github
    die "the GitHub API stand-in did not start"
  }
}
