import { describe, expect, it } from '@jest/globals'
import { ServerClock, dateHeaderMiddleware } from '../../src/ecs/poll-clock.js'

const RUNNER = Date.parse('2026-05-04T10:00:00.000Z')
const header = (ms: number) => new Date(ms).toUTCString()

describe('ServerClock', () => {
  it('knows nothing before a sample', () => {
    const clock = new ServerClock()
    expect(clock.offsetMs).toBeUndefined()
    expect(clock.toRunner(RUNNER)).toBeUndefined()
  })

  for (const skew of [90_000, -90_000, 0]) {
    it(`estimates a ${skew / 1000} s skew within half a second from a few Date headers`, () => {
      const clock = new ServerClock()
      // Requests of 80 ms each, 2.3 s apart: the whole-second headers cut the interval down.
      for (let i = 0; i < 6; i += 1) {
        const sent = RUNNER + i * 2_300 + 137
        const received = sent + 80
        const server = sent + 40 + skew
        clock.addDateHeader(header(server), sent, received)
      }
      expect(Math.abs((clock.offsetMs ?? NaN) - skew)).toBeLessThan(500)
      expect(Math.abs((clock.toRunner(RUNNER + skew) ?? NaN) - RUNNER)).toBeLessThan(500)
    })
  }

  it('keeps a server timestamp as a lower bound, and trusts timestamps over contradicting headers', () => {
    const clock = new ServerClock()
    clock.addDateHeader(header(RUNNER), RUNNER - 50, RUNNER + 50)
    // An event stamped 90 s after the header's time, received now: the header's host is off.
    clock.addEarlierStamp(RUNNER + 90_000, RUNNER + 100)
    expect(clock.offsetMs).toBeGreaterThanOrEqual(89_900)
    // Headers are ignored from now on, so the estimate does not flip back.
    clock.addDateHeader(header(RUNNER + 1000), RUNNER + 950, RUNNER + 1050)
    expect(clock.offsetMs).toBeGreaterThanOrEqual(89_900)
  })

  it('restarts from a header that contradicts the previous ones (the runner clock stepped)', () => {
    const clock = new ServerClock()
    clock.addDateHeader(header(RUNNER), RUNNER - 50, RUNNER + 50)
    const stepped = RUNNER + 10_000
    clock.addDateHeader(header(RUNNER + 70_000), stepped, stepped + 100)
    expect(Math.abs((clock.offsetMs ?? NaN) - 60_000)).toBeLessThan(1_000)
  })

  it('samples the Date header of each answer through the client middleware', async () => {
    const clock = new ServerClock()
    const skew = 45_000
    const handler = dateHeaderMiddleware(clock)(async () => ({
      response: { headers: { date: header(Date.now() + skew) } }
    }))
    await handler({})
    expect(Math.abs((clock.offsetMs ?? NaN) - skew)).toBeLessThan(1_500)
  })
})
