import type { DeployResult, DeployStatus } from '../deploy-types.js'
import {
  codeDeployUrl,
  serviceDeploymentsUrl,
  taskDefinitionUrl,
  taskUrl
} from '../console-links.js'
import { revisionName } from '../snapshot.js'
import { redactSecrets } from '../../shared/secrets.js'
import { targetGroupName } from '../target-health.js'
import type { DeploymentRow } from '../watch.js'
import { causeLines, stoppedTasksSection } from './stopped-tasks.js'
import { rolloutTimeline, type TimelineEntry } from './timeline.js'
import {
  alert,
  blocks,
  bulletList,
  code,
  codeBlock,
  details,
  escapeText,
  heading,
  link,
  md,
  table
} from '../../report/markdown.js'

const OUTCOME: Record<DeployStatus, { icon: string; word: string }> = {
  succeeded: { icon: '✅', word: 'Succeeded' },
  'rolled-back': { icon: '↩️', word: 'Rolled back' },
  failed: { icon: '❌', word: 'Failed' },
  'timed-out': { icon: '⏱️', word: 'Timed out' },
  superseded: { icon: '⏭️', word: 'Superseded' },
  cancelled: { icon: '🛑', word: 'Cancelled' }
}

export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000)
  if (seconds < 60) return `${seconds} s`
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`
}

/** What happened, in one sentence; `quote` marks names (inline code in markdown). */
function outcomeSentence(result: DeployResult, quote: (name: string) => string): string {
  const revision = quote(revisionName(result.taskDefinitionArn))
  const where =
    result.service === ''
      ? `cluster ${quote(result.cluster)}`
      : `${quote(result.service)} (${quote(result.cluster)})`
  const took = formatDuration(result.finishedAt - result.startedAt)
  const what: Record<DeployStatus, string> = {
    succeeded:
      result.service === ''
        ? `${revision} is registered (no service given)`
        : !result.waited
          ? `${revision} was sent to ${where}`
          : result.unchanged
            ? `${where} already runs ${revision}`
            : `${revision} is live on ${where}`,
    'rolled-back': `${revision} failed on ${where}; the service is back on ${quote(revisionName(result.rollback?.taskDefinitionArn ?? result.previousTaskDefinitionArn))}`,
    failed: `${revision} did not deploy on ${where}`,
    'timed-out': `${revision} did not finish deploying on ${where} in time`,
    superseded: `Another deployment replaced ${revision} on ${where}`,
    cancelled: `The run stopped while deploying ${revision} on ${where}`
  }
  return `${what[result.status]} (${took}).`
}

/** The outcome in one sentence, under the heading that names it (see summaryHeading). */
export function outcomeLine(result: DeployResult): string {
  // With stopped tasks, the cause lines under the outcome say why, once, with their count.
  const why = hasCauses(result) ? '' : ` ${escapeText(sentence(result.reason))}`
  return `${outcomeSentence(result, code)}${why}`
}

/** "the deployment completed" → "The deployment completed." */
function sentence(text: string): string {
  if (text === '') return ''
  const capital = `${text.charAt(0).toUpperCase()}${text.slice(1)}`
  return /[.!?]$/.test(capital) ? capital : `${capital}.`
}

/** The outcome as plain text in one line, for the step's notice: "banana-front:7 is live on …". */
export function outcomeText(result: DeployResult): string {
  const why = sentence(result.reason)
  return `${outcomeSentence(result, (name) => name)}${why === '' ? '' : ` ${why}`}`
}

function hasCauses(result: DeployResult): boolean {
  return causeLines(result) !== ''
}

/** `## deploy-ecs: ↩️ banana-front rolled back`: the action, then the outcome in plain words. */
function summaryHeading(result: DeployResult): string {
  const { icon, word } = OUTCOME[result.status]
  const subject = result.service === '' ? revisionName(result.taskDefinitionArn) : result.service
  return heading(`deploy-ecs: ${icon} ${subject} ${word.toLowerCase()}`)
}

/** Said loudly: a failure after which the service may still be on the broken deployment. */
function leftBrokenWarning(result: DeployResult): string {
  if (result.status !== 'failed' && result.status !== 'timed-out') return ''
  if (result.rollback?.outcome === 'completed' || result.deploymentId === undefined) return ''
  if (result.preDeploy !== undefined && !result.preDeploy.ok) return ''
  return alert(
    'warning',
    md(
      `Not rolled back: the service still has deployment ${code(result.deploymentId)} of ${code(revisionName(result.taskDefinitionArn))}, and ECS keeps trying to start it. Deploy a good revision, or the previous one (${code(revisionName(result.previousTaskDefinitionArn))}), by its ARN.`
    )
  )
}

function factsTable(result: DeployResult): string {
  const rows: [string, string][] = [
    ['Revision', result.taskDefinitionArn ? code(result.taskDefinitionArn) : '-'],
    [
      'Previous revision',
      result.previousTaskDefinitionArn ? code(result.previousTaskDefinitionArn) : '-'
    ],
    [
      'Registered',
      result.registered
        ? 'new revision'
        : result.reusedBecause
          ? `reused (${escapeText(result.reusedBecause)})`
          : 'existing revision'
    ],
    ['Deployment', result.deploymentId ? code(result.deploymentId) : '-'],
    ['Duration', formatDuration(result.finishedAt - result.startedAt)]
  ]
  if (result.deregistered) rows.push(['Deregistered', code(result.deregistered)])
  return table(
    ['', ''],
    rows.map(([key, value]) => [key, md(value)])
  )
}

function deploymentTable(rows: DeploymentRow[]): string {
  if (rows.length === 0) return ''
  return blocks(
    heading('Deployments', 3),
    table(
      ['Deployment', 'Status', 'Revision', 'Desired', 'Pending', 'Running', 'Failed', 'Rollout'],
      rows.map((row) => [
        md(code(row.id)),
        row.status,
        md(code(row.revision)),
        String(row.desired),
        String(row.pending),
        String(row.running),
        String(row.failed),
        row.reason
          ? md(`${escapeText(row.rolloutState)}: ${escapeText(row.reason)}`)
          : row.rolloutState
      ]),
      ['left', 'left', 'left', 'right', 'right', 'right', 'right', 'left']
    )
  )
}

/** Targets listed in the summary: a crash loop registers a new one for every task it starts. */
export const MAX_TARGET_ROWS = 20

function targetHealthSection(result: DeployResult): string {
  const all = result.watch?.targets ?? []
  if (all.length === 0) return ''
  // The latest targets: the ones still in the group, or the last to leave it.
  const rows = all.slice(-MAX_TARGET_ROWS)
  const left = all.length - rows.length
  return blocks(
    heading('Target health (new tasks)', 3),
    table(
      ['Target', 'Task', 'Target group', 'State', 'Reason'],
      rows.map((row) => [
        md(code(row.target)),
        row.taskId
          ? md(link(row.taskId.slice(0, 12), taskUrl(result.region, result.cluster, row.taskId)))
          : '-',
        targetGroupName(row.targetGroupArn),
        row.state,
        [row.reason, row.description].filter(Boolean).join(': ') || '-'
      ])
    ),
    left > 0 && `_${left} earlier targets left out._`
  )
}

function rollbackSection(result: DeployResult): string {
  const rollback = result.rollback
  if (rollback === undefined) return ''
  const who = { us: 'this action', ecs: 'the ECS circuit breaker', codedeploy: 'CodeDeploy' }[
    rollback.by
  ]
  const target = rollback.taskDefinitionArn
    ? code(revisionName(rollback.taskDefinitionArn))
    : 'the previous revision'
  const outcome = {
    completed: 'completed',
    failed: '**did not complete**',
    'timed-out': '**did not complete in time**',
    'not-possible': 'was not possible',
    'not-followed': 'was started (not followed)'
  }[rollback.outcome]
  const lines = [
    `Rollback to ${target} by ${who} ${outcome}${rollback.deploymentId ? ` (deployment ${code(rollback.deploymentId)})` : ''}.`
  ]
  // A completed rollback needs no reason; one that did not complete says why.
  if (rollback.reason && rollback.outcome !== 'completed')
    lines.push(`Reason: ${escapeText(rollback.reason)}`)
  return blocks(heading('Rollback', 3), lines.join('\n\n'))
}

/**
 * The deployments as they stood last: the rollback's watch has the newest view of every
 * deployment it saw, the rollout's of the others. One table, whatever happened.
 */
function lastDeployments(result: DeployResult): DeploymentRow[] {
  if (result.cancelled !== undefined) return result.cancelled.deployments
  const byId = new Map<string, DeploymentRow>()
  for (const row of result.watch?.deployments ?? []) byId.set(row.id, row)
  for (const row of result.rollback?.watch?.deployments ?? []) byId.set(row.id, row)
  return [...byId.values()]
}

function preDeploySection(result: DeployResult): string {
  const task = result.preDeploy
  if (task === undefined) return ''
  const outcome = task.timedOut
    ? `did not finish before the timeout and ${task.stop?.requested === true ? 'was stopped' : `could not be stopped (${escapeText(task.stop?.error ?? 'unknown error')}): it may still run`}`
    : `exited with code ${task.exitCode ?? 'unknown'}`
  const logs = task.logTails.map((tail) =>
    tail.unavailable !== undefined
      ? `No log for ${code(tail.containerName)}: ${escapeText(tail.unavailable)}`
      : details(
          `Log of ${tail.containerName} (last ${tail.lines.length} lines)`,
          codeBlock(tail.lines.join('\n') || '(empty)')
        )
  )
  return blocks(
    heading('Pre-deploy task', 3),
    `${task.ok ? '✅' : '❌'} Task ${link(task.taskId, taskUrl(result.region, result.cluster, task.taskId))} (${code(task.containerName)}) ${outcome}${task.ok ? '.' : ': the service was not updated.'}`,
    ...logs
  )
}

function runTaskSection(result: DeployResult): string {
  const run = result.runTask
  if (run === undefined) return ''
  const rows = run.tasks.flatMap((task) =>
    task.containers.map((container) => [
      md(link(task.taskId, taskUrl(result.region, result.cluster, task.taskId))),
      md(code(container.name) + (container.essential ? '' : ' (not essential)')),
      task.lastStatus,
      container.exitCode === undefined ? '-' : String(container.exitCode),
      container.reason ?? task.stoppedReason ?? ''
    ])
  )
  const logs = run.tasks.flatMap((task) =>
    task.logTails.map((tail) =>
      tail.unavailable !== undefined
        ? `No log for ${code(tail.containerName)}: ${escapeText(tail.unavailable)}`
        : details(
            `Log of ${tail.containerName} in ${task.taskId} (last ${tail.lines.length} lines)`,
            codeBlock(tail.lines.join('\n') || '(empty)')
          )
    )
  )
  return blocks(
    heading('Run task', 3),
    `${run.ok ? '✅' : '❌'} ${escapeText(run.reason)}.`,
    table(['task', 'container', 'status', 'exit code', 'reason'], rows),
    ...logs
  )
}

function blueGreenSection(result: DeployResult): string {
  const bg = result.blueGreen
  if (bg === undefined) return ''
  const hooks = bg.appSpec?.hooks ?? []
  return blocks(
    heading('CodeDeploy blue/green', 3),
    `Deployment ${link(bg.deploymentId, codeDeployUrl(result.region, bg.deploymentId))}: ${escapeText(bg.status)}, ${escapeText(bg.reason)}.`,
    bg.appSpec === undefined
      ? ''
      : `AppSpec from ${escapeText(bg.appSpec.source)}${bg.deploymentConfig === undefined ? '' : `, deployment configuration ${code(bg.deploymentConfig)}`}${hooks.length === 0 ? ', no lifecycle hooks.' : `; hooks: ${hooks.map((h) => `${h.event} → ${code(h.functionName)}`).join(', ')}.`}`,
    bulletList(bg.history.map((step) => step.status))
  )
}

function smokeSection(result: DeployResult): string {
  const smoke = result.smoke
  if (smoke === undefined) return ''
  return `${smoke.ok ? '✅' : '❌'} Smoke check: ${escapeText(smoke.last)} after ${smoke.attempts} attempt(s).`
}

/**
 * A milestone's label up to its first ": ": "failed: CannotPullContainerError…" is "failed"
 * (the cause is said above, once), "deployment of banana-front:7 started" stays whole.
 */
function milestoneLabel(label: string): string {
  return label.split(': ')[0] ?? label
}

function timelineSection(result: DeployResult): string {
  const entries: TimelineEntry[] = (result.watch?.milestones ?? []).map((m) => ({
    at: m.at,
    label: milestoneLabel(m.label)
  }))
  if (result.rollback?.watch !== undefined) {
    entries.push(
      ...result.rollback.watch.milestones.map((m) => ({
        at: m.at,
        label: milestoneLabel(m.label),
        section: 'Rollback'
      }))
    )
  }
  if (result.blueGreen !== undefined)
    entries.push(
      ...result.blueGreen.history.map((h) => ({
        at: h.at,
        label: h.status,
        section: 'CodeDeploy'
      }))
    )
  if (entries.length < 2) return ''
  return blocks(
    heading('Timeline', 3),
    rolloutTimeline(`${result.service} ${revisionName(result.taskDefinitionArn)}`, entries)
  )
}

function links(result: DeployResult): string {
  const items =
    result.service === ''
      ? []
      : [
          md(
            link(
              'Service deployments in the ECS console',
              serviceDeploymentsUrl(result.region, result.cluster, result.service)
            )
          )
        ]
  if (result.taskDefinitionArn)
    items.push(
      md(
        link(
          `Task definition ${revisionName(result.taskDefinitionArn)}`,
          taskDefinitionUrl(result.region, result.taskDefinitionArn)
        )
      )
    )
  return blocks(heading('Links', 3), bulletList(items))
}

/** The job summary of one deploy (and the summary-markdown output), registered secrets redacted. */
export function deploySummary(result: DeployResult): string {
  const markdown = blocks(
    summaryHeading(result),
    outcomeLine(result),
    // The cause first: a reader at 3 a.m. should not have to scroll to it.
    causeLines(result),
    leftBrokenWarning(result),
    factsTable(result),
    runTaskSection(result),
    preDeploySection(result),
    deploymentTable(lastDeployments(result)),
    timelineSection(result),
    targetHealthSection(result),
    stoppedTasksSection(result),
    blueGreenSection(result),
    rollbackSection(result),
    smokeSection(result),
    links(result)
  )
  return redactSecrets(markdown)
}
