import type { LogTail } from './snapshot.js'
import type { StopCause, StoppedTask } from './stopped-task.js'

/** Stopped tasks that failed the same way (same StopCause.signature), in the order first seen. */
export interface CauseGroup {
  cause: StopCause
  tasks: StoppedTask[]
}

/** The longest log line quoted in a one-line headline; the full line is in the summary. */
const QUOTED_LINE_CHARS = 200

export function groupByCause(tasks: StoppedTask[]): CauseGroup[] {
  const groups = new Map<string, CauseGroup>()
  for (const task of tasks) {
    const group = groups.get(task.cause.signature)
    if (group === undefined) groups.set(task.cause.signature, { cause: task.cause, tasks: [task] })
    else group.tasks.push(task)
  }
  return [...groups.values()]
}

/** The biggest group of failures first: what the reader should see first. */
export function failureGroups(tasks: StoppedTask[]): CauseGroup[] {
  return groupByCause(tasks.filter((task) => task.cause.kind !== 'benign')).sort(
    (a, b) => b.tasks.length - a.tasks.length
  )
}

/** The last non-blank log line of `container` (or of any container), shortened for one line. */
export function lastLogLine(tails: LogTail[], container?: string): string | undefined {
  const ordered = [
    ...tails.filter((tail) => tail.containerName === container),
    ...tails.filter((tail) => tail.containerName !== container)
  ]
  for (const tail of ordered) {
    const line = [...tail.lines].reverse().find((text) => text.trim() !== '')
    if (line !== undefined) {
      const trimmed = line.trim()
      return trimmed.length > QUOTED_LINE_CHARS
        ? `${trimmed.slice(0, QUOTED_LINE_CHARS - 1)}…`
        : trimmed
    }
  }
  return undefined
}

/**
 * One line naming why a task stopped, for the first annotation a reader sees: "exit 1 in
 * container web: <its last log line>", or the cause's own summary (a pull error names the image).
 */
export function causeHeadline(task: StoppedTask, tails: LogTail[]): string {
  const { cause } = task
  const container = task.containers.find((c) => c.name === cause.container)
  const base =
    cause.kind === 'container-exit' && container?.exitCode !== undefined
      ? `exit ${container.exitCode} in container ${container.name}`
      : cause.summary
  // A task that never started has no log worth quoting; one that ran says why it stopped.
  const line = cause.deterministic ? undefined : lastLogLine(tails, cause.container)
  return line === undefined ? base : `${base}: ${line}`
}

/** "1 task", "14 tasks". */
export function taskCount(count: number): string {
  return count === 1 ? '1 task' : `${count} tasks`
}
