import { describe, expect, it } from '@jest/globals'
import { DEFAULT_TIMING, predictDue } from '../../src/ecs/poll-predict.js'
import { NEW_ID, T0, deployment, event, oldDeployment, service } from './fixtures/snapshots.js'

const ours = deployment({ id: NEW_ID, runningCount: 2, createdAt: new Date(T0) })

const GONE_FROM = 5_000
const GONE_TO = 50_000

describe('predictDue: when the service timestamps say the deployment may complete (server times)', () => {
  it('registered targets: health checks, the deregistration delay, then the old tasks go', () => {
    const svc = service(
      [ours, oldDeployment()],
      [event(30, 'registered 2 targets in (target-group arn:tg)')]
    )
    const due = predictDue(svc, ours, {
      ...DEFAULT_TIMING,
      healthCheckIntervalSeconds: 10,
      healthyThresholdCount: 3
    })
    const healthy = T0 + 30_000 + 30_000
    expect(due).toEqual([
      {
        fromServerMs: healthy + 300_000 + GONE_FROM,
        // The first check comes up to one interval after registration.
        toServerMs: healthy + 10_000 + 300_000 + GONE_TO,
        label: 'the new targets are healthy and the old ones drained'
      }
    ])
  })

  it('draining: the deregistration delay after the newest drain event, then the old tasks go', () => {
    const svc = service(
      [ours, oldDeployment({ runningCount: 0 })],
      [
        event(30, 'registered 2 targets in (target-group arn:tg)'),
        event(90, 'deregistered 2 targets in (target-group arn:tg)'),
        event(91, '(service s, taskSet ecs-svc/1) has begun draining connections on 2 tasks.')
      ]
    )
    const drained = T0 + 91_000 + 300_000
    expect(predictDue(svc, ours, DEFAULT_TIMING)).toEqual([
      {
        fromServerMs: drained + GONE_FROM,
        toServerMs: drained + GONE_TO,
        label: 'the old tasks are gone after draining'
      }
    ])
  })

  it('predicts nothing from an impossible timestamp (an Invalid Date)', () => {
    const broken = { ...event(30, 'registered 2 targets in (target-group arn:tg)') }
    broken.createdAt = new Date(Number.NaN)
    expect(predictDue(service([ours, oldDeployment()], [broken]), ours, DEFAULT_TIMING)).toEqual([])
    const noLb = { ...service([ours]), loadBalancers: [] }
    const invalid = { ...ours, updatedAt: new Date(Number.NaN) }
    expect(predictDue(noLb, invalid, DEFAULT_TIMING)).toEqual([])
  })

  it('divides AWS durations by awsTimeScale (the emulator test hook)', () => {
    const svc = service(
      [ours, oldDeployment()],
      [event(90, 'deregistered 2 targets in (target-group arn:tg)')]
    )
    const [due] = predictDue(svc, ours, DEFAULT_TIMING, 30)
    expect(due?.fromServerMs).toBe(T0 + 90_000 + 10_000 + GONE_FROM / 30)
    expect(due?.toServerMs).toBe(T0 + 90_000 + 10_000 + GONE_TO / 30)
  })

  it('ignores events from before our deployment was created', () => {
    const svc = service(
      [ours, oldDeployment()],
      [
        event(-500, 'registered 2 targets in (target-group arn:tg)'),
        event(-400, 'deregistered 2 targets in (target-group arn:tg)')
      ]
    )
    expect(predictDue(svc, ours, DEFAULT_TIMING)).toEqual([])
  })

  it('without a load balancer: RUNNING (our updatedAt) + 40 s, or a stop of old tasks, then they go', () => {
    const running = deployment({ id: NEW_ID, runningCount: 2, updatedAt: new Date(T0 + 25_000) })
    const svc = {
      ...service(
        [running, oldDeployment()],
        [event(70, 'has stopped 2 running tasks: (task 0b01) (task 0b02).')]
      ),
      loadBalancers: []
    }
    expect(predictDue(svc, running, DEFAULT_TIMING)).toEqual([
      {
        fromServerMs: T0 + 70_000 + GONE_FROM,
        toServerMs: T0 + 70_000 + GONE_TO,
        label: 'the old tasks are gone'
      }
    ])
    const before = { ...svc, events: [] }
    expect(predictDue(before, running, DEFAULT_TIMING)).toEqual([
      {
        fromServerMs: T0 + 65_000 + GONE_FROM,
        toServerMs: T0 + 65_000 + GONE_TO,
        label: 'the new tasks count as healthy and the old ones are gone'
      }
    ])
  })
})
