# The Docker engine: Debian's dockerd on its own socket and data root, no networking of its own
# (builds are FROM scratch and only ever push to the loopback registries).

docker_answers() { docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }

ensure_docker() {
  if is_running dockerd && docker_answers; then return 0; fi
  stop_process dockerd
  rm -f "$DOCKER_SOCKET"
  log "starting dockerd on $DOCKER_SOCKET"
  # 127.0.0.0/8 registries are plain HTTP for dockerd without --insecure-registry.
  start_background dockerd dockerd \
    --storage-driver vfs \
    --iptables=false \
    --ip-masq=false \
    --bridge=none \
    --data-root "$SANDBOX_DIR/docker" \
    --exec-root "$SANDBOX_RUN/exec" \
    --pidfile "$SANDBOX_RUN/dockerd.pid" \
    -H "unix://$DOCKER_SOCKET"
  wait_until 60 "dockerd to answer" docker_answers || {
    show_log_tail dockerd
    die "dockerd did not start"
  }
}

# docker_login <registry host:port> <user> <password>: password on stdin, config in the sandbox's
# DOCKER_CONFIG.
docker_login() {
  printf '%s' "$3" | docker login --username "$2" --password-stdin "$1" >/dev/null 2>&1 ||
    die "docker login to $1 failed"
}
