/**
 * How long to wait before the next poll. The nominal interval while the rollout moves (not
 * faster: ECS replaces a failed task in tens of seconds at best, and each poll that finds
 * something new costs up to four calls), slower once nothing changes, much slower while AWS throttles us,
 * and fast for a short while around a moment the rollout's timestamps predict.
 * Retrying a throttled call is the SDK's job (adaptive retry mode); this only spaces the polls.
 */
export interface IntervalState {
  nominalMs: number
  currentMs: number
  quietPolls: number
  /** Polls left during which the interval may not come back down after throttling. */
  throttleHold: number
}

export interface Seen {
  /** A task of ours stopped this poll. */
  changed: boolean
  throttled: boolean
  /**
   * Runner ms from now to each predicted moment: positive ahead, negative once passed. Ignored
   * while throttled.
   */
  dueInMs?: number[]
}

export function initialInterval(nominalMs: number): IntervalState {
  return { nominalMs, currentMs: nominalMs, quietPolls: 0, throttleHold: 0 }
}

const THROTTLE_HOLD_POLLS = 5

/** The interval around a predicted moment: ~1 s near it, growing with the time since. */
export function fastestMs(nominalMs: number): number {
  return Math.min(1000, nominalMs / 10)
}

/**
 * Around a predicted moment: wake at it, poll every fastestMs just after, then back off in
 * proportion to the time since (the wait is at most a third of the lateness so far), until the
 * regular interval is reached. Undefined when the moment is too far to matter.
 */
export function aroundDue(dueInMs: number, regularMs: number, nominalMs: number): number {
  const fast = fastestMs(nominalMs)
  if (dueInMs > fast) return Math.min(regularMs, dueInMs)
  return Math.min(regularMs, Math.max(fast, -dueInMs / 3))
}

/**
 * Decorrelated jitter: each throttled wait is drawn between the steady interval and three times
 * the previous one, capped, so many watches throttled together do not poll again in step.
 */
export function throttledWait(
  previousMs: number,
  steadyMs: number,
  ceilingMs: number,
  random: () => number
): number {
  const high = Math.max(steadyMs, previousMs * 3)
  return Math.min(ceilingMs, steadyMs + random() * (high - steadyMs))
}

export function nextInterval(
  state: IntervalState,
  seen: Seen,
  random: () => number = Math.random
): IntervalState {
  const { nominalMs } = state
  const steady = nominalMs * 2
  const throttledCeiling = Math.max(nominalMs * 8, 60_000)
  if (seen.throttled) {
    return {
      nominalMs,
      currentMs: throttledWait(state.currentMs, steady, throttledCeiling, random),
      quietPolls: 0,
      throttleHold: THROTTLE_HOLD_POLLS
    }
  }
  const quietPolls = seen.changed ? 0 : state.quietPolls + 1
  let regular: number
  if (seen.changed) regular = nominalMs
  else if (quietPolls < 3) regular = nominalMs
  else regular = Math.min(Math.max(state.currentMs, nominalMs) * 1.5, steady)
  const throttleHold = Math.max(0, state.throttleHold - 1)
  if (state.throttleHold > 0) {
    return { nominalMs, currentMs: Math.max(regular, state.currentMs), quietPolls, throttleHold }
  }
  let currentMs = regular
  for (const due of seen.dueInMs ?? []) {
    // A moment that is not a number (a malformed timestamp) must not turn the loop into a hot one.
    if (Number.isFinite(due)) currentMs = Math.min(currentMs, aroundDue(due, regular, nominalMs))
  }
  return { nominalMs, currentMs, quietPolls, throttleHold }
}
