# The two Node servers: the AWS emulator (sandbox/emulator) and the GitHub API stand-in
# (sandbox/github), run from TypeScript through tsx's loader in a single node process each.

emulator_answers() { [ "$(http_status "http://127.0.0.1:$1/_sandbox/health")" = 200 ]; }
github_answers() { [ "$(http_status "http://127.0.0.1:$1/_sandbox/calls")" = 200 ]; }

ensure_emulator() {
  local port scale
  [ -f "$SANDBOX_REPO/sandbox/emulator/main.ts" ] || {
    log "no sandbox/emulator/main.ts yet: the AWS emulator is not started"
    return 0
  }
  port=$(recorded_port emulator)
  scale=${SANDBOX_CLOCK_SCALE:-$(cat "$SANDBOX_STATE/clock-scale" 2>/dev/null || echo 30)}
  if is_running emulator && [ -n "$port" ] && emulator_answers "$port" &&
    [ "$scale" = "$(cat "$SANDBOX_STATE/clock-scale" 2>/dev/null)" ]; then
    return 0
  fi
  stop_process emulator
  port=$(pick_port emulator)
  echo "$scale" >"$SANDBOX_STATE/clock-scale"
  log "starting the AWS emulator on 127.0.0.1:$port (clock scale $scale)"
  start_background emulator env \
    EMULATOR_PORT="$port" \
    SANDBOX_CLOCK_SCALE="$scale" \
    SANDBOX_ECR_REGISTRY="127.0.0.1:$(recorded_port registry-ecr)" \
    SANDBOX_ECR_HOST="127.0.0.1:$(recorded_port registry-ecr)" \
    SANDBOX_ECR_TOKEN="$(secret ecr-token)" \
    node --import tsx "$SANDBOX_REPO/sandbox/emulator/main.ts"
  wait_until 30 "the emulator to answer" emulator_answers "$port" || {
    show_log_tail emulator
    die "the AWS emulator did not start"
  }
}

ensure_github() {
  local port
  port=$(recorded_port github)
  if is_running github && [ -n "$port" ] && github_answers "$port"; then return 0; fi
  stop_process github
  port=$(pick_port github)
  log "starting the GitHub API stand-in on 127.0.0.1:$port"
  start_background github env \
    GITHUB_STANDIN_PORT="$port" \
    SANDBOX_GITHUB_TOKEN="$(secret github-token)" \
    node --import tsx "$SANDBOX_REPO/sandbox/github/main.ts"
  wait_until 30 "the GitHub stand-in to answer" github_answers "$port" || {
    show_log_tail github
    die "the GitHub API stand-in did not start"
  }
}
