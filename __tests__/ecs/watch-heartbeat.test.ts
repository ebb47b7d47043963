import { describe, expect, it } from '@jest/globals'
import { recordingLogger } from '../../src/shared/logger.js'
import {
  HEARTBEAT_FIRST_MS,
  HEARTBEAT_MAX_MS,
  HeartbeatClock,
  heartbeatLine
} from '../../src/ecs/watch-heartbeat.js'
import { WatchPrinter } from '../../src/ecs/watch-output.js'
import { NEW_ID, deployment } from './fixtures/snapshots.js'

const ours = deployment({ id: NEW_ID, desiredCount: 2, runningCount: 1, pendingCount: 1 })

describe('heartbeat of a quiet watch', () => {
  it('is due after 30 s of silence, then after 60, 120 and every 240 s, and again 30 s after any line', () => {
    const clock = new HeartbeatClock(0)
    expect(clock.due(HEARTBEAT_FIRST_MS - 1)).toBeUndefined()
    expect(clock.due(HEARTBEAT_FIRST_MS)).toBe(HEARTBEAT_FIRST_MS)
    let at = HEARTBEAT_FIRST_MS
    const gaps: number[] = []
    for (let beat = 0; beat < 4; beat += 1) {
      clock.printed(at, true)
      let next = at + 1000
      while (clock.due(next) === undefined) next += 1000
      gaps.push(next - at)
      at = next
    }
    expect(gaps).toEqual([60_000, 120_000, HEARTBEAT_MAX_MS, HEARTBEAT_MAX_MS])
    // The silence it reports counts from the last line that was not a heartbeat.
    expect(clock.due(at)).toBe(at)
    clock.printed(at, false)
    expect(clock.due(at + HEARTBEAT_FIRST_MS)).toBe(HEARTBEAT_FIRST_MS)
  })

  it('says what the wait is for: the next window, and our counts', () => {
    const ahead = heartbeatLine(
      45_000,
      [{ label: 'the old tasks are gone after draining', fromInMs: 200_000, toInMs: 245_000 }],
      ours
    )
    expect(ahead).toBe(
      `… nothing new for 45 s: next: the old tasks are gone after draining, in about 3 min 20 s; deployment ${NEW_ID}: 1 of 2 running, 1 pending.`
    )
    const inside = heartbeatLine(
      30_000,
      [{ label: 'the old tasks are gone', fromInMs: -12_000, toInMs: 33_000 }],
      undefined
    )
    expect(inside).toBe(
      '… nothing new for 30 s: waiting until the old tasks are gone (expected from 12 s ago).'
    )
    expect(heartbeatLine(30_000, [], undefined)).toBe('… nothing new for 30 s: waiting for ECS.')
    expect(heartbeatLine(30_000, [], ours)).toBe(
      `… nothing new for 30 s: waiting for 1 new task to start; deployment ${NEW_ID}: 1 of 2 running, 1 pending.`
    )
  })

  it('the printer beats only when nothing was printed for a while', () => {
    let now = 0
    const log = recordingLogger()
    const printer = new WatchPrinter(log, { deploymentId: NEW_ID, now: () => now })
    const waitFor = [{ label: 'the old tasks are gone', fromInMs: 60_000, toInMs: 105_000 }]
    for (now = 0; now <= 100_000; now += 10_000) printer.waiting(waitFor, ours)
    // 30 s, then 60 s later: two lines in 100 s.
    expect(log.lines).toHaveLength(2)
    expect(log.lines[0]).toMatch(/^… nothing new for 30 s: next: the old tasks are gone/)
    printer.print([
      { kind: 'service-event', at: new Date(now), message: 'has reached a steady state.' }
    ])
    now += 20_000
    printer.waiting(waitFor, ours)
    expect(log.lines).toHaveLength(3)
  })
})
