import type { DeployResult } from '../deploy-types.js'
import { logStreamUrl, taskUrl } from '../console-links.js'
import type { LogTail } from '../snapshot.js'
import { causeHeadline, failureGroups, lastLogLine, taskCount } from '../stop-causes.js'
import type { StoppedTask } from '../stopped-task.js'
import {
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
import { clockTime } from '../event-time.js'

/** Tasks listed one per row in the collapsible section; the others are counted. */
export const MAX_TASK_ROWS = 100
/** Tasks whose log tails the collapsible section shows. */
export const MAX_TASK_LOGS = 20
/** Causes shown with an example above the fold. */
const MAX_CAUSES_SHOWN = 3
/**
 * The most the collapsible section may take: GitHub refuses a step summary over 1 MiB, and the
 * rest of the summary (tables, timeline, rollback) needs room too.
 */
export const DETAILS_BUDGET_BYTES = 400_000

/** A log line longer than this (a JSON stack trace) is cut in the summary; the console has it whole. */
export const MAX_LOG_LINE_CHARS = 2_000

interface Context {
  region: string
  cluster: string
  tails: Map<string, LogTail[]>
}

function failedTasks(result: DeployResult): StoppedTask[] {
  return (result.watch?.stoppedTasks ?? []).filter((task) => task.cause.kind !== 'benign')
}

function taskLink(context: Context, task: StoppedTask, label = task.taskId): string {
  return link(label, taskUrl(context.region, context.cluster, task.taskId))
}

function exitCodes(task: StoppedTask): string {
  return task.containers
    .map(
      (c) =>
        `${code(c.name)}: ${c.exitCode === undefined ? 'no exit code' : `exit code ${c.exitCode}`}${c.reason && c.reason !== task.stoppedReason ? `, ${escapeText(c.reason)}` : ''}`
    )
    .join('; ')
}

function logBlocks(context: Context, tails: LogTail[], task?: StoppedTask): string[] {
  return tails.map((tail) =>
    tail.unavailable !== undefined
      ? `No log for ${code(tail.containerName)}: ${escapeText(tail.unavailable)}`
      : blocks(
          `${task === undefined ? 'Last' : `${taskLink(context, task)}: last`} ${tail.lines.length} lines of ${code(tail.containerName)} (${link(tail.logStream, logStreamUrl(context.region, tail.logGroup, tail.logStream))}):`,
          codeBlock(tail.lines.map(cutLine).join('\n') || '(empty)')
        )
  )
}

function cutLine(line: string): string {
  return line.length <= MAX_LOG_LINE_CHARS
    ? line
    : `${line.slice(0, MAX_LOG_LINE_CHARS)} … (cut: ${line.length} characters)`
}

/** "**Cause**" alone, or "**Cause 2**" when there are several: the sections below refer to it. */
function causeName(index: number, count: number): string {
  return count === 1 ? 'Cause' : `Cause ${index + 1}`
}

/**
 * One line per cause, most tasks first, with its count: the one place where the cause is said in
 * full, right under the outcome. The sections below refer to it by number.
 */
export function causeLines(result: DeployResult): string {
  const tails = result.watch?.logTails ?? new Map<string, LogTail[]>()
  const groups = failureGroups(failedTasks(result))
  const lines = groups.slice(0, MAX_CAUSES_SHOWN).map((group, index) => {
    const example = group.tasks[0]
    const headline =
      example === undefined
        ? group.cause.summary
        : causeHeadline(example, tails.get(example.taskArn) ?? [])
    const hint = group.cause.hint === undefined ? '' : ` — fix: ${escapeText(group.cause.hint)}`
    return `**${causeName(index, groups.length)}**: ${taskCount(group.tasks.length)} stopped: ${escapeText(headline)}${hint}`
  })
  if (groups.length > MAX_CAUSES_SHOWN)
    lines.push(`and ${groups.length - MAX_CAUSES_SHOWN} more causes (below).`)
  return lines.join('\n\n')
}

/** The task's reason, unless the cause already says it (a pull error is its reason). */
function reasonBullet(task: StoppedTask): ReturnType<typeof md>[] {
  const reason = task.stoppedReason
  if (reason === undefined || task.cause.summary.includes(reason)) return []
  return [md(`Reason: ${escapeText(reason)}`)]
}

/** Per cause, its first task: stop code, exit codes and log. The cause text is above. */
function causesTable(context: Context, tasks: StoppedTask[]): string {
  const groups = failureGroups(tasks)
  const examples = groups.slice(0, MAX_CAUSES_SHOWN).map((group, index) => {
    const task = group.tasks[0]
    if (task === undefined) return ''
    return blocks(
      `**${causeName(index, groups.length)}** (${taskCount(group.tasks.length)}), first task ${taskLink(context, task)}:`,
      bulletList([
        md(`Stop code: ${task.stopCode ? code(task.stopCode) : '-'}`),
        ...reasonBullet(task),
        md(`Containers: ${exitCodes(task) || '-'}`)
      ]),
      ...logBlocks(context, context.tails.get(task.taskArn) ?? [])
    )
  })
  // The causes past the ones named above the fold are listed here, with their count.
  const more =
    groups.length > MAX_CAUSES_SHOWN &&
    table(
      ['Cause', 'Tasks', 'Summary', 'First task'],
      groups
        .slice(MAX_CAUSES_SHOWN)
        .map((group, index) => [
          String(MAX_CAUSES_SHOWN + index + 1),
          String(group.tasks.length),
          group.cause.summary,
          md(group.tasks[0] === undefined ? '-' : taskLink(context, group.tasks[0]))
        ]),
      ['right', 'right', 'left', 'left']
    )
  return blocks(...examples, more)
}

/** Every task in a collapsible section: a row each, and the log tails, within the size budget. */
function everyTask(context: Context, tasks: StoppedTask[]): string {
  // Each task names its cause by number (the cause is said once, above); one cause needs none.
  const signatures = failureGroups(tasks).map((group) => group.cause.signature)
  const numbered = signatures.length > 1
  const rows = tasks
    .slice(0, MAX_TASK_ROWS)
    .map((task) => [
      md(taskLink(context, task, task.taskId.slice(0, 12))),
      task.stoppedAt === undefined ? '-' : clockTime(task.stoppedAt),
      ...(numbered ? [String(signatures.indexOf(task.cause.signature) + 1)] : []),
      md(task.stopCode ? code(task.stopCode) : '-'),
      md(exitCodes(task) || '-'),
      lastLogLine(context.tails.get(task.taskArn) ?? [], task.cause.container) ?? '-'
    ])
  const headers = ['Task', 'Stopped', ...(numbered ? ['Cause'] : []), 'Stop code', 'Containers']
  const parts = [table([...headers, 'Last log line'], rows)]
  let size = Buffer.byteLength(parts[0] ?? '')
  let logged = 0
  for (const task of tasks.slice(0, MAX_TASK_LOGS)) {
    const logs = blocks(...logBlocks(context, context.tails.get(task.taskArn) ?? [], task))
    const bytes = Buffer.byteLength(logs)
    if (size + bytes > DETAILS_BUDGET_BYTES) break
    size += bytes
    parts.push(logs)
    logged += 1
  }
  const unlisted = tasks.length - rows.length
  const unlogged = tasks.length - logged
  const left = [
    unlisted > 0 && `${taskCount(unlisted)} not listed`,
    unlogged > 0 && `the logs of ${taskCount(unlogged)} not shown`
  ].filter(Boolean)
  if (left.length > 0)
    parts.push(
      `_${escapeText(left.join(', '))} (the summary stays within GitHub's 1 MiB limit; the task links and the ECS console have them)._`
    )
  return details(`Every stopped task (${tasks.length}): exit codes and logs`, blocks(...parts))
}

export function stoppedTasksSection(result: DeployResult): string {
  const tasks = failedTasks(result)
  if (tasks.length === 0) return ''
  const context: Context = {
    region: result.region,
    cluster: result.cluster,
    tails: result.watch?.logTails ?? new Map<string, LogTail[]>()
  }
  return blocks(
    heading('Stopped tasks of the new revision', 3),
    causesTable(context, tasks),
    everyTask(context, tasks)
  )
}
