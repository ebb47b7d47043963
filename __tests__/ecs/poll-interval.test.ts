import { describe, expect, it } from '@jest/globals'
import { initialInterval, nextInterval } from '../../src/ecs/poll-interval.js'

describe('adaptive poll interval', () => {
  it('polls at half the nominal interval while the rollout moves', () => {
    expect(
      nextInterval(initialInterval(10_000), { changed: true, throttled: false }).currentMs
    ).toBe(5_000)
  })

  it('slows down to at most twice the nominal interval when nothing changes', () => {
    let state = initialInterval(10_000)
    const seen: number[] = []
    for (let i = 0; i < 8; i += 1) {
      state = nextInterval(state, { changed: false, throttled: false })
      seen.push(state.currentMs)
    }
    expect(seen.slice(0, 2)).toEqual([10_000, 10_000])
    expect(seen[2]).toBeGreaterThan(10_000)
    expect(Math.max(...seen)).toBe(20_000)
  })

  it('backs off on throttling and does not speed up again for a few polls', () => {
    let state = nextInterval(initialInterval(10_000), { changed: false, throttled: true })
    expect(state.currentMs).toBe(20_000)
    state = nextInterval(state, { changed: false, throttled: true })
    expect(state.currentMs).toBe(40_000)
    state = nextInterval(state, { changed: true, throttled: false })
    expect(state.currentMs).toBe(40_000)
    for (let i = 0; i < 5; i += 1) state = nextInterval(state, { changed: true, throttled: false })
    expect(state.currentMs).toBe(5_000)
  })

  it('never waits more than a minute (or 8 nominal intervals) even under constant throttling', () => {
    let state = initialInterval(1_000)
    for (let i = 0; i < 20; i += 1) state = nextInterval(state, { changed: false, throttled: true })
    expect(state.currentMs).toBe(60_000)
  })
})
