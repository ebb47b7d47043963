import type { Deployment } from '@aws-sdk/client-ecs'
import type { DueWindow } from './poll-interval.js'
import { formatDuration } from './report/summary.js'

/** The first heartbeat after this long without a line; each next one waits twice as long. */
export const HEARTBEAT_FIRST_MS = 30_000
/** The longest silence between heartbeats: a 5-minute drain gets three. */
export const HEARTBEAT_MAX_MS = 240_000

/** A window when the rollout may complete, in runner ms from now (negative once passed). */
export interface Awaited extends DueWindow {
  label: string
}

/** What a quiet watch is waiting for, as one line: the next expected moment and our counts. */
export function heartbeatLine(
  silentForMs: number,
  awaited: Awaited[],
  ours: Deployment | undefined
): string {
  const [next] = [...awaited].sort((a, b) => a.fromInMs - b.fromInMs)
  const pending = ours?.pendingCount ?? 0
  const expected =
    next === undefined
      ? pending > 0
        ? `waiting for ${pending} new task${pending === 1 ? '' : 's'} to start`
        : 'waiting for ECS'
      : next.fromInMs > 0
        ? `next: ${next.label}, in about ${formatDuration(next.fromInMs)}`
        : `waiting until ${next.label} (expected from ${formatDuration(-next.fromInMs)} ago)`
  const counts =
    ours === undefined
      ? ''
      : `; deployment ${ours.id ?? '?'}: ${ours.runningCount ?? 0} of ${ours.desiredCount ?? 0} running, ${ours.pendingCount ?? 0} pending`
  return `… nothing new for ${formatDuration(silentForMs)}: ${expected}${counts}.`
}

/**
 * When the next heartbeat is due: 30 s without a line, then 60, 120, 240, 240… s after the
 * previous heartbeat, until something else is printed.
 */
export class HeartbeatClock {
  private lastLineAt: number
  private lastNewsAt: number
  private gapMs = HEARTBEAT_FIRST_MS

  constructor(now: number) {
    this.lastLineAt = now
    this.lastNewsAt = now
  }

  /** A line was printed (a heartbeat or anything else). */
  printed(now: number, heartbeat: boolean): void {
    this.gapMs = heartbeat ? Math.min(this.gapMs * 2, HEARTBEAT_MAX_MS) : HEARTBEAT_FIRST_MS
    this.lastLineAt = now
    if (!heartbeat) this.lastNewsAt = now
  }

  /** When a heartbeat is due now: how long nothing but heartbeats was printed; else undefined. */
  due(now: number): number | undefined {
    return now - this.lastLineAt >= this.gapMs ? now - this.lastNewsAt : undefined
  }
}
