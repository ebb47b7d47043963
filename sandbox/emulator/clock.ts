// Simulated time. Everything the emulator reports (createdAt, event times, log timestamps) is in
// simulated milliseconds, so a 2-minute rollout reads as 2 minutes even when it took 4 real seconds.

export interface Clock {
  /** Simulated epoch milliseconds. */
  now(): number
  /** Simulated seconds per real second. */
  readonly scale: number
}

/** Starts at the real time and then runs `scale` times faster than it. */
export class ScaledClock implements Clock {
  private readonly realStart = Date.now()

  constructor(readonly scale: number) {
    if (!(scale > 0)) throw new Error(`clock scale must be a positive number, got ${scale}`)
  }

  now(): number {
    return Math.floor(this.realStart + (Date.now() - this.realStart) * this.scale)
  }
}

/** A clock that only moves when told to: for tests that step through a rollout. */
export class ManualClock implements Clock {
  readonly scale = 1

  constructor(private current = Date.UTC(2026, 0, 1)) {}

  now(): number {
    return this.current
  }

  advance(milliseconds: number): void {
    this.current += milliseconds
  }
}
