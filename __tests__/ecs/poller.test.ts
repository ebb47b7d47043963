import { describe, expect, it } from '@jest/globals'
import { GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs'
import {
  DescribeServicesCommand,
  DescribeTasksCommand,
  ListTasksCommand
} from '@aws-sdk/client-ecs'
import { DescribeTargetHealthCommand } from '@aws-sdk/client-elastic-load-balancing-v2'
import { mockClient } from 'aws-sdk-client-mock'
import { RolloutPoller } from '../../src/ecs/poller.js'
import { RolloutWatch } from '../../src/ecs/watch.js'
import { UserError } from '../../src/shared/errors.js'
import { clients } from './mock-clients.js'
import {
  NEW_ID,
  NEW_TD,
  T0,
  deployment,
  oldDeployment,
  pullFailure,
  service
} from './fixtures/snapshots.js'

function throttling(): Error {
  return Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: {} })
}

describe('RolloutPoller', () => {
  it('keeps polling through throttling, more slowly, and fails fast with the log tail of the stopped task', async () => {
    const c = clients()
    const ecs = mockClient(c.ecs)
    const elb = mockClient(c.elb)
    const logs = mockClient(c.logs)
    const inProgress = service([deployment({ id: NEW_ID, pendingCount: 2 }), oldDeployment()])
    ecs
      .on(DescribeServicesCommand)
      .rejectsOnce(throttling())
      .rejectsOnce(throttling())
      .resolves({ services: [inProgress] })
    const failed = pullFailure('0a000000000000000000000000000001')
    ecs
      .on(ListTasksCommand, { desiredStatus: 'STOPPED' })
      .resolves({ taskArns: [failed.taskArn as string] })
    ecs.on(ListTasksCommand, { desiredStatus: 'RUNNING' }).resolves({ taskArns: [] })
    ecs.on(DescribeTasksCommand).resolves({ tasks: [failed] })
    elb.on(DescribeTargetHealthCommand).resolves({ TargetHealthDescriptions: [] })
    logs.on(GetLogEventsCommand).resolves({ events: [{ message: 'pulling image\n' }] })

    const sleeps: number[] = []
    const warnings: string[] = []
    const poller = new RolloutPoller(c, {
      cluster: 'banana-cluster',
      service: 'banana-front-service',
      intervalMs: 1000,
      taskDefinition: {
        containerDefinitions: [
          {
            name: 'banana-front',
            logConfiguration: {
              logDriver: 'awslogs',
              options: { 'awslogs-group': '/ecs/banana-front', 'awslogs-stream-prefix': 'ecs' }
            }
          }
        ]
      },
      onEvents: () => undefined,
      onWarning: (message) => warnings.push(message),
      sleep: async (ms) => {
        sleeps.push(ms)
      },
      now: () => T0 + 5_000,
      random: () => 0.5
    })
    const watch = new RolloutWatch({
      deploymentId: NEW_ID,
      taskDefinitionArn: NEW_TD,
      startedAt: T0,
      timeoutMs: 600_000,
      failFastThreshold: 2
    })
    const verdict = await poller.run(watch)

    expect(verdict.failFast?.cause.kind).toBe('image-pull')
    // Decorrelated jitter: between twice the nominal interval and three times the previous wait.
    expect(sleeps).toHaveLength(2)
    expect(sleeps[0]).toBeGreaterThan(2000)
    expect(sleeps[0]).toBeLessThan(3000)
    expect(sleeps[1]).toBeGreaterThan(2000)
    expect(sleeps[1]).toBeLessThan(3 * (sleeps[0] ?? 0))
    expect(warnings).toHaveLength(2)
    expect(warnings[0]).toContain('more slowly')
    expect(logs.commandCalls(GetLogEventsCommand)[0]?.args[0].input).toMatchObject({
      logGroupName: '/ecs/banana-front',
      logStreamName: 'ecs/banana-front/0a000000000000000000000000000001'
    })
    expect(watch.logTails.get(failed.taskArn as string)?.[0]?.lines).toEqual(['pulling image'])
  })

  it('reads every page of ListTasks, so a stopped task of ours on a later page is seen', async () => {
    const c = clients()
    const ecs = mockClient(c.ecs)
    mockClient(c.elb).on(DescribeTargetHealthCommand).resolves({ TargetHealthDescriptions: [] })
    mockClient(c.logs).on(GetLogEventsCommand).resolves({ events: [] })
    ecs.on(DescribeServicesCommand).resolves({
      services: [service([deployment({ id: NEW_ID }), oldDeployment()])]
    })
    const others = Array.from(
      { length: 100 },
      (_, i) =>
        `arn:aws:ecs:eu-west-3:123456789012:task/banana-cluster/old${String(i).padStart(3, '0')}`
    )
    const failed = pullFailure('0a000000000000000000000000000003')
    ecs
      .on(ListTasksCommand, { desiredStatus: 'STOPPED' })
      .resolves({ taskArns: others, nextToken: 'page-2' })
    ecs
      .on(ListTasksCommand, { desiredStatus: 'STOPPED', nextToken: 'page-2' })
      .resolves({ taskArns: [failed.taskArn as string] })
    ecs.on(ListTasksCommand, { desiredStatus: 'RUNNING' }).resolves({ taskArns: [] })
    ecs.on(DescribeTasksCommand).callsFake((input: { tasks?: string[] }) => ({
      tasks: (input.tasks ?? []).includes(failed.taskArn as string) ? [failed] : []
    }))
    let ticks = 0
    const poller = new RolloutPoller(c, {
      cluster: 'banana-cluster',
      service: 'banana-front-service',
      intervalMs: 1000,
      onEvents: () => undefined,
      sleep: async () => undefined,
      // Each poll 5 s later: if the task were missed, the watch would time out, not hang.
      now: () => T0 + 5_000 * ++ticks
    })
    const watch = new RolloutWatch({
      deploymentId: NEW_ID,
      taskDefinitionArn: NEW_TD,
      startedAt: T0,
      timeoutMs: 30_000,
      failFastThreshold: 2
    })
    const verdict = await poller.run(watch)
    expect(verdict.failFast?.cause.kind).toBe('image-pull')
    expect(ecs.commandCalls(ListTasksCommand, { desiredStatus: 'STOPPED' })).toHaveLength(2)
  })

  it('describes a stopped task only once across polls', async () => {
    const c = clients()
    const ecs = mockClient(c.ecs)
    mockClient(c.elb).on(DescribeTargetHealthCommand).resolves({ TargetHealthDescriptions: [] })
    mockClient(c.logs).on(GetLogEventsCommand).resolves({ events: [] })
    const exited = {
      ...pullFailure('0a000000000000000000000000000002'),
      stopCode: 'UserInitiated' as const,
      stoppedReason: 'drill',
      containers: []
    }
    let polls = 0
    ecs.on(DescribeServicesCommand).callsFake(() => {
      polls += 1
      const done = polls >= 3
      return {
        services: [
          service(
            done
              ? [deployment({ id: NEW_ID, runningCount: 2, rolloutState: 'COMPLETED' })]
              : [deployment({ id: NEW_ID }), oldDeployment()]
          )
        ]
      }
    })
    ecs
      .on(ListTasksCommand, { desiredStatus: 'STOPPED' })
      .resolves({ taskArns: [exited.taskArn as string] })
    ecs.on(ListTasksCommand, { desiredStatus: 'RUNNING' }).resolves({ taskArns: [] })
    ecs.on(DescribeTasksCommand).resolves({ tasks: [exited] })
    const poller = new RolloutPoller(c, {
      cluster: 'banana-cluster',
      service: 'banana-front-service',
      intervalMs: 10,
      onEvents: () => undefined,
      sleep: async () => undefined
    })
    const verdict = await poller.run(
      new RolloutWatch({
        deploymentId: NEW_ID,
        taskDefinitionArn: NEW_TD,
        startedAt: Date.now(),
        timeoutMs: 600_000,
        failFastThreshold: 2
      })
    )
    expect(verdict.status).toBe('succeeded')
    expect(ecs.commandCalls(DescribeTasksCommand)).toHaveLength(1)
  })

  it('stops at once when the service disappears, naming the input', async () => {
    const c = clients()
    mockClient(c.ecs)
      .on(DescribeServicesCommand)
      .resolves({
        services: [],
        failures: [
          { arn: 'arn:aws:ecs:eu-west-3:123456789012:service/banana-cluster/x', reason: 'MISSING' }
        ]
      })
    const poller = new RolloutPoller(c, {
      cluster: 'banana-cluster',
      service: 'x',
      intervalMs: 10,
      onEvents: () => undefined,
      sleep: async () => undefined
    })
    const run = poller.run(
      new RolloutWatch({
        deploymentId: NEW_ID,
        taskDefinitionArn: NEW_TD,
        startedAt: T0,
        timeoutMs: 1,
        failFastThreshold: 2
      })
    )
    await expect(run).rejects.toThrow(UserError)
    await expect(run).rejects.toThrow(
      'Input "service": service "x" not found in cluster "banana-cluster" (MISSING).'
    )
  })
})
