import type { Deployment, Task } from '@aws-sdk/client-ecs'
import { redactSecrets } from '../shared/secrets.js'
import { deploymentState } from './deployment-outcome.js'
import type { LogTail, WatchSnapshot } from './snapshot.js'
import { revisionName } from './snapshot.js'
import { analyseStoppedTask, isFailure, type StopCause, type StoppedTask } from './stopped-task.js'
import { isFailingTarget, targetsOfTasks, type TargetRow } from './target-health.js'
import { eventKey } from './event-time.js'

/** Polls during which our deployment may be missing from DescribeServices without a verdict. */
export const NOT_LISTED_GRACE_POLLS = 3

export interface WatchOptions {
  /** Our deployment (`ecs-svc/…`), from the UpdateService response. */
  deploymentId: string
  taskDefinitionArn: string
  /** When the update was sent, runner epoch ms: for the timeout and milestones only. */
  startedAt: number
  /**
   * Our deployment's createdAt from the UpdateService response: a SERVER time, the reference
   * for telling newer deployments from older ones before ours is listed. Without it, startedAt
   * mapped to server time with the poller's clock offset stands in.
   */
  deploymentCreatedAt?: Date
  timeoutMs: number
  /**
   * Tasks of our deployment that must fail the same way before the watch gives up without
   * waiting for ECS: a deterministic cause (image pull, secrets, resource initialization) needs
   * one, a repeating cause (same container, same exit code; failed health checks; unhealthy
   * targets) needs this many. 0 turns fail-fast off: only ECS and the timeout end the watch.
   */
  failFastThreshold: number
  /** Service events that were there before the update: not printed again. */
  knownEventIds?: Iterable<string>
}

export interface DeploymentRow {
  id: string
  status: string
  revision: string
  desired: number
  pending: number
  running: number
  failed: number
  rolloutState: string
  reason?: string
}

export type WatchEvent =
  | { kind: 'service-event'; at: Date; message: string }
  | { kind: 'deployments'; rows: DeploymentRow[] }
  | { kind: 'task-stopped'; task: StoppedTask; logTails: LogTail[] }
  | { kind: 'target-health'; rows: TargetRow[] }

export type VerdictStatus =
  'succeeded' | 'failed' | 'rolled-back-by-ecs' | 'superseded' | 'timed-out'

export interface Verdict {
  status: VerdictStatus
  reason: string
  /** Set when our own fail-fast rule ended the watch. */
  failFast?: { cause: StopCause; tasks: number }
  /** The deployment that replaced ours: ECS's rollback or someone else's. */
  otherDeployment?: { id: string; taskDefinition: string }
  at: number
}

export interface Milestone {
  at: number
  label: string
}

export interface Observation {
  events: WatchEvent[]
  verdict?: Verdict
}

export function deploymentRows(deployments: Deployment[]): DeploymentRow[] {
  return deployments.map((d) => ({
    id: d.id ?? '?',
    status: d.status ?? '?',
    revision: revisionName(d.taskDefinition),
    desired: d.desiredCount ?? 0,
    pending: d.pendingCount ?? 0,
    running: d.runningCount ?? 0,
    failed: d.failedTasks ?? 0,
    rolloutState: d.rolloutState ?? '-',
    ...(d.rolloutStateReason !== undefined && { reason: d.rolloutStateReason })
  }))
}

/**
 * The rollout watch as a state machine: each poll's snapshot goes in, what to print and (once)
 * the verdict come out. It does no I/O, so every rule is tested on recorded snapshots.
 */
export class RolloutWatch {
  private readonly seenEvents = new Set<string>()
  private readonly stopped = new Map<string, StoppedTask>()
  private readonly failureCounts = new Map<string, { cause: StopCause; tasks: Set<string> }>()
  /** Our targets failing health checks in the latest snapshot: a target that recovers no longer counts. */
  private failingTargets: TargetRow[] = []
  private lastTableKey = ''
  private lastHealthKey = ''
  private ourCreatedAt: Date | undefined
  private finished: Verdict | undefined

  readonly milestones: Milestone[] = []
  /** The log tails of our stopped tasks, by task ARN, as they were when each task was reported. */
  readonly logTails = new Map<string, LogTail[]>()
  deployments: DeploymentRow[] = []
  targets: TargetRow[] = []
  polls = 0
  /** The poll that first saw a failed task of ours: detection latency, in polls, is counted from it. */
  firstFailurePoll: number | undefined

  constructor(readonly options: WatchOptions) {
    for (const id of options.knownEventIds ?? []) this.seenEvents.add(id)
    this.milestones.push({
      at: options.startedAt,
      label: `deployment of ${revisionName(options.taskDefinitionArn)} started`
    })
  }

  get verdict(): Verdict | undefined {
    return this.finished
  }

  /** Every task of our deployment that stopped, in the order they were seen. */
  get stoppedTasks(): StoppedTask[] {
    return [...this.stopped.values()]
  }

  isOurTask(task: Task): boolean {
    if (task.startedBy !== undefined && task.startedBy !== '')
      return task.startedBy === this.options.deploymentId
    return task.taskDefinitionArn === this.options.taskDefinitionArn
  }

  /** Stopped tasks of ours not yet reported: the poller fetches their log tails before observe(). */
  needsLogTail(task: Task): boolean {
    return hasStopped(task) && this.isOurTask(task) && !this.stopped.has(task.taskArn ?? '')
  }

  /** The task was reported as stopped: nothing more to read about it. */
  hasReported(taskArn: string): boolean {
    return this.stopped.has(taskArn)
  }

  observe(snapshot: WatchSnapshot): Observation {
    if (this.finished !== undefined) return { events: [], verdict: this.finished }
    this.polls += 1
    const events: WatchEvent[] = [
      ...this.newServiceEvents(snapshot),
      ...this.deploymentTable(snapshot),
      ...this.newStoppedTasks(snapshot),
      ...this.targetHealth(snapshot)
    ]
    const verdict = this.judge(snapshot)
    if (verdict !== undefined) {
      this.finished = verdict
      this.milestones.push({ at: verdict.at, label: `${verdict.status}: ${verdict.reason}` })
    }
    return verdict === undefined ? { events } : { events, verdict }
  }

  private newServiceEvents(snapshot: WatchSnapshot): WatchEvent[] {
    const fresh = (snapshot.service.events ?? []).filter((event) => {
      const key = eventKey(event)
      if (this.seenEvents.has(key)) return false
      this.seenEvents.add(key)
      return true
    })
    // DescribeServices lists the newest first; print in the order they happened.
    return fresh
      .sort((a, b) => (a.createdAt?.getTime() ?? 0) - (b.createdAt?.getTime() ?? 0))
      .map((event) => ({
        kind: 'service-event',
        at: event.createdAt ?? new Date(snapshot.at),
        message: redactSecrets(event.message ?? '')
      }))
  }

  private deploymentTable(snapshot: WatchSnapshot): WatchEvent[] {
    const deployments = snapshot.service.deployments ?? []
    const ours = deployments.find((d) => d.id === this.options.deploymentId)
    if (ours?.createdAt !== undefined) this.ourCreatedAt = ours.createdAt
    const rows = deploymentRows(deployments)
    const key = JSON.stringify(rows)
    if (key === this.lastTableKey) return []
    this.lastTableKey = key
    const previous = this.deployments.find((row) => row.id === this.options.deploymentId)
    const current = rows.find((row) => row.id === this.options.deploymentId)
    if (
      current !== undefined &&
      current.running > 0 &&
      (previous?.running ?? 0) === 0 &&
      !this.hasMilestone('first task running')
    ) {
      this.milestones.push({ at: snapshot.at, label: 'first task running' })
    }
    if (
      current !== undefined &&
      current.desired > 0 &&
      current.running === current.desired &&
      !this.hasMilestone('all tasks running')
    ) {
      this.milestones.push({ at: snapshot.at, label: `all tasks running (${current.running})` })
    }
    this.deployments = rows
    return [{ kind: 'deployments', rows }]
  }

  private newStoppedTasks(snapshot: WatchSnapshot): WatchEvent[] {
    const events: WatchEvent[] = []
    for (const task of snapshot.tasks) {
      if (!this.needsLogTail(task)) continue
      const stopped = analyseStoppedTask(task)
      this.stopped.set(stopped.taskArn, stopped)
      if (isFailure(stopped)) {
        const entry = this.failureCounts.get(stopped.cause.signature) ?? {
          cause: stopped.cause,
          tasks: new Set<string>()
        }
        entry.tasks.add(stopped.taskArn)
        this.failureCounts.set(stopped.cause.signature, entry)
        this.firstFailurePoll ??= this.polls
        if (!this.hasMilestone('first task stopped')) {
          this.milestones.push({
            at: snapshot.at,
            label: `first task stopped: ${stopped.cause.kind}`
          })
        }
      }
      this.logTails.set(stopped.taskArn, snapshot.logTails.get(stopped.taskArn) ?? [])
      events.push({
        kind: 'task-stopped',
        task: stopped,
        logTails: snapshot.logTails.get(stopped.taskArn) ?? []
      })
    }
    return events
  }

  private targetHealth(snapshot: WatchSnapshot): WatchEvent[] {
    const ours = snapshot.tasks.filter((task) => this.isOurTask(task))
    const rows = targetsOfTasks(snapshot.targetHealth, ours)
    const failing = new Map<string, TargetRow>()
    for (const row of rows) if (isFailingTarget(row)) failing.set(row.taskId ?? row.target, row)
    this.failingTargets = [...failing.values()]
    for (const row of rows) {
      if (row.state === 'healthy' && !this.hasMilestone('first target healthy')) {
        this.milestones.push({ at: snapshot.at, label: 'first target healthy' })
      }
    }
    // Keep the last known health of targets that have since left the group (for the summary).
    const merged = new Map(this.targets.map((row) => [row.target, row]))
    for (const row of rows) merged.set(row.target, row)
    this.targets = [...merged.values()]
    const key = JSON.stringify(rows)
    if (key === this.lastHealthKey || rows.length === 0) return []
    this.lastHealthKey = key
    return [{ kind: 'target-health', rows }]
  }

  /**
   * DescribeServices is eventually consistent: the first polls after UpdateService may not list
   * our deployment yet. That alone is no proof someone replaced it, unless a deployment created
   * after our update is there, or it stays unlisted past a few polls. "After our update" compares
   * server times with a server time: AWS's clock may be far from the runner's.
   */
  private notListedYet(snapshot: WatchSnapshot): boolean {
    const deployments = snapshot.service.deployments ?? []
    if (this.ourCreatedAt !== undefined) return false
    if (deployments.some((d) => d.id === this.options.deploymentId)) return false
    if (this.polls > NOT_LISTED_GRACE_POLLS) return false
    const updateAt = this.serverUpdateTime(snapshot)
    // No server reference: only the grace polls can tell.
    if (updateAt === undefined) return true
    return !deployments.some((d) => d.createdAt !== undefined && d.createdAt.getTime() > updateAt)
  }

  /** Our update's time on the server's clock, when known. */
  private serverUpdateTime(snapshot: WatchSnapshot): number | undefined {
    if (this.options.deploymentCreatedAt !== undefined)
      return this.options.deploymentCreatedAt.getTime()
    if (snapshot.serverOffsetMs === undefined) return undefined
    return this.options.startedAt + snapshot.serverOffsetMs
  }

  private judge(snapshot: WatchSnapshot): Verdict | undefined {
    const at = snapshot.at
    const state = this.notListedYet(snapshot)
      ? ({ state: 'in-progress' } as const)
      : deploymentState(snapshot.service, this.options.deploymentId, this.ourCreatedAt)
    switch (state.state) {
      case 'completed':
        return { status: 'succeeded', reason: 'the deployment completed', at }
      case 'failed':
        return { status: 'failed', reason: state.reason, at }
      case 'rolled-back-by-ecs':
        return {
          status: 'rolled-back-by-ecs',
          reason: state.reason,
          ...(state.rollback !== undefined && { otherDeployment: other(state.rollback) }),
          at
        }
      case 'superseded':
        return { status: 'superseded', reason: state.reason, otherDeployment: other(state.by), at }
      case 'in-progress':
        break
    }
    const failFast = this.failFastVerdict(at)
    if (failFast !== undefined) return failFast
    if (at - this.options.startedAt >= this.options.timeoutMs) {
      return {
        status: 'timed-out',
        reason: `no outcome after ${Math.round(this.options.timeoutMs / 1000)} s`,
        at
      }
    }
    return undefined
  }

  private failFastVerdict(at: number): Verdict | undefined {
    const threshold = this.options.failFastThreshold
    if (threshold <= 0) return undefined
    for (const { cause, tasks } of this.failureCounts.values()) {
      const needed = cause.deterministic ? 1 : threshold
      if (tasks.size >= needed) {
        const times = tasks.size === 1 ? '1 task' : `${tasks.size} tasks`
        return {
          status: 'failed',
          reason: `${cause.summary} (${times} of the new revision)`,
          failFast: { cause, tasks: tasks.size },
          at
        }
      }
    }
    if (this.failingTargets.length >= threshold) {
      const failing = this.failingTargets
      const detail = failing[0]?.description ?? failing[0]?.reason ?? 'health checks failed'
      const cause: StopCause = {
        kind: 'elb-health-check',
        deterministic: false,
        signature: 'target-health',
        summary: `Target health failing for ${failing.length} new tasks: ${detail}`
      }
      return {
        status: 'failed',
        reason: cause.summary,
        failFast: { cause, tasks: failing.length },
        at
      }
    }
    return undefined
  }

  private hasMilestone(prefix: string): boolean {
    return this.milestones.some((milestone) => milestone.label.startsWith(prefix))
  }
}

/**
 * A failed task is final as soon as ECS sets its stop reason, before it reaches STOPPED: a task
 * that failed to start, whose essential container exited (its exit code is known), or that failed
 * its health checks. The last can stay DEACTIVATING for the whole deregistration delay (300 s by
 * default); reading it then is what keeps detection within one poll.
 */
function hasStopped(task: Task): boolean {
  if (task.lastStatus === 'STOPPED') return true
  if (task.desiredStatus !== 'STOPPED' || !task.stoppedReason) return false
  if (task.stopCode === 'TaskFailedToStart') return true
  if (task.stopCode === 'EssentialContainerExited')
    return (task.containers ?? []).some((container) => container.exitCode !== undefined)
  return FAILED_HEALTH_CHECKS.test(task.stoppedReason)
}

const FAILED_HEALTH_CHECKS = /^Task failed (ELB|container) health checks/

function other(deployment: Deployment): { id: string; taskDefinition: string } {
  return { id: deployment.id ?? '?', taskDefinition: deployment.taskDefinition ?? '?' }
}
