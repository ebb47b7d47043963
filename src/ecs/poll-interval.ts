/**
 * How long to wait before the next poll. The nominal interval while the rollout moves (not
 * faster: ECS replaces a failed task in tens of seconds at best, and each poll that finds
 * something new costs up to four calls), slower once nothing changes, much slower while AWS throttles us,
 * and faster through a window when the rollout's timestamps say it may complete.
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
   * Runner ms from now to the start and end of each window when the rollout is expected to
   * complete: positive ahead, negative once passed. Ignored while throttled.
   */
  due?: DueWindow[]
}

export interface DueWindow {
  fromInMs: number
  toInMs: number
}

export function initialInterval(nominalMs: number): IntervalState {
  return { nominalMs, currentMs: nominalMs, quietPolls: 0, throttleHold: 0 }
}

const THROTTLE_HOLD_POLLS = 5

/** The shortest wait between polls, whatever a prediction says: ~1 s. */
export function fastestMs(nominalMs: number): number {
  return Math.min(1000, nominalMs / 10)
}

/** Polls spread over a window: about a dozen, so the completion is seen ~1/24 of it late. */
export const POLLS_PER_WINDOW = 12

/**
 * Around a window when the rollout may complete: wake at its start, poll evenly through it (a
 * dozen polls), then back off in proportion to the time since its end (the wait is at most a
 * third of the lateness), until the regular interval is reached.
 */
export function aroundDue(window: DueWindow, regularMs: number, nominalMs: number): number {
  const fast = fastestMs(nominalMs)
  if (window.fromInMs > 0) return Math.min(regularMs, Math.max(fast, window.fromInMs))
  const spacing = Math.max(fast, (window.toInMs - window.fromInMs) / POLLS_PER_WINDOW)
  if (window.toInMs > 0) return Math.min(regularMs, spacing)
  return Math.min(regularMs, Math.max(spacing, -window.toInMs / 3))
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
  for (const window of seen.due ?? []) {
    // A moment that is not a number (a malformed timestamp) must not turn the loop into a hot one.
    if (Number.isFinite(window.fromInMs) && Number.isFinite(window.toInMs))
      currentMs = Math.min(currentMs, aroundDue(window, regular, nominalMs))
  }
  return { nominalMs, currentMs, quietPolls, throttleHold }
}
