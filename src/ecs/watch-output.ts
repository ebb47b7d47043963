import type { Logger } from '../shared/logger.js'
import {
  formatDeploymentTable,
  formatLogTail,
  formatStoppedTask,
  formatTargetRow
} from './format.js'
import type { LogTail } from './snapshot.js'
import { causeHeadline, taskCount } from './stop-causes.js'
import type { StopCause, StoppedTask } from './stopped-task.js'
import type { TargetRow } from './target-health.js'
import type { DeploymentRow, Verdict, WatchEvent } from './watch.js'
import { clockTime } from './event-time.js'
import { HeartbeatClock, heartbeatLine, type Awaited } from './watch-heartbeat.js'
import type { Deployment } from '@aws-sdk/client-ecs'

/** Log lines shown for the first task of a cause; the job summary keeps the whole tail. */
export const LOG_LINES_IN_LOG = 10
/** Log lines of the example in the closing "by cause" block. */
export const EXAMPLE_LOG_LINES = 3

interface CauseEntry {
  cause: StopCause
  first: StoppedTask
  firstTails: LogTail[]
  /** Tasks of the cause stopped in the poll that first saw it: all named in its annotation. */
  firstBatch: number
  count: number
  /** The count the log last stated (the first annotation, or a "… N tasks stopped" line). */
  stated: number
  latest: StoppedTask
}

type Stopped = { task: StoppedTask; logTails: LogTail[] }

export interface WatchPrinterOptions {
  /** The deployment the watch follows: its counts are named when tables are folded. */
  deploymentId: string
  /** The table the run's previous watch printed last: not printed again while unchanged. */
  previousRows?: DeploymentRow[]
  /**
   * What the run's earlier watches printed (shared, and added to): a later watch of the same run
   * (a rollback) prints only shapes of events and targets not shown yet, its tables only when
   * their structure changes.
   */
  printed?: PrintedShapes
  now?: () => number
}

/** Shapes of service events and target states a run has printed. */
export interface PrintedShapes {
  events: Set<string>
  targets: Set<string>
}

export function newPrintedShapes(): PrintedShapes {
  return { events: new Set(), targets: new Set() }
}

/**
 * Prints a watch's events so that the log stays short whatever the rollout does. Until the first
 * failure everything is printed. From then on, what repeats (tasks stopping for a cause already
 * shown, service events and target states of a shape already shown, deployment counts moving) is
 * counted, and said in one line at the 2nd, 4th, 8th… task of a cause; the end of the watch
 * prints the tasks by cause. The job summary has every task in full.
 */
export class WatchPrinter {
  private readonly causes = new Map<string, CauseEntry>()
  private readonly eventShapes: Set<string>
  private readonly targetShapes: Set<string>
  private readonly heartbeat: HeartbeatClock
  private readonly now: () => number
  private lastTable = ''
  /** The table the previous watch printed last, when this one continues it. */
  private readonly initialTable: string
  private lastStructure = ''
  private ours: DeploymentRow | undefined
  private folded = { events: 0, tables: 0, targets: 0 }
  private failing = false
  /** A later watch of the run (a rollback): only what was not shown yet, unless it fails too. */
  private readonly continuing: boolean
  private annotated = false
  /** Lines printed so far. */
  lines = 0

  constructor(
    private readonly log: Logger,
    private readonly options: WatchPrinterOptions
  ) {
    const previous = options.previousRows ?? []
    if (previous.length > 0) {
      this.lastTable = JSON.stringify(previous)
      this.lastStructure = structureKey(previous)
    }
    this.initialTable = this.lastTable
    const printed = options.printed ?? newPrintedShapes()
    this.eventShapes = printed.events
    this.targetShapes = printed.targets
    this.continuing = options.printed !== undefined && printed.events.size > 0
    this.now = options.now ?? Date.now
    this.heartbeat = new HeartbeatClock(this.now())
  }

  /** After a poll with nothing to print: one line now and then, saying what the wait is for. */
  waiting(awaited: Awaited[], ours: Deployment | undefined): void {
    const silent = this.heartbeat.due(this.now())
    if (silent === undefined) return
    this.emit(heartbeatLine(silent, awaited, ours), 'info', true)
  }

  print(events: WatchEvent[]): void {
    const stopped = stoppedBySignature(events)
    const alike = eventsByShape(events)
    for (const event of events) {
      switch (event.kind) {
        case 'service-event': {
          // Events of one shape that arrive in one poll are said once, with their count.
          const group = alike.get(eventShape(event.message)) ?? []
          if (group[0] === event) this.serviceEvent(event.at, event.message, group)
          break
        }
        case 'deployments':
          this.deployments(event.rows)
          break
        case 'target-health':
          this.targetHealth(event.rows)
          break
        case 'task-stopped': {
          // The tasks of one cause stopped in one poll are handled together, at the first one.
          const group = stopped.get(event.task.cause.signature)
          if (group?.[0]?.task === event.task) this.stoppedTasks(group)
          break
        }
      }
    }
  }

  /** The closing block: stopped tasks by cause, with one example's last log lines. */
  finish(verdict: Verdict): void {
    const failures = [...this.causes.values()]
      .filter((entry) => entry.cause.kind !== 'benign')
      .sort((a, b) => b.count - a.count)
    if (failures.length === 0) {
      // A verdict of ours on unhealthy targets: no stopped task named the cause yet.
      if (!this.annotated && verdict.failFast !== undefined) this.emit(verdict.reason, 'error')
      return
    }
    const total = failures.reduce((sum, entry) => sum + entry.count, 0)
    const [only] = failures
    if (failures.length === 1 && only !== undefined) {
      // One cause, already shown in full with its log: at most its final count is news.
      if (only.count !== only.stated)
        this.emit(
          `Stopped tasks: ${only.count} × ${only.cause.summary} (every task in the job summary)${this.foldedNote()}`
        )
      return
    }
    this.emit(
      `Stopped tasks by cause (${taskCount(total)}; every task in the job summary)${this.foldedNote()}:`
    )
    for (const entry of failures) this.emit(`  ${entry.count} × ${entry.cause.summary}`)
    const example = failures[0]
    if (example === undefined) return
    const tails = example.firstTails.filter((t) => t.containerName === example.cause.container)
    const shown = tails.length > 0 ? tails : example.firstTails.slice(0, 1)
    if (shown.length === 0) return
    this.emit(`  e.g. task ${example.first.taskId}:`)
    for (const tail of shown)
      for (const line of formatLogTail(tail, '    ', EXAMPLE_LOG_LINES)) this.emit(line)
  }

  private emit(line: string, level: 'info' | 'error' = 'info', heartbeat = false): void {
    this.lines += 1
    this.heartbeat.printed(this.now(), heartbeat)
    if (level === 'error') this.log.error(line)
    else this.log.info(line)
  }

  private serviceEvent(at: Date, message: string, alike: ServiceEventSeen[]): void {
    const shape = eventShape(message)
    const repeat = this.eventShapes.has(shape)
    this.eventShapes.add(shape)
    if ((this.failing || this.continuing) && repeat) {
      this.folded.events += alike.length
      return
    }
    const last = alike[alike.length - 1]
    const more =
      alike.length > 1 && last !== undefined
        ? ` (and ${alike.length - 1} more like it, the last at ${clockTime(last.at)})`
        : ''
    this.emit(`[${clockTime(at)}] ${message}${more}`)
  }

  private deployments(rows: DeploymentRow[]): void {
    this.ours = rows.find((row) => row.id === this.options.deploymentId) ?? this.ours
    const key = JSON.stringify(rows)
    if (key === this.lastTable) return
    const structure = structureKey(rows)
    // A rollback going well: its first table says where it starts; its events say the rest.
    const shownOnce = this.continuing && !this.failing && this.lastTable !== this.initialTable
    if ((this.failing && structure === this.lastStructure) || shownOnce) {
      this.folded.tables += 1
      return
    }
    this.lastTable = key
    this.lastStructure = structure
    for (const line of formatDeploymentTable(rows)) this.emit(line)
  }

  private targetHealth(rows: TargetRow[]): void {
    const fresh = rows.filter((row) => !this.targetShapes.has(targetShape(row)))
    for (const row of rows) this.targetShapes.add(targetShape(row))
    const expected = this.continuing && !this.failing
    const shown = expected
      ? dedupeShapes(fresh.filter((row) => row.state === 'unhealthy'))
      : this.failing
        ? dedupeShapes(fresh)
        : rows
    if (shown.length < rows.length) this.folded.targets += 1
    for (const row of shown) this.emit(formatTargetRow(row))
    if (rows.some((row) => row.state === 'unhealthy')) this.failing = true
  }

  private stoppedTasks(group: Stopped[]): void {
    const [first] = group
    if (first === undefined) return
    const latest = group[group.length - 1]?.task ?? first.task
    const entry = this.causes.get(first.task.cause.signature)
    if (entry === undefined) {
      this.causes.set(first.task.cause.signature, {
        cause: first.task.cause,
        first: first.task,
        firstTails: first.logTails,
        firstBatch: group.length,
        count: group.length,
        stated: group.length,
        latest
      })
      this.firstOfCause(first, group.length)
      return
    }
    const before = entry.count
    entry.count += group.length
    entry.latest = latest
    if (Math.floor(Math.log2(entry.count)) > Math.floor(Math.log2(before))) {
      entry.stated = entry.count
      this.emit(
        `… ${entry.count} tasks stopped so far: ${entry.cause.summary} (latest: task ${latest.taskId})${this.foldedNote()}`
      )
      this.folded = { events: 0, tables: 0, targets: 0 }
    }
  }

  /** The first task of a cause, in full: the cause as an annotation, then exit codes and log. */
  private firstOfCause({ task, logTails }: Stopped, stoppedNow: number): void {
    const which =
      stoppedNow > 1 ? `${stoppedNow} tasks, first ${task.taskId}` : `task ${task.taskId}`
    if (task.cause.kind === 'benign') {
      this.emit(
        `Task ${task.taskId} stopped: ${task.cause.summary}${stoppedNow > 1 ? ` (${which})` : ''}`
      )
      return
    }
    this.failing = true
    this.annotated = true
    const headline = causeHeadline(task, logTails)
    this.emit(`${headline} (${which})`, 'error')
    if (task.cause.hint !== undefined) this.emit(`  Fix: ${task.cause.hint}`)
    const detail = formatStoppedTask(task, logTails, {
      shown: headline,
      logLines: LOG_LINES_IN_LOG
    })
    for (const line of detail) this.emit(`  ${line}`)
  }

  private foldedNote(): string {
    const { events, tables, targets } = this.folded
    const parts = [
      events > 0 && `${events} repeated service events`,
      tables > 0 && `${tables} count changes`,
      targets > 0 && `${targets} target changes`
    ].filter(Boolean)
    const ours = this.ours
    const counts =
      tables > 0 && ours !== undefined
        ? `; deployment ${ours.id}: pending ${ours.pending}, running ${ours.running}, failed ${ours.failed}`
        : ''
    return parts.length === 0 ? counts : `${counts}; not shown: ${parts.join(', ')}`
  }
}

type ServiceEventSeen = Extract<WatchEvent, { kind: 'service-event' }>

function eventsByShape(events: WatchEvent[]): Map<string, ServiceEventSeen[]> {
  const groups = new Map<string, ServiceEventSeen[]>()
  for (const event of events) {
    if (event.kind !== 'service-event') continue
    const shape = eventShape(event.message)
    groups.set(shape, [...(groups.get(shape) ?? []), event])
  }
  return groups
}

function stoppedBySignature(events: WatchEvent[]): Map<string, Stopped[]> {
  const groups = new Map<string, Stopped[]>()
  for (const event of events) {
    if (event.kind !== 'task-stopped') continue
    const signature = event.task.cause.signature
    groups.set(signature, [...(groups.get(signature) ?? []), event])
  }
  return groups
}

/** A service event without what changes from one occurrence to the next: task ids, counts. */
export function eventShape(message: string): string {
  return message
    .replace(/(\(task [^)]*\)\s*)+/gi, '(tasks) ')
    .replace(/\b[0-9a-f]{32}\b/gi, 'ID')
    .replace(/\d+/g, 'N')
}

/** What a table shows besides its counts: the deployments, their status, revision and rollout. */
function structureKey(rows: DeploymentRow[]): string {
  return JSON.stringify(rows.map((row) => [row.id, row.status, row.revision, row.rolloutState]))
}

function targetShape(row: TargetRow): string {
  return `${row.state}|${row.reason ?? ''}|${row.description ?? ''}`
}

function dedupeShapes(rows: TargetRow[]): TargetRow[] {
  const seen = new Set<string>()
  return rows.filter((row) => {
    const shape = targetShape(row)
    if (seen.has(shape)) return false
    seen.add(shape)
    return true
  })
}
