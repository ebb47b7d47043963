// A discrete-event queue on the emulator's clock. Work runs in (time, insertion) order, so the
// same clock readings always produce the same history. Times are the clock's epoch milliseconds;
// `after` takes a duration of ECS time and lets the clock's scale shorten it.

type Work = () => void | Promise<void>

interface Scheduled {
  time: number
  seq: number
  work: Work
}

export class EventQueue {
  private readonly items: Scheduled[] = []
  private seq = 0
  private current: number

  /** `duration` turns ECS milliseconds into clock milliseconds (the clock's scale). */
  constructor(
    start: number,
    private readonly duration: (simulatedMilliseconds: number) => number = (ms) => ms
  ) {
    this.current = start
  }

  /** Clock time of the work being run, or of the last catch-up. */
  now(): number {
    return this.current
  }

  /** The clock time `simulatedMilliseconds` of ECS time from now. */
  later(simulatedMilliseconds: number, from = this.current): number {
    return from + this.duration(simulatedMilliseconds)
  }

  /** How long a duration of ECS time lasts on the clock. */
  span(simulatedMilliseconds: number): number {
    return this.duration(simulatedMilliseconds)
  }

  at(time: number, work: Work): void {
    const item = { time: Math.max(time, this.current), seq: this.seq++, work }
    let low = 0
    let high = this.items.length
    while (low < high) {
      const middle = (low + high) >> 1
      const other = this.items[middle] as Scheduled
      if (other.time < item.time || (other.time === item.time && other.seq < item.seq)) {
        low = middle + 1
      } else high = middle
    }
    this.items.splice(low, 0, item)
  }

  /** Runs `work` after `simulatedMilliseconds` of ECS time. */
  after(simulatedMilliseconds: number, work: Work): void {
    this.at(this.later(simulatedMilliseconds), work)
  }

  async runUntil(target: number): Promise<void> {
    for (let next = this.items[0]; next && next.time <= target; next = this.items[0]) {
      this.items.shift()
      this.current = Math.max(this.current, next.time)
      await next.work()
    }
    this.current = Math.max(this.current, target)
  }
}
