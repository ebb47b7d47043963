// Request throttling at AWS's rates through the HTTP layer: a burst over the bucket size gets ECS's
// ThrottlingException, the SDK's own retries recover, and /_sandbox/throttling shows and sets it.

import { describe, expect, it } from '@jest/globals'
import { DescribeClustersCommand, ECSClient } from '@aws-sdk/client-ecs'
import { clientConfig, emulatorPerTest } from './emulator-helpers.js'

const emulators = emulatorPerTest()

interface ThrottlingView {
  mode: string | number
  buckets: { group: string; capacity: number; admitted: number; throttled: number }[]
}

async function throttling(url: string, init?: RequestInit): Promise<ThrottlingView> {
  const response = await fetch(`${url}/_sandbox/throttling`, init)
  return (await response.json()) as ThrottlingView
}

const burst = (ecs: ECSClient, calls: number) =>
  Promise.allSettled(
    Array.from({ length: calls }, () => ecs.send(new DescribeClustersCommand({ clusters: [] })))
  )

describe('emulator request throttling', () => {
  it('answers a burst over the bucket with ThrottlingException "Rate exceeded", HTTP 400', async () => {
    const emulator = await emulators.plain()
    // Cluster read actions: 50 tokens, 20 a second. No retries: every answer is seen.
    const ecs = new ECSClient(clientConfig(emulator))
    const results = await burst(ecs, 120)
    const rejected = results.filter((result) => result.status === 'rejected')
    // 50 at once, plus what refills while the burst is served (20 a second).
    expect(rejected.length).toBeGreaterThan(0)
    expect(rejected.length).toBeLessThanOrEqual(70)
    const error = (rejected[0] as PromiseRejectedResult).reason as {
      name: string
      message: string
      $metadata: { httpStatusCode: number }
    }
    expect(error.name).toBe('ThrottlingException')
    expect(error.message).toBe('Rate exceeded')
    expect(error.$metadata.httpStatusCode).toBe(400)
    const view = await throttling(emulator.url)
    expect(view.mode).toBe(1)
    expect(view.buckets).toEqual([
      expect.objectContaining({
        group: 'Cluster read actions',
        capacity: 50,
        throttled: rejected.length,
        admitted: 120 - rejected.length
      })
    ])
  })

  it("recovers through the SDK's standard retries", async () => {
    const emulator = await emulators.plain()
    const ecs = new ECSClient({ ...clientConfig(emulator), maxAttempts: 6 })
    const results = await burst(ecs, 80)
    expect(results.filter((result) => result.status === 'rejected')).toEqual([])
    const [bucket] = (await throttling(emulator.url)).buckets
    expect(bucket?.throttled).toBeGreaterThan(0)
    expect(bucket?.admitted).toBe(80)
  }, 30_000)

  it('is switched off or scaled through /_sandbox/throttling', async () => {
    const emulator = await emulators.plain()
    const ecs = new ECSClient(clientConfig(emulator))
    const off = await throttling(emulator.url, { method: 'PUT', body: '{"mode":"off"}' })
    expect(off.mode).toBe('off')
    expect((await burst(ecs, 80)).every((result) => result.status === 'fulfilled')).toBe(true)

    await throttling(emulator.url, { method: 'PUT', body: '{"mode":0.1}' })
    const strict = await burst(ecs, 8)
    const throttled = strict.filter((result) => result.status === 'rejected').length
    // 5 tokens (50 × 0.1), refilled at 2 a second.
    expect(throttled).toBeGreaterThanOrEqual(2)
    expect(throttled).toBeLessThanOrEqual(3)

    const refused = await fetch(`${emulator.url}/_sandbox/throttling`, {
      method: 'PUT',
      body: '{"mode":"fast"}'
    })
    expect(refused.status).toBe(400)
    expect(await refused.text()).toContain(
      'SANDBOX_THROTTLING must be off, aws or a positive number'
    )
  })
})
