import { describe, expect, it } from '@jest/globals'
import { GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs'
import {
  DescribeServicesCommand,
  DescribeTasksCommand,
  ListTasksCommand,
  type Service
} from '@aws-sdk/client-ecs'
import {
  DescribeTargetGroupAttributesCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand
} from '@aws-sdk/client-elastic-load-balancing-v2'
import { mockClient } from 'aws-sdk-client-mock'
import { RolloutPoller } from '../../src/ecs/poller.js'
import { RolloutWatch } from '../../src/ecs/watch.js'
import { clients } from './mock-clients.js'
import {
  NEW_ID,
  NEW_TD,
  T0,
  TG,
  deployment,
  event,
  oldDeployment,
  pullFailure,
  service,
  task
} from './fixtures/snapshots.js'

const started = event(2, 'has started 2 tasks: (task 0a01) (task 0a02).')

/** A poller over mocked clients whose DescribeServices answers come from `answer(poll)`. */
function setUp(answer: (poll: number) => Service) {
  const c = clients()
  const ecs = mockClient(c.ecs)
  const elb = mockClient(c.elb)
  mockClient(c.logs).on(GetLogEventsCommand).resolves({ events: [] })
  elb.on(DescribeTargetGroupsCommand).resolves({
    TargetGroups: [{ TargetGroupArn: TG, HealthCheckIntervalSeconds: 30, HealthyThresholdCount: 5 }]
  })
  elb.on(DescribeTargetGroupAttributesCommand).resolves({
    Attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '300' }]
  })
  let poll = 0
  ecs.on(DescribeServicesCommand).callsFake(() => {
    poll += 1
    return { services: [answer(poll)] }
  })
  const poller = new RolloutPoller(c, {
    cluster: 'banana-cluster',
    service: 'banana-front-service',
    intervalMs: 10_000,
    onEvents: () => undefined,
    sleep: async () => undefined,
    // Each poll 10 s after the previous one, on the runner's clock.
    now: () => T0 + 10_000 * poll,
    random: () => 0.5
  })
  const watch = new RolloutWatch({
    deploymentId: NEW_ID,
    taskDefinitionArn: NEW_TD,
    startedAt: T0,
    deploymentCreatedAt: new Date(T0),
    timeoutMs: 3_600_000,
    failFastThreshold: 2
  })
  const calls = (command: Parameters<typeof ecs.commandCalls>[0]) =>
    ecs.commandCalls(command).length
  return { ecs, elb, poller, watch, calls, polls: () => poll }
}

describe('RolloutPoller call budget', () => {
  it('sends one DescribeServices per poll while nothing changes', async () => {
    const pending = service(
      [deployment({ id: NEW_ID, pendingCount: 2 }), oldDeployment()],
      [started]
    )
    const done = service([deployment({ id: NEW_ID, runningCount: 2, rolloutState: 'COMPLETED' })])
    const { ecs, elb, poller, watch, calls } = setUp((poll) => (poll < 20 ? pending : done))
    ecs.on(ListTasksCommand).resolves({ taskArns: [] })
    elb.on(DescribeTargetHealthCommand).resolves({ TargetHealthDescriptions: [] })

    expect((await poller.run(watch)).status).toBe('succeeded')
    expect(calls(DescribeServicesCommand)).toBe(20)
    // The first poll reads the stopped tasks; the last one sees the counts move (ours running:
    // target health too); the 18 between, nothing.
    expect(calls(ListTasksCommand)).toBe(2)
    expect(elb.commandCalls(DescribeTargetHealthCommand)).toHaveLength(1)
    expect(poller.plans.slice(1, 19).every((p) => p.reasons.length === 0)).toBe(true)
    // Target group settings: read once.
    expect(elb.commandCalls(DescribeTargetGroupsCommand)).toHaveLength(1)
    expect(elb.commandCalls(DescribeTargetGroupAttributesCommand)).toHaveLength(1)
  })

  it('fails fast on the very poll whose answer first shows the failed task', async () => {
    const failed = pullFailure('0a000000000000000000000000000001')
    const { ecs, elb, poller, watch } = setUp((poll) =>
      poll < 5
        ? service([deployment({ id: NEW_ID, pendingCount: 2 }), oldDeployment()], [started])
        : service(
            [deployment({ id: NEW_ID, pendingCount: 1, failedTasks: 1 }), oldDeployment()],
            [started]
          )
    )
    let listed = 0
    ecs.on(ListTasksCommand, { desiredStatus: 'STOPPED' }).callsFake(() => {
      listed += 1
      // ECS lists the task as soon as the answer shows it: from poll 5 on (the 2nd listing).
      return { taskArns: listed >= 2 ? [failed.taskArn as string] : [] }
    })
    ecs.on(ListTasksCommand, { desiredStatus: 'RUNNING' }).resolves({ taskArns: [] })
    ecs.on(DescribeTasksCommand).resolves({ tasks: [failed] })
    elb.on(DescribeTargetHealthCommand).resolves({ TargetHealthDescriptions: [] })

    const verdict = await poller.run(watch)
    expect(verdict.failFast?.cause.kind).toBe('image-pull')
    expect(watch.polls).toBe(5)
    expect(watch.firstFailurePoll).toBe(5)
  })

  it('still fails fast on failing target health, read at the regular interval while targets settle', async () => {
    const ours = [
      task('0a00000000000000000000000000000a', { ip: '10.0.1.21' }),
      task('0a00000000000000000000000000000b', { ip: '10.0.1.22' })
    ]
    const running = service(
      [deployment({ id: NEW_ID, runningCount: 2 }), oldDeployment()],
      [started]
    )
    const { ecs, elb, poller, watch, polls } = setUp(() => running)
    ecs.on(ListTasksCommand, { desiredStatus: 'STOPPED' }).resolves({ taskArns: [] })
    ecs
      .on(ListTasksCommand, { desiredStatus: 'RUNNING' })
      .resolves({ taskArns: ours.map((t) => t.taskArn as string) })
    ecs.on(DescribeTasksCommand).resolves({ tasks: ours })
    const target = (ip: string, failing: boolean) => ({
      Target: { Id: ip, Port: 80 },
      TargetHealth: failing
        ? {
            State: 'unhealthy' as const,
            Reason: 'Target.ResponseCodeMismatch' as const,
            Description: 'Health checks failed with these codes: [502]'
          }
        : { State: 'initial' as const, Reason: 'Elb.InitialHealthChecking' as const }
    })
    elb.on(DescribeTargetHealthCommand).callsFake(() => ({
      TargetHealthDescriptions: ['10.0.1.21', '10.0.1.22'].map((ip) => target(ip, polls() >= 3))
    }))

    const verdict = await poller.run(watch)
    expect(verdict.reason).toContain('[502]')
    // Read at every regular poll while the targets settle: unhealthy at poll 3, failed there.
    expect(elb.commandCalls(DescribeTargetHealthCommand)).toHaveLength(3)
    expect(watch.polls).toBe(3)
    // The running tasks were listed once, to place the targets; never again.
    expect(ecs.commandCalls(ListTasksCommand, { desiredStatus: 'RUNNING' })).toHaveLength(1)
  })

  it('describes a task of ours that is stopping again until its stop reason is there', async () => {
    const stopping = task('0a000000000000000000000000000001', {
      lastStatus: 'DEPROVISIONING',
      desiredStatus: 'STOPPED'
    })
    const failed = pullFailure('0a000000000000000000000000000001')
    const answer = service(
      [deployment({ id: NEW_ID, pendingCount: 1, failedTasks: 1 }), oldDeployment()],
      [started]
    )
    const { ecs, elb, poller, watch } = setUp(() => answer)
    ecs.on(ListTasksCommand, { desiredStatus: 'STOPPED' }).resolves({
      taskArns: [stopping.taskArn as string]
    })
    ecs.on(ListTasksCommand, { desiredStatus: 'RUNNING' }).resolves({ taskArns: [] })
    ecs
      .on(DescribeTasksCommand)
      .resolvesOnce({ tasks: [stopping] })
      .resolves({ tasks: [failed] })
    elb.on(DescribeTargetHealthCommand).resolves({ TargetHealthDescriptions: [] })

    const verdict = await poller.run(watch)
    expect(verdict.failFast?.cause.kind).toBe('image-pull')
    expect(watch.polls).toBe(2)
    expect(poller.plans[1]?.stoppingTasks).toBe(true)
    expect(ecs.commandCalls(ListTasksCommand, { desiredStatus: 'STOPPED' })).toHaveLength(1)
  })
})
