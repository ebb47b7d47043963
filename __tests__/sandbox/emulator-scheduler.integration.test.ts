import { afterEach, describe, expect, it } from '@jest/globals'
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  ListTasksCommand,
  StopTaskCommand,
  UpdateServiceCommand
} from '@aws-sdk/client-ecs'
import { DescribeTargetHealthCommand } from '@aws-sdk/client-elastic-load-balancing-v2'
import { ManualClock } from '../../sandbox/emulator/clock.js'
import type { RunningEmulator } from '../../sandbox/emulator/emulator.js'
import { clientConfig, createBananaService, registerBanana, start } from './emulator-helpers.js'

let emulator: RunningEmulator | undefined

afterEach(async () => {
  await emulator?.close()
})

const SECOND = 1000
// The images' registry is made up: the scheduler, not the pull check, is under test here.
const UNCHECKED = 'registry.sandbox.local'

async function onManualClock() {
  const clock = new ManualClock()
  emulator = await start({ clock, uncheckedRegistries: [UNCHECKED] })
  const fixture = await createBananaService(emulator, {
    image: 'registry.sandbox.local/banana/banana-front:v1',
    healthCheckIntervalSeconds: 10,
    healthyThresholdCount: 2,
    deregistrationDelaySeconds: 30
  })
  const describe = async () =>
    (
      await fixture.ecs.send(
        new DescribeServicesCommand({
          cluster: 'banana-cluster',
          services: ['banana-front-service']
        })
      )
    ).services?.[0]
  return { ...fixture, clock, describe, emulator }
}

describe('service scheduler on a manual clock', () => {
  it('moves only when the clock moves, with ECS-like durations', async () => {
    const { clock, describe, elb, targetGroupArn } = await onManualClock()
    const created = await describe()
    expect([created?.pendingCount, created?.runningCount]).toEqual([2, 0])
    clock.advance(14 * SECOND)
    expect([(await describe())?.pendingCount, (await describe())?.runningCount]).toEqual([2, 0])
    clock.advance(1 * SECOND)
    const running = await describe()
    expect([running?.runningCount, running?.deployments?.[0]?.rolloutState]).toEqual([
      2,
      'IN_PROGRESS'
    ])
    const initial = await elb.send(
      new DescribeTargetHealthCommand({ TargetGroupArn: targetGroupArn })
    )
    expect(initial.TargetHealthDescriptions?.map((d) => d.TargetHealth?.Reason)).toEqual([
      'Elb.RegistrationInProgress',
      'Elb.RegistrationInProgress'
    ])

    clock.advance(20 * SECOND)
    const steady = await describe()
    const deployment = steady?.deployments?.[0]
    expect(deployment?.rolloutState).toBe('COMPLETED')
    // 15 s to RUNNING, then 2 health checks 10 s apart
    expect((deployment?.updatedAt?.getTime() ?? 0) - (deployment?.createdAt?.getTime() ?? 0)).toBe(
      35 * SECOND
    )
  })

  it('does not count tasks that exit after reaching RUNNING, but counts those that never do', async () => {
    const { clock, describe, ecs, emulator: running } = await onManualClock()
    clock.advance(60 * SECOND)
    const crashesLate = await registerBanana(
      running,
      'registry.sandbox.local/banana/banana-front:v2',
      [{ name: 'SANDBOX_EXIT_CODE', value: '1' }]
    )
    await ecs.send(
      new UpdateServiceCommand({
        cluster: 'banana-cluster',
        service: 'banana-front-service',
        taskDefinition: crashesLate
      })
    )
    for (let step = 0; step < 30; step += 1) {
      clock.advance(10 * SECOND)
      await describe()
    }
    const late = await describe()
    expect(late?.deployments?.[0]?.rolloutState).toBe('IN_PROGRESS')
    expect(late?.deployments?.[0]?.failedTasks).toBe(0)

    const crashesAtOnce = await registerBanana(
      running,
      'registry.sandbox.local/banana/banana-front:v3',
      [
        { name: 'SANDBOX_EXIT_CODE', value: '1' },
        { name: 'SANDBOX_EXIT_AFTER', value: '0' }
      ]
    )
    const updated = await ecs.send(
      new UpdateServiceCommand({
        cluster: 'banana-cluster',
        service: 'banana-front-service',
        taskDefinition: crashesAtOnce
      })
    )
    const ourId = updated.service?.deployments?.[0]?.id
    let failed
    for (let step = 0; step < 60 && failed === undefined; step += 1) {
      clock.advance(10 * SECOND)
      failed = (await describe())?.deployments?.find(
        (d) => d.id === ourId && d.rolloutState === 'FAILED'
      )
    }
    expect(failed?.failedTasks).toBe(3)
    const early = await describe()
    expect(early?.deployments?.[0]?.rolloutStateReason).toMatch(
      /^ECS deployment circuit breaker: rolling back to deploymentId ecs-svc\/\d{19}\.$/
    )
    const stopped = early?.events?.find((event) => event.message?.includes('deployment failed'))
    expect(stopped?.message).toBe(
      `(service banana-front-service) (deployment ${ourId}) deployment failed: tasks failed to start.`
    )
  })

  it('drains the targets of a task stopped with StopTask and replaces it', async () => {
    const { clock, describe, ecs, elb, targetGroupArn } = await onManualClock()
    clock.advance(60 * SECOND)
    const [victim] =
      (
        await ecs.send(
          new ListTasksCommand({ cluster: 'banana-cluster', serviceName: 'banana-front-service' })
        )
      ).taskArns ?? []
    const stopped = await ecs.send(
      new StopTaskCommand({ cluster: 'banana-cluster', task: victim, reason: 'drill' })
    )
    expect([stopped.task?.stopCode, stopped.task?.stoppedReason]).toEqual([
      'UserInitiated',
      'drill'
    ])
    clock.advance(1 * SECOND)
    const health = await elb.send(
      new DescribeTargetHealthCommand({ TargetGroupArn: targetGroupArn })
    )
    expect(health.TargetHealthDescriptions?.map((d) => d.TargetHealth?.State).sort()).toEqual([
      'draining',
      'healthy'
    ])
    clock.advance(60 * SECOND)
    const after = await describe()
    expect([after?.runningCount, after?.desiredCount]).toEqual([2, 2])
    expect(after?.events?.[0]?.message).toBe(
      '(service banana-front-service) has reached a steady state.'
    )
  })

  it('uses container health checks for a service without a load balancer', async () => {
    const clock = new ManualClock()
    emulator = await start({ clock, uncheckedRegistries: [UNCHECKED] })
    const ecs = new ECSClient(clientConfig(emulator))
    await ecs.send(new CreateClusterCommand({ clusterName: 'workers' }))
    const register = async (health?: string) =>
      (
        await ecs.send(
          new RegisterTaskDefinitionCommand({
            family: 'worker',
            containerDefinitions: [
              {
                name: 'worker',
                image: 'registry.sandbox.local/worker:1',
                memory: 256,
                environment: health ? [{ name: 'SANDBOX_HEALTH', value: health }] : [],
                healthCheck: { command: ['CMD', 'true'], interval: 10, retries: 3, startPeriod: 5 }
              }
            ]
          })
        )
      ).taskDefinition?.taskDefinitionArn
    await ecs.send(
      new CreateServiceCommand({
        cluster: 'workers',
        serviceName: 'worker',
        taskDefinition: await register(),
        desiredCount: 1,
        launchType: 'EC2',
        deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } }
      })
    )
    const describe = async () =>
      (await ecs.send(new DescribeServicesCommand({ cluster: 'workers', services: ['worker'] })))
        .services?.[0]
    await describe()
    clock.advance(15 * SECOND)
    expect((await describe())?.deployments?.[0]?.rolloutState).toBe('IN_PROGRESS')
    // RUNNING at 15 s, then a 5 s start period and one 10 s interval: healthy at 30 s, not at 55 s
    clock.advance(15 * SECOND)
    expect((await describe())?.deployments?.[0]?.rolloutState).toBe('COMPLETED')

    await ecs.send(
      new UpdateServiceCommand({
        cluster: 'workers',
        service: 'worker',
        taskDefinition: await register('unhealthy')
      })
    )
    let sick
    for (let step = 0; step < 12 && sick === undefined; step += 1) {
      clock.advance(5 * SECOND)
      sick = (await describe())?.events?.find((event) =>
        event.message?.endsWith('failed container health checks.')
      )
    }
    expect(sick?.message).toMatch(
      /^\(service worker\) \(task [0-9a-f]{32}\) failed container health checks\.$/
    )
    const arns =
      (await ecs.send(new ListTasksCommand({ cluster: 'workers', desiredStatus: 'STOPPED' })))
        .taskArns ?? []
    const [task] =
      (await ecs.send(new DescribeTasksCommand({ cluster: 'workers', tasks: arns }))).tasks ?? []
    expect([task?.stoppedReason, task?.healthStatus, task?.containers?.[0]?.healthStatus]).toEqual([
      'Task failed container health checks',
      'UNHEALTHY',
      'UNHEALTHY'
    ])
  })
})
