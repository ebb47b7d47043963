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

/**
 * Once ECS stops an old task (after its targets drained), the task still has to go: SIGTERM and
 * up to the container's stop timeout (30 s by default) to exit, then its network interface is
 * detached. ECS completes the deployment only when the old tasks are gone: 5 to 50 s later.
 */
export const OLD_TASK_GONE_SECONDS: readonly [number, number] = [5, 50]

/**
 * A window when the deployment may complete, in SERVER epoch ms: it cannot before `fromServerMs`
 * and most likely has by `toServerMs`.
 */
export interface Due {
  fromServerMs: number
  toServerMs: number
  label: string
}

const REGISTERED = /\bregistered \d+ targets/i
const DRAINING = /\bderegistered \d+ targets|has begun draining connections/i
const STOPPED_RUNNING = /has stopped \d+ running tasks/i

/**
 * When the service's own timestamps say the deployment may complete, from server times only:
 * - "deregistered N targets" / "has begun draining connections" + the deregistration delay: the
 *   old tasks stop, and are gone OLD_TASK_GONE_SECONDS later;
 * - before that, "registered N targets" + health-check interval x healthy threshold (the new
 *   targets turn healthy, the old ones start draining) + the same;
 * - without a load balancer: our tasks' RUNNING (our deployment's updatedAt when its running
 *   count grew) + 40 s, or "has stopped N running tasks", then the old tasks go.
 * Only the latest stage counts. `timeScale` divides every AWS duration: a test hook for
 * emulators whose durations run faster than real ones (1 against AWS).
 */
export function predictDue(
  service: Service,
  ours: Deployment | undefined,
  timing: TargetGroupTiming,
  timeScale = 1
): Due[] {
  const since = ours?.createdAt?.getTime() ?? Number.NEGATIVE_INFINITY
  const scaled = (seconds: number) => (seconds * 1000) / timeScale
  const [goneMin, goneMax] = OLD_TASK_GONE_SECONDS
  const window = (fromMs: number, extraMs: number, label: string): Due => ({
    fromServerMs: fromMs + scaled(goneMin),
    toServerMs: fromMs + extraMs + scaled(goneMax),
    label
  })
  const latest = (pattern: RegExp): number | undefined => {
    const times = (service.events ?? [])
      .filter((e) => pattern.test(e.message ?? '') && (e.createdAt?.getTime() ?? 0) >= since)
      .map((e) => e.createdAt?.getTime() ?? 0)
    const latestTime = Math.max(...times)
    return Number.isFinite(latestTime) ? latestTime : undefined
  }
  const due: Due[] = []
  const balanced = (service.loadBalancers ?? []).some((lb) => lb.targetGroupArn !== undefined)
  if (balanced) {
    const delay = scaled(timing.deregistrationDelaySeconds)
    const registered = latest(REGISTERED)
    const draining = latest(DRAINING)
    if (draining !== undefined && (registered === undefined || draining >= registered)) {
      due.push(window(draining + delay, 0, 'the old tasks are gone after draining'))
    } else if (registered !== undefined) {
      const checks = scaled(timing.healthCheckIntervalSeconds * timing.healthyThresholdCount)
      // The first health check comes up to one interval after registration.
      const firstCheck = scaled(timing.healthCheckIntervalSeconds)
      due.push(
        window(
          registered + checks + delay,
          firstCheck,
          'the new targets are healthy and the old ones drained'
        )
      )
    }
  } else {
    const stopped = latest(STOPPED_RUNNING)
    const running = ours?.runningCount ?? 0
    const updatedAt = ours?.updatedAt?.getTime()
    if (stopped !== undefined) due.push(window(stopped, 0, 'the old tasks are gone'))
    else if (running > 0 && updatedAt !== undefined)
      due.push(
        window(
          updatedAt + scaled(NO_LB_HEALTHY_SECONDS),
          0,
          'the new tasks count as healthy and the old ones are gone'
        )
      )
  }
  // An impossible timestamp (an Invalid Date) predicts nothing.
  return due.filter((d) => Number.isFinite(d.fromServerMs) && Number.isFinite(d.toServerMs))
}
