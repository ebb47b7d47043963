import { describe, expect, it } from '@jest/globals'
import { UpdateServiceCommand, type Service } from '@aws-sdk/client-ecs'
import { DescribeTargetHealthCommand } from '@aws-sdk/client-elastic-load-balancing-v2'
import { emulatorPerTest, eventually, registerBanana } from './emulator-helpers.js'

const emulators = emulatorPerTest()

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
    expect(messages).toContain(
      `(service banana-front-service) registered 2 targets in (target-group ${targetGroupArn})`
    )
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

  it('replaces old tasks through draining, and runs a ~2 minute rollout in a few real seconds at scale 30', async () => {
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
    const realSeconds = (Date.now() - realStart) / 1000

    const deployment = done.deployments?.[0]
    const simulatedSeconds =
      ((deployment?.updatedAt?.getTime() ?? 0) - (deployment?.createdAt?.getTime() ?? 0)) / 1000
    // start ~15 s + 3 health checks x 30 s + 30 s draining + stop: about two minutes of ECS time
    expect(simulatedSeconds).toBeGreaterThanOrEqual(120)
    expect(simulatedSeconds).toBeLessThan(200)
    expect(realSeconds).toBeLessThan(10)
    expect(simulatedSeconds / realSeconds).toBeGreaterThan(15)
    const messages = done.events?.map((event) => event.message) ?? []
    const oldId = first.deployments?.[0]?.id ?? ''
    expect(messages).toContain(
      `(service banana-front-service) deregistered 2 targets in (target-group ${targetGroupArn})`
    )
    expect(messages).toContain(
      `(service banana-front-service, taskSet ${oldId}) has begun draining connections on 2 tasks.`
    )
    expect(
      messages.some((m) =>
        /^\(service banana-front-service\) has stopped 2 running tasks: /.test(m ?? '')
      )
    ).toBe(true)
  })
})
