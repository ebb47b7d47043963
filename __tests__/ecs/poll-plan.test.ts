import { describe, expect, it } from '@jest/globals'
import type { Service } from '@aws-sdk/client-ecs'
import { planPoll, type PlanContext, type PlanMemory } from '../../src/ecs/poll-plan.js'
import { NEW_ID, T0, deployment, event, oldDeployment, service } from './fixtures/snapshots.js'

// DescribeServices answers of one rolling deployment behind an ALB, recorded the way ECS gives
// them (newest event first, counts per deployment), replayed poll by poll.

const oursRunning = (answer: Service) =>
  (answer.deployments?.find((d) => d.id === NEW_ID)?.runningCount ?? 0) > 0

const context = (answer: Service, overrides: Partial<PlanContext> = {}): PlanContext => ({
  now: T0,
  targetsUnsettled: false,
  healthRecheckMs: 30_000,
  stoppingTasks: false,
  oursRunning: oursRunning(answer),
  ...overrides
})

/** Plans a sequence of answers; returns each poll's reads as short words. */
function replay(answers: Service[], contexts: Partial<PlanContext>[] = []): string[][] {
  let memory: PlanMemory | undefined
  return answers.map((answer, i) => {
    const { plan, memory: next } = planPoll(memory, answer, context(answer, contexts[i]))
    memory = next
    return [
      ...(plan.stoppedTasks ? ['stopped'] : []),
      ...(plan.targetHealth ? ['health'] : []),
      ...(plan.stoppingTasks ? ['stopping'] : [])
    ]
  })
}

const started = event(2, 'has started 2 tasks: (task 0a01) (task 0a02).')
const inProgress = service(
  [deployment({ id: NEW_ID, pendingCount: 2 }), oldDeployment()],
  [started]
)

describe('planPoll: what to read beyond DescribeServices', () => {
  it('reads the stopped tasks on the first poll, nothing more while the answer does not change', () => {
    expect(replay([inProgress, inProgress, inProgress])).toEqual([['stopped'], [], []])
  })

  it('reads no target health before our deployment runs tasks: no target can be ours', () => {
    const registered = service(
      [deployment({ id: NEW_ID, pendingCount: 2 }), oldDeployment()],
      [started, event(30, 'registered 2 targets in (target-group arn:tg)')]
    )
    expect(replay([inProgress, registered])).toEqual([['stopped'], []])
    const running = service(
      [deployment({ id: NEW_ID, runningCount: 1 }), oldDeployment()],
      [started]
    )
    expect(replay([running])).toEqual([['stopped', 'health']])
  })

  it('reads the stopped tasks on the answer where a task failed to start (counts and failedTasks move)', () => {
    const failed = service(
      [deployment({ id: NEW_ID, pendingCount: 1, failedTasks: 1 }), oldDeployment()],
      [started]
    )
    expect(replay([inProgress, failed])).toEqual([['stopped'], ['stopped']])
  })

  it('reads nothing for tasks starting, and the stopped tasks when a running one is gone', () => {
    const counts = (pending: number, running: number) =>
      service(
        [deployment({ id: NEW_ID, pendingCount: pending, runningCount: running }), oldDeployment()],
        [started]
      )
    // 2 pending -> 1 pending 1 running -> 2 running -> 1 running (a task exited after RUNNING).
    expect(
      replay([counts(2, 0), counts(1, 1), counts(0, 2), counts(0, 1)]).map((r) =>
        r.filter((read) => read === 'stopped')
      )
    ).toEqual([['stopped'], [], [], ['stopped']])
  })

  it('reads the stopped tasks when the rollout state changes (the breaker tripped)', () => {
    const tripped = service(
      [deployment({ id: NEW_ID, pendingCount: 2, rolloutState: 'FAILED' }), oldDeployment()],
      [started]
    )
    expect(replay([inProgress, tripped])[1]).toEqual(['stopped'])
  })

  it('reads the stopped tasks when a crash and its replacement leave the counts as they were', () => {
    const running = service(
      [deployment({ id: NEW_ID, runningCount: 2 }), oldDeployment()],
      [started]
    )
    // Between two polls a task exited and ECS started another: same counts, one new event.
    const replaced = service(
      [deployment({ id: NEW_ID, runningCount: 2 }), oldDeployment()],
      [started, event(40, 'has started 1 tasks: (task 0a03).')]
    )
    expect(replay([running, running, replaced])).toEqual([['stopped', 'health'], [], ['stopped']])
  })

  it('reads target health when running counts move or target events appear, not otherwise', () => {
    const running = service(
      [deployment({ id: NEW_ID, runningCount: 2 }), oldDeployment()],
      [started]
    )
    const registered = service(
      [deployment({ id: NEW_ID, runningCount: 2 }), oldDeployment()],
      [started, event(30, 'registered 2 targets in (target-group arn:tg)')]
    )
    const unhealthy = service(
      [deployment({ id: NEW_ID, runningCount: 2 }), oldDeployment()],
      [
        started,
        event(30, 'registered 2 targets in (target-group arn:tg)'),
        event(
          60,
          '(task 0a01) (port 80) is unhealthy in (target-group arn:tg) due to (reason Health checks failed).'
        )
      ]
    )
    expect(replay([inProgress, running, registered, registered, unhealthy])).toEqual([
      ['stopped'],
      ['health'],
      ['health'],
      [],
      ['stopped', 'health']
    ])
  })

  it('reads target health at a lower rate while our targets are not healthy yet', () => {
    const running = service(
      [deployment({ id: NEW_ID, runningCount: 2 }), oldDeployment()],
      [started]
    )
    const unsettled = (seconds: number) => ({ now: T0 + seconds * 1000, targetsUnsettled: true })
    const reads = replay(
      [running, running, running, running, running],
      [unsettled(0), unsettled(10), unsettled(20), unsettled(31), unsettled(41)]
    )
    expect(reads).toEqual([['stopped', 'health'], [], [], ['health'], []])
  })

  it('ignores settling events: steady state and deployment completed need no task read', () => {
    const done = service(
      [deployment({ id: NEW_ID, runningCount: 2 }), oldDeployment({ runningCount: 0 })],
      [started]
    )
    const steady = service(
      [deployment({ id: NEW_ID, runningCount: 2 }), oldDeployment({ runningCount: 0 })],
      [
        started,
        event(300, `(deployment ${NEW_ID}) deployment completed.`),
        event(300, 'has reached a steady state.')
      ]
    )
    expect(replay([done, steady])).toEqual([['stopped', 'health'], []])
  })

  it('reads the draining of old tasks as a stop and a target change', () => {
    const before = service(
      [deployment({ id: NEW_ID, runningCount: 2 }), oldDeployment()],
      [started]
    )
    const draining = service(
      [deployment({ id: NEW_ID, runningCount: 2 }), oldDeployment({ runningCount: 0 })],
      [
        started,
        event(90, 'has stopped 2 running tasks: (task 0b01) (task 0b02).'),
        event(100, 'deregistered 2 targets in (target-group arn:tg)'),
        event(100, '(service x, taskSet ecs-svc/1) has begun draining connections on 2 tasks.')
      ]
    )
    expect(replay([before, draining])).toEqual([
      ['stopped', 'health'],
      ['stopped', 'health']
    ])
  })

  it('never reads target health for a service without a load balancer', () => {
    const plain = (running: number, extra = false): Service => ({
      ...service(
        [deployment({ id: NEW_ID, runningCount: running }), oldDeployment()],
        extra ? [started, event(30, 'registered 2 targets in (target-group arn:tg)')] : [started]
      ),
      loadBalancers: []
    })
    expect(replay([plain(0), plain(2), plain(2, true)])).toEqual([['stopped'], [], []])
  })

  it('describes our stopping tasks again until their stop reason is known', () => {
    expect(replay([inProgress, inProgress, inProgress], [{}, { stoppingTasks: true }, {}])).toEqual(
      [['stopped'], ['stopping'], []]
    )
  })

  it('does not lose a change seen by a poll that failed: the memory moves only with the plan', () => {
    const { memory } = planPoll(undefined, inProgress, context(inProgress))
    const failed = service(
      [deployment({ id: NEW_ID, pendingCount: 1, failedTasks: 1 }), oldDeployment()],
      [started]
    )
    // The poll that saw `failed` threw before its memory was kept: the next one plans from the old.
    const again = planPoll(memory, failed, context(failed))
    expect(again.plan.stoppedTasks).toBe(true)
    expect(again.plan.reasons).toEqual(['fewer tasks', 'failed tasks counted'])
  })
})
