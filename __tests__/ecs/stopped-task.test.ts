// Every documented variant of a stop reason, as real ECS writes it (texts quoted in public issue
// threads and AWS docs, listed in the emulator's README under Stop reasons) and as the emulator
// writes it, is classified with the cause, the proof it needs and a fix hint.

import { describe, expect, it } from '@jest/globals'
import type { Task } from '@aws-sdk/client-ecs'
import { analyseStoppedTask, type StopCause } from '../../src/ecs/stopped-task.js'
import {
  pullReason,
  stopReasons,
  truncateReason,
  type PullFailure
} from '../../sandbox/emulator/sim/stop-reasons.js'

const ARN =
  'arn:aws:ecs:eu-west-3:123456789012:task/banana-cluster/0a000000000000000000000000000001'
const IMAGE = '123456789012.dkr.ecr.eu-west-3.amazonaws.com/banana/banana-front:v2'

function failedToStart(reason: string, onContainer = true): Task {
  return {
    taskArn: ARN,
    lastStatus: 'STOPPED',
    stopCode: 'TaskFailedToStart',
    stoppedReason: reason,
    containers: [{ name: 'banana-front', image: IMAGE, ...(onContainer && { reason }) }]
  }
}

const causeOf = (task: Task): StopCause => analyseStoppedTask(task).cause

describe('image pull failures', () => {
  const ref = 'registry.acme.io/shop/web:v2'
  const url = 'https://registry.acme.io/v2/shop/web/manifests/v2'
  const cases: [string, string, { variant: string; deterministic: boolean; hint: RegExp }][] = [
    [
      'emulator: not found',
      pullReason({ kind: 'not-found', ref }),
      { variant: 'image-not-found', deterministic: true, hint: /tag or digest/ }
    ],
    [
      'ECS (containers-roadmap#2687): not found',
      'CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref 12345678-eu-west-1.amazonaws.com/example-service:image-tag@sha256:abc: not found',
      { variant: 'image-not-found', deterministic: true, hint: /pushed to this registry/ }
    ],
    [
      'AWS docs: API error 404',
      'CannotPullContainerError: API error (404): repository 111122223333.dkr.ecr.us-east-1.amazonaws.com/repo/image not found',
      { variant: 'image-not-found', deterministic: true, hint: /repository, tag or digest/ }
    ],
    [
      'emulator: pull access denied after the token flow',
      pullReason({
        kind: 'access-denied',
        ref,
        serverMessage: 'insufficient_scope: authorization failed'
      }),
      { variant: 'image-access-denied', deterministic: true, hint: /repositoryCredentials/ }
    ],
    [
      'emulator: 401 without a token service',
      pullReason({ kind: 'access-denied', ref }),
      { variant: 'image-access-denied', deterministic: true, hint: /execution role/ }
    ],
    [
      'emulator: the token service refuses the credentials',
      pullReason({
        kind: 'token-refused',
        ref,
        tokenUrl: 'https://auth.acme.io/token?scope=repository%3Ashop%2Fweb%3Apull',
        status: '401 Unauthorized',
        anonymous: false
      }),
      { variant: 'image-access-denied', deterministic: true, hint: /ecr:BatchGetImage/ }
    ],
    [
      'ECS (aws-cdk#14457): 403 Forbidden',
      'CannotPullContainerError: inspect image has been retried 1 time(s): failed to resolve ref "xxxxx.xxx": unexpected status code [manifests 6981141]: 403 Forbidden',
      { variant: 'image-access-denied', deterministic: true, hint: /repository policy/ }
    ],
    [
      'emulator: DNS miss',
      pullReason({ kind: 'no-such-host', ref, url, host: 'registry.acme.io' }),
      { variant: 'registry-unreachable', deterministic: false, hint: /NAT gateway/ }
    ],
    [
      'emulator: connection refused',
      pullReason({ kind: 'refused', ref, url, address: '10.0.0.7:443' }),
      { variant: 'registry-unreachable', deterministic: false, hint: /VPC endpoints/ }
    ],
    [
      'ECS (ActionIQ/terraform-aws-retool-ecs-fargate#20): i/o timeout to Docker Hub',
      'CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref docker.io/tryretool/backend:2.110.5: failed to do request: Head "https://registry-1.docker.io/v2/tryretool/backend/manifests/2.110.5": dial tcp 34.205.13.154:443: i/o timeout',
      { variant: 'registry-unreachable', deterministic: false, hint: /port 443/ }
    ],
    [
      'AWS docs: request canceled while waiting for connection',
      'CannotPullContainerError: API error (500): Get https://111122223333.dkr.ecr.us-east-1.amazonaws.com/v2/: net/http: request canceled while waiting for connection"',
      { variant: 'registry-unreachable', deterministic: false, hint: /route out/ }
    ],
    [
      'ECS (PrefectHQ/prefect#12003): Docker Hub rate limit',
      'CannotPullContainerError: ref pull has been retried 1 time(s): failed to copy: httpReadSeeker: failed open: unexpected status code https://registry-1.docker.io/v2/prefecthq/prefect/manifests/sha256:69: 429 Too Many Requests - Server message: toomanyrequests: You have reached your pull rate limit.',
      { variant: 'registry-throttled', deterministic: false, hint: /pull through cache/ }
    ],
    [
      'emulator: throttled',
      pullReason({ kind: 'throttled', ref, url, message: 'Too Many Requests' }),
      { variant: 'registry-throttled', deterministic: false, hint: /authenticate the pull/ }
    ]
  ]
  it.each(cases)('%s', (_, reason, expected) => {
    const cause = causeOf(failedToStart(reason))
    expect(cause).toMatchObject({
      kind: 'image-pull',
      variant: expected.variant,
      deterministic: expected.deterministic,
      signature: `image-pull:${expected.variant}`,
      container: 'banana-front',
      image: IMAGE
    })
    expect(cause.hint).toMatch(expected.hint)
    expect(cause.summary).toContain(`(container banana-front, image ${IMAGE})`)
  })

  it('cuts long reasons like ECS: the task reason at 255, a container reason at 1024', () => {
    const long: PullFailure = {
      kind: 'no-such-host',
      ref: `registry.acme.io/${'very-long-name/'.repeat(12)}web:v2`,
      url: `https://registry.acme.io/v2/${'very-long-name/'.repeat(12)}web/manifests/v2`,
      host: 'registry.acme.io'
    }
    const reason = pullReason(long)
    expect(reason.length).toBeGreaterThan(255)
    expect(reason.length).toBeLessThanOrEqual(1024)
    const taskReason = truncateReason(reason)
    expect(taskReason).toHaveLength(255)
    expect(taskReason.endsWith('...')).toBe(true)
    // The container keeps the whole text: the cause and its variant still read from it.
    const cause = causeOf({ ...failedToStart(reason), stoppedReason: taskReason })
    expect(cause).toMatchObject({ kind: 'image-pull', variant: 'registry-unreachable' })
    expect(truncateReason('x'.repeat(2000), 1024)).toHaveLength(1024)
  })
})

describe('resource initialization failures', () => {
  it('reads a missing Secrets Manager secret as a deterministic secrets cause', () => {
    const secret = 'arn:aws:secretsmanager:eu-west-3:123456789012:secret:banana/db-AbCdEf'
    const cause = causeOf(failedToStart(stopReasons.secretNotFound(secret), false))
    expect(cause).toMatchObject({
      kind: 'secrets',
      variant: 'secret-not-found',
      deterministic: true
    })
    expect(cause.summary).toContain('unable to retrieve secret from asm')
    expect(cause.hint).toMatch(/valueFrom \/ repositoryCredentials/)
  })

  it('still reads a secrets failure whose reason ECS cut before the error', () => {
    const secret = 'arn:aws:secretsmanager:eu-west-3:123456789012:secret:banana/db-AbCdEf'
    const cut = truncateReason(stopReasons.secretNotFound(secret))
    expect(cut).toHaveLength(255)
    expect(cut.endsWith('...')).toBe(true)
    const cause = causeOf(failedToStart(cut, false))
    expect(cause).toMatchObject({
      kind: 'secrets',
      variant: 'secret-unreadable',
      deterministic: true
    })
    expect(cause.hint).toMatch(/exists .* and that the task execution role may read it/)
  })

  it('reads an execution role that may not read the secret as access denied', () => {
    const reason =
      'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 1 time(s): failed to fetch secret arn:aws:secretsmanager:eu-west-3:123456789012:secret:db from secrets manager: AccessDeniedException: User: arn:aws:sts::123456789012:assumed-role/ecsTaskExecutionRole is not authorized to perform: secretsmanager:GetSecretValue'
    const cause = causeOf(failedToStart(reason, false))
    expect(cause).toMatchObject({ kind: 'secrets', variant: 'secret-access-denied' })
    expect(cause.hint).toMatch(/secretsmanager:GetSecretValue/)
  })

  it('reads an ECR auth timeout as the network, needing a second task as proof', () => {
    const cut = truncateReason(stopReasons.registryAuthTimeout('eu-west-3'))
    expect(cut).not.toContain('i/o timeout')
    const cause = causeOf(failedToStart(cut, false))
    expect(cause).toMatchObject({
      kind: 'resource-initialization',
      variant: 'aws-api-unreachable',
      deterministic: false
    })
    expect(cause.hint).toMatch(/VPC endpoints/)
  })

  it('reads an execution role refused an ECR token as a deterministic role problem', () => {
    const reason =
      'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve ecr registry auth: service call has been retried 3 time(s): AccessDeniedException: User: arn:aws:sts::123456789012:assumed-role/ecsTaskExecutionRole/abc is not authorized to perform: ecr:GetAuthorizationToken'
    const cause = causeOf(failedToStart(reason, false))
    expect(cause).toMatchObject({
      kind: 'resource-initialization',
      variant: 'registry-auth-denied',
      deterministic: true
    })
    expect(cause.hint).toMatch(/ecr:GetAuthorizationToken/)
  })

  it('reads a missing log group with its fix', () => {
    const reason =
      'ResourceInitializationError: failed to validate logger args: create stream has been retried 1 times: failed to create Cloudwatch log stream: ResourceNotFoundException: The specified log group does not exist. : exit status 1'
    const cause = causeOf(failedToStart(reason, false))
    // The log group's ResourceNotFoundException is not a secret's: the log hint wins.
    expect(cause).toMatchObject({
      kind: 'resource-initialization',
      variant: 'log-group-missing',
      deterministic: true
    })
    expect(cause.hint).toMatch(/awslogs-create-group/)
  })
})

describe('container start and run failures', () => {
  it('reads CannotStartContainerError with a missing executable', () => {
    const cause = causeOf(failedToStart(stopReasons.cannotStart('./server')))
    expect(cause).toMatchObject({
      kind: 'cannot-start',
      variant: 'executable-not-found',
      deterministic: true,
      container: 'banana-front'
    })
    expect(cause.hint).toMatch(/entryPoint\/command/)
  })

  it('reads the Docker form of CannotStartContainerError', () => {
    const reason =
      'CannotStartContainerError: Error response from daemon: OCI runtime create failed: container_linux.go:349: starting container process caused "process_linux.go:449: container init caused \\"rootfs_linux.go:58: mounting"'
    expect(causeOf(failedToStart(reason))).toMatchObject({
      kind: 'cannot-start',
      variant: 'cannot-start-other',
      deterministic: true
    })
  })

  it('reads an OOM kill with its exit code and the memory hint', () => {
    const cause = causeOf({
      taskArn: ARN,
      stopCode: 'EssentialContainerExited',
      stoppedReason: stopReasons.essentialExit,
      containers: [{ name: 'banana-front', exitCode: 137, reason: stopReasons.outOfMemory }]
    })
    expect(cause).toMatchObject({ kind: 'out-of-memory', deterministic: false })
    expect(cause.summary).toBe(
      'Container banana-front ran out of memory (exit code 137): OutOfMemoryError: Container killed due to memory usage'
    )
    expect(cause.hint).toMatch(/raise the container's memory/)
  })

  it('gives an exit code its usual meaning', () => {
    const exited = (exitCode: number) =>
      causeOf({
        taskArn: ARN,
        stopCode: 'EssentialContainerExited',
        stoppedReason: stopReasons.essentialExit,
        containers: [{ name: 'banana-front', exitCode }]
      })
    expect(exited(1)).toMatchObject({ kind: 'container-exit', signature: 'exit:banana-front:1' })
    expect(exited(1).hint).toMatch(/last log lines/)
    expect(exited(137).hint).toMatch(/SIGKILL/)
    expect(exited(143).hint).toMatch(/SIGTERM/)
  })

  it('reads both health check failures with their hints', () => {
    const elb = causeOf({
      taskArn: ARN,
      stopCode: 'ServiceSchedulerInitiated',
      stoppedReason: stopReasons.elbHealth(
        'arn:aws:elasticloadbalancing:eu-west-3:123456789012:targetgroup/banana-front-tg/0c44'
      )
    })
    expect(elb).toMatchObject({ kind: 'elb-health-check', deterministic: false })
    expect(elb.hint).toMatch(/healthCheckGracePeriodSeconds/)
    const container = causeOf({
      taskArn: ARN,
      stopCode: 'ServiceSchedulerInitiated',
      stoppedReason: stopReasons.containerHealth
    })
    expect(container).toMatchObject({ kind: 'container-health-check', deterministic: false })
    expect(container.hint).toMatch(/healthCheck command/)
  })

  it('reads a Spot interruption as benign', () => {
    const cause = causeOf({
      taskArn: ARN,
      stopCode: 'SpotInterruption',
      stoppedReason: stopReasons.spotInterruption
    })
    expect(cause).toMatchObject({ kind: 'benign', summary: 'Your Spot Task was interrupted.' })
    expect(cause.hint).toMatch(/Spot/)
  })
})
