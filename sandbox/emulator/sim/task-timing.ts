// How long each step of a task's life takes, in ECS milliseconds, drawn per task from the ranges
// the emulator's README documents (section "Time", with sources), so tasks never move in
// lockstep and the same seed gives the same timings.

import type { SeededRandom } from './random.js'

const SECOND = 1000

/** Ranges in ECS seconds. */
export const TASK_TIMING = {
  /** PROVISIONING -> PENDING (ENI attached, connectivityAt). AWS's example: 4.1 s. */
  provisioning: [3, 8],
  /** PENDING -> pullStartedAt. AWS's example: 13.6 s. */
  beforePull: [8, 20],
  /** pullStartedAt -> pullStoppedAt. AWS's example: 3 s; a ~250 MB image takes tens of seconds. */
  pull: [2, 25],
  /** pullStoppedAt -> RUNNING (startedAt). AWS's example: 3 s. */
  afterPull: [1, 6],
  /** How long the agent keeps retrying a pull that fails before the task stops. */
  pullRetries: [30, 60],
  /** STOPPING -> DEPROVISIONING: the container's SIGTERM handling, at most stopTimeout (30 s). */
  containerStop: [2, 30],
  /** STOPPING -> DEPROVISIONING for a task whose containers never ran. */
  nothingToStop: [1, 3],
  /** DEPROVISIONING -> STOPPED: the ENI is detached and deleted. */
  deprovisioning: [5, 20]
} as const satisfies Record<string, readonly [number, number]>

type Step = keyof typeof TASK_TIMING

export function draw(random: SeededRandom, step: Step): number {
  const [low, high] = TASK_TIMING[step]
  return Math.round(random.between(low, high) * SECOND)
}

/** Milliseconds of ECS time from createdAt to each start-up step. */
export interface StartTimeline {
  pending: number
  pullStart: number
  pullStop: number
  running: number
}

/**
 * Drawn per task; SANDBOX_START_SECONDS (`fixedSeconds`) instead pins RUNNING to that many
 * seconds, with the steps at fixed fractions of it, for tests that step a manual clock.
 */
export function startTimeline(random: SeededRandom, fixedSeconds?: number): StartTimeline {
  if (fixedSeconds !== undefined) {
    const total = Math.max(fixedSeconds, 1) * SECOND
    return { pending: total * 0.3, pullStart: total * 0.4, pullStop: total * 0.8, running: total }
  }
  const pending = draw(random, 'provisioning')
  const pullStart = pending + draw(random, 'beforePull')
  const pullStop = pullStart + draw(random, 'pull')
  return { pending, pullStart, pullStop, running: pullStop + draw(random, 'afterPull') }
}
