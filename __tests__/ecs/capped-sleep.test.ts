import { describe, expect, it } from '@jest/globals'
import { cappedSleep } from '../../src/ecs/deploy.js'

describe('cappedSleep (wait-max-delay-seconds)', () => {
  it('never waits longer than the cap, and leaves shorter waits alone', async () => {
    const waits: number[] = []
    const sleep = cappedSleep(async (ms) => {
      waits.push(ms)
    }, 15_000)
    await sleep(60_000)
    await sleep(5_000)
    expect(waits).toEqual([15_000, 5_000])
  })

  it('is the sleep itself without a cap', () => {
    const sleep = async (): Promise<void> => {}
    expect(cappedSleep(sleep, undefined)).toBe(sleep)
  })
})
