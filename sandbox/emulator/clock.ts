// The emulator's time. Timestamps (createdAt, event times, log timestamps) follow the wall clock,
// shifted by a configurable skew, so a client comparing them with its own clock sees what it would
// see against AWS. The scale speeds durations, not the calendar: ECS's 30 s health-check interval
// takes 1 real second at scale 30, and is 1 s apart in the timestamps too.

export interface Clock {
  /** Epoch milliseconds on the emulator's calendar: the wall clock plus the skew. */
  now(): number
  /** Simulated seconds per real second: how much faster every ECS duration runs. */
  readonly scale: number
  /** How long a duration of ECS time (milliseconds) lasts on this clock. */
  duration(simulatedMilliseconds: number): number
}

/** Durations are whole milliseconds: timestamps stay whole, and the queue's order stable. */
const scaled = (milliseconds: number, scale: number): number =>
  Math.max(0, Math.round(milliseconds / scale))

/** The wall clock, `skewMilliseconds` off (either way), with durations `scale` times shorter. */
export class ScaledClock implements Clock {
  constructor(
    readonly scale: number,
    readonly skewMilliseconds = 0
  ) {
    if (!(scale > 0)) throw new Error(`clock scale must be a positive number, got ${scale}`)
    if (!Number.isFinite(skewMilliseconds)) {
      throw new Error(`clock skew must be a number of milliseconds, got ${skewMilliseconds}`)
    }
  }

  now(): number {
    return Date.now() + this.skewMilliseconds
  }

  duration(simulatedMilliseconds: number): number {
    return scaled(simulatedMilliseconds, this.scale)
  }
}

/** A clock that only moves when told to: for tests that step through a rollout. */
export class ManualClock implements Clock {
  readonly scale = 1

  constructor(private current = Date.UTC(2026, 0, 1)) {}

  now(): number {
    return this.current
  }

  duration(simulatedMilliseconds: number): number {
    return scaled(simulatedMilliseconds, this.scale)
  }

  advance(milliseconds: number): void {
    this.current += milliseconds
  }
}
