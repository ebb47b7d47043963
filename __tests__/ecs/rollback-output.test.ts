import { describe, expect, it } from '@jest/globals'
import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ListTasksCommand,
  UpdateServiceCommand,
  type Service
} from '@aws-sdk/client-ecs'
import { DescribeTargetHealthCommand } from '@aws-sdk/client-elastic-load-balancing-v2'
import { mockClient } from 'aws-sdk-client-mock'
import { deploy, type DeployRequest } from '../../src/ecs/deploy.js'
import { recordingLogger } from '../../src/shared/logger.js'
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
  event,
  oldDeployment,
  service
} from './fixtures/snapshots.js'

// Recorded snapshots of a failed deploy followed by a rollback: the service's event list keeps
// growing (DescribeServices returns the last 100, newest first), so every poll of the rollback
// lists again what the first watch printed and what was there before the update.

const ROLLBACK_ID = 'ecs-svc/1111111111111111111'

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

const history = [
  event(-3600, 'has started 2 tasks: (task 0a01) (task 0a02).'),
  event(-3500, 'registered 2 targets in (target-group tg)'),
  event(-3400, 'has reached a steady state.')
]
const started = event(2, 'has started 2 tasks: (task 0b01) (task 0b02).')
const failed = event(60, `(deployment ${NEW_ID}) deployment failed: tasks failed to start.`)
const rollingBack = event(60, `rolling back to deployment ${OLD_ID}.`)
const rollbackStarted = event(62, 'has started 2 tasks: (task 0c01) (task 0c02).')
const steady = event(120, 'has reached a steady state.')

function mockEcs(c: ReturnType<typeof clients>, answers: Service[]) {
  const ecs = mockClient(c.ecs)
  const described = ecs.on(DescribeServicesCommand)
  for (const answer of answers) described.resolvesOnce({ services: [answer] })
  for (const arn of [NEW_TD, OLD_TD])
    ecs.on(DescribeTaskDefinitionCommand, { taskDefinition: arn }).resolves({
      taskDefinition: { taskDefinitionArn: arn, family: 'banana-front', status: 'ACTIVE' }
    })
  ecs.on(UpdateServiceCommand, { taskDefinition: NEW_TD }).resolves({
    service: service([deployment({ id: NEW_ID }), oldDeployment()], history)
  })
  ecs.on(UpdateServiceCommand, { taskDefinition: OLD_TD }).resolves({
    service: service([deployment({ id: ROLLBACK_ID, taskDefinition: OLD_TD })])
  })
  ecs.on(ListTasksCommand).resolves({ taskArns: [] })
  ecs.on(DescribeTasksCommand).resolves({ tasks: [] })
  mockClient(c.elb).on(DescribeTargetHealthCommand).resolves({ TargetHealthDescriptions: [] })
  return ecs
}

function rollbackDeployment(rolloutState: 'IN_PROGRESS' | 'COMPLETED') {
  return deployment({
    id: ROLLBACK_ID,
    taskDefinition: OLD_TD,
    createdAt: new Date(T0 + 60_000),
    rolloutState,
    ...(rolloutState === 'COMPLETED' && { runningCount: 2 })
  })
}

const oursFailed = deployment({
  id: NEW_ID,
  status: 'ACTIVE',
  rolloutState: 'FAILED',
  rolloutStateReason: 'ECS deployment circuit breaker: tasks failed to start.'
})

/** Every service event the log shows, by message: each must appear once. */
function printedEvents(lines: string[]): string[] {
  return lines.filter((line) => /^\[\d\d:\d\d:\d\d\] /.test(line)).map((line) => line.slice(11))
}

describe('deploy: output of a rollback', () => {
  it('a rollback by ECS prints no old event: each event once, none from before the update, no shape twice', async () => {
    const c = clients()
    const all = [...history, started, failed, rollingBack, rollbackStarted, steady]
    mockEcs(c, [
      service([oldDeployment({ status: 'PRIMARY' })], history),
      service([deployment({ id: NEW_ID }), oldDeployment()], [...history, started]),
      service(
        [rollbackDeployment('IN_PROGRESS'), oursFailed],
        [...history, started, failed, rollingBack]
      ),
      service(
        [rollbackDeployment('IN_PROGRESS'), oursFailed],
        [...history, started, failed, rollingBack, rollbackStarted]
      ),
      service([rollbackDeployment('COMPLETED')], all)
    ])
    const log = recordingLogger()
    const result = await deploy(c, request(), log)

    expect(result.status).toBe('rolled-back')
    expect(result.rollback).toMatchObject({ by: 'ecs', outcome: 'completed' })
    // The rollback's "has started 2 tasks" has the shape of one already shown: folded.
    expect(printedEvents(log.lines)).toEqual(
      [started, failed, rollingBack, steady].map((e) => e.message)
    )
  })

  it('our own rollback prints no event twice either, nor a shape already shown', async () => {
    const c = clients()
    const ourFailure = deployment({ id: NEW_ID, rolloutState: 'FAILED', rolloutStateReason: 'x' })
    mockEcs(c, [
      service([oldDeployment({ status: 'PRIMARY' })], history),
      service([ourFailure, oldDeployment()], [...history, started, failed]),
      // Read again by the rollback before its update.
      service([ourFailure, oldDeployment()], [...history, started, failed]),
      service([rollbackDeployment('IN_PROGRESS')], [...history, started, failed, rollbackStarted]),
      service(
        [rollbackDeployment('COMPLETED')],
        [...history, started, failed, rollbackStarted, steady]
      )
    ])
    const log = recordingLogger()
    const result = await deploy(c, request(), log)

    expect(result.rollback).toMatchObject({ by: 'us', outcome: 'completed' })
    expect(printedEvents(log.lines)).toEqual([started, failed, steady].map((e) => e.message))
  })
})
