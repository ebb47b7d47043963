// A seeded pseudo-random sequence (mulberry32) for the simulation's durations: the same seed and
// the same requests give the same history, and different tasks still get different timings.

export const DEFAULT_SEED = 1

export class SeededRandom {
  private state: number

  constructor(seed: number = DEFAULT_SEED) {
    if (!Number.isInteger(seed)) throw new Error(`the seed must be an integer, got ${seed}`)
    this.state = seed >>> 0
  }

  /** A number in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0
    let t = this.state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  /** A number drawn uniformly from [low, high]. */
  between(low: number, high: number): number {
    return low + (high - low) * this.next()
  }
}
