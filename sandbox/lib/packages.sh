# Debian packages the sandbox runs on, installed only when a command is missing.

# command → Debian package
SANDBOX_PACKAGES=(
  "dockerd:docker.io"
  "docker:docker.io"
  "containerd:containerd"
  "docker-registry:docker-registry"
  "skopeo:skopeo"
  "htpasswd:apache2-utils"
  "aws:awscli"
  "curl:curl"
)

# The locks apt and dpkg take. On a freshly booted VM, unattended-upgrades or cloud-init holds them
# for minutes, and apt-get fails at once on a held lock. SANDBOX_APT_LOCKS replaces the list (the
# tests point it at scratch files); SANDBOX_APT_LOCK_TIMEOUT is how long to wait, in seconds.
SANDBOX_APT_LOCKS=${SANDBOX_APT_LOCKS:-/var/lib/dpkg/lock-frontend /var/lib/dpkg/lock /var/lib/apt/lists/lock /var/cache/apt/archives/lock}
SANDBOX_APT_LOCK_TIMEOUT=${SANDBOX_APT_LOCK_TIMEOUT:-600}

# lock_holder <file>: "process <pid> (<command>)" when a process holds a lock on the file, nothing
# when it is free. /proc/locks lists fcntl locks (what apt and dpkg take) and flock locks alike,
# by device and inode, without taking the lock.
lock_holder() {
  local file=$1 dev inode id pid name
  [ -e "$file" ] || return 0
  read -r dev inode < <(stat -L -c '%d %i' "$file")
  # st_dev → the kernel's major:minor, as /proc/locks prints them (%02x:%02x:%lu).
  id=$(printf '%02x:%02x:%s' $(((dev >> 8) & 0xfff | ((dev >> 32) & ~0xfff))) \
    $(((dev & 0xff) | ((dev >> 12) & ~0xff))) "$inode")
  # "1: POSIX  ADVISORY  WRITE 1234 fe:00:5678 0 EOF"; a waiter's line has "->" after the number.
  while read -r _ kind _ _ pid device _; do
    [ "$kind" != '->' ] && [ "$device" = "$id" ] || continue
    if ! [ "$pid" -gt 0 ] 2>/dev/null; then
      echo "an open file description lock (no process id)"
    elif name=$(cat "/proc/$pid/comm" 2>/dev/null); then
      echo "process $pid ($name)"
    else
      echo "process $pid"
    fi
    return 0
  done </proc/locks
}

# apt_locks_busy: "<lock file>, held by <holder>" for the first held lock; nothing when all are free.
apt_locks_busy() {
  local file holder
  for file in $SANDBOX_APT_LOCKS; do
    holder=$(lock_holder "$file")
    if [ -n "$holder" ]; then
      echo "$file, held by $holder"
      return 0
    fi
  done
}

# wait_for_apt_locks <deadline in $SECONDS>: returns once apt's and dpkg's locks are all free,
# saying every 30 s what it waits for; fails with the holder named at the deadline.
wait_for_apt_locks() {
  local deadline=$1 busy next=$SECONDS
  while busy=$(apt_locks_busy) && [ -n "$busy" ]; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      die "gave up after ${SANDBOX_APT_LOCK_TIMEOUT} s waiting for $busy. Let it finish (on a fresh machine unattended-upgrades can take several minutes) and run sandbox/up.sh again, or wait longer with SANDBOX_APT_LOCK_TIMEOUT=<seconds>"
    fi
    if [ "$SECONDS" -ge "$next" ]; then
      log "waiting for $busy (up to $((deadline - SECONDS)) s more)"
      next=$((SECONDS + 30))
    fi
    sleep 1
  done
}

# apt_get <deadline> <apt-get arguments...>: apt-get once the locks are free. Another process can
# still take a lock between the check and apt-get: then apt-get fails with "Could not get lock"
# and is run again. DPkg::Lock::Timeout makes apt itself wait for the dpkg lock meanwhile (the
# lists lock `apt-get update` takes has no such option).
apt_get() {
  local deadline=$1 attempt=$SANDBOX_LOGS/apt-attempt.log
  shift
  while :; do
    wait_for_apt_locks "$deadline"
    if apt-get -o "DPkg::Lock::Timeout=$((deadline > SECONDS ? deadline - SECONDS : 1))" "$@" \
      >"$attempt" 2>&1; then
      cat "$attempt" >>"$SANDBOX_LOGS/apt.log"
      return 0
    fi
    cat "$attempt" >>"$SANDBOX_LOGS/apt.log"
    if ! grep -q 'Could not get lock' "$attempt" || [ "$SECONDS" -ge "$deadline" ]; then return 1; fi
    log "apt-get $* found a lock taken meanwhile: waiting again"
  done
}

ensure_packages() {
  local missing=() entry command package deadline
  for entry in "${SANDBOX_PACKAGES[@]}"; do
    command=${entry%%:*}
    package=${entry#*:}
    command -v "$command" >/dev/null 2>&1 && continue
    [[ " ${missing[*]} " == *" $package "* ]] || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" -eq 0 ] || die "missing packages (${missing[*]}) and not root to install them"
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  : >"$SANDBOX_LOGS/apt.log"
  deadline=$((SECONDS + SANDBOX_APT_LOCK_TIMEOUT))
  apt_get "$deadline" update -qq || {
    show_log_tail apt
    die "apt-get update failed"
  }
  apt_get "$deadline" install -y -qq --no-install-recommends "${missing[@]}" || {
    show_log_tail apt
    die "apt-get install ${missing[*]} failed"
  }
}
