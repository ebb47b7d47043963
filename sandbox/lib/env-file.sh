# .sandbox/env: what clients (tests, the demo, a developer's shell) source to talk to the sandbox.

shell_quote() { printf "'%s'" "${1//\'/\'\\\'\'}"; }

write_env_file() {
  local tmp=$SANDBOX_ENV_FILE.tmp ecr scw emulator github
  ecr=127.0.0.1:$(recorded_port registry-ecr)
  scw=127.0.0.1:$(recorded_port registry-scw)
  emulator=http://127.0.0.1:$(recorded_port emulator)
  github=http://127.0.0.1:$(recorded_port github)
  (
    umask 077
    {
      echo "# Written by sandbox/up.sh; source it: . $SANDBOX_ENV_FILE"
      for pair in \
        "AWS_ENDPOINT_URL=$emulator" \
        "AWS_REGION=eu-west-3" \
        "AWS_DEFAULT_REGION=eu-west-3" \
        "AWS_ACCESS_KEY_ID=AKIASANDBOXEXAMPLE01" \
        "AWS_SECRET_ACCESS_KEY=sandbox-secret-access-key-not-real" \
        "AWS_EC2_METADATA_DISABLED=true" \
        "DOCKER_HOST=unix://$DOCKER_SOCKET" \
        "SANDBOX_ECR_HOST=$ecr" \
        "SANDBOX_ECR_REGISTRY=$ecr" \
        "SANDBOX_ECR_TOKEN=$(secret ecr-token)" \
        "SANDBOX_SCW_REGISTRY=$scw" \
        "SANDBOX_SCW_SECRET_KEY=$(secret scw-secret-key)" \
        "GITHUB_API_URL=$github" \
        "SANDBOX_GITHUB_TOKEN=$(secret github-token)" \
        "SANDBOX_CLOCK_SCALE=$(cat "$SANDBOX_STATE/clock-scale" 2>/dev/null || echo 30)" \
        "SANDBOX_EMULATOR_URL=$emulator" \
        "SANDBOX_NODE=$SANDBOX_NODE"; do
        echo "export ${pair%%=*}=$(shell_quote "${pair#*=}")"
      done
    } >"$tmp"
  )
  mv "$tmp" "$SANDBOX_ENV_FILE"
}
