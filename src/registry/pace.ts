export type Sleep = (ms: number) => Promise<void>

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Spaces out requests so that two never start closer than `intervalMs` apart. Scaleway allows
 * 20 pulls per minute per image, so one manifest read every 3 s stays under it.
 */
export class Pacer {
  private last: number | undefined
  waited = 0

  constructor(
    private readonly intervalMs: number,
    private readonly sleep: Sleep = realSleep,
    private readonly now: () => number = Date.now
  ) {}

  async turn(): Promise<void> {
    if (this.last !== undefined && this.intervalMs > 0) {
      const wait = this.last + this.intervalMs - this.now()
      if (wait > 0) {
        this.waited += wait
        await this.sleep(wait)
      }
    }
    this.last = this.now()
  }
}
