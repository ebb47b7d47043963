import type { Service, ServiceEvent } from '@aws-sdk/client-ecs'

/**
 * What to read in one poll besides DescribeServices, decided from that DescribeServices answer
 * and what the previous polls saw. ECS reports every change of a rollout in the service itself:
 * a task that stops moves the deployments' counts (pending, running, failedTasks) or adds an
 * event ("has started", "has stopped", "is unhealthy in (target-group", "failed container health
 * checks"), in the very answer where the task can first be listed. So a poll whose answer says
 * nothing new reads nothing more, and a poll that can see a failure reads the tasks at once.
 */
export interface PlanMemory {
  /** Per deployment: id, status, rollout state, desired, pending, running, failed tasks. */
  counts: string
  /** Per deployment: id and running count (target health moves with it). */
  running: string
  eventKeys: ReadonlySet<string>
  /** Runner time of the last target health read. */
  targetHealthAt?: number
}

export interface PlanContext {
  /** Runner epoch ms. */
  now: number
  /** Tasks of ours run behind the load balancer and not all their targets are healthy yet. */
  targetsUnsettled: boolean
  /** While targets are unsettled, target health is read at least this often (health checks). */
  healthRecheckMs: number
  /** Tasks of ours were told to stop and their stop reason is not known yet. */
  stoppingTasks: boolean
}

export interface PollPlan {
  /** ListTasks STOPPED, then DescribeTasks for the new ones (and their log tails). */
  stoppedTasks: boolean
  /** DescribeTargetHealth of each target group (then the running tasks it cannot place). */
  targetHealth: boolean
  /** DescribeTasks again for tasks of ours that were stopping at the last read. */
  stoppingTasks: boolean
  /** Why, for the debug log and the tests. */
  reasons: string[]
}

const TARGET_EVENT =
  /\bregistered \d+ targets|deregistered \d+ targets|is unhealthy in \(target-group|draining connections/i
/** Events that say the rollout settled: no task to read. */
const SETTLED_EVENT = /has reached a steady state|deployment completed/i

export function eventKey(event: ServiceEvent): string {
  return event.id ?? `${event.createdAt?.toISOString()}|${event.message}`
}

export function hasLoadBalancer(service: Service): boolean {
  return (service.loadBalancers ?? []).some((lb) => lb.targetGroupArn !== undefined)
}

function countsKey(service: Service): string {
  return (service.deployments ?? [])
    .map((d) =>
      [
        d.id,
        d.status,
        d.rolloutState,
        d.desiredCount,
        d.pendingCount,
        d.runningCount,
        d.failedTasks
      ].join(':')
    )
    .sort()
    .join('|')
}

function runningKey(service: Service): string {
  return (service.deployments ?? [])
    .map((d) => `${d.id}:${d.runningCount}`)
    .sort()
    .join('|')
}

export function rememberPoll(service: Service, targetHealthAt?: number): PlanMemory {
  return {
    counts: countsKey(service),
    running: runningKey(service),
    eventKeys: new Set((service.events ?? []).map(eventKey)),
    ...(targetHealthAt !== undefined && { targetHealthAt })
  }
}

/** The plan of this poll, and the memory the next poll plans from. */
export function planPoll(
  previous: PlanMemory | undefined,
  service: Service,
  context: PlanContext
): { plan: PollPlan; memory: PlanMemory } {
  const balanced = hasLoadBalancer(service)
  const reasons: string[] = []
  let stoppedTasks = false
  let targetHealth = false
  if (previous === undefined) {
    reasons.push('first poll')
    stoppedTasks = true
    targetHealth = balanced
  } else {
    const fresh = (service.events ?? []).filter((e) => !previous.eventKeys.has(eventKey(e)))
    const taskNews = fresh.filter((e) => !SETTLED_EVENT.test(e.message ?? ''))
    const targetNews = fresh.filter((e) => TARGET_EVENT.test(e.message ?? ''))
    if (countsKey(service) !== previous.counts) {
      reasons.push('deployment counts changed')
      stoppedTasks = true
    }
    if (taskNews.length > 0) {
      reasons.push(`${taskNews.length} new service events`)
      stoppedTasks = true
    }
    if (balanced && runningKey(service) !== previous.running) {
      reasons.push('running counts moved')
      targetHealth = true
    }
    if (balanced && targetNews.length > 0) {
      reasons.push('target events')
      targetHealth = true
    }
    const since = context.now - (previous.targetHealthAt ?? Number.NEGATIVE_INFINITY)
    if (balanced && !targetHealth && context.targetsUnsettled && since >= context.healthRecheckMs) {
      reasons.push('targets not healthy yet')
      targetHealth = true
    }
  }
  const stoppingTasks = context.stoppingTasks && !stoppedTasks
  if (stoppingTasks) reasons.push('tasks of ours stopping')
  const targetHealthAt = targetHealth ? context.now : previous?.targetHealthAt
  return {
    plan: { stoppedTasks, targetHealth, stoppingTasks, reasons },
    memory: rememberPoll(service, targetHealthAt)
  }
}
