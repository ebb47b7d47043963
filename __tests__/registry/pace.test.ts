import { describe, expect, it } from '@jest/globals'
import { Pacer } from '../../src/registry/pace.js'

function clock() {
  let now = 1_000
  const sleeps: number[] = []
  return {
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms)
      now += ms
    },
    advance: (ms: number) => {
      now += ms
    },
    sleeps
  }
}

describe('Pacer', () => {
  it('lets the first request go at once and spaces the next ones by the interval', async () => {
    const c = clock()
    const pacer = new Pacer(3_000, c.sleep, c.now)
    await pacer.turn()
    await pacer.turn()
    c.advance(1_000)
    await pacer.turn()
    expect(c.sleeps).toEqual([3_000, 2_000])
    expect(pacer.waited).toBe(5_000)
  })

  it('does not wait when the work itself took longer than the interval', async () => {
    const c = clock()
    const pacer = new Pacer(3_000, c.sleep, c.now)
    await pacer.turn()
    c.advance(4_000)
    await pacer.turn()
    expect(c.sleeps).toEqual([])
  })

  it('never waits with a zero interval', async () => {
    const c = clock()
    const pacer = new Pacer(0, c.sleep, c.now)
    await pacer.turn()
    await pacer.turn()
    expect(c.sleeps).toEqual([])
  })
})
