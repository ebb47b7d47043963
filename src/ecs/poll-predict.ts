import type { Deployment, Service } from '@aws-sdk/client-ecs'

/** The target group settings that time a rollout behind a load balancer. */
export interface TargetGroupTiming {
  healthCheckIntervalSeconds: number
  healthyThresholdCount: number
  deregistrationDelaySeconds: number
}

/** ELB's defaults for an ALB target group, used until (or when) the real settings are not readable. */
export const DEFAULT_TIMING: TargetGroupTiming = {
  healthCheckIntervalSeconds: 30,
  healthyThresholdCount: 5,
  deregistrationDelaySeconds: 300
}

/** ECS counts a task without load balancer or container health check healthy 40 s after RUNNING. */
const NO_LB_HEALTHY_SECONDS = 40

/** A moment when the rollout is expected to move, in SERVER epoch ms. */
export interface Due {
  atServerMs: number
  label: string
}

const REGISTERED = /\bregistered \d+ targets/i
const DRAINING = /\bderegistered \d+ targets|has begun draining connections/i
const STOPPED_RUNNING = /has stopped \d+ running tasks/i

/**
 * The moments the service's own timestamps predict, computed from server times only:
 * - "registered N targets" + health-check interval × healthy threshold: the new targets turn
 *   healthy and ECS moves on;
 * - "deregistered N targets" / "has begun draining connections" + deregistration delay: the old
 *   tasks stop, and the deployment completes a few seconds later;
 * - without a load balancer, our tasks' RUNNING (our deployment's updatedAt when its running
 *   count grew) + 40 s, then "has stopped N running tasks" (the end is near).
 * Only the latest stage counts: a moment that later events show has passed is dropped.
 * `timeScale` divides every AWS duration: a test hook for emulators whose durations run faster
 * than real ones (1 against AWS).
 */
export function predictDue(
  service: Service,
  ours: Deployment | undefined,
  timing: TargetGroupTiming,
  timeScale = 1
): Due[] {
  const since = ours?.createdAt?.getTime() ?? Number.NEGATIVE_INFINITY
  const scaled = (seconds: number) => (seconds * 1000) / timeScale
  const balanced = (service.loadBalancers ?? []).some((lb) => lb.targetGroupArn !== undefined)
  const due: Due[] = []
  const latest = (pattern: RegExp): number | undefined => {
    const times = (service.events ?? [])
      .filter((e) => pattern.test(e.message ?? '') && (e.createdAt?.getTime() ?? 0) >= since)
      .map((e) => e.createdAt?.getTime() ?? 0)
    const latestTime = Math.max(...times)
    return Number.isFinite(latestTime) ? latestTime : undefined
  }
  if (balanced) {
    const registered = latest(REGISTERED)
    if (registered !== undefined) {
      const checks = timing.healthCheckIntervalSeconds * timing.healthyThresholdCount
      due.push({ atServerMs: registered + scaled(checks), label: 'targets healthy' })
    }
    const draining = latest(DRAINING)
    if (draining !== undefined) {
      const delay = scaled(timing.deregistrationDelaySeconds)
      due.push({ atServerMs: draining + delay, label: 'draining ends' })
    }
    // Old targets draining after ours registered: the health checks are behind us.
    if (registered !== undefined && draining !== undefined && draining >= registered) due.shift()
  } else {
    const running = ours?.runningCount ?? 0
    const updatedAt = ours?.updatedAt?.getTime()
    if (running > 0 && updatedAt !== undefined) {
      due.push({ atServerMs: updatedAt + scaled(NO_LB_HEALTHY_SECONDS), label: 'tasks healthy' })
    }
    const stopped = latest(STOPPED_RUNNING)
    // Old tasks stopping: ECS found ours healthy, and the end is near.
    if (stopped !== undefined) {
      due.length = 0
      due.push({ atServerMs: stopped, label: 'old tasks stopping' })
    }
  }
  // An impossible timestamp (an Invalid Date) predicts nothing.
  return due.filter((moment) => Number.isFinite(moment.atServerMs))
}
