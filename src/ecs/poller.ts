import type { Deployment, Service, TaskDefinition } from '@aws-sdk/client-ecs'
import { awsErrorName } from '../shared/aws-errors.js'
import { UserError, errorMessage } from '../shared/errors.js'
import type { DeployClients } from './clients.js'
import { describeService } from './describe.js'
import { tailTaskLogs } from './log-tail.js'
import { serverClockOf, type ServerClock } from './poll-clock.js'
import { MAX_CONSECUTIVE_POLL_ERRORS } from './poll-errors.js'
import { initialInterval, nextInterval } from './poll-interval.js'
import { planPoll, type PlanMemory, type PollPlan } from './poll-plan.js'
import { DEFAULT_TIMING, predictDue, type TargetGroupTiming } from './poll-predict.js'
import { targetGroupTiming } from './poll-target-groups.js'
import { PollTasks } from './poll-tasks.js'
import { targetsOfTasks } from './target-health.js'
import type { LogTail, WatchSnapshot } from './snapshot.js'
import type { Awaited } from './watch-heartbeat.js'
import type { RolloutWatch, Verdict, WatchEvent } from './watch.js'

export interface PollOptions {
  cluster: string
  service: string
  /** Nominal time between polls; the poller adapts around it. */
  intervalMs: number
  /** Our revision, for the log configuration of its containers. */
  taskDefinition?: TaskDefinition
  logLines?: number
  onEvents: (events: WatchEvent[]) => void
  /** After each poll without a verdict: the moments still expected, and our deployment. */
  onWaiting?: (awaited: Awaited[], ours: Deployment | undefined) => void
  /** Told about throttling and transient errors, which slow the loop down but do not end it. */
  onWarning?: (message: string) => void
  /** Told what each poll read beyond DescribeServices, and why. */
  onDebug?: (message: string) => void
  sleep?: (ms: number) => Promise<void>
  now?: () => number
  /** The jitter of the throttled back-off; seeded in tests. */
  random?: () => number
  /**
   * Test hook, not an action input: AWS durations (health checks, deregistration delay) are
   * divided by it when predicting when the rollout moves, for emulators whose durations run
   * faster than AWS's. 1 (the default) against AWS.
   */
  awsTimeScale?: number
}

export const realSleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms))

export function isThrottling(error: unknown): boolean {
  return /Throttl|TooManyRequests|RequestLimitExceeded|Rate ?exceeded/i.test(
    awsErrorName(error) + errorMessage(error)
  )
}

const VERDICT_OFFSET_UNCERTAINTY_MS = 5_000

function targetGroupsOf(service: Service): string[] {
  return (service.loadBalancers ?? []).flatMap((lb) =>
    lb.targetGroupArn ? [lb.targetGroupArn] : []
  )
}

/**
 * Takes snapshots for a RolloutWatch until it gives a verdict. Each poll sends DescribeServices;
 * what else it reads (stopped tasks and their log tails, target health, running tasks) is what
 * that answer says changed (poll-plan.ts). Between polls it sleeps the adaptive interval, short
 * around the moments the service's timestamps predict (poll-predict.ts).
 */
export class RolloutPoller {
  private readonly tasks: PollTasks
  private readonly logTails = new Map<string, LogTail[]>()
  private readonly clock: ServerClock
  private memory: PlanMemory | undefined
  private timing: TargetGroupTiming | undefined
  throttledPolls = 0
  polls = 0
  /** Every poll's plan, oldest first: what was read beyond DescribeServices. */
  readonly plans: PollPlan[] = []

  constructor(
    private readonly clients: DeployClients,
    private readonly options: PollOptions
  ) {
    this.tasks = new PollTasks(clients, options.cluster, options.service)
    this.clock = serverClockOf(clients.ecs)
  }

  private now(): number {
    return (this.options.now ?? Date.now)()
  }

  async run(watch: RolloutWatch): Promise<Verdict> {
    const sleep = this.options.sleep ?? realSleep
    let interval = initialInterval(this.options.intervalMs)
    let errors = 0
    for (;;) {
      let throttled: boolean
      let changed = false
      let awaited: Awaited[] = []
      try {
        const { snapshot, throttled: slow } = await this.snapshot(watch)
        this.polls += 1
        throttled = slow
        errors = 0
        const { events, verdict } = watch.observe(snapshot)
        this.options.onEvents(events)
        if (verdict !== undefined) return verdict
        changed = events.some((event) => event.kind === 'task-stopped')
        awaited = this.awaited(snapshot.service, watch)
        this.options.onWaiting?.(awaited, ourDeployment(snapshot.service, watch))
      } catch (error) {
        if (error instanceof UserError) throw error
        errors += 1
        if (errors >= MAX_CONSECUTIVE_POLL_ERRORS) throw error
        throttled = isThrottling(error)
        this.options.onWarning?.(
          `Polling failed (${errorMessage(error)}); trying again${throttled ? ' more slowly' : ''}.`
        )
      }
      if (throttled) this.throttledPolls += 1
      interval = nextInterval(interval, { changed, throttled, due: awaited }, this.options.random)
      await sleep(interval.currentMs)
    }
  }

  /** Runner ms from now to each moment the service's timestamps predict. */
  private awaited(service: Service, watch: RolloutWatch): Awaited[] {
    if (this.clock.offsetMs === undefined) return []
    const ours = ourDeployment(service, watch)
    const timing = this.timing ?? DEFAULT_TIMING
    const now = this.now()
    return predictDue(service, ours, timing, this.options.awsTimeScale).flatMap((due) => {
      const from = this.clock.toRunner(due.fromServerMs)
      const to = this.clock.toRunner(due.toServerMs)
      if (from === undefined || to === undefined) return []
      return [{ label: due.label, fromInMs: from - now, toInMs: to - now }]
    })
  }

  async snapshot(watch: RolloutWatch): Promise<{ snapshot: WatchSnapshot; throttled: boolean }> {
    const { ecs } = this.clients
    const described = await describeService(ecs, this.options.cluster, this.options.service)
    let throttled = described.throttled
    const service = described.service
    this.sampleServerTimes(service)
    const targetGroups = targetGroupsOf(service)
    if (targetGroups.length > 0 && this.timing === undefined) {
      this.timing = await targetGroupTiming(this.clients.elb, targetGroups)
    }
    const { plan, memory } = planPoll(this.memory, service, {
      now: this.now(),
      targetsUnsettled: this.targetsUnsettled(service, watch),
      // Targets turn unhealthy a while before ECS reacts (event, stop): the regular interval
      // keeps the target-health fail-fast ahead of it; the fast polls around a moment do not.
      healthRecheckMs: this.options.intervalMs,
      stoppingTasks: this.tasks.hasStopping(watch),
      oursRunning: (ourDeployment(service, watch)?.runningCount ?? 0) > 0
    })
    if (plan.reasons.length > 0) this.options.onDebug?.(`Poll reads: ${plan.reasons.join(', ')}.`)
    if (plan.stoppedTasks && (await this.tasks.readStopped(watch))) throttled = true
    if (plan.stoppingTasks && (await this.tasks.redescribeStopping(watch))) throttled = true
    if (plan.targetHealth && (await this.tasks.readTargetHealth(targetGroups))) throttled = true
    const tasks = this.tasks.known()
    await this.fetchLogTails(watch, tasks)
    // Only a poll whose every read succeeded moves the plan on: a failed one is planned again.
    this.memory = memory
    this.plans.push(plan)
    return {
      snapshot: {
        at: this.now(),
        service,
        tasks,
        targetHealth: this.tasks.targetHealth,
        logTails: this.logTails,
        ...(this.verdictOffset() !== undefined && { serverOffsetMs: this.verdictOffset() })
      },
      throttled
    }
  }

  /**
   * The clock offset, for verdicts: only when Date headers bound it within a few seconds. A
   * lower bound from old timestamps alone may be hours off, which is fine for timing a poll but
   * not for telling which deployment is newer.
   */
  private verdictOffset(): number | undefined {
    return this.clock.uncertaintyMs <= VERDICT_OFFSET_UNCERTAINTY_MS
      ? this.clock.offsetMs
      : undefined
  }

  /** The newest server timestamp in the answer had happened by the time it arrived. */
  private sampleServerTimes(service: Service): void {
    const stamps = [
      ...(service.events ?? []).map((e) => e.createdAt?.getTime() ?? 0),
      ...(service.deployments ?? []).map((d) => d.updatedAt?.getTime() ?? 0)
    ]
    const newest = Math.max(0, ...stamps)
    if (newest > 0) this.clock.addEarlierStamp(newest, this.now())
  }

  /** Tasks of ours run behind the load balancer, and not all their targets are healthy yet. */
  private targetsUnsettled(service: Service, watch: RolloutWatch): boolean {
    if (targetGroupsOf(service).length === 0) return false
    const running = ourDeployment(service, watch)?.runningCount ?? 0
    if (running === 0) return false
    const ours = this.tasks.known().filter((task) => watch.isOurTask(task))
    const rows = targetsOfTasks(this.tasks.targetHealth, ours)
    const healthy = rows.filter((row) => row.state === 'healthy').length
    return healthy < running
  }

  private async fetchLogTails(watch: RolloutWatch, tasks: WatchSnapshot['tasks']): Promise<void> {
    for (const task of tasks) {
      const arn = task.taskArn ?? ''
      if (!watch.needsLogTail(task) || this.logTails.has(arn)) continue
      this.logTails.set(
        arn,
        await tailTaskLogs(
          this.clients.logs,
          this.options.taskDefinition,
          arn,
          this.options.logLines
        )
      )
    }
  }
}

function ourDeployment(service: Service, watch: RolloutWatch): Deployment | undefined {
  return service.deployments?.find((d) => d.id === watch.options.deploymentId)
}
