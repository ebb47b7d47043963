// The variants of ECS's stop reasons that call for different fixes: which one a reason is, whether
// it repeats on every retry, and what to change. Texts are ECS's and the container runtime's own
// (CannotPullContainerError, ResourceInitializationError, CannotStartContainerError, …).

/** What went wrong, finer than the cause kind: the part the fix depends on. */
export type StopVariant =
  | 'image-not-found'
  | 'image-access-denied'
  | 'registry-unreachable'
  | 'registry-throttled'
  | 'image-pull-other'
  | 'registry-auth-denied'
  | 'secret-not-found'
  | 'secret-access-denied'
  | 'secret-unreadable'
  | 'aws-api-unreachable'
  | 'log-group-missing'
  | 'resource-initialization-other'
  | 'executable-not-found'
  | 'cannot-start-other'

export interface VariantReading {
  variant: StopVariant
  /** The same variant fails the same way on every retry: one task is proof. */
  deterministic: boolean
  hint: string
}

// ECS cuts the task's reason at ~255 characters: the request that failed may be all that is left.
const NETWORK =
  /i\/o timeout|no such host|connection refused|request canceled|context (canceled|deadline exceeded)|Client\.Timeout|dial tcp|network is unreachable|RequestError: send request failed/i

const PULL: { pattern: RegExp; reading: VariantReading }[] = [
  {
    pattern: /toomanyrequests|429 Too Many Requests|rate limit/i,
    reading: {
      variant: 'registry-throttled',
      deterministic: false,
      hint: 'the registry throttled the pull: authenticate the pull (repositoryCredentials) or copy the image to ECR (a pull through cache rule)'
    }
  },
  {
    pattern:
      /pull access denied|401 Unauthorized|403 Forbidden|authorization failed|failed to authorize|AccessDenied|no basic auth credentials|denied:/i,
    reading: {
      variant: 'image-access-denied',
      deterministic: true,
      hint: "the registry refused the pull: for ECR the task execution role needs ecr:GetAuthorizationToken, ecr:BatchGetImage and ecr:GetDownloadUrlForLayer (and the repository policy must allow another account); for another registry set repositoryCredentials to a Secrets Manager secret {username, password} the execution role can read; also check the image's name"
    }
  },
  {
    pattern:
      /: not found\b|manifest unknown|not found: manifest|API error \(404\)|repository .* not found/i,
    reading: {
      variant: 'image-not-found',
      deterministic: true,
      hint: 'the registry has no such image: check the repository, tag or digest, and that it was pushed to this registry and region'
    }
  },
  {
    pattern: NETWORK,
    reading: {
      variant: 'registry-unreachable',
      deterministic: false,
      hint: "the task's network cannot reach the registry: give its subnets a route out (a NAT gateway, or a public IP in a public subnet) or VPC endpoints (ecr.api, ecr.dkr and the S3 gateway for ECR), and allow egress to port 443"
    }
  }
]

const INITIALIZATION: { pattern: RegExp; reading: VariantReading }[] = [
  {
    pattern: /log group does not exist|failed to validate logger args/i,
    reading: {
      variant: 'log-group-missing',
      deterministic: true,
      hint: 'the awslogs group is missing: create it, or set awslogs-create-group to "true" and allow logs:CreateLogGroup to the execution role'
    }
  },
  {
    pattern: /ecr registry auth[\s\S]*(AccessDenied|not authorized)/i,
    reading: {
      variant: 'registry-auth-denied',
      deterministic: true,
      hint: 'the task execution role may not get an ECR token: allow it ecr:GetAuthorizationToken (the AmazonECSTaskExecutionRolePolicy has it)'
    }
  },
  {
    pattern:
      /ResourceNotFoundException|can't find the specified secret|ParameterNotFound|InvalidParameters/i,
    reading: {
      variant: 'secret-not-found',
      deterministic: true,
      hint: "a secret or parameter the task definition names does not exist: create it in the task's account and region, or fix valueFrom / repositoryCredentials"
    }
  },
  {
    pattern: /AccessDenied|not authorized|KMS/i,
    reading: {
      variant: 'secret-access-denied',
      deterministic: true,
      hint: 'the task execution role cannot read a secret: allow secretsmanager:GetSecretValue or ssm:GetParameters on it (and kms:Decrypt for a customer key)'
    }
  },
  {
    pattern: NETWORK,
    reading: {
      variant: 'aws-api-unreachable',
      deterministic: false,
      hint: "the task's network cannot reach AWS APIs (ECR, Secrets Manager, SSM, CloudWatch Logs): add a NAT gateway or the matching VPC endpoints, and allow egress to port 443"
    }
  },
  {
    // The reason was cut before the error: which secret is known, not why.
    pattern: /unable to retrieve secrets? from (asm|ssm)|failed to fetch secret/i,
    reading: {
      variant: 'secret-unreadable',
      deterministic: true,
      hint: "a secret the task needs could not be read: check that it exists in the task's account and region, and that the task execution role may read it (secretsmanager:GetSecretValue, ssm:GetParameters, kms:Decrypt)"
    }
  }
]

const START: { pattern: RegExp; reading: VariantReading }[] = [
  {
    pattern: /executable file not found|no such file or directory|permission denied/i,
    reading: {
      variant: 'executable-not-found',
      deterministic: true,
      hint: "the container's entryPoint/command cannot be executed in this image: check the command, the image's PATH and the file's execute bit"
    }
  }
]

const first = (
  rules: { pattern: RegExp; reading: VariantReading }[],
  reason: string
): VariantReading | undefined => rules.find((rule) => rule.pattern.test(reason))?.reading

export function readPullFailure(reason: string): VariantReading {
  return (
    first(PULL, reason) ?? {
      variant: 'image-pull-other',
      deterministic: true,
      hint: 'the image could not be pulled: check the image reference and the registry'
    }
  )
}

export function readInitializationFailure(reason: string): VariantReading {
  return (
    first(INITIALIZATION, reason) ?? {
      variant: 'resource-initialization-other',
      deterministic: true,
      hint: "ECS could not prepare the task's resources: check the execution role, secrets, volumes and network"
    }
  )
}

export function readStartFailure(reason: string): VariantReading {
  return (
    first(START, reason) ?? {
      variant: 'cannot-start-other',
      deterministic: true,
      hint: "the container runtime could not start the container: check the container's command, user, mounts and memory"
    }
  )
}

/** What an exit code usually means, for the container-exit hint. */
export function exitHint(exitCode: number): string {
  if (exitCode === 137)
    return 'exit 137 is a SIGKILL: the container was killed, often for memory; raise its memory or check stopTimeout'
  if (exitCode === 139) return 'exit 139 is a segmentation fault in the application'
  if (exitCode === 143) return 'exit 143 is a SIGTERM the application did not handle'
  return 'the application exited: its last log lines say why; check its configuration and environment'
}

export const HINTS = {
  outOfMemory:
    "the container used more memory than its limit: raise the container's memory (or the task's) or find what grows",
  elbHealth:
    "the load balancer's health check failed: check the target group's health check path and port, that the app listens on the container port, and healthCheckGracePeriodSeconds for slow starts",
  containerHealth:
    "the container's healthCheck command failed: check the command, and startPeriod for slow starts",
  spot: 'Fargate Spot took the capacity back; the service replaces the task on its own'
} as const
