import {
  DescribeTasksCommand,
  paginateListTasks,
  type DesiredStatus,
  type Task,
  type TaskDefinition
} from '@aws-sdk/client-ecs'
import { awsErrorName } from '../shared/aws-errors.js'
import { UserError, errorMessage } from '../shared/errors.js'
import type { DeployClients } from './clients.js'
import { describeService, wasRetried } from './describe.js'
import { tailTaskLogs } from './log-tail.js'
import { MAX_CONSECUTIVE_POLL_ERRORS } from './poll-errors.js'
import { initialInterval, nextInterval } from './poll-interval.js'
import { taskAddresses } from './target-health.js'
import type { LogTail, TargetGroupHealth, WatchSnapshot } from './snapshot.js'
import type { RolloutWatch, Verdict, WatchEvent } from './watch.js'

// The ELB SDK is loaded by the first service behind a load balancer only.
async function describeTargetHealth(elb: DeployClients['elb'], targetGroupArn: string) {
  const { DescribeTargetHealthCommand } = await import('@aws-sdk/client-elastic-load-balancing-v2')
  return elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: targetGroupArn }))
}

export interface PollOptions {
  cluster: string
  service: string
  /** Nominal time between polls; the poller adapts around it. */
  intervalMs: number
  /** Our revision, for the log configuration of its containers. */
  taskDefinition?: TaskDefinition
  logLines?: number
  onEvents: (events: WatchEvent[]) => void
  /** Told about throttling and transient errors, which slow the loop down but do not end it. */
  onWarning?: (message: string) => void
  sleep?: (ms: number) => Promise<void>
  now?: () => number
}

export const realSleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms))

export function isThrottling(error: unknown): boolean {
  return /Throttl|TooManyRequests|RequestLimitExceeded|Rate ?exceeded/i.test(
    awsErrorName(error) + errorMessage(error)
  )
}

/**
 * Takes snapshots for a RolloutWatch until it gives a verdict. Each poll: DescribeServices,
 * the service's tasks (stopped ones described once, since they no longer change), the target
 * health of its target groups, and the log tails of our tasks that just stopped.
 */
export class RolloutPoller {
  private readonly finalTasks = new Map<string, Task>()
  private readonly runningTasks = new Map<string, Task>()
  private readonly logTails = new Map<string, LogTail[]>()
  throttledPolls = 0
  polls = 0

  constructor(
    private readonly clients: DeployClients,
    private readonly options: PollOptions
  ) {}

  async run(watch: RolloutWatch): Promise<Verdict> {
    const sleep = this.options.sleep ?? realSleep
    let interval = initialInterval(this.options.intervalMs)
    let errors = 0
    for (;;) {
      let throttled: boolean
      let changed = false
      try {
        const { snapshot, throttled: slow } = await this.snapshot(watch)
        this.polls += 1
        throttled = slow
        errors = 0
        const { events, verdict } = watch.observe(snapshot)
        this.options.onEvents(events)
        if (verdict !== undefined) return verdict
        changed = events.length > 0
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
      interval = nextInterval(interval, { changed, throttled })
      await sleep(interval.currentMs)
    }
  }

  async snapshot(watch: RolloutWatch): Promise<{ snapshot: WatchSnapshot; throttled: boolean }> {
    const now = this.options.now ?? Date.now
    const { ecs } = this.clients
    const described = await describeService(ecs, this.options.cluster, this.options.service)
    let throttled = described.throttled
    const service = described.service
    const targetGroups = (service.loadBalancers ?? []).flatMap((lb) =>
      lb.targetGroupArn ? [lb.targetGroupArn] : []
    )

    // Running tasks matter only for mapping targets to tasks; stopped ones always.
    const statuses: DesiredStatus[] = targetGroups.length > 0 ? ['STOPPED', 'RUNNING'] : ['STOPPED']
    const arns: string[] = []
    let stoppedCount = 0
    for (const desiredStatus of statuses) {
      // Every page: a busy service keeps up to an hour of stopped tasks, ours among them.
      const pages = paginateListTasks(
        { client: ecs, pageSize: 100 },
        { cluster: this.options.cluster, serviceName: this.options.service, desiredStatus }
      )
      for await (const listed of pages) {
        if (wasRetried(listed)) throttled = true
        arns.push(...(listed.taskArns ?? []))
      }
      if (desiredStatus === 'STOPPED') stoppedCount = arns.length
    }
    // A stopped task never changes again, and a live one keeps its address (all the watch needs
    // of it: a stop shows up in the STOPPED listing). Only new tasks, tasks told to stop, and
    // tasks still without an address are described again.
    const stoppedArns = new Set(arns.slice(0, stoppedCount))
    const toDescribe = arns.filter((arn) => {
      if (this.finalTasks.has(arn)) return false
      const known = this.runningTasks.get(arn)
      return known === undefined || stoppedArns.has(arn)
    })
    const tasks: Task[] = arns.flatMap((arn) => {
      if (toDescribe.includes(arn)) return []
      const known = this.finalTasks.get(arn) ?? this.runningTasks.get(arn)
      return known === undefined ? [] : [known]
    })
    for (let i = 0; i < toDescribe.length; i += 100) {
      const response = await ecs.send(
        new DescribeTasksCommand({
          cluster: this.options.cluster,
          tasks: toDescribe.slice(i, i + 100)
        })
      )
      if (wasRetried(response)) throttled = true
      for (const task of response.tasks ?? []) {
        const arn = task.taskArn ?? ''
        if (task.lastStatus === 'STOPPED') {
          this.finalTasks.set(arn, task)
          this.runningTasks.delete(arn)
        } else if (!stoppedArns.has(arn) && taskAddresses(task).length > 0) {
          this.runningTasks.set(arn, task)
        }
        tasks.push(task)
      }
    }

    const targetHealth: TargetGroupHealth[] = []
    for (const targetGroupArn of targetGroups) {
      const response = await describeTargetHealth(this.clients.elb, targetGroupArn)
      if (wasRetried(response)) throttled = true
      targetHealth.push({ targetGroupArn, targets: response.TargetHealthDescriptions ?? [] })
    }

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
    return {
      snapshot: { at: now(), service, tasks, targetHealth, logTails: this.logTails },
      throttled
    }
  }
}
