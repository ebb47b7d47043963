# Two CNCF distribution registries on loopback: the ECR data plane (user AWS, password = the token
# the emulated GetAuthorizationToken hands out) and Scaleway's (user nologin, the secret key).

registry_answers() {
  # Without credentials a registry with auth answers 401 on /v2/: alive and checking passwords.
  [ "$(http_status "http://127.0.0.1:$1/v2/")" = 401 ]
}

# ensure_registry <name> <user> <password>; the port ends up in state/port-<name>.
ensure_registry() {
  local name=$1 user=$2 password=$3 port
  port=$(recorded_port "$name")
  if is_running "$name" && [ -n "$port" ] && registry_answers "$port" &&
    printf '%s' "$password" | htpasswd -vi "$SANDBOX_DIR/$name.htpasswd" "$user" >/dev/null 2>&1; then
    return 0
  fi
  stop_process "$name"
  port=$(pick_port "$name")
  mkdir -p "$SANDBOX_DIR/$name"
  (umask 077 && printf '%s' "$password" | htpasswd -Bni "$user" >"$SANDBOX_DIR/$name.htpasswd")
  cat >"$SANDBOX_DIR/$name.yml" <<YAML
version: 0.1
log:
  level: info
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $SANDBOX_DIR/$name
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$port
  headers:
    X-Content-Type-Options: [nosniff]
auth:
  htpasswd:
    realm: $name
    path: $SANDBOX_DIR/$name.htpasswd
YAML
  log "starting $name registry on 127.0.0.1:$port"
  start_background "$name" docker-registry serve "$SANDBOX_DIR/$name.yml"
  wait_until 20 "$name registry to answer" registry_answers "$port" || {
    show_log_tail "$name"
    die "$name registry did not start"
  }
}

# registry_get <port> <user> <password> <path> [curl args...]: an authenticated GET whose
# credentials go to curl on stdin, never on a command line.
registry_get() {
  local port=$1 user=$2 password=$3 path=$4
  shift 4
  printf 'user = "%s:%s"\n' "$user" "$password" |
    curl -s -m 10 -K - "$@" "http://127.0.0.1:$port$path"
}

# registry_has_tag <port> <user> <password> <repository> <tag>
registry_has_tag() {
  local status
  status=$(registry_get "$1" "$2" "$3" "/v2/$4/manifests/$5" -o /dev/null -w '%{http_code}' -I \
    -H 'Accept: application/vnd.oci.image.index.v1+json' \
    -H 'Accept: application/vnd.docker.distribution.manifest.list.v2+json' \
    -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' \
    -H 'Accept: application/vnd.oci.image.manifest.v1+json')
  [ "$status" = 200 ]
}
