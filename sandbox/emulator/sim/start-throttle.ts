// ECS's service throttle logic: when a service's tasks keep failing to reach RUNNING, the time
// between restart attempts grows, up to a maximum, and the service posts "is unable to
// consistently start tasks successfully." once. A task reaching RUNNING, or a new deployment,
// ends the throttle. Timings and sources: the emulator's README, section "Time".

import type { Service } from './ecs-model.js'
import { addEvent } from './service-events.js'
import type { World } from './world.js'

const MINUTE = 60_000

export const START_THROTTLE = {
  /** Wait before the restart that follows the first failed start (ECS milliseconds). */
  firstDelay: 2.5 * MINUTE,
  /** The documented maximum time between restart attempts. */
  maxDelay: 27 * MINUTE,
  /** Consecutive failed starts at which the throttle is announced ("repeatedly fail"). */
  announceAt: 2
} as const

export const unableToStartText = (service: string): string =>
  `(service ${service}) is unable to consistently start tasks successfully.`

/** ECS milliseconds to wait before the next start after `failures` consecutive failed starts. */
export function restartDelay(failures: number): number {
  if (failures <= 0) return 0
  return Math.min(START_THROTTLE.maxDelay, START_THROTTLE.firstDelay * 2 ** (failures - 1))
}

/** A task of the service's primary deployment stopped before it reached RUNNING. */
export function noteFailedStart(world: World, service: Service): void {
  service.startFailures += 1
  const next = world.later(restartDelay(service.startFailures))
  service.nextStartAt = Math.max(service.nextStartAt, next)
  if (service.startFailures === START_THROTTLE.announceAt) {
    addEvent(service, world.now(), unableToStartText(service.name))
  }
}

/** A task reached RUNNING: restarts go back to the normal pace. */
export function noteStarted(service: Service): void {
  service.startFailures = 0
  service.nextStartAt = 0
}
