// Container health checks (the task definition's healthCheck): HEALTHY after the start period and
// one interval, or UNHEALTHY after `retries` failed checks when SANDBOX_HEALTH=unhealthy.

import type { Task } from './ecs-model.js'
import type { ContainerKnobs } from './knobs.js'
import type { World } from './world.js'

const SECOND = 1000

export function runHealthChecks(
  world: World,
  task: Task,
  knobs: ContainerKnobs[],
  changed: () => void
): void {
  task.containers.forEach((container, index) => {
    const check = container.healthCheck
    if (!check) return
    const unhealthy = knobs[index]?.unhealthy === true
    const delay = (check.startPeriod + check.interval * (unhealthy ? check.retries : 1)) * SECOND
    world.queue.after(delay, () => {
      if (container.lastStatus !== 'RUNNING' || task.desiredStatus !== 'RUNNING') return
      container.healthStatus = unhealthy ? 'UNHEALTHY' : 'HEALTHY'
      changed()
    })
  })
}

/** The task's health: UNHEALTHY if an essential container is, HEALTHY once all checked ones are. */
export function taskHealth(task: Task): 'UNKNOWN' | 'HEALTHY' | 'UNHEALTHY' {
  const checked = task.containers.filter(
    (container) => container.essential && container.healthCheck
  )
  if (checked.some((container) => container.healthStatus === 'UNHEALTHY')) return 'UNHEALTHY'
  if (checked.length > 0 && checked.every((container) => container.healthStatus === 'HEALTHY')) {
    return 'HEALTHY'
  }
  return 'UNKNOWN'
}
