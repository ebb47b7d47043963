import { clockTime } from './event-time.js'
import type { LogTail } from './snapshot.js'
import type { StoppedTask } from './stopped-task.js'
import type { TargetRow } from './target-health.js'
import type { DeploymentRow, WatchEvent } from './watch.js'

// Plain-text lines for the action's log, one function per kind of watch event.

const time = clockTime

export function formatDeploymentTable(rows: DeploymentRow[]): string[] {
  const header = [
    'deployment',
    'status',
    'revision',
    'desired',
    'pending',
    'running',
    'failed',
    'rollout'
  ]
  const cells = rows.map((row) => [
    row.id,
    row.status,
    row.revision,
    String(row.desired),
    String(row.pending),
    String(row.running),
    String(row.failed),
    row.rolloutState
  ])
  const widths = header.map((title, i) =>
    Math.max(title.length, ...cells.map((cell) => cell[i]?.length ?? 0))
  )
  const line = (cell: string[]) =>
    cell
      .map((value, i) => value.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd()
  return [line(header), ...cells.map(line)]
}

/** A tail's lines, the last `maxLines` of them when given (the job summary keeps them all). */
export function formatLogTail(tail: LogTail, indent = '    ', maxLines?: number): string[] {
  if (tail.unavailable !== undefined)
    return [`${indent}(no log for ${tail.containerName}: ${tail.unavailable})`]
  if (tail.lines.length === 0) return [`${indent}(log stream ${tail.logStream} is empty)`]
  const shown = maxLines === undefined ? tail.lines : tail.lines.slice(-maxLines)
  const count =
    shown.length === tail.lines.length
      ? `${tail.lines.length}`
      : `${shown.length} of the ${tail.lines.length}`
  return [
    `${indent}last ${count} log lines of ${tail.containerName} (${tail.logGroup} ${tail.logStream}):`,
    ...shown.map((line) => `${indent}  ${line}`)
  ]
}

export interface StoppedTaskFormat {
  /** A line already printed above the task (its cause): reasons it contains are not repeated. */
  shown?: string
  /** Log lines per container; all of them when not given. */
  logLines?: number
}

export function formatStoppedTask(
  task: StoppedTask,
  tails: LogTail[],
  format: StoppedTaskFormat = {}
): string[] {
  const repeated = (text: string | undefined) =>
    text !== undefined && format.shown !== undefined && format.shown.includes(text)
  const reason = repeated(task.stoppedReason) ? '' : `: ${task.stoppedReason ?? 'no reason given'}`
  const lines = [
    `Task ${task.taskId} stopped${task.stopCode ? ` (${task.stopCode})` : ''}${reason}`
  ]
  for (const container of task.containers) {
    const exit =
      container.exitCode === undefined ? 'no exit code' : `exit code ${container.exitCode}`
    const detail =
      container.reason === undefined ||
      container.reason === task.stoppedReason ||
      repeated(container.reason)
        ? ''
        : `, ${container.reason}`
    // The headline already said this container's exit code, and nothing else is to add.
    if (detail === '' && repeated(`exit ${container.exitCode} in container ${container.name}`))
      continue
    lines.push(`  container ${container.name}: ${exit}${detail}`)
  }
  for (const tail of tails) lines.push(...formatLogTail(tail, '    ', format.logLines))
  return lines
}

export function formatTargetRow(row: TargetRow): string {
  const detail = [row.reason, row.description].filter(Boolean).join(': ')
  return `Target ${row.target}${row.taskId ? ` (task ${row.taskId})` : ''}: ${row.state}${detail ? ` (${detail})` : ''}`
}

export function formatWatchEvent(event: WatchEvent): string[] {
  switch (event.kind) {
    case 'service-event':
      return [`[${time(event.at)}] ${event.message}`]
    case 'deployments':
      return formatDeploymentTable(event.rows)
    case 'task-stopped':
      return formatStoppedTask(event.task, event.logTails)
    case 'target-health':
      return event.rows.map(formatTargetRow)
  }
}
