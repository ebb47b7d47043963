// The emulator's time: timestamps on the (skewed) wall clock whatever the scale, task timings
// drawn per task from a seed, ECS's restart throttle and the circuit breaker's pace on a pull
// failure, and the breaker status of service deployments that ended.
import { describe, expect, it } from '@jest/globals'
import {
  DescribeServiceDeploymentsCommand,
  DescribeTasksCommand,
  ListServiceDeploymentsCommand,
  ListTasksCommand,
  UpdateServiceCommand,
  type ECSClient,
  type Service,
  type Task
} from '@aws-sdk/client-ecs'
import { ManualClock, ScaledClock } from '../../sandbox/emulator/clock.js'
import { emulatorPerTest, eventually, registerBanana } from './emulator-helpers.js'

const emulators = emulatorPerTest()
const SECOND = 1000
const MINUTE = 60 * SECOND

async function allTasks(ecs: ECSClient): Promise<Task[]> {
  const arns = [
    ...((await ecs.send(new ListTasksCommand({ cluster: 'banana-cluster' }))).taskArns ?? []),
    ...((
      await ecs.send(new ListTasksCommand({ cluster: 'banana-cluster', desiredStatus: 'STOPPED' }))
    ).taskArns ?? [])
  ]
  if (arns.length === 0) return []
  const described: Task[] = []
  for (let index = 0; index < arns.length; index += 100) {
    const page = arns.slice(index, index + 100)
    described.push(
      ...((await ecs.send(new DescribeTasksCommand({ cluster: 'banana-cluster', tasks: page })))
        .tasks ?? [])
    )
  }
  return described
}

/** Steps a manual clock `step` at a time until `check` holds, for at most `limit` of ECS time. */
async function stepUntil<T>(
  clock: ManualClock,
  check: () => Promise<T | undefined>,
  step: number,
  limit: number
): Promise<T | undefined> {
  for (let elapsed = 0; elapsed <= limit; elapsed += step) {
    const value = await check()
    if (value !== undefined) return value
    clock.advance(step)
  }
  return undefined
}

const startOffsets = (tasks: Task[]) =>
  tasks
    .map((task) => (task.startedAt?.getTime() ?? 0) - (task.createdAt?.getTime() ?? 0))
    .sort((a, b) => a - b)

describe('emulator time', () => {
  it('shortens durations by the scale, never the calendar: timestamps stay on the skewed wall clock', async () => {
    expect(new ScaledClock(30).duration(30 * SECOND)).toBe(SECOND)
    expect(new ScaledClock(600, -90 * SECOND).now() - Date.now()).toBeLessThanOrEqual(-89 * SECOND)
    const realStart = Date.now()
    const { describeService, emulator } = await emulators.banana(['banana/banana-front:v1'], {
      clockScale: 600,
      clockSkewSeconds: -90,
      ecrToken: 't'
    })
    // The HTTP Date header is on the same clock as the timestamps, as AWS's is.
    const dated = await fetch(`${emulator.url}/_sandbox/health`)
    const headerAt = Date.parse(dated.headers.get('date') ?? '')
    expect(Math.abs(headerAt - (Date.now() - 90 * SECOND))).toBeLessThanOrEqual(2 * SECOND)
    const done = await eventually('the first deployment to complete', async () => {
      const service = await describeService()
      return service?.deployments?.[0]?.rolloutState === 'COMPLETED' ? service : undefined
    })
    const realEnd = Date.now()
    const deployment = done.deployments?.[0]
    const createdAt = deployment?.createdAt?.getTime() ?? 0
    const updatedAt = deployment?.updatedAt?.getTime() ?? 0
    // 90 s behind the runner, within the 2 s the README promises, after ~3 ECS minutes of rollout.
    expect(createdAt).toBeGreaterThanOrEqual(realStart - 92 * SECOND)
    expect(updatedAt).toBeLessThanOrEqual(realEnd - 88 * SECOND)
    // start + 5 health checks 30 s apart: 164-209 ECS seconds, shown as 1/600 of that.
    expect((updatedAt - createdAt) * 600).toBeGreaterThanOrEqual(150 * SECOND)
  })

  it('staggers task starts over documented ranges, the same for the same seed', async () => {
    const offsetsFor = async (seed: number) => {
      const clock = new ManualClock()
      const { ecs } = await emulators.banana(['banana/banana-front:v1'], { clock, seed })
      await ecs.send(
        new UpdateServiceCommand({
          cluster: 'banana-cluster',
          service: 'banana-front-service',
          desiredCount: 6
        })
      )
      clock.advance(2 * MINUTE)
      const tasks = await allTasks(ecs)
      await emulators.close()
      return startOffsets(tasks)
    }
    const first = await offsetsFor(7)
    expect(first).toHaveLength(6)
    // PROVISIONING to RUNNING: 14-59 s drawn per task (AWS's example is 23.7 s); never in lockstep.
    for (const offset of first) {
      expect(offset).toBeGreaterThanOrEqual(14 * SECOND)
      expect(offset).toBeLessThanOrEqual(59 * SECOND)
    }
    expect(new Set(first).size).toBe(6)
    expect(await offsetsFor(7)).toEqual(first)
    expect(await offsetsFor(8)).not.toEqual(first)
  })

  it('throttles restarts of tasks that never start, and says so once', async () => {
    const clock = new ManualClock()
    const { ecs, emulator, registry, describeService } = await emulators.banana(
      ['banana/banana-front:v1'],
      { clock }
    )
    // 90 ECS minutes of polls within a real second: AWS's rates would refuse what a real client
    // spreads over 90 minutes.
    await fetch(`${emulator.url}/_sandbox/throttling`, { method: 'PUT', body: '{"mode":"off"}' })
    await stepUntil(
      clock,
      async () =>
        (await describeService())?.deployments?.[0]?.rolloutState === 'COMPLETED' || undefined,
      10 * SECOND,
      10 * MINUTE
    )
    const bad = await registerBanana(emulator, `${registry.host}/banana/banana-front:nope`)
    await ecs.send(
      new UpdateServiceCommand({
        cluster: 'banana-cluster',
        service: 'banana-front-service',
        taskDefinition: bad,
        desiredCount: 1,
        deploymentConfiguration: { deploymentCircuitBreaker: { enable: false, rollback: false } }
      })
    )
    for (let elapsed = 0; elapsed < 90 * MINUTE; elapsed += 30 * SECOND) {
      clock.advance(30 * SECOND)
      await describeService()
    }
    const service = (await describeService()) as Service
    const throttled = (service.events ?? []).filter(
      (event) =>
        event.message ===
        '(service banana-front-service) is unable to consistently start tasks successfully.'
    )
    expect(throttled).toHaveLength(1)
    const starts = (await allTasks(ecs))
      .filter((task) => task.taskDefinitionArn === bad)
      .map((task) => task.createdAt?.getTime() ?? 0)
      .sort((a, b) => a - b)
    const gaps = starts.slice(1).map((at, index) => at - (starts[index] as number))
    // Each restart waits longer than the one before (2.5, 5, 10, 20 minutes after the failure),
    // up to 27 minutes.
    expect(gaps.length).toBeGreaterThanOrEqual(4)
    for (let index = 1; index < 4; index += 1) {
      expect(gaps[index]).toBeGreaterThan(gaps[index - 1] as number)
    }
    expect(Math.max(...gaps)).toBeLessThanOrEqual(27 * MINUTE + 2 * MINUTE)
    // The throttle ends with a new task definition: the good one starts at once.
    const good = await registerBanana(emulator, `${registry.host}/banana/banana-front:v1`)
    const updatedAt = clock.now()
    await ecs.send(
      new UpdateServiceCommand({
        cluster: 'banana-cluster',
        service: 'banana-front-service',
        taskDefinition: good
      })
    )
    clock.advance(SECOND)
    const started = (await describeService())?.events?.find(
      (event) =>
        (event.createdAt?.getTime() ?? 0) >= updatedAt &&
        /^\(service banana-front-service\) has started 1 tasks: /.test(event.message ?? '')
    )
    expect(started).toBeDefined()
  })

  it('trips the breaker on a pull failure after some 10 ECS minutes, as ECS does, not 2', async () => {
    const clock = new ManualClock()
    const { ecs, emulator, registry, describeService } = await emulators.banana(
      ['banana/banana-front:v1'],
      { clock }
    )
    await stepUntil(
      clock,
      async () =>
        (await describeService())?.deployments?.[0]?.rolloutState === 'COMPLETED' || undefined,
      10 * SECOND,
      10 * MINUTE
    )
    const bad = await registerBanana(emulator, `${registry.host}/banana/banana-front:nope`)
    const updated = await ecs.send(
      new UpdateServiceCommand({
        cluster: 'banana-cluster',
        service: 'banana-front-service',
        taskDefinition: bad,
        desiredCount: 1
      })
    )
    const ours = updated.service?.deployments?.[0]
    const failed = await stepUntil(
      clock,
      async () =>
        (await describeService())?.deployments?.find(
          (d) => d.id === ours?.id && d.rolloutState === 'FAILED'
        ),
      10 * SECOND,
      40 * MINUTE
    )
    const tookMinutes =
      ((failed?.updatedAt?.getTime() ?? Infinity) - (ours?.createdAt?.getTime() ?? 0)) / MINUTE
    // desired 1, threshold 3: three failed pulls, the restarts 2.5 then 5 minutes apart.
    expect(tookMinutes).toBeGreaterThan(8)
    expect(tookMinutes).toBeLessThan(14)
    expect(failed?.failedTasks).toBe(3)
  })

  it('ends the breaker monitoring of a superseded and of a completed service deployment', async () => {
    const clock = new ManualClock()
    const { ecs, emulator, registry, describeService } = await emulators.banana(
      ['banana/banana-front:v1'],
      { clock }
    )
    clock.advance(10 * SECOND)
    await describeService()
    const next = await registerBanana(emulator, `${registry.host}/banana/banana-front:v1`)
    await ecs.send(
      new UpdateServiceCommand({
        cluster: 'banana-cluster',
        service: 'banana-front-service',
        taskDefinition: next
      })
    )
    await stepUntil(
      clock,
      async () => {
        const service = await describeService()
        return service?.deployments?.length === 1 &&
          service.deployments[0]?.rolloutState === 'COMPLETED'
          ? service
          : undefined
      },
      10 * SECOND,
      30 * MINUTE
    )
    const listed = await ecs.send(
      new ListServiceDeploymentsCommand({
        cluster: 'banana-cluster',
        service: 'banana-front-service'
      })
    )
    const records = await ecs.send(
      new DescribeServiceDeploymentsCommand({
        serviceDeploymentArns: (listed.serviceDeployments ?? []).map(
          (d) => d.serviceDeploymentArn ?? ''
        )
      })
    )
    expect(
      (records.serviceDeployments ?? []).map((d) => [d.status, d.deploymentCircuitBreaker?.status])
    ).toEqual([
      ['SUCCESSFUL', 'MONITORING_COMPLETE'],
      ['STOPPED', 'MONITORING_COMPLETE']
    ])
  })
})
