// The texts ECS puts in a stopped task's `stoppedReason` and containers' `reason`, in the forms
// documented or observed for Fargate (platform 1.4, containerd). Sources: sandbox/emulator/README.md
// ("Stop reasons"). Texts are whole here (up to a container reason's 1024 characters); the task's
// stoppedReason is cut to REASON_LIMIT where the task stops.

/** ECS cuts a task's long stoppedReason to ~255 characters ending "..." (limit not published). */
export const REASON_LIMIT = 255
/** A container's `reason` may hold up to 1024 characters (ECS API reference). */
export const CONTAINER_REASON_LIMIT = 1024

export function truncateReason(reason: string, limit = REASON_LIMIT): string {
  return reason.length <= limit ? reason : `${reason.slice(0, limit - 3)}...`
}

/** How a pull failed, as the emulator found out from the registry. */
export type PullFailure =
  | { kind: 'not-found'; ref: string }
  | { kind: 'access-denied'; ref: string; serverMessage?: string }
  | { kind: 'token-refused'; ref: string; tokenUrl: string; status: string; anonymous: boolean }
  | { kind: 'status'; ref: string; url: string; status: string }
  | { kind: 'throttled'; ref: string; url: string; message: string }
  | { kind: 'no-such-host'; ref: string; url: string; host: string }
  | { kind: 'refused'; ref: string; url: string; address: string }
  | { kind: 'timeout'; ref: string; url: string; address: string }

const resolving = (retries: number, ref: string): string =>
  `CannotPullContainerError: pull image manifest has been retried ${retries} time(s): failed to resolve ref ${ref}: `

function pullDetail(failure: PullFailure): string {
  switch (failure.kind) {
    case 'not-found':
      return `${resolving(1, failure.ref)}${failure.ref}: not found`
    case 'access-denied':
      return `${resolving(1, failure.ref)}pull access denied, repository does not exist or may require authorization: ${
        failure.serverMessage
          ? `server message: ${failure.serverMessage}`
          : 'authorization status: 401: authorization failed'
      }`
    case 'token-refused':
      return `${resolving(1, failure.ref)}failed to authorize: failed to fetch ${failure.anonymous ? 'anonymous' : 'oauth'} token: unexpected status from GET request to ${failure.tokenUrl}: ${failure.status}`
    case 'status':
      return `${resolving(1, failure.ref)}unexpected status from HEAD request to ${failure.url}: ${failure.status}`
    case 'throttled':
      return `CannotPullContainerError: ref pull has been retried 1 time(s): failed to copy: httpReadSeeker: failed open: unexpected status code ${failure.url}: 429 Too Many Requests - Server message: toomanyrequests: ${failure.message}`
    case 'no-such-host':
      return `${resolving(5, failure.ref)}failed to do request: Head "${failure.url}": dial tcp: lookup ${failure.host}: no such host`
    case 'refused':
      return `${resolving(5, failure.ref)}failed to do request: Head "${failure.url}": dial tcp ${failure.address}: connect: connection refused`
    case 'timeout':
      return `${resolving(5, failure.ref)}failed to do request: Head "${failure.url}": dial tcp ${failure.address}: i/o timeout`
  }
}

export function pullReason(failure: PullFailure): string {
  return truncateReason(pullDetail(failure), CONTAINER_REASON_LIMIT)
}

const RETRIEVAL = 'ResourceInitializationError: unable to pull secrets or registry auth: '

export const stopReasons = {
  essentialExit: 'Essential container in task exited',
  outOfMemory: 'OutOfMemoryError: Container killed due to memory usage',
  spotInterruption: 'Your Spot Task was interrupted.',
  containerHealth: 'Task failed container health checks',
  elbHealth: (targetGroupArn: string) =>
    `Task failed ELB health checks in (target-group ${targetGroupArn})`,
  /** A Secrets Manager secret the task needs (container secret or registry credentials) is missing. */
  secretNotFound: (secretArn: string) =>
    truncateReason(
      `${RETRIEVAL}execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 5 time(s): failed to fetch secret ${secretArn} from secrets manager: ResourceNotFoundException: Secrets Manager can't find the specified secret.`,
      CONTAINER_REASON_LIMIT
    ),
  /** The task's network cannot reach ECR's API for the registry auth token. */
  registryAuthTimeout: (region: string) =>
    truncateReason(
      `${RETRIEVAL}execution resource retrieval failed: unable to retrieve ecr registry auth: service call has been retried 3 time(s): RequestError: send request failed caused by: Post "https://api.ecr.${region}.amazonaws.com/": dial tcp 10.0.1.10:443: i/o timeout. Please check your task network configuration.`,
      CONTAINER_REASON_LIMIT
    ),
  /** The container's command cannot be executed (no such file in the image). */
  cannotStart: (command: string) =>
    truncateReason(
      `CannotStartContainerError: ResourceInitializationError: failed to create new container runtime task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "${command}": executable file not found in $PATH: unknown`,
      CONTAINER_REASON_LIMIT
    )
}

/** Fargate's reason in "(service S) was unable to place a task. Reason: …", by knob value. */
export const placementReasons: Record<string, string> = {
  capacity:
    'Capacity is unavailable at this time. Please try again later or in a different availability zone',
  'task-limit': "You've reached the limit on the number of tasks you can run concurrently",
  'cpu-limit': 'The requested CPU configuration is above your limit.',
  internal: 'Internal error.'
}
