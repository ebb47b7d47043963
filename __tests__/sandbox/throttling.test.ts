// The emulator's request throttling on a manual clock: AWS's token buckets, per account, Region
// and group of operations, with the quotas of "Request throttling for the Amazon ECS API".

import { describe, expect, it } from '@jest/globals'
import { parseThrottlingMode, Throttler, TokenBucket } from '../../sandbox/emulator/throttling.js'
import { quotaOf } from '../../sandbox/emulator/throttling-quotas.js'

function manualClock(start = 1_000_000) {
  let now = start
  return { now: () => now, advance: (ms: number) => (now += ms) }
}

const call = (operation: string, region = 'us-east-1', service = 'ecs') => ({
  service,
  operation,
  accountId: '123456789012',
  region
})

function drain(throttler: Throttler, operation: string, calls: number) {
  let throttled = 0
  for (let i = 0; i < calls; i++) if (throttler.admit(call(operation))) throttled += 1
  return throttled
}

describe('TokenBucket', () => {
  it('admits its capacity at once, then refills at its rate up to the capacity', () => {
    const bucket = new TokenBucket(50, 20, 0)
    for (let i = 0; i < 50; i++) expect(bucket.take(0)).toBe(true)
    expect(bucket.take(0)).toBe(false)
    // AWS's example: an empty Cluster read bucket is full again after 2.5 seconds.
    expect(bucket.tokens(1000)).toBe(20)
    expect(bucket.tokens(2500)).toBe(50)
    expect(bucket.tokens(10_000)).toBe(50)
  })

  it('sustains the refill rate once drained', () => {
    const bucket = new TokenBucket(50, 20, 0)
    for (let i = 0; i < 50; i++) bucket.take(0)
    let admitted = 0
    for (let ms = 50; ms <= 10_000; ms += 10) if (bucket.take(ms)) admitted += 1
    expect(admitted).toBe(200)
  })
})

describe('the documented ECS quotas', () => {
  it.each([
    ['DescribeServices', 'Service read actions', 100, 20],
    ['ListServices', 'Service read actions', 100, 20],
    ['UpdateService', 'Service modify actions', 50, 5],
    ['DescribeTasks', 'Cluster resource read actions', 100, 20],
    ['RunTask', 'Cluster resource modify actions', 100, 40],
    ['RegisterTaskDefinition', 'Task definition modify actions', 20, 1],
    ['DescribeClusters', 'Cluster read actions', 50, 20]
  ])('%s draws from "%s" (%i burst, %i/s)', (operation, group, capacity, refill) => {
    expect(quotaOf('ecs', operation)).toEqual({ group, capacity, refillPerSecond: refill })
  })

  it('leaves operations without a published quota alone', () => {
    expect(quotaOf('ecs', 'NoSuchOperation')).toBeUndefined()
    expect(quotaOf('elasticloadbalancing', 'DescribeTargetHealth')).toBeUndefined()
  })
})

describe('Throttler', () => {
  it('throttles DescribeServices after 100 calls in one instant with ECS throttling error', () => {
    const clock = manualClock()
    const throttler = new Throttler(1, clock.now)
    expect(drain(throttler, 'DescribeServices', 100)).toBe(0)
    const error = throttler.admit(call('DescribeServices'))
    expect(error).toMatchObject({
      code: 'ThrottlingException',
      message: 'Rate exceeded',
      status: 400
    })
    clock.advance(1000)
    expect(drain(throttler, 'DescribeServices', 25)).toBe(5)
  })

  it('shares one bucket between the operations of a group, not between groups or Regions', () => {
    const clock = manualClock()
    const throttler = new Throttler(1, clock.now)
    expect(drain(throttler, 'DescribeClusters', 30)).toBe(0)
    expect(drain(throttler, 'ListClusters', 30)).toBe(10)
    expect(drain(throttler, 'DescribeServices', 100)).toBe(0)
    expect(throttler.admit(call('DescribeClusters', 'eu-west-3'))).toBeUndefined()
    const stats = throttler.stats().find((bucket) => bucket.group === 'Cluster read actions')
    expect(stats).toMatchObject({ region: 'us-east-1', admitted: 50, throttled: 10, tokens: 0 })
  })

  it('scales every bucket, and lets everything through when off', () => {
    const clock = manualClock()
    const strict = new Throttler(0.1, clock.now)
    expect(drain(strict, 'DescribeServices', 11)).toBe(1)
    expect(strict.stats()[0]).toMatchObject({ capacity: 10, refillPerSecond: 2 })
    strict.configure('off')
    expect(drain(strict, 'DescribeServices', 500)).toBe(0)
  })

  it('answers CloudWatch Logs FilterLogEvents over 5 a second with its throttling error', () => {
    const throttler = new Throttler(1, manualClock().now)
    for (let i = 0; i < 5; i++)
      expect(throttler.admit(call('FilterLogEvents', 'us-east-1', 'logs'))).toBeUndefined()
    expect(throttler.admit(call('FilterLogEvents', 'us-east-1', 'logs'))).toMatchObject({
      code: 'ThrottlingException',
      message: 'Rate exceeded'
    })
  })
})

describe('SANDBOX_THROTTLING', () => {
  it.each([
    [undefined, 1],
    ['', 1],
    ['aws', 1],
    ['AWS', 1],
    ['off', 'off'],
    ['0.5', 0.5],
    ['10', 10]
  ])('%p means %p', (raw, mode) => {
    expect(parseThrottlingMode(raw)).toBe(mode)
  })

  it.each(['0', '-1', 'fast'])('refuses %p, naming the accepted values', (raw) => {
    expect(() => parseThrottlingMode(raw)).toThrow(
      `SANDBOX_THROTTLING must be off, aws or a positive number, got "${raw}"`
    )
  })
})
