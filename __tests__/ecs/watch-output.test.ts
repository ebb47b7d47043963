import { describe, expect, it } from '@jest/globals'
import type { ServiceEvent, Task } from '@aws-sdk/client-ecs'
import { recordingLogger } from '../../src/shared/logger.js'
import { WatchPrinter, newPrintedShapes } from '../../src/ecs/watch-output.js'
import { RolloutWatch, type Verdict } from '../../src/ecs/watch.js'
import {
  NEW_ID,
  NEW_TD,
  T0,
  deployment,
  event,
  exited,
  health,
  oldDeployment,
  pullFailure,
  service,
  snapshot,
  task
} from './fixtures/snapshots.js'

const LOG_LINES = 20

function hex(n: number): string {
  return n.toString(16).padStart(32, '0')
}

/**
 * A crash loop as the watch sees it, poll after poll: ECS starts two tasks, registers their
 * targets, both exit 1 after printing 20 log lines, ECS deregisters them and starts two more.
 */
function crashLoop(crashes: number): {
  printer: WatchPrinter
  lines: string[]
  watch: RolloutWatch
} {
  const log = recordingLogger()
  const watch = new RolloutWatch({
    deploymentId: NEW_ID,
    taskDefinitionArn: NEW_TD,
    startedAt: T0,
    timeoutMs: 86_400_000,
    failFastThreshold: 0
  })
  const printer = new WatchPrinter(log, { deploymentId: NEW_ID })
  const events: ServiceEvent[] = []
  const stopped: Task[] = []
  for (let cycle = 0; cycle * 2 < crashes; cycle += 1) {
    const at = cycle * 20
    const ids = [hex(cycle * 2 + 1), hex(cycle * 2 + 2)]
    events.unshift(event(at, `has started 2 tasks: (task ${ids[0]}) (task ${ids[1]}).`))
    const starting = ids.map((id) => task(id, { lastStatus: 'PENDING' }))
    const deps = (running: number, pending: number) => [
      deployment({
        id: NEW_ID,
        runningCount: running,
        pendingCount: pending,
        failedTasks: stopped.length
      }),
      oldDeployment()
    ]
    const initial = health(
      ids.map((id) => ({ ip: ip(id), state: 'initial', reason: 'Elb.RegistrationInProgress' }))
    )
    observe(
      snapshot(
        at + 1,
        service(deps(0, 2), events.slice(0, 100)),
        [...stopped, ...starting],
        initial
      )
    )
    events.unshift(event(at + 5, 'registered 2 targets in (target-group tg)'))
    for (const id of ids) {
      const crashed = exited(id, 1)
      stopped.push(crashed)
    }
    const snap = snapshot(at + 10, service(deps(0, 0), events.slice(0, 100)), [...stopped])
    for (const id of ids)
      snap.logTails.set(`arn:aws:ecs:eu-west-3:123456789012:task/banana-cluster/${id}`, [
        {
          containerName: 'banana-front',
          logGroup: '/ecs/banana-front',
          logStream: `ecs/banana-front/${id}`,
          lines: Array.from({ length: LOG_LINES }, (_, i) =>
            i === LOG_LINES - 1 ? 'Error: connect ECONNREFUSED 10.0.9.9:5432' : `boot step ${i}`
          )
        }
      ])
    snap.targetHealth = health(
      ids.map((id) => ({
        ip: ip(id),
        state: 'draining',
        reason: 'Target.DeregistrationInProgress'
      }))
    )
    observe(snap)
    events.unshift(event(at + 12, 'deregistered 1 targets in (target-group tg)'))
    events.unshift(event(at + 12, 'deregistered 1 targets in (target-group tg)'))
  }
  printer.finish(timedOut())
  return { printer, lines: log.lines, watch }

  function observe(snap: ReturnType<typeof snapshot>) {
    printer.print(watch.observe(snap).events)
  }
}

/** The address the fixture gives a task: how targets are matched to tasks. */
function ip(id: string): string {
  return `10.0.1.${parseInt(id.slice(-2), 16) % 250}`
}

function timedOut(): Verdict {
  return { status: 'timed-out', reason: 'no outcome after 1800 s', at: T0 + 1_800_000 }
}

describe('WatchPrinter: a crash loop of any length', () => {
  it.each([14, 200])(
    'stays under 40 lines for %i crashing tasks, cause first, every task counted',
    (crashes) => {
      const { lines, watch } = crashLoop(crashes)
      expect(watch.stoppedTasks).toHaveLength(crashes)
      expect(lines.length).toBeLessThanOrEqual(40)
      // The first annotation names the cause: the exit code, the container, the last log line.
      const errors = lines.filter((line) => line.startsWith('error: '))
      expect(errors).toEqual([
        `error: exit 1 in container banana-front: Error: connect ECONNREFUSED 10.0.9.9:5432 (2 tasks, first ${hex(1)})`
      ])
      expect(lines.indexOf(errors[0] ?? '')).toBeLessThan(20)
      // The exit code the annotation names is not said again on a container line.
      expect(lines.some((line) => line.includes('container banana-front: exit code 1'))).toBe(false)
      // The final count once: the closing line, or the last "… N tasks stopped" line if it had it.
      const finalCount = lines.filter(
        (line) =>
          line.startsWith(
            `Stopped tasks: ${crashes} × Container banana-front exited with code 1`
          ) || line.startsWith(`… ${crashes} tasks stopped so far`)
      )
      expect(finalCount).toHaveLength(1)
      // One task's log in full (capped), and no second example of the only cause.
      expect(lines.filter((line) => line.includes('boot step 15'))).toHaveLength(1)
      expect(lines.filter((line) => line.includes('Error: connect ECONNREFUSED')).length).toBe(2)
    }
  )

  it('says how many tasks stopped at growing intervals, not once per task', () => {
    const { lines } = crashLoop(200)
    const counts = lines.flatMap((line) => {
      const match = /^… (\d+) tasks stopped so far/.exec(line)
      return match ? [Number(match[1])] : []
    })
    expect(counts).toEqual([4, 8, 16, 32, 64, 128])
  })
})

describe('WatchPrinter: what it never folds', () => {
  it('prints every event, table and target of a rollout that has not failed', () => {
    const log = recordingLogger()
    const printer = new WatchPrinter(log, { deploymentId: NEW_ID })
    const rows = (running: number) => [
      {
        id: NEW_ID,
        status: 'PRIMARY',
        revision: 'banana-front:7',
        desired: 2,
        pending: 0,
        running,
        failed: 0,
        rolloutState: 'IN_PROGRESS'
      }
    ]
    printer.print([
      { kind: 'service-event', at: new Date(T0), message: 'has started 1 tasks: (task a).' },
      { kind: 'deployments', rows: rows(0) }
    ])
    printer.print([
      { kind: 'service-event', at: new Date(T0 + 1000), message: 'has started 1 tasks: (task b).' },
      { kind: 'deployments', rows: rows(1) }
    ])
    printer.print([{ kind: 'deployments', rows: rows(2) }])
    expect(log.lines.filter((line) => line.includes('has started'))).toHaveLength(2)
    expect(log.lines.filter((line) => line.startsWith('deployment '))).toHaveLength(3)
  })

  it('says events of one shape that one poll found in one line, with their count and last time', () => {
    const log = recordingLogger()
    const printer = new WatchPrinter(log, { deploymentId: NEW_ID })
    const registered = (at: number) => ({
      kind: 'service-event' as const,
      at: new Date(at),
      message: 'registered 1 targets in (target-group tg)'
    })
    printer.print([registered(T0), registered(T0 + 4000), registered(T0 + 9000)])
    expect(log.lines).toHaveLength(1)
    expect(log.lines[0]).toMatch(
      /^\[\d\d:\d\d:\d\d\] registered 1 targets in \(target-group tg\) \(and 2 more like it, the last at \d\d:\d\d:\d\d\)$/
    )
  })

  it('does not print again the table the previous watch of the run printed last', () => {
    const log = recordingLogger()
    const rows = [
      {
        id: NEW_ID,
        status: 'PRIMARY',
        revision: 'banana-front:7',
        desired: 2,
        pending: 0,
        running: 0,
        failed: 3,
        rolloutState: 'FAILED'
      }
    ]
    const printer = new WatchPrinter(log, { deploymentId: 'ecs-svc/1', previousRows: rows })
    printer.print([{ kind: 'deployments', rows }])
    expect(log.lines).toEqual([])
  })

  it('names every task of a pull failure stopped in one poll in one annotation, with the image', () => {
    const log = recordingLogger()
    const watch = new RolloutWatch({
      deploymentId: NEW_ID,
      taskDefinitionArn: NEW_TD,
      startedAt: T0,
      timeoutMs: 600_000,
      failFastThreshold: 2
    })
    const printer = new WatchPrinter(log, { deploymentId: NEW_ID })
    const tasks = [pullFailure(hex(1)), pullFailure(hex(2)), pullFailure(hex(3))]
    const observed = watch.observe(snapshot(20, service([deployment({ id: NEW_ID })]), tasks))
    printer.print(observed.events)
    if (observed.verdict) printer.finish(observed.verdict)
    const errors = log.lines.filter((line) => line.startsWith('error: '))
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(
      /^error: CannotPullContainerError: .* \(container banana-front, image 123456789012\.dkr\.ecr\.eu-west-3\.amazonaws\.com\/banana-front:missing\) \(3 tasks, first 0+1\)$/
    )
    // The long reason is said once: not again on the task and container lines, and no closing
    // block, since the annotation already named every task.
    expect(log.lines.filter((line) => line.includes('CannotPullContainerError'))).toHaveLength(1)
    expect(log.lines.some((line) => line.startsWith('Stopped tasks by cause'))).toBe(false)
    // What to change comes right after the annotation, once.
    const errorAt = log.lines.findIndex((line) => line.startsWith('error: '))
    expect(log.lines[errorAt + 1]).toMatch(/^ {2}Fix: .*image/i)
    expect(log.lines.filter((line) => line.includes('Fix: '))).toHaveLength(1)
  })

  it('annotates a verdict on unhealthy targets, where no stopped task named the cause', () => {
    const log = recordingLogger()
    const printer = new WatchPrinter(log, { deploymentId: NEW_ID })
    printer.finish({
      status: 'failed',
      reason: 'Target health failing for 2 new tasks: Health checks failed with these codes: [502]',
      failFast: {
        cause: {
          kind: 'elb-health-check',
          deterministic: false,
          signature: 'target-health',
          summary: 'x'
        },
        tasks: 2
      },
      at: T0
    })
    expect(log.lines).toEqual([
      'error: Target health failing for 2 new tasks: Health checks failed with these codes: [502]'
    ])
  })
})

describe('WatchPrinter: a rollback continuing the run', () => {
  const rows = (id: string, running: number, rolloutState = 'IN_PROGRESS') => [
    {
      id,
      status: 'PRIMARY',
      revision: 'banana-front:6',
      desired: 2,
      pending: 2 - running,
      running,
      failed: 0,
      rolloutState
    }
  ]
  const at = (seconds: number) => new Date(T0 + seconds * 1000)

  function rollbackPrinter() {
    const printed = newPrintedShapes()
    const first = new WatchPrinter(recordingLogger(), { deploymentId: NEW_ID, printed })
    first.print([
      { kind: 'service-event', at: at(0), message: 'has started 2 tasks: (task a) (task b).' },
      { kind: 'service-event', at: at(5), message: 'registered 1 targets in (target-group tg)' }
    ])
    const log = recordingLogger()
    const printer = new WatchPrinter(log, { deploymentId: 'ecs-svc/9', printed })
    return { log, printer }
  }

  it('prints only shapes not shown yet, one table, and no expected target state', () => {
    const { log, printer } = rollbackPrinter()
    printer.print([
      { kind: 'service-event', at: at(60), message: 'has started 2 tasks: (task c) (task d).' },
      { kind: 'deployments', rows: rows('ecs-svc/9', 0) }
    ])
    printer.print([
      { kind: 'service-event', at: at(70), message: 'registered 1 targets in (target-group tg)' },
      { kind: 'deployments', rows: rows('ecs-svc/9', 2) },
      {
        kind: 'target-health',
        rows: [{ targetGroupArn: 'tg', target: '10.0.0.1:80', state: 'initial' }]
      }
    ])
    printer.print([
      {
        kind: 'target-health',
        rows: [{ targetGroupArn: 'tg', target: '10.0.0.1:80', state: 'healthy' }]
      },
      { kind: 'service-event', at: at(400), message: 'has reached a steady state.' },
      { kind: 'deployments', rows: rows('ecs-svc/9', 2, 'COMPLETED') }
    ])
    expect(log.lines.filter((line) => line.startsWith('deployment '))).toHaveLength(1)
    expect(log.lines.filter((line) => /^\[/.test(line))).toEqual([
      expect.stringContaining('has reached a steady state.')
    ])
    expect(log.lines.some((line) => line.startsWith('Target '))).toBe(false)
  })

  it('shows an unhealthy target of the rollback, and from then on its tables', () => {
    const { log, printer } = rollbackPrinter()
    printer.print([{ kind: 'deployments', rows: rows('ecs-svc/9', 0) }])
    printer.print([
      {
        kind: 'target-health',
        rows: [
          {
            targetGroupArn: 'tg',
            target: '10.0.0.1:80',
            state: 'unhealthy',
            reason: 'Target.Timeout'
          }
        ]
      },
      { kind: 'deployments', rows: rows('ecs-svc/9', 1) }
    ])
    expect(log.lines.filter((line) => line.startsWith('Target '))).toHaveLength(1)
    // A rollback in trouble: its counts matter again (folded only while their structure holds).
    printer.print([{ kind: 'deployments', rows: rows('ecs-svc/9', 0, 'FAILED') }])
    expect(log.lines.filter((line) => line.startsWith('deployment '))).toHaveLength(2)
  })
})
