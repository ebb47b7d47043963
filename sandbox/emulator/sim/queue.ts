// A discrete-event queue in simulated milliseconds. Work runs in (time, insertion) order, so the
// same clock readings always produce the same history.

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

  constructor(start: number) {
    this.current = start
  }

  /** Simulated time of the work being run, or of the last catch-up. */
  now(): number {
    return this.current
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

  after(milliseconds: number, work: Work): void {
    this.at(this.current + milliseconds, work)
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
