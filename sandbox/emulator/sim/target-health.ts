// Target registration and health checks over simulated time: initial -> healthy after
// interval x healthy threshold (or unhealthy after interval x unhealthy threshold when the
// container fails its checks), draining for the deregistration delay, then gone.

import type { Target, TargetGroup } from './elb-model.js'
import type { World } from './world.js'

const SECOND = 1000

export interface NewTarget {
  id: string
  port: number
  availabilityZone?: string
  failsHealthChecks: boolean
  servedBy?: string
}

function setState(target: Target, state: Target['state'], reason?: string, description?: string) {
  target.state = state
  target.reason = reason
  target.description = description
}

export function registerTarget(
  world: World,
  group: TargetGroup,
  spec: NewTarget,
  onChange: (target: Target) => void = () => undefined
): Target {
  const key = world.elb.targetKey(spec.id, spec.port)
  const target: Target = {
    ...spec,
    state: 'initial',
    registeredAt: world.now(),
    reason: 'Elb.RegistrationInProgress',
    description: 'Target registration is in progress'
  }
  group.targets.set(key, target)
  const current = (): boolean => group.targets.get(key) === target && target.state === 'initial'
  const interval = group.healthCheckIntervalSeconds * SECOND
  world.queue.after(Math.min(5 * SECOND, interval), () => {
    if (current()) {
      setState(target, 'initial', 'Elb.InitialHealthChecking', 'Initial health checks in progress')
    }
  })
  if (spec.failsHealthChecks) {
    world.queue.after(interval * group.unhealthyThresholdCount, () => {
      if (!current()) return
      const code = group.matcher.HttpCode === '502' ? '500' : '502'
      setState(
        target,
        'unhealthy',
        'Target.ResponseCodeMismatch',
        `Health checks failed with these codes: [${code}]`
      )
      onChange(target)
    })
  } else {
    world.queue.after(interval * group.healthyThresholdCount, () => {
      if (!current()) return
      setState(target, 'healthy')
      onChange(target)
    })
  }
  return target
}

/** Starts draining; returns the deregistration delay in milliseconds (0 if not registered). */
export function deregisterTarget(
  world: World,
  group: TargetGroup,
  id: string,
  port: number
): number {
  const key = world.elb.targetKey(id, port)
  const target = group.targets.get(key)
  if (!target || target.state === 'draining') return 0
  setState(
    target,
    'draining',
    'Target.DeregistrationInProgress',
    'Target deregistration is in progress'
  )
  const delay = world.elb.deregistrationDelaySeconds(group) * SECOND
  world.queue.after(delay, () => {
    if (group.targets.get(key) === target) group.targets.delete(key)
  })
  return delay
}
