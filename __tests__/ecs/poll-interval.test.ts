import { describe, expect, it } from '@jest/globals'
import {
  aroundDue,
  POLLS_PER_WINDOW,
  fastestMs,
  initialInterval,
  nextInterval,
  throttledWait,
  type IntervalState
} from '../../src/ecs/poll-interval.js'

/** mulberry32: a small seeded generator, so the jitter is the same on every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const quiet = { changed: false, throttled: false }
const throttled = { changed: false, throttled: true }

describe('adaptive poll interval', () => {
  it('comes back to the nominal interval, not faster, after a task of ours stopped', () => {
    let state = initialInterval(10_000)
    for (let i = 0; i < 6; i += 1) state = nextInterval(state, quiet)
    expect(state.currentMs).toBe(20_000)
    expect(nextInterval(state, { changed: true, throttled: false }).currentMs).toBe(10_000)
  })

  it('ignores a predicted window that is not a number (a malformed AWS timestamp)', () => {
    const state = nextInterval(initialInterval(10_000), {
      ...quiet,
      due: [
        { fromInMs: NaN, toInMs: 5_000 },
        { fromInMs: -1_000, toInMs: Infinity }
      ]
    })
    expect(state.currentMs).toBe(10_000)
  })

  it('slows down to at most twice the nominal interval when nothing changes', () => {
    let state = initialInterval(10_000)
    const seen: number[] = []
    for (let i = 0; i < 8; i += 1) {
      state = nextInterval(state, quiet)
      seen.push(state.currentMs)
    }
    expect(seen.slice(0, 2)).toEqual([10_000, 10_000])
    expect(seen[2]).toBeGreaterThan(10_000)
    expect(Math.max(...seen)).toBe(20_000)
  })
})

describe('throttled back-off with decorrelated jitter', () => {
  it('draws each wait between the steady interval and three times the previous wait', () => {
    const random = seeded(42)
    let state: IntervalState = initialInterval(10_000)
    const waits: number[] = []
    for (let i = 0; i < 8; i += 1) {
      const previous = state.currentMs
      state = nextInterval(state, throttled, random)
      expect(state.currentMs).toBeGreaterThanOrEqual(20_000)
      expect(state.currentMs).toBeLessThanOrEqual(Math.max(20_000, previous * 3))
      waits.push(state.currentMs)
    }
    // Jittered below the 80 s ceiling: no two waits alike, unlike a plain doubling.
    const below = waits.filter((ms) => ms < 80_000)
    expect(below.length).toBeGreaterThan(2)
    expect(new Set(below).size).toBe(below.length)
    expect(Math.max(...waits)).toBeLessThanOrEqual(80_000)
  })

  it('spreads watches throttled together: different seeds, different waits', () => {
    const first = (seed: number) => nextInterval(initialInterval(10_000), throttled, seeded(seed))
    const spread = new Set([1, 2, 3, 4, 5].map((seed) => Math.round(first(seed).currentMs)))
    expect(spread.size).toBe(5)
  })

  it('is the same sequence for the same seed', () => {
    const run = () => {
      const random = seeded(7)
      let state = initialInterval(10_000)
      return Array.from({ length: 4 }, () => {
        state = nextInterval(state, throttled, random)
        return state.currentMs
      })
    }
    expect(run()).toEqual(run())
  })

  it('never waits more than a minute (or 8 nominal intervals) even under constant throttling', () => {
    const random = seeded(3)
    let state = initialInterval(1_000)
    for (let i = 0; i < 30; i += 1) {
      state = nextInterval(state, throttled, random)
      expect(state.currentMs).toBeLessThanOrEqual(60_000)
    }
    expect(throttledWait(50_000, 2_000, 60_000, () => 1)).toBe(60_000)
  })

  it('does not speed up again for a few polls after throttling, predictions included', () => {
    let state = nextInterval(initialInterval(10_000), throttled, () => 0.5)
    const held = state.currentMs
    state = nextInterval(state, {
      changed: true,
      throttled: false,
      due: [{ fromInMs: 0, toInMs: 45_000 }]
    })
    expect(state.currentMs).toBe(held)
    for (let i = 0; i < 5; i += 1) state = nextInterval(state, { changed: true, throttled: false })
    expect(state.currentMs).toBe(10_000)
  })
})

describe('polling through a window when the rollout may complete', () => {
  const window = (fromInMs: number, toInMs: number) => ({ fromInMs, toInMs })

  it('wakes at the start of the window when it is nearer than the regular interval', () => {
    const state = nextInterval(initialInterval(10_000), { ...quiet, due: [window(3_200, 48_200)] })
    expect(state.currentMs).toBe(3_200)
  })

  it('polls a dozen times through the window, then backs off in proportion to the lateness', () => {
    expect(fastestMs(10_000)).toBe(1_000)
    expect(POLLS_PER_WINDOW).toBe(12)
    // A 45 s window: every 3.75 s inside it.
    expect(aroundDue(window(0, 45_000), 10_000, 10_000)).toBe(3_750)
    expect(aroundDue(window(-40_000, 5_000), 10_000, 10_000)).toBe(3_750)
    // After it: a third of the lateness, at least the in-window spacing, at most the regular one.
    expect(aroundDue(window(-45_000, 0), 10_000, 10_000)).toBe(3_750)
    expect(aroundDue(window(-60_000, -15_000), 10_000, 10_000)).toBe(5_000)
    expect(aroundDue(window(-105_000, -60_000), 10_000, 10_000)).toBe(10_000)
    // A window too short to spread polls over: no faster than about a second.
    expect(aroundDue(window(-100, 400), 10_000, 10_000)).toBe(1_000)
  })

  it('ignores a window that starts later than the regular interval', () => {
    const state = nextInterval(initialInterval(10_000), { ...quiet, due: [window(45_000, 90_000)] })
    expect(state.currentMs).toBe(10_000)
  })

  it('sees a completion anywhere in the window within 1/12 of it, with at most 13 polls', () => {
    const from = 5_000
    const to = 50_000
    const polls: number[] = []
    let t = 0
    while (t < to + 10_000) {
      const wait = aroundDue(window(from - t, to - t), 10_000, 10_000)
      t += wait
      polls.push(t)
    }
    for (let done = from; done <= to; done += 500) {
      const seen = polls.find((at) => at >= done) ?? Infinity
      expect(seen - done).toBeLessThanOrEqual((to - from) / POLLS_PER_WINDOW)
    }
    expect(polls.filter((at) => at >= from && at <= to).length).toBeLessThanOrEqual(13)
  })
})
