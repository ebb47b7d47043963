/**
 * AWS's clocks and the runner's may disagree by tens of seconds, so a server timestamp (an
 * event's or a deployment's createdAt) is never compared with Date.now(). This keeps the offset
 * `server − runner` as an interval narrowed by every sample:
 * - an HTTP Date header (whole seconds) read between sending a request and receiving its answer:
 *   the server's time then was within [date, date + 1 s), the runner's within [sent, received];
 * - a server timestamp of something that happened before an answer was received (an event):
 *   the offset is at least `stamp − received`.
 * Samples that contradict the interval (a runner clock step) restart it from the new sample.
 */
/** Server timestamps and Date headers may disagree by this much (rounding, clocks of two hosts). */
const STAMP_TOLERANCE_MS = 2000

export class ServerClock {
  private low = Number.NEGATIVE_INFINITY
  private high = Number.POSITIVE_INFINITY
  /** Set once the server's timestamps contradicted its Date headers: headers are ignored then. */
  private headersDistrusted = false

  /** The best estimate of server − runner in ms, or undefined before any sample. */
  get offsetMs(): number | undefined {
    if (this.low === Number.NEGATIVE_INFINITY) return undefined
    if (this.high === Number.POSITIVE_INFINITY) return this.low
    return (this.low + this.high) / 2
  }

  /** How far apart the bounds still are, in ms (Infinity before a Date header was read). */
  get uncertaintyMs(): number {
    return this.high - this.low
  }

  addDateHeader(date: string, sentAt: number, receivedAt: number): void {
    const server = Date.parse(date)
    if (Number.isNaN(server) || this.headersDistrusted) return
    this.narrow(server - receivedAt, server + 1000 - sentAt)
  }

  /** `serverMs` is the time of something that had happened by the runner time `receivedAt`. */
  addEarlierStamp(serverMs: number, receivedAt: number): void {
    const low = serverMs - receivedAt
    if (low <= this.low) return
    if (low > this.high + STAMP_TOLERANCE_MS) {
      // The timestamps being compared outrank the header: keep them, drop the upper bound.
      this.low = low
      this.high = Number.POSITIVE_INFINITY
      this.headersDistrusted = true
      return
    }
    this.low = Math.min(low, this.high)
  }

  /** Runner epoch ms of a server epoch ms; undefined while the offset is unknown. */
  toRunner(serverMs: number): number | undefined {
    const offset = this.offsetMs
    return offset === undefined ? undefined : serverMs - offset
  }

  private narrow(low: number, high: number): void {
    if (low > this.high || high < this.low) {
      this.low = low
      this.high = high
      return
    }
    this.low = Math.max(this.low, low)
    this.high = Math.min(this.high, high)
  }
}

type Handler = (args: unknown) => Promise<{ response?: unknown }>
interface StackOwner {
  middlewareStack: unknown
}

const clocks = new WeakMap<object, ServerClock>()

/**
 * The ServerClock fed by every answer of `client` (one per client, shared by every watch that
 * uses it). Reads the Date header of each HTTP attempt, so retries sample too.
 */
export function serverClockOf(client: StackOwner): ServerClock {
  const known = clocks.get(client)
  if (known !== undefined) return known
  const clock = new ServerClock()
  clocks.set(client, clock)
  const stack = client.middlewareStack as
    { add?: (middleware: unknown, options: object) => void } | undefined
  stack?.add?.(dateHeaderMiddleware(clock), { step: 'deserialize', name: 'serverClockSample' })
  return clock
}

export function dateHeaderMiddleware(clock: ServerClock) {
  return (next: Handler) =>
    async (args: unknown): Promise<{ response?: unknown }> => {
      const sentAt = Date.now()
      const result = await next(args)
      const receivedAt = Date.now()
      const headers = (result.response as { headers?: Record<string, string> } | undefined)?.headers
      const date = headers?.date ?? headers?.Date
      if (date !== undefined) clock.addDateHeader(date, sentAt, receivedAt)
      return result
    }
}
