import { describe, expect, it } from '@jest/globals'
import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ListTasksCommand,
  UpdateServiceCommand
} from '@aws-sdk/client-ecs'
import { DescribeTargetHealthCommand } from '@aws-sdk/client-elastic-load-balancing-v2'
import { mockClient } from 'aws-sdk-client-mock'
import { deploy, type DeployRequest } from '../../src/ecs/deploy.js'
import { MIN_ROLLBACK_TIMEOUT_MS, rollbackTimeoutMs } from '../../src/ecs/rollback.js'
import type { Logger } from '../../src/shared/logger.js'
import { Cancelled } from '../../src/shared/cancel.js'
import { clients } from './mock-clients.js'
import {
  CLUSTER,
  NEW_ID,
  NEW_TD,
  OLD_ID,
  OLD_TD,
  SERVICE,
  T0,
  deployment,
  oldDeployment,
  service
} from './fixtures/snapshots.js'

const ROLLBACK_ID = 'ecs-svc/1111111111111111111'

function recordingLog(): Logger & { lines: string[] } {
  const lines: string[] = []
  return {
    lines,
    debug: () => undefined,
    info: (m) => lines.push(m),
    warning: (m) => lines.push(`warning: ${m}`),
    error: (m) => lines.push(`error: ${m}`),
    group: (_name, work) => work()
  }
}

function request(overrides: Partial<DeployRequest> = {}): DeployRequest {
  return {
    region: 'eu-west-3',
    cluster: CLUSTER,
    service: SERVICE,
    source: { kind: 'arn', arn: NEW_TD },
    wait: true,
    timeoutMs: 600_000,
    pollIntervalMs: 1,
    failFastThreshold: 0,
    rollback: true,
    deregisterFailed: false,
    forceNewDeployment: false,
    tags: [],
    sleep: async () => {},
    ...overrides
  }
}

/** An ECS whose first DescribeServices shows the old revision settled, then the given answers. */
function mockEcs(c: ReturnType<typeof clients>, polls: ReturnType<typeof service>[]) {
  const ecs = mockClient(c.ecs)
  const described = ecs
    .on(DescribeServicesCommand)
    .resolvesOnce({ services: [service([oldDeployment({ status: 'PRIMARY' })])] })
  for (const answer of polls) described.resolvesOnce({ services: [answer] })
  ecs.on(DescribeTaskDefinitionCommand, { taskDefinition: NEW_TD }).resolves({
    taskDefinition: { taskDefinitionArn: NEW_TD, family: 'banana-front', status: 'ACTIVE' }
  })
  ecs.on(DescribeTaskDefinitionCommand, { taskDefinition: OLD_TD }).resolves({
    taskDefinition: { taskDefinitionArn: OLD_TD, family: 'banana-front', status: 'ACTIVE' }
  })
  ecs.on(UpdateServiceCommand).resolves({
    service: service([deployment({ id: NEW_ID }), oldDeployment()])
  })
  ecs.on(ListTasksCommand).resolves({ taskArns: [] })
  ecs.on(DescribeTasksCommand).resolves({ tasks: [] })
  mockClient(c.elb).on(DescribeTargetHealthCommand).resolves({ TargetHealthDescriptions: [] })
  return ecs
}

const oursFailed = deployment({
  id: NEW_ID,
  status: 'ACTIVE',
  rolloutState: 'FAILED',
  rolloutStateReason: 'ECS deployment circuit breaker: tasks failed to start.'
})

function ecsRollback(overrides: Partial<Parameters<typeof deployment>[0]>) {
  return deployment({
    id: ROLLBACK_ID,
    taskDefinition: OLD_TD,
    createdAt: new Date(T0 + 100_000),
    rolloutStateReason: `ECS deployment circuit breaker: rolling back to deploymentId ${OLD_ID}.`,
    ...overrides
  })
}

describe('deploy: a rollback performed by ECS', () => {
  it('is rolled-back when the rollback deployment completes', async () => {
    const c = clients()
    mockEcs(c, [
      service([ecsRollback({}), oursFailed]),
      service([ecsRollback({ rolloutState: 'COMPLETED', runningCount: 2 })])
    ])
    const result = await deploy(c, request(), recordingLog())
    expect(result.status).toBe('rolled-back')
    expect(result.rollback).toMatchObject({ by: 'ecs', outcome: 'completed' })
  })

  it('is failed, with the reason, when the rollback by ECS fails too', async () => {
    const c = clients()
    mockEcs(c, [
      service([ecsRollback({}), oursFailed]),
      service([
        ecsRollback({
          rolloutState: 'FAILED',
          rolloutStateReason: 'ECS deployment circuit breaker: rollback failed.'
        })
      ])
    ])
    const log = recordingLog()
    const result = await deploy(c, request(), log)
    expect(result.status).toBe('failed')
    expect(result.reason).toContain('rollback failed')
    expect(result.rollback).toMatchObject({ by: 'ecs', outcome: 'failed' })
  })
})

describe('deploy: our own rollback', () => {
  it('waits for the rollback at least 10 minutes even when the deploy timeout is short', async () => {
    const c = clients()
    const ecs = mockEcs(c, [
      service([
        deployment({ id: NEW_ID, rolloutState: 'FAILED', rolloutStateReason: 'tasks failed' }),
        oldDeployment()
      ]),
      service([
        deployment({ id: NEW_ID, status: 'ACTIVE', rolloutState: 'FAILED' }),
        oldDeployment()
      ]),
      service([
        deployment({ id: ROLLBACK_ID, taskDefinition: OLD_TD, createdAt: new Date(T0 + 60_000) })
      ]),
      service([
        deployment({ id: ROLLBACK_ID, taskDefinition: OLD_TD, createdAt: new Date(T0 + 60_000) })
      ]),
      service([
        deployment({ id: ROLLBACK_ID, taskDefinition: OLD_TD, createdAt: new Date(T0 + 60_000) })
      ]),
      service([
        deployment({
          id: ROLLBACK_ID,
          taskDefinition: OLD_TD,
          runningCount: 2,
          rolloutState: 'COMPLETED',
          createdAt: new Date(T0 + 60_000)
        })
      ])
    ])
    ecs
      .on(UpdateServiceCommand, { taskDefinition: OLD_TD })
      .resolves({ service: service([deployment({ id: ROLLBACK_ID, taskDefinition: OLD_TD })]) })
    let clock = Date.now()
    const realNow = Date.now
    Date.now = () => clock
    try {
      // Every poll of the rollback is 40 s apart: past the 60 s deploy timeout by the second one.
      const result = await deploy(
        c,
        request({
          timeoutMs: 60_000,
          sleep: async () => {
            clock += 40_000
          }
        }),
        recordingLog()
      )
      expect(result.rollback).toMatchObject({ by: 'us', outcome: 'completed' })
      expect(result.status).toBe('rolled-back')
    } finally {
      Date.now = realNow
    }
  })

  it('gives the rollback the deploy timeout when that is longer than 10 minutes', () => {
    expect(rollbackTimeoutMs(60_000)).toBe(MIN_ROLLBACK_TIMEOUT_MS)
    expect(rollbackTimeoutMs(3_600_000)).toBe(3_600_000)
  })
})

describe('deploy: smoke check with credentials in the URL', () => {
  it('never prints the password or the query values, in the log or the reason', async () => {
    const c = clients()
    mockEcs(c, [
      service([deployment({ id: NEW_ID, runningCount: 2, rolloutState: 'COMPLETED' })]),
      service([deployment({ id: NEW_ID, runningCount: 2, rolloutState: 'COMPLETED' })])
    ])
    const log = recordingLog()
    const result = await deploy(
      c,
      request({
        rollback: false,
        // Nothing listens on port 9 of 127.0.0.1: the check fails with a network error.
        smoke: {
          url: 'http://deploy:hunter2@127.0.0.1:9/health?token=tok-123',
          expectedStatus: 200,
          retries: 0
        }
      }),
      log
    )
    expect(result.status).toBe('failed')
    const printed = [...log.lines, result.reason, result.smoke?.last ?? ''].join('\n')
    expect(printed).toContain('http://***@127.0.0.1:9/health?token=***')
    expect(printed).not.toContain('hunter2')
    expect(printed).not.toContain('tok-123')
  })
})

describe('deploy: cancelled by the runner', () => {
  it('stops watching, reads the service once more, reports where the rollout stands, changes nothing', async () => {
    const c = clients()
    const inProgress = service([
      deployment({ id: NEW_ID, runningCount: 1, pendingCount: 1 }),
      oldDeployment()
    ])
    const ecs = mockEcs(c, [inProgress, inProgress, inProgress])
    const controller = new AbortController()
    let sleeps = 0
    const log = recordingLog()
    const result = await deploy(
      c,
      request({
        signal: controller.signal,
        // The runner's SIGTERM arrives while the watch waits between its second and third polls.
        sleep: async () => {
          sleeps += 1
          if (sleeps === 2) controller.abort(new Cancelled('SIGTERM'))
        }
      }),
      log
    )

    expect(result.status).toBe('cancelled')
    expect(result.deploymentId).toBe(NEW_ID)
    expect(result.cancelled?.ours).toMatchObject({
      id: NEW_ID,
      rolloutState: 'IN_PROGRESS',
      running: 1,
      pending: 1
    })
    expect(result.cancelled?.deployments.map((row) => row.id)).toEqual([NEW_ID, OLD_ID])
    expect(result.reason).toBe(
      `SIGTERM received with deployment ${NEW_ID} (banana-front:7) at rollout IN_PROGRESS, desired 2, pending 1, running 1, failed 0; the service was left as it is, no rollback and no update`
    )
    expect(log.lines).toContain(
      'ECS console: https://eu-west-3.console.aws.amazon.com/ecs/v2/clusters/banana-cluster/services/banana-front-service/deployments?region=eu-west-3'
    )
    // One update (ours), no rollback; the watch made two polls, the report one more read.
    expect(ecs.commandCalls(UpdateServiceCommand)).toHaveLength(1)
    expect(ecs.commandCalls(DescribeServicesCommand)).toHaveLength(4)
  })

  it('falls back to the last poll when the service cannot be read after the cancellation', async () => {
    const c = clients()
    const inProgress = service([deployment({ id: NEW_ID, runningCount: 1 }), oldDeployment()])
    const ecs = mockEcs(c, [inProgress])
    const controller = new AbortController()
    const log = recordingLog()
    const result = await deploy(
      c,
      request({
        signal: controller.signal,
        sleep: async () => {
          ecs.on(DescribeServicesCommand).rejects(new Error('connect ECONNREFUSED'))
          controller.abort(new Cancelled('SIGINT'))
        }
      }),
      log
    )

    expect(result.status).toBe('cancelled')
    expect(result.cancelled?.ours).toMatchObject({ id: NEW_ID, running: 1 })
    expect(log.lines).toContain(
      'warning: Could not read the service after the cancellation (connect ECONNREFUSED); showing the last poll.'
    )
    expect(ecs.commandCalls(UpdateServiceCommand)).toHaveLength(1)
  })
})
