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

ensure_packages() {
  local missing=() entry command package
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
  apt-get update -qq >"$SANDBOX_LOGS/apt.log" 2>&1 || {
    show_log_tail apt
    die "apt-get update failed"
  }
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >>"$SANDBOX_LOGS/apt.log" 2>&1 || {
    show_log_tail apt
    die "apt-get install ${missing[*]} failed"
  }
}
