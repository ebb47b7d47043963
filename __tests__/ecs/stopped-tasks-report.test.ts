import { describe, expect, it } from '@jest/globals'
import type { DeployResult } from '../../src/ecs/deploy.js'
import { deploySummary } from '../../src/ecs/report/summary.js'
import { MAX_TASK_LOGS, MAX_TASK_ROWS } from '../../src/ecs/report/stopped-tasks.js'
import { RolloutWatch } from '../../src/ecs/watch.js'
import { registerSecret } from '../../src/shared/secrets.js'
import {
  NEW_ID,
  NEW_TD,
  OLD_TD,
  T0,
  deployment,
  exited,
  health,
  oldDeployment,
  pullFailure,
  service,
  snapshot
} from './fixtures/snapshots.js'

const CANARY = 'canary-db-password-5e1f'

function id(n: number): string {
  return n.toString(16).padStart(32, '0')
}

/** A deploy that timed out in a crash loop of `crashes` tasks, each with 20 long log lines. */
function crashLoopResult(crashes: number, pulls = 0, line = 'x'.repeat(180)): DeployResult {
  const watch = new RolloutWatch({
    deploymentId: NEW_ID,
    taskDefinitionArn: NEW_TD,
    startedAt: T0,
    timeoutMs: 86_400_000,
    failFastThreshold: 0
  })
  const tasks = [
    ...Array.from({ length: crashes }, (_, i) => exited(id(i + 1), 1)),
    ...Array.from({ length: pulls }, (_, i) => pullFailure(id(100_000 + i)))
  ]
  const snap = snapshot(600, service([deployment({ id: NEW_ID }), oldDeployment()]), tasks)
  snap.targetHealth = health(
    tasks.map((t) => ({ ip: t.attachments?.[0]?.details?.[1]?.value ?? '', state: 'draining' }))
  )
  for (const t of tasks)
    snap.logTails.set(t.taskArn ?? '', [
      {
        containerName: 'banana-front',
        logGroup: '/ecs/banana-front',
        logStream: `ecs/banana-front/${t.taskArn?.slice(-32)}`,
        lines: Array.from({ length: 20 }, (_, i) =>
          i === 19
            ? `Error: password authentication failed (password=${CANARY})`
            : `${line} line ${i}`
        )
      }
    ])
  watch.observe(snap)
  return {
    status: 'timed-out',
    reason: 'no outcome after 1800 s',
    region: 'eu-west-3',
    cluster: 'banana-cluster',
    service: 'banana-front-service',
    taskDefinitionArn: NEW_TD,
    previousTaskDefinitionArn: OLD_TD,
    deploymentId: NEW_ID,
    registered: true,
    unchanged: false,
    waited: true,
    startedAt: T0,
    finishedAt: T0 + 1_800_000,
    watch
  }
}

describe('deploy summary: stopped tasks', () => {
  registerSecret(CANARY)

  it('names the cause right under the outcome, before the deployment table', () => {
    const summary = deploySummary(crashLoopResult(14))
    const cause = summary.indexOf(
      '**Cause**: 14 tasks stopped: exit 1 in container banana-front: Error: password authentication failed (password=***) — fix: the application exited: its last log lines say why'
    )
    expect(cause).toBeGreaterThan(0)
    expect(cause).toBeLessThan(summary.indexOf('### Deployments'))
    expect(summary).toContain(
      '<details><summary>Every stopped task (14): exit codes and logs</summary>'
    )
    expect(summary).not.toContain('not listed')
    expect(summary).not.toContain(CANARY)
  })

  it('groups by cause, most tasks first, one example each, each cause said once', () => {
    const summary = deploySummary(crashLoopResult(5, 2))
    expect(summary).toContain('**Cause 1**: 5 tasks stopped: exit 1 in container banana-front')
    expect(summary).toContain('**Cause 2**: 2 tasks stopped: CannotPullContainerError: ')
    expect(summary.indexOf('**Cause 1**: 5')).toBeLessThan(summary.indexOf('**Cause 2**: 2'))
    expect(summary).toContain('**Cause 1** (5 tasks), first task [')
    expect(summary).toContain('**Cause 2** (2 tasks), first task [')
    // The pull error: in its cause line and nowhere else (not per task, reason, or timeline).
    expect(summary.split('CannotPullContainerError').length - 1).toBe(1)
    // Every task names its cause by number.
    expect(summary).toContain('| Task | Stopped | Cause | Stop code | Containers | Last log line |')
  })

  it('says one cause once, with its count, however many tasks stopped of it', () => {
    const summary = deploySummary(crashLoopResult(0, 5))
    expect(summary).toContain('**Cause**: 5 tasks stopped: CannotPullContainerError: ')
    expect(summary.split('CannotPullContainerError').length - 1).toBe(1)
    expect(summary).toContain('| Task | Stopped | Stop code | Containers | Last log line |')
  })

  it('stays under GitHub’s 1 MiB step-summary limit for 5000 tasks, saying what it left out', () => {
    const summary = deploySummary(crashLoopResult(5000))
    expect(Buffer.byteLength(summary)).toBeLessThan(1024 * 1024)
    expect(summary).toContain('<details><summary>Every stopped task (5000)')
    expect(summary).toContain(
      `${5000 - MAX_TASK_ROWS} tasks not listed, the logs of ${5000 - MAX_TASK_LOGS} tasks not shown`
    )
    // Tasks share the fixture's 250 addresses: 250 targets, the last 20 shown.
    expect(summary).toContain('_230 earlier targets left out._')
    expect(summary).not.toContain(CANARY)
  })

  it('counts bytes, not characters, and cuts each long log line', () => {
    // A 200 KB line of 4-byte characters in every task: without the cut, three would pass 1 MiB.
    const summary = deploySummary(crashLoopResult(50, 2, '🍌'.repeat(50_000)))
    expect(Buffer.byteLength(summary)).toBeLessThan(1024 * 1024)
    expect(summary).toContain(
      `… (cut: ${'🍌'.repeat(50_000).length + ' line 0'.length} characters)`
    )
  })
})
