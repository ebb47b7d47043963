// Request throttling the way AWS applies it: a token bucket per account, Region and group of
// operations (throttling-quotas.ts), on the wall clock, because it is the clients' real request
// rate that AWS limits, whatever the simulated clock's scale. A call that finds its bucket empty
// gets the fault module's throttling error (HTTP 400 ThrottlingException, "Rate exceeded").
//
// SANDBOX_THROTTLING: `aws` (default) uses AWS's rates, `off` turns throttling off, a positive
// number scales every bucket's capacity and refill rate (0.1 = ten times stricter).

import { awsFault } from './faults.js'
import type { Sandbox } from './sandbox.js'
import { quotaOf, type BucketSpec } from './throttling-quotas.js'
import type { AwsError } from './types.js'

/** A token bucket: `capacity` tokens at most, refilled continuously at `refillPerSecond`. */
export class TokenBucket {
  private level: number
  private at: number

  constructor(
    readonly capacity: number,
    readonly refillPerSecond: number,
    now: number
  ) {
    this.level = capacity
    this.at = now
  }

  /** Tokens available at `now` (milliseconds), after refilling. */
  tokens(now: number): number {
    if (now > this.at) {
      this.level = Math.min(
        this.capacity,
        this.level + ((now - this.at) / 1000) * this.refillPerSecond
      )
      this.at = now
    }
    return this.level
  }

  /** Takes one token if there is one. */
  take(now: number): boolean {
    if (this.tokens(now) < 1) return false
    this.level -= 1
    return true
  }
}

export type ThrottlingMode = 'off' | number

/** Parses SANDBOX_THROTTLING: off, aws (scale 1) or a positive scale. */
export function parseThrottlingMode(raw: string | undefined): ThrottlingMode {
  const value = (raw ?? '').trim().toLowerCase()
  if (value === '' || value === 'aws') return 1
  if (value === 'off') return 'off'
  const scale = Number(value)
  if (!Number.isFinite(scale) || scale <= 0)
    throw new Error(`SANDBOX_THROTTLING must be off, aws or a positive number, got "${raw}"`)
  return scale
}

export interface BucketStats {
  service: string
  group: string
  accountId: string
  region: string
  capacity: number
  refillPerSecond: number
  tokens: number
  admitted: number
  throttled: number
}

interface Entry {
  stats: Omit<BucketStats, 'tokens'>
  bucket: TokenBucket
}

export class Throttler {
  private mode: ThrottlingMode
  private readonly buckets = new Map<string, Entry>()

  constructor(
    mode: ThrottlingMode = 1,
    private readonly now: () => number = () => performance.timeOrigin + performance.now()
  ) {
    this.mode = mode
  }

  get current(): ThrottlingMode {
    return this.mode
  }

  /** Changes the mode; the buckets start full again. */
  configure(mode: ThrottlingMode): void {
    this.mode = mode
    this.buckets.clear()
  }

  /** Lets the call through, or returns the error AWS answers when its bucket is empty. */
  admit(call: {
    service: string
    operation: string
    accountId: string
    region: string
  }): AwsError | undefined {
    if (this.mode === 'off') return undefined
    const quota = quotaOf(call.service, call.operation)
    if (!quota) return undefined
    const entry = this.entry(call, quota, this.mode)
    if (entry.bucket.take(this.now())) {
      entry.stats.admitted += 1
      return undefined
    }
    entry.stats.throttled += 1
    return awsFault(call.service, {
      operation: `${call.service}:${call.operation}`,
      kind: 'throttle'
    })
  }

  stats(): BucketStats[] {
    const now = this.now()
    return [...this.buckets.values()].map(({ stats, bucket }) => ({
      ...stats,
      tokens: Math.floor(bucket.tokens(now) * 100) / 100
    }))
  }

  private entry(
    call: { service: string; accountId: string; region: string },
    quota: BucketSpec,
    scale: number
  ): Entry {
    const key = `${call.accountId}/${call.region}/${call.service}/${quota.group}`
    let entry = this.buckets.get(key)
    if (!entry) {
      const capacity = Math.max(1, Math.round(quota.capacity * scale))
      const refillPerSecond = quota.refillPerSecond * scale
      entry = {
        stats: {
          service: call.service,
          group: quota.group,
          accountId: call.accountId,
          region: call.region,
          capacity,
          refillPerSecond,
          admitted: 0,
          throttled: 0
        },
        bucket: new TokenBucket(capacity, refillPerSecond, this.now())
      }
      this.buckets.set(key, entry)
    }
    return entry
  }
}

const throttlers = new WeakMap<Sandbox, Throttler>()

/** The sandbox's throttler, created on first use from SANDBOX_THROTTLING. */
export function throttlerOf(sandbox: Sandbox): Throttler {
  let throttler = throttlers.get(sandbox)
  if (!throttler) {
    throttler = new Throttler(parseThrottlingMode(process.env.SANDBOX_THROTTLING))
    throttlers.set(sandbox, throttler)
  }
  return throttler
}
