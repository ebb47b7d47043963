import { describe, expect, it } from '@jest/globals'
import { UpdateServiceCommand, type Service } from '@aws-sdk/client-ecs'
import { DescribeTargetHealthCommand } from '@aws-sdk/client-elastic-load-balancing-v2'
import { emulatorPerTest, eventually, registerBanana } from './emulator-helpers.js'

const emulators = emulatorPerTest()

/** The sum of the counts (first group of `pattern`) over the matching event messages. */
const total = (messages: (string | undefined)[], pattern: RegExp): number =>
  messages.reduce((sum, message) => sum + Number(pattern.exec(message ?? '')?.[1] ?? 0), 0)

const completed = (service: Service | undefined) =>
  service?.deployments?.length === 1 && service.deployments[0]?.rolloutState === 'COMPLETED'
    ? service
    : undefined

describe('emulated ECS rolling deployment', () => {
  it('brings the banana service to a steady state with healthy targets and ECS event texts', async () => {
    const {
      elb,
      targetGroupArn,
      emulator,
      registry,
      describeService: describe
    } = await emulators.banana(['banana/banana-front:v1'], { ecrToken: 'token-1' })

    const service = await eventually('the first deployment to complete', async () =>
      completed(await describe())
    )

    expect(service.runningCount).toBe(2)
    const deployment = service.deployments?.[0]
    expect(deployment?.id).toMatch(/^ecs-svc\/\d{19}$/)
    expect(deployment?.rolloutStateReason).toBe(`ECS deployment ${deployment?.id} completed.`)
    const messages = service.events?.map((event) => event.message) ?? []
    expect(messages[0]).toBe('(service banana-front-service) has reached a steady state.')
    expect(messages[1]).toBe(
      `(service banana-front-service) (deployment ${deployment?.id}) deployment completed.`
    )
    // The two tasks start at different times, each registered when it is RUNNING.
    const registered = new RegExp(
      `^\\(service banana-front-service\\) registered (\\d+) targets in \\(target-group ${targetGroupArn}\\)$`
    )
    expect(total(messages, registered)).toBe(2)
    expect(messages.at(-1)).toMatch(
      /^\(service banana-front-service\) has started 2 tasks: \(task [0-9a-f]{32}\) \(task [0-9a-f]{32}\)\.$/
    )
    const health = await elb.send(
      new DescribeTargetHealthCommand({ TargetGroupArn: targetGroupArn })
    )
    expect(health.TargetHealthDescriptions?.map((d) => d.TargetHealth?.State)).toEqual([
      'healthy',
      'healthy'
    ])
    expect(
      registry.heads.every((line) =>
        line.includes(`Basic ${Buffer.from('AWS:token-1').toString('base64')}`)
      )
    ).toBe(true)

    const alb = await fetch(`${emulator.url}/_alb/banana-front-alb/`)
    expect(alb.status).toBe(200)
    expect(await alb.text()).toBe('ok banana-front:1\n')
  })

  it('replaces old tasks through draining: a 2-4 minute rollout in a few real seconds at scale 30, stamped with the wall clock', async () => {
    const {
      ecs,
      targetGroupArn,
      emulator,
      registry,
      describeService: describe
    } = await emulators.banana(
      ['banana/banana-front:v1', 'banana/banana-front:v2'],
      { clockScale: 30, ecrToken: 't' },
      { healthCheckIntervalSeconds: 30, healthyThresholdCount: 3, deregistrationDelaySeconds: 30 }
    )
    const first = await eventually('the first deployment', async () => completed(await describe()))
    const v2 = await registerBanana(emulator, `${registry.host}/banana/banana-front:v2`)

    const realStart = Date.now()
    await ecs.send(
      new UpdateServiceCommand({
        cluster: 'banana-cluster',
        service: 'banana-front-service',
        taskDefinition: v2
      })
    )
    const during = await describe()
    expect(during?.deployments?.map((d) => d.status)).toEqual(['PRIMARY', 'ACTIVE'])
    expect(during?.deployments?.[1]?.id).toBe(first.deployments?.[0]?.id)
    const done = await eventually('the v2 rollout', async () => {
      const service = completed(await describe())
      return service?.taskDefinition === v2 ? service : undefined
    })
    const realEnd = Date.now()
    const realSeconds = (realEnd - realStart) / 1000

    const deployment = done.deployments?.[0]
    const createdAt = deployment?.createdAt?.getTime() ?? 0
    const updatedAt = deployment?.updatedAt?.getTime() ?? 0
    // The timestamps are the wall clock's: the scale shortens durations, not the calendar.
    expect(createdAt).toBeGreaterThanOrEqual(realStart - 1000)
    expect(updatedAt).toBeLessThanOrEqual(realEnd + 1000)
    const simulatedSeconds = ((updatedAt - createdAt) * 30) / 1000
    // start 14-59 s + 3 health checks x 30 s + 30 s draining + a stop of 7-50 s of ECS time
    expect(simulatedSeconds).toBeGreaterThanOrEqual(120)
    expect(simulatedSeconds).toBeLessThan(260)
    expect(realSeconds).toBeLessThan(12)
    const messages = done.events?.map((event) => event.message) ?? []
    const oldId = first.deployments?.[0]?.id ?? ''
    // Old tasks leave one by one as their replacements become healthy: the counts add up.
    expect(
      total(
        messages,
        new RegExp(
          `^\\(service banana-front-service\\) deregistered (\\d+) targets in \\(target-group ${targetGroupArn}\\)$`
        )
      )
    ).toBe(2)
    expect(
      total(
        messages,
        new RegExp(
          `^\\(service banana-front-service, taskSet ${oldId}\\) has begun draining connections on (\\d+) tasks\\.$`
        )
      )
    ).toBe(2)
    expect(
      total(messages, /^\(service banana-front-service\) has stopped (\d+) running tasks: /)
    ).toBe(2)
  })
})
