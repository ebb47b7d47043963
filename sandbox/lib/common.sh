# Shared by up.sh and down.sh: where the sandbox lives, logging, ports and background processes.
# Sourced, not run.

SANDBOX_REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SANDBOX_DIR=${SANDBOX_DIR:-$SANDBOX_REPO/.sandbox}
SANDBOX_LOGS=$SANDBOX_DIR/logs
SANDBOX_PIDS=$SANDBOX_DIR/pids
SANDBOX_STATE=$SANDBOX_DIR/state
SANDBOX_SECRETS=$SANDBOX_DIR/secrets
SANDBOX_ENV_FILE=$SANDBOX_DIR/env

# A unix socket path must fit in sun_path (108 bytes with the NUL), and containerd puts its own
# socket deeper under the exec root: a long checkout path moves both to a short folder in /tmp.
if [ ${#SANDBOX_DIR} -le 60 ]; then
  SANDBOX_RUN=$SANDBOX_DIR/run
else
  SANDBOX_RUN=/tmp/sandbox-$(printf '%s' "$SANDBOX_DIR" | sha256sum | cut -c1-10)
fi
DOCKER_SOCKET=$SANDBOX_RUN/docker.sock
export DOCKER_HOST=unix://$DOCKER_SOCKET
# The sandbox's own docker logins stay out of the user's ~/.docker.
export DOCKER_CONFIG=$SANDBOX_DIR/docker-config

log() { printf 'sandbox: %s\n' "$*" >&2; }
die() {
  printf 'sandbox: error: %s\n' "$*" >&2
  exit 1
}

sandbox_dirs() {
  mkdir -p "$SANDBOX_LOGS" "$SANDBOX_PIDS" "$SANDBOX_STATE" "$SANDBOX_RUN" "$DOCKER_CONFIG"
  install -d -m 0700 "$SANDBOX_SECRETS"
}

# A random secret kept across restarts, so clients holding the env file keep working.
secret() {
  local file=$SANDBOX_SECRETS/$1
  if [ ! -s "$file" ]; then
    (umask 077 && head -c 32 /dev/urandom | sha256sum | cut -c1-40 >"$file")
  fi
  cat "$file"
}

port_is_free() {
  node -e '
    const s = require("net").createServer()
    s.once("error", () => process.exit(1))
    s.listen(Number(process.argv[1]), "127.0.0.1", () => s.close(() => process.exit(0)))
  ' "$1"
}

# The port a component had last time when it is still free (clients keep their URLs), else a new
# free loopback port. Prints the port.
pick_port() {
  local file=$SANDBOX_STATE/port-$1 port
  port=$(cat "$file" 2>/dev/null || true)
  if [ -z "$port" ] || ! port_is_free "$port"; then
    port=$(node -e '
      const s = require("net").createServer()
      s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close() })
    ')
  fi
  echo "$port" >"$file"
  echo "$port"
}

recorded_port() { cat "$SANDBOX_STATE/port-$1" 2>/dev/null || true; }

# A process's start time (clock ticks since boot): with the pid, it tells our process from a
# later one that reused the pid (after a reboot, say).
start_time_of() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 0
  stat=${stat##*) }
  set -- $stat
  echo "${20:-}"
}

# The pid recorded for a part, when that process still exists (nothing otherwise).
pid_of() {
  local pid started
  # The braces: a redirection's own error (no pid file yet) goes to stderr before any 2>/dev/null
  # written after it applies.
  { read -r pid started <"$SANDBOX_PIDS/$1.pid"; } 2>/dev/null || true
  [ -n "${pid:-}" ] || return 0
  if [ -n "${started:-}" ] && [ "$started" != "$(start_time_of "$pid")" ]; then return 0; fi
  echo "$pid"
}

is_running() {
  local pid
  pid=$(pid_of "$1")
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null
}

# Starts a command in its own session (so a test runner or terminal going away does not take it
# down, and down.sh can stop its whole process group), logging to logs/<name>.log.
start_background() {
  local name=$1
  shift
  : >"$SANDBOX_LOGS/$name.log"
  # 9>&-: the lock up.sh holds must not live on in the daemons.
  setsid "$@" >>"$SANDBOX_LOGS/$name.log" 2>&1 </dev/null 9>&- &
  echo "$! $(start_time_of $!)" >"$SANDBOX_PIDS/$name.pid"
}

# Stops what the pid files name, all at once: each process first (dockerd shuts its containerd
# down itself), then whatever is left of its process group after 15 s.
stop_processes() {
  local name pid pids=()
  for name in "$@"; do
    pid=$(pid_of "$name")
    rm -f "$SANDBOX_PIDS/$name.pid"
    [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null && pids+=("$pid")
  done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 150); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -0 "$pid" 2>/dev/null && log "process $pid did not stop within 15 s; killing it"
    kill -KILL -- "-$pid" 2>/dev/null || true
  done
}

stop_process() { stop_processes "$1"; }

# wait_until <seconds> <description> <command...>: polls the command every 0.1 s.
wait_until() {
  local seconds=$1 what=$2
  shift 2
  local tries=$((seconds * 10))
  for _ in $(seq 1 "$tries"); do
    "$@" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  log "gave up after ${seconds} s waiting for $what"
  return 1
}

http_status() { curl -s -o /dev/null -m 2 -w '%{http_code}' "$@" || true; }

show_log_tail() {
  log "last lines of $SANDBOX_LOGS/$1.log:"
  tail -n 20 "$SANDBOX_LOGS/$1.log" >&2 || true
}
