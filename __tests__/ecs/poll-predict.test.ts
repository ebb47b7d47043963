import { describe, expect, it } from '@jest/globals'
import { DEFAULT_TIMING, predictDue } from '../../src/ecs/poll-predict.js'
import { NEW_ID, T0, deployment, event, oldDeployment, service } from './fixtures/snapshots.js'

const ours = deployment({ id: NEW_ID, runningCount: 2, createdAt: new Date(T0) })

describe('predictDue: moments the service timestamps predict (server times)', () => {
  it('registered targets: health-check interval x healthy threshold later', () => {
    const svc = service(
      [ours, oldDeployment()],
      [event(30, 'registered 2 targets in (target-group arn:tg)')]
    )
    const due = predictDue(svc, ours, {
      ...DEFAULT_TIMING,
      healthCheckIntervalSeconds: 10,
      healthyThresholdCount: 3
    })
    expect(due).toEqual([{ atServerMs: T0 + 30_000 + 30_000, label: 'targets healthy' }])
  })

  it('draining: the deregistration delay after the newest drain event, and no health checks any more', () => {
    const svc = service(
      [ours, oldDeployment({ runningCount: 0 })],
      [
        event(30, 'registered 2 targets in (target-group arn:tg)'),
        event(90, 'deregistered 2 targets in (target-group arn:tg)'),
        event(91, '(service s, taskSet ecs-svc/1) has begun draining connections on 2 tasks.')
      ]
    )
    const due = predictDue(svc, ours, DEFAULT_TIMING)
    expect(due).toEqual([{ atServerMs: T0 + 91_000 + 300_000, label: 'draining ends' }])
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
    expect(predictDue(svc, ours, DEFAULT_TIMING, 30)[0]?.atServerMs).toBe(T0 + 90_000 + 10_000)
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

  it('without a load balancer: RUNNING (our updatedAt) + 40 s, and a stop of old tasks', () => {
    const running = deployment({ id: NEW_ID, runningCount: 2, updatedAt: new Date(T0 + 25_000) })
    const svc = {
      ...service(
        [running, oldDeployment()],
        [event(70, 'has stopped 2 running tasks: (task 0b01) (task 0b02).')]
      ),
      loadBalancers: []
    }
    expect(predictDue(svc, running, DEFAULT_TIMING)).toEqual([
      { atServerMs: T0 + 70_000, label: 'old tasks stopping' }
    ])
    const before = { ...svc, events: [] }
    expect(predictDue(before, running, DEFAULT_TIMING)).toEqual([
      { atServerMs: T0 + 65_000, label: 'tasks healthy' }
    ])
  })
})
