import { describe, expect, it } from '@jest/globals'
import { DescribeServicesCommand, ListTasksCommand } from '@aws-sdk/client-ecs'
import { mockClient } from 'aws-sdk-client-mock'
import { serverClockOf } from '../../src/ecs/poll-clock.js'
import { RolloutPoller } from '../../src/ecs/poller.js'
import { RolloutWatch } from '../../src/ecs/watch.js'
import { clients } from './mock-clients.js'
import { NEW_ID, NEW_TD, T0, deployment, oldDeployment, service } from './fixtures/snapshots.js'

const SKEW = 90_000
const runnerT0 = T0 - SKEW

function setUp() {
  const c = clients()
  const ecs = mockClient(c.ecs)
  ecs.on(ListTasksCommand).resolves({ taskArns: [] })
  // Someone else's deployment, 30 s older than our update (server clock), still PRIMARY.
  const older = deployment({
    id: 'ecs-svc/3333333333333333333',
    taskDefinition: 'arn:aws:ecs:eu-west-3:123456789012:task-definition/banana-front:8',
    createdAt: new Date(T0 - 30_000)
  })
  ecs
    .on(DescribeServicesCommand)
    .resolves({ services: [{ ...service([older, oldDeployment()]), loadBalancers: [] }] })
  let tick = 0
  const poller = new RolloutPoller(c, {
    cluster: 'banana-cluster',
    service: 'banana-front-service',
    intervalMs: 1000,
    onEvents: () => undefined,
    now: () => runnerT0 + 1000 * ++tick
  })
  // No UpdateService createdAt: the poller's clock offset is the only server reference.
  const watch = new RolloutWatch({
    deploymentId: NEW_ID,
    taskDefinitionArn: NEW_TD,
    startedAt: runnerT0,
    timeoutMs: 600_000,
    failFastThreshold: 2
  })
  return { clock: serverClockOf(c.ecs), poller, watch }
}

describe('RolloutPoller and the AWS clock', () => {
  it('gives the watch the clock offset once Date headers bound it, and the verdicts hold under a 90 s skew', async () => {
    const { clock, poller, watch } = setUp()
    for (let i = 0; i < 4; i += 1) {
      const sent = runnerT0 + i * 1_300 + 250
      clock.addDateHeader(new Date(sent + 30 + SKEW).toUTCString(), sent, sent + 60)
    }
    const { snapshot } = await poller.snapshot(watch)
    expect(Math.abs((snapshot.serverOffsetMs ?? NaN) - SKEW)).toBeLessThan(1_000)
    // The older deployment is not taken for a newer one: the watch waits for ours to be listed.
    expect(watch.observe(snapshot).verdict).toBeUndefined()
  })

  it('keeps a timestamp-only estimate (a lower bound, maybe hours off) away from the verdicts', async () => {
    const { poller, watch } = setUp()
    const { snapshot } = await poller.snapshot(watch)
    expect(snapshot.serverOffsetMs).toBeUndefined()
    expect(watch.observe(snapshot).verdict).toBeUndefined()
  })
})
