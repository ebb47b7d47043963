/**
 * How long to wait before the next poll. Faster while the rollout moves (a stopped task is
 * usually followed by another), slower once nothing changes, much slower while AWS throttles us.
 * Retrying a throttled call is the SDK's job (adaptive retry mode); this only spaces the polls.
 */
export interface IntervalState {
  nominalMs: number
  currentMs: number
  quietPolls: number
  /** Polls left during which the interval may not come back down after throttling. */
  throttleHold: number
}

export function initialInterval(nominalMs: number): IntervalState {
  return { nominalMs, currentMs: nominalMs, quietPolls: 0, throttleHold: 0 }
}

const THROTTLE_HOLD_POLLS = 5

export function nextInterval(
  state: IntervalState,
  seen: { changed: boolean; throttled: boolean }
): IntervalState {
  const { nominalMs } = state
  const fastest = nominalMs / 2
  const steady = nominalMs * 2
  const throttledCeiling = Math.max(nominalMs * 8, 60_000)
  if (seen.throttled) {
    return {
      nominalMs,
      currentMs: Math.min(Math.max(state.currentMs * 2, steady), throttledCeiling),
      quietPolls: 0,
      throttleHold: THROTTLE_HOLD_POLLS
    }
  }
  const quietPolls = seen.changed ? 0 : state.quietPolls + 1
  let currentMs: number
  if (seen.changed) currentMs = fastest
  else if (quietPolls < 3) currentMs = nominalMs
  else currentMs = Math.min(state.currentMs * 1.5, steady)
  const throttleHold = Math.max(0, state.throttleHold - 1)
  if (state.throttleHold > 0) currentMs = Math.max(currentMs, state.currentMs)
  return { nominalMs, currentMs, quietPolls, throttleHold }
}
