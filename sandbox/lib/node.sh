# The Node the compiled bundles run on. The runner runs `using: node24` actions on its own Node 24,
# whatever node the machine has, so the sandbox and the tests do the same: a Node 24 on PATH is
# used as it is; otherwise the official build is fetched once from the npm registry (the
# node-<platform>-<arch> package, the one the `node` package installs) into .sandbox/node24/.

BUNDLE_NODE_MAJOR=24
BUNDLE_NODE_DIR=${SANDBOX_NODE_DIR:-$SANDBOX_DIR/node$BUNDLE_NODE_MAJOR}

# node_major <binary>: its major version, nothing when it does not run.
node_major() {
  [ -x "$1" ] || return 0
  "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || true
}

# ensure_bundle_node: sets SANDBOX_NODE to a Node 24 binary (an explicit SANDBOX_NODE must be one).
ensure_bundle_node() {
  local candidate
  # The env file of an earlier start names .sandbox/node24 itself: fetched again after a purge.
  [ "${SANDBOX_NODE:-}" != "$BUNDLE_NODE_DIR/bin/node" ] || SANDBOX_NODE=
  if [ -n "${SANDBOX_NODE:-}" ]; then
    [ "$(node_major "$SANDBOX_NODE")" = "$BUNDLE_NODE_MAJOR" ] ||
      die "SANDBOX_NODE=$SANDBOX_NODE is not a Node $BUNDLE_NODE_MAJOR binary: point it at one, or unset it to use .sandbox/node$BUNDLE_NODE_MAJOR (fetched from the npm registry)"
    return 0
  fi
  candidate=$(command -v node || true)
  if [ -n "$candidate" ] && [ "$(node_major "$candidate")" = "$BUNDLE_NODE_MAJOR" ]; then
    SANDBOX_NODE=$candidate
    return 0
  fi
  candidate=$BUNDLE_NODE_DIR/bin/node
  if [ "$(node_major "$candidate")" != "$BUNDLE_NODE_MAJOR" ]; then
    # One fetch at a time (up.sh and a test run may both get here); the second finds it done.
    mkdir -p "$BUNDLE_NODE_DIR"
    (
      flock -w 600 8 || die "another process holds $BUNDLE_NODE_DIR/.lock"
      [ "$(node_major "$candidate")" = "$BUNDLE_NODE_MAJOR" ] || fetch_bundle_node
    ) 8>"$BUNDLE_NODE_DIR/.lock" || exit 1
  fi
  SANDBOX_NODE=$candidate
}

fetch_bundle_node() {
  local platform arch package tmp
  platform=$(node -p process.platform)
  arch=$(node -p process.arch)
  package=node-$platform-$arch@$BUNDLE_NODE_MAJOR
  log "fetching Node $BUNDLE_NODE_MAJOR for the bundles from the npm registry ($package)"
  tmp=$(mktemp -d "$BUNDLE_NODE_DIR/.fetch-XXXXXX")
  # npm pack checks the tarball against the registry's integrity hash; only bin/node is kept.
  if ! npm pack "$package" --pack-destination "$tmp" --silent >"$tmp/pack.out" 2>"$tmp/pack.err"; then
    tail -n 20 "$tmp/pack.err" >&2
    rm -rf "$tmp"
    die "npm pack $package failed: check that the npm registry is reachable, or set SANDBOX_NODE to a Node $BUNDLE_NODE_MAJOR binary"
  fi
  tar -xzf "$tmp"/*.tgz -C "$tmp" package/bin/node || {
    rm -rf "$tmp"
    die "$package has no package/bin/node"
  }
  [ "$(node_major "$tmp/package/bin/node")" = "$BUNDLE_NODE_MAJOR" ] || {
    rm -rf "$tmp"
    die "the node binary in $package does not run on this machine"
  }
  mkdir -p "$BUNDLE_NODE_DIR/bin"
  mv -f "$tmp/package/bin/node" "$BUNDLE_NODE_DIR/bin/node"
  rm -rf "$tmp"
}

bundle_node_version() { "$SANDBOX_NODE" --version; }
