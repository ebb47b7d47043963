# What the sandbox holds from the start: the image the fixture's service runs (in the ECR
# stand-in), the fixture itself (in the emulator), and the old Scaleway tags to migrate.

SAMPLE_IMAGE_DIR=$SANDBOX_REPO/sandbox/images/banana-front
SAMPLE_REPOSITORY=banana/banana-front
SANDBOX_INITIAL_TAG=${SANDBOX_INITIAL_TAG:-v1.0.0}

# build_sample <image ref> <version> [platform]. The classic builder reuses a cached FROM scratch
# image whatever --platform says, hence --no-cache.
build_sample() {
  local platform=()
  [ -n "${3:-}" ] && platform=(--platform "$3")
  # DOCKER_BUILDKIT=0: the classic builder, whatever the caller's environment says (no buildx here).
  DOCKER_BUILDKIT=0 docker build --quiet --no-cache "${platform[@]}" --build-arg "VERSION=$2" -t "$1" \
    "$SAMPLE_IMAGE_DIR" >>"$SANDBOX_LOGS/seed.log" 2>&1 || {
    show_log_tail seed
    die "docker build of $1 failed"
  }
}

push() {
  docker push "$1" >>"$SANDBOX_LOGS/seed.log" 2>&1 || {
    show_log_tail seed
    die "docker push $1 failed"
  }
}

ensure_ecr_seed() {
  local port token ref
  port=$(recorded_port registry-ecr)
  token=$(secret ecr-token)
  registry_has_tag "$port" AWS "$token" "$SAMPLE_REPOSITORY" "$SANDBOX_INITIAL_TAG" && return 0
  ref=127.0.0.1:$port/$SAMPLE_REPOSITORY:$SANDBOX_INITIAL_TAG
  log "building and pushing $ref"
  docker_login "127.0.0.1:$port" AWS "$token"
  build_sample "$ref" "$SANDBOX_INITIAL_TAG"
  push "$ref"
}

# The fixture lives in the emulator's memory: it is created again whenever the emulator restarted.
ensure_fixture() {
  local stamp=$SANDBOX_STATE/fixture-emulator-pid
  [ -f "$SANDBOX_REPO/sandbox/fixture.ts" ] || {
    log "no sandbox/fixture.ts yet: no fixture"
    return 0
  }
  [ "$(cat "$stamp" 2>/dev/null)" = "$(pid_of emulator)" ] && return 0
  log "creating the fixture (banana-cluster / banana-front-service)"
  (
    set -a
    # shellcheck disable=SC1090
    . "$SANDBOX_ENV_FILE"
    set +a
    export SANDBOX_INITIAL_TAG
    node --import tsx "$SANDBOX_REPO/sandbox/fixture.ts"
  ) >"$SANDBOX_LOGS/fixture.log" 2>&1 || {
    show_log_tail fixture
    die "the fixture failed"
  }
  pid_of emulator >"$stamp"
}

# Scaleway: v0.9.0 (linux/amd64), v0.9.1 and latest (the same image index: linux/amd64 +
# linux/arm64, whose images are also tagged v0.9.1-amd64 / v0.9.1-arm64, as multi-arch pushes
# done by hand usually leave them).
SCW_TAGS=(v0.9.0 v0.9.1 latest)

ensure_scw_preload() {
  local port key base tag complete=true
  port=$(recorded_port registry-scw)
  key=$(secret scw-secret-key)
  for tag in "${SCW_TAGS[@]}"; do
    registry_has_tag "$port" nologin "$key" "$SAMPLE_REPOSITORY" "$tag" || complete=false
  done
  $complete && return 0
  base=127.0.0.1:$port/$SAMPLE_REPOSITORY
  log "preloading the Scaleway stand-in with $base:{${SCW_TAGS[*]}}"
  docker_login "127.0.0.1:$port" nologin "$key"
  build_sample "$base:v0.9.0" v0.9.0
  push "$base:v0.9.0"
  build_sample "$base:v0.9.1-amd64" v0.9.1 linux/amd64
  push "$base:v0.9.1-amd64"
  build_sample "$base:v0.9.1-arm64" v0.9.1 linux/arm64
  push "$base:v0.9.1-arm64"
  for tag in v0.9.1 latest; do
    docker manifest rm "$base:$tag" >/dev/null 2>&1 || true
    docker manifest create --insecure "$base:$tag" "$base:v0.9.1-amd64" "$base:v0.9.1-arm64" \
      >>"$SANDBOX_LOGS/seed.log" 2>&1 &&
      docker manifest push --purge --insecure "$base:$tag" >>"$SANDBOX_LOGS/seed.log" 2>&1 || {
      show_log_tail seed
      die "pushing the image index $base:$tag failed"
    }
  done
}
