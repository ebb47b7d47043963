import type { Service } from '@aws-sdk/client-ecs'
import { eventKey } from './event-time.js'

/**
 * What to read in one poll besides DescribeServices, decided from that DescribeServices answer
 * and what the previous polls saw. ECS reports every change of a rollout in the service itself:
 * a task that stops moves the deployments' counts (pending, running, failedTasks) or adds an
 * event ("has started", "has stopped", "is unhealthy in (target-group", "failed container health
 * checks"), in the very answer where the task can first be listed. So a poll whose answer says
 * nothing new reads nothing more, and a poll that can see a failure reads the tasks at once.
 */
export interface PlanMemory {
  /** Per deployment id: status, rollout state, pending, running, failed tasks. */
  counts: ReadonlyMap<string, DeploymentCounts>
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
  /** While targets are unsettled, target health is read at least this often. */
  healthRecheckMs: number
  /** Tasks of ours were told to stop and their stop reason is not known yet. */
  stoppingTasks: boolean
  /**
   * Our deployment has running tasks. Until it has, no target is ours: target health (and the
   * running tasks that place targets) would tell the watch nothing.
   */
  oursRunning: boolean
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

interface DeploymentCounts {
  state: string
  tasks: number
  failed: number
}

const TARGET_EVENT =
  /\bregistered \d+ targets|deregistered \d+ targets|is unhealthy in \(target-group|draining connections/i
/** Events about targets only, or that say the rollout settled: no stopped task to read for them. */
const NO_TASK_EVENT =
  /\bregistered \d+ targets|deregistered \d+ targets|draining connections|has reached a steady state|deployment completed/i

export function hasLoadBalancer(service: Service): boolean {
  return (service.loadBalancers ?? []).some((lb) => lb.targetGroupArn !== undefined)
}

function countsOf(service: Service): Map<string, DeploymentCounts> {
  return new Map(
    (service.deployments ?? []).map((d) => [
      d.id ?? '?',
      {
        state: `${d.status}:${d.rolloutState}`,
        tasks: (d.pendingCount ?? 0) + (d.runningCount ?? 0),
        failed: d.failedTasks ?? 0
      }
    ])
  )
}

/**
 * What the counts say may have stopped since the last poll: a deployment with fewer pending and
 * running tasks, more failed tasks, a new state, or a deployment added or gone. Tasks starting
 * (pending up, pending to running) stop nothing; a stop replaced before the next poll leaves the
 * counts alone but adds a "has started" event.
 */
function countsSayStopped(before: ReadonlyMap<string, DeploymentCounts>, now: Service): string[] {
  const after = countsOf(now)
  if (after.size !== before.size || [...after.keys()].some((id) => !before.has(id)))
    return ['deployments added or gone']
  const reasons = new Set<string>()
  for (const [id, counts] of after) {
    const was = before.get(id)
    if (was === undefined) continue
    if (counts.state !== was.state) reasons.add('deployment state changed')
    if (counts.tasks < was.tasks) reasons.add('fewer tasks')
    if (counts.failed > was.failed) reasons.add('failed tasks counted')
  }
  return [...reasons]
}

function runningKey(service: Service): string {
  return (service.deployments ?? [])
    .map((d) => `${d.id}:${d.runningCount}`)
    .sort()
    .join('|')
}

export function rememberPoll(service: Service, targetHealthAt?: number): PlanMemory {
  return {
    counts: countsOf(service),
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
  const balanced = hasLoadBalancer(service) && context.oursRunning
  const reasons: string[] = []
  let stoppedTasks = false
  let targetHealth = false
  if (previous === undefined) {
    reasons.push('first poll')
    stoppedTasks = true
    targetHealth = balanced
  } else {
    const fresh = (service.events ?? []).filter((e) => !previous.eventKeys.has(eventKey(e)))
    const taskNews = fresh.filter((e) => !NO_TASK_EVENT.test(e.message ?? ''))
    const targetNews = fresh.filter((e) => TARGET_EVENT.test(e.message ?? ''))
    const stops = countsSayStopped(previous.counts, service)
    if (stops.length > 0) {
      reasons.push(...stops)
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
