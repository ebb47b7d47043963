import { describe, expect, it } from '@jest/globals'
import type { DeployResult } from '../../src/ecs/deploy.js'
import { definitionDiff } from '../../src/ecs/plan.js'
import { analyseStoppedTask } from '../../src/ecs/stopped-task.js'
import { RolloutWatch, deploymentRows } from '../../src/ecs/watch.js'
import { deploySummary } from '../../src/ecs/report/summary.js'
import { mermaidLabel, rolloutTimeline } from '../../src/ecs/report/timeline.js'
import {
  NEW_ID,
  NEW_TD,
  OLD_TD,
  T0,
  deployment,
  exited,
  oldDeployment,
  service,
  snapshot,
  task
} from './fixtures/snapshots.js'

function failedResult(): DeployResult {
  const watch = new RolloutWatch({
    deploymentId: NEW_ID,
    taskDefinitionArn: NEW_TD,
    startedAt: T0,
    timeoutMs: 60_000,
    failFastThreshold: 2
  })
  const crashed = exited('0a000000000000000000000000000001', 1)
  const snap = snapshot(20, service([deployment({ id: NEW_ID }), oldDeployment()]), [crashed])
  snap.logTails.set(crashed.taskArn as string, [
    {
      containerName: 'banana-front',
      logGroup: '/ecs/banana-front',
      logStream: 'ecs/banana-front/0a000000000000000000000000000001',
      lines: ['Error: <script>alert(1)</script> | ```']
    }
  ])
  watch.observe(snap)
  return {
    status: 'rolled-back',
    reason:
      'Container banana-front exited with code 1 (2 tasks of the new revision); rolled back to banana-front:6',
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
    finishedAt: T0 + 95_000,
    watch,
    rollback: {
      by: 'us',
      taskDefinitionArn: OLD_TD,
      outcome: 'completed',
      reason: 'the deployment completed'
    }
  }
}

describe('deploy summary', () => {
  it('has the outcome line, the deployment table, the timeline, the stopped task with its log, the rollback and links', () => {
    const summary = deploySummary(failedResult())
    expect(summary.split('\n')[0]).toBe('## deploy-ecs: ↩️ banana-front-service rolled back')
    expect(summary).toContain(
      '\n\n`banana-front:7` failed on `banana-front-service` (`banana-cluster`); the service is back on `banana-front:6` (1 min 35 s).\n\n'
    )
    expect(summary).toContain('| `ecs-svc/6893472562508357546` | PRIMARY | `banana-front:7` |')
    expect(summary).toContain('```mermaid\ngantt')
    expect(summary).toContain('exit code 1')
    expect(summary).toContain('Rollback to `banana-front:6` by this action completed.')
    expect(summary).toContain(
      'https://eu-west-3.console.aws.amazon.com/ecs/v2/clusters/banana-cluster/services/banana-front-service/deployments?region=eu-west-3'
    )
    expect(summary).toContain(
      'log-group/$252Fecs$252Fbanana-front/log-events/ecs$252Fbanana-front$252F0a000000000000000000000000000001'
    )
  })

  it('warns loudly when a failed deploy was not rolled back, and not when it was', () => {
    const rolledBack = failedResult()
    expect(deploySummary(rolledBack)).not.toContain('Not rolled back')
    const { rollback: _rollback, ...rest } = rolledBack
    const summary = deploySummary({ ...rest, status: 'failed' })
    expect(summary).toContain(
      '> [!WARNING]\n> Not rolled back: the service still has deployment `ecs-svc/6893472562508357546` of `banana-front:7`'
    )
  })

  it('says whether a pre-deploy task that timed out was stopped', () => {
    const preDeploy = {
      taskArn: 'arn:aws:ecs:eu-west-3:123456789012:task/banana-cluster/0c01',
      taskId: '0c01',
      containerName: 'banana-front',
      ok: false,
      timedOut: true,
      logTails: []
    }
    const base = { ...failedResult(), status: 'failed' as const, watch: undefined }
    const stopped = deploySummary({
      ...base,
      preDeploy: { ...preDeploy, stop: { requested: true } }
    })
    expect(stopped).toContain('did not finish before the timeout and was stopped')
    const left = deploySummary({
      ...base,
      preDeploy: { ...preDeploy, stop: { requested: false, error: 'Access *denied*' } }
    })
    expect(left).toContain('could not be stopped (Access \\*denied\\*): it may still run')
  })

  it('keeps log lines verbatim inside a fence that their backticks cannot close', () => {
    const summary = deploySummary(failedResult())
    expect(summary).toContain('````\nError: <script>alert(1)</script> | ```\n````')
    expect(summary).not.toMatch(/\n<script>/)
  })

  it('timeline labels cannot break Mermaid syntax', () => {
    expect(mermaidLabel('failed: CannotPull; #1 {x}\nnext')).toBe('failed CannotPull 1 x next')
    const chart = rolloutTimeline('t', [
      { at: T0, label: 'start' },
      { at: T0 + 65_000, label: 'done: ok' }
    ])
    expect(chart).toContain(`  start :milestone, m1, ${T0}, 0ms`)
    expect(chart).toContain(`  done ok :milestone, m2, ${T0 + 65_000}, 0ms`)
    expect(chart).toContain(`  Rollout 1 min 05 s :s0, ${T0}, ${T0 + 65_000}`)
  })

  it('shows one Deployments table after a rollback, each deployment as the rollback last saw it', () => {
    const result = failedResult()
    const rollbackWatch = new RolloutWatch({
      deploymentId: 'ecs-svc/rollback',
      taskDefinitionArn: OLD_TD,
      startedAt: T0 + 60_000,
      timeoutMs: 60_000,
      failFastThreshold: 2
    })
    rollbackWatch.observe(
      snapshot(
        90,
        service([
          deployment({ id: 'ecs-svc/rollback', taskDefinition: OLD_TD, runningCount: 2 }),
          deployment({ id: NEW_ID, status: 'ACTIVE', runningCount: 0 })
        ])
      )
    )
    const summary = deploySummary({
      ...result,
      rollback: { ...result.rollback!, watch: rollbackWatch }
    })
    expect(summary.split('### Deployments').length - 1).toBe(1)
    expect(summary).toContain('| `ecs-svc/rollback` | PRIMARY | `banana-front:6` |')
    expect(summary).toContain(`| \`${NEW_ID}\` | ACTIVE | \`banana-front:7\` |`)
    // A completed rollback needs no reason repeated under it.
    expect(summary).toContain('Rollback to `banana-front:6` by this action completed.')
    expect(summary).not.toContain('Reason: the deployment completed')
  })

  it('has one heading structure: ## deploy-ecs: <outcome>, then ### sections, no jump', () => {
    const summary = deploySummary(failedResult())
    const headings = summary.split('\n').filter((line) => /^#+ /.test(line))
    expect(headings[0]).toMatch(/^## deploy-ecs: /)
    expect(headings.slice(1).every((line) => line.startsWith('### '))).toBe(true)
  })
})

describe('deploy summary of a cancelled run', () => {
  it('says the run stopped, and shows the deployments as they stood when it did', () => {
    const { watch, rollback: _rollback, ...base } = failedResult()
    const standing = deploymentRows([
      deployment({ id: NEW_ID, runningCount: 1, pendingCount: 1 }),
      oldDeployment()
    ])
    const reason = `SIGTERM received with deployment ${NEW_ID} (banana-front:7) at rollout IN_PROGRESS, desired 2, pending 1, running 1, failed 0; the service was left as it is, no rollback and no update`
    const summary = deploySummary({
      ...base,
      ...(watch !== undefined && { watch }),
      status: 'cancelled',
      reason,
      cancelled: {
        signalName: 'SIGTERM',
        reason,
        deployments: standing,
        ...(standing[0] !== undefined && { ours: standing[0] }),
        consoleUrl: 'https://eu-west-3.console.aws.amazon.com/ecs/v2/clusters/x'
      }
    })
    expect(summary.split('\n')[0]).toBe('## deploy-ecs: 🛑 banana-front-service cancelled')
    expect(summary).toContain(
      'The run stopped while deploying `banana-front:7` on `banana-front-service` (`banana-cluster`) (1 min 35 s).'
    )
    // The table is the one read after the cancellation (1 running), not the last poll's (0).
    expect(summary).toMatch(
      new RegExp(`\\| \`${NEW_ID}\` \\| PRIMARY \\| \`banana-front:7\` \\| 2 \\| 1 \\| 1 \\| 0 \\|`)
    )
    expect(summary).toContain('Service deployments in the ECS console')
    expect(summary).not.toContain('Not rolled back')
  })
})

describe('stopped task causes', () => {
  it('reads an out-of-memory kill as a repeating cause of that container', () => {
    const oom = task('0a000000000000000000000000000009', {
      lastStatus: 'STOPPED',
      stopCode: 'EssentialContainerExited',
      stoppedReason: 'Essential container in task exited',
      containers: [
        {
          name: 'banana-front',
          exitCode: 137,
          reason: 'OutOfMemoryError: Container killed due to memory usage'
        }
      ]
    })
    expect(analyseStoppedTask(oom).cause).toMatchObject({
      kind: 'out-of-memory',
      deterministic: false,
      container: 'banana-front'
    })
  })

  it('reads a failed ELB health check from the task reason', () => {
    const unhealthy = task('0a00000000000000000000000000000a', {
      lastStatus: 'STOPPED',
      stopCode: 'ServiceSchedulerInitiated',
      stoppedReason:
        'Task failed ELB health checks in (target-group arn:aws:elasticloadbalancing:eu-west-3:123456789012:targetgroup/banana-front-tg/0c44)'
    })
    expect(analyseStoppedTask(unhealthy).cause.kind).toBe('elb-health-check')
  })
})

describe('plan diff', () => {
  const live = {
    taskDefinitionArn: OLD_TD,
    revision: 6,
    status: 'ACTIVE',
    family: 'banana-front',
    networkMode: 'awsvpc',
    requiresCompatibilities: ['FARGATE'],
    cpu: '256',
    memory: '512',
    containerDefinitions: [
      {
        name: 'banana-front',
        image: 'repo/banana-front:v1',
        essential: true,
        cpu: 0,
        portMappings: [{ containerPort: 80, hostPort: 80, protocol: 'tcp' }],
        environment: [],
        mountPoints: []
      }
    ]
  }
  const rendered = {
    family: 'banana-front',
    networkMode: 'awsvpc',
    requiresCompatibilities: ['FARGATE'],
    cpu: '256',
    memory: '512',
    containerDefinitions: [
      { name: 'banana-front', image: 'repo/banana-front:v1', portMappings: [{ containerPort: 80 }] }
    ],
    tags: [{ key: 'team', value: 'banana' }]
  }

  it('is empty when only AWS defaults, read-only fields and tags differ', () => {
    expect(definitionDiff(live, rendered, 'banana-front:6', 'rendered')).toBe('')
  })

  it('shows a cpu and an image change', () => {
    const changed = {
      ...rendered,
      cpu: '512',
      memory: '1024',
      containerDefinitions: [{ ...rendered.containerDefinitions[0], image: 'repo/banana-front:v2' }]
    }
    const diff = definitionDiff(live, changed, 'banana-front:6', 'rendered')
    expect(diff).toContain('--- banana-front:6')
    expect(diff).toContain('-  "cpu": "256"')
    expect(diff).toContain('+  "cpu": "512"')
    expect(diff).toContain('+      "image": "repo/banana-front:v2"')
    expect(diff).not.toContain('essential')
  })
})
