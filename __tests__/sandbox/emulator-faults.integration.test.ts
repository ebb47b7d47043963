// Fault injection in the emulator: each fault reaches the SDK as the error AWS sends (so the
// SDK's own classification decides the retry), counts and seeds make it repeatable, and the admin
// API drives the same rules over HTTP.
import { afterEach, describe, expect, it } from '@jest/globals'
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs'
import { ECRClient, GetAuthorizationTokenCommand } from '@aws-sdk/client-ecr'
import { DescribeClustersCommand, ECSClient, UpdateServiceCommand } from '@aws-sdk/client-ecs'
import {
  DescribeLoadBalancersCommand,
  ElasticLoadBalancingV2Client
} from '@aws-sdk/client-elastic-load-balancing-v2'
import type { RunningEmulator } from '../../sandbox/emulator/emulator.js'
import { FaultInjector, parseFaultSpec } from '../../sandbox/emulator/faults.js'
import { clientConfig, registryStub, start } from './emulator-helpers.js'

let emulator: RunningEmulator | undefined
afterEach(async () => {
  await emulator?.close()
  emulator = undefined
})

async function withEmulator(): Promise<RunningEmulator> {
  emulator = await start()
  return emulator
}

function ecs(running: RunningEmulator, maxAttempts = 1): ECSClient {
  return new ECSClient({ ...clientConfig(running), maxAttempts })
}

describe('FaultInjector', () => {
  it('fires a counted rule on the next N matching calls only', () => {
    const faults = new FaultInjector()
    faults.add({ operation: 'ecs:UpdateService', kind: 'throttle', count: 2 })
    const fired = [
      'ecs:DescribeServices',
      'ecs:UpdateService',
      'ecs:UpdateService',
      'ecs:UpdateService'
    ].map((operation) => faults.due(operation).failure?.kind)
    expect(fired).toEqual([undefined, 'throttle', 'throttle', undefined])
    expect(faults.active()).toEqual([])
    expect(faults.stats()['ecs:UpdateService']).toEqual({ calls: 3, faulted: 2, retried: 2 })
  })

  it('starts after the calls it was told to let through', () => {
    const faults = new FaultInjector()
    faults.add({ operation: 'ecs:DescribeServices', kind: 'server-error', count: 1, after: 2 })
    const fired = [1, 2, 3, 4].map(() => faults.due('ecs:DescribeServices').failure?.kind)
    expect(fired).toEqual([undefined, undefined, 'server-error', undefined])
  })

  it('repeats the same probabilistic faults for the same seed', () => {
    const pattern = (seed: number) => {
      const faults = new FaultInjector()
      faults.add({ operation: 'ecs:*', kind: 'server-error', probability: 0.5, seed })
      return Array.from(
        { length: 40 },
        () => faults.due('ecs:DescribeServices').failure !== undefined
      )
    }
    expect(pattern(7)).toEqual(pattern(7))
    expect(pattern(7)).not.toEqual(pattern(8))
    const hits = pattern(7).filter(Boolean).length
    expect(hits).toBeGreaterThan(8)
    expect(hits).toBeLessThan(32)
  })

  it('adds latency on top of an error due on the same call', () => {
    const faults = new FaultInjector()
    faults.add({ operation: 'logs:*', kind: 'latency', delayMs: 30, count: 1 })
    faults.add({ operation: 'logs:GetLogEvents', kind: 'throttle', count: 1 })
    const due = faults.due('logs:GetLogEvents')
    expect(due.delayMs).toBe(30)
    expect(due.failure?.kind).toBe('throttle')
  })

  it('refuses rules that cannot work, naming the field', () => {
    expect(() => parseFaultSpec({ operation: 'UpdateService', kind: 'throttle' })).toThrow(
      /operation/
    )
    expect(() => parseFaultSpec({ operation: 'ecs:UpdateService', kind: 'slow' })).toThrow(/kind/)
    expect(() => parseFaultSpec({ operation: 'ecs:*', kind: 'latency' })).toThrow(/delayMs/)
    expect(() => parseFaultSpec({ operation: 'ecs:*', kind: 'expired-token' })).toThrow(
      /GetAuthorizationToken/
    )
    expect(() =>
      parseFaultSpec({ operation: 'ecs:*', kind: 'throttle', count: 2, probability: 0.1 })
    ).toThrow(/not both/)
    expect(() => parseFaultSpec({ operation: 'ecs:*', kind: 'server-error', status: 404 })).toThrow(
      /status/
    )
  })
})

describe('emulator faults through the SDK', () => {
  it('throttles ECS with ThrottlingException, which the SDK retries', async () => {
    const running = await withEmulator()
    running.sandbox.faults.add({ operation: 'ecs:DescribeClusters', kind: 'throttle', count: 3 })
    const once = ecs(running).send(new DescribeClustersCommand({}))
    await expect(once).rejects.toMatchObject({
      name: 'ThrottlingException',
      $metadata: { httpStatusCode: 400 }
    })
    const retried = await ecs(running, 5).send(new DescribeClustersCommand({}))
    expect(retried.$metadata.attempts).toBe(3)
    // Every call after a faulted one is a retry, whichever client sent it.
    expect(running.sandbox.faults.stats()['ecs:DescribeClusters']).toEqual({
      calls: 4,
      faulted: 3,
      retried: 3
    })
  })

  it('throttles the query services with Throttling and CloudWatch Logs with ThrottlingException', async () => {
    const running = await withEmulator()
    running.sandbox.faults.add({
      operation: 'elasticloadbalancing:DescribeLoadBalancers',
      kind: 'throttle'
    })
    running.sandbox.faults.add({ operation: 'logs:DescribeLogGroups', kind: 'throttle' })
    const elb = new ElasticLoadBalancingV2Client(clientConfig(running))
    await expect(elb.send(new DescribeLoadBalancersCommand({}))).rejects.toMatchObject({
      name: 'Throttling',
      message: 'Rate exceeded'
    })
    const logs = new CloudWatchLogsClient(clientConfig(running))
    await expect(logs.send(new DescribeLogGroupsCommand({}))).rejects.toMatchObject({
      name: 'ThrottlingException'
    })
  })

  it('answers a 5xx burst with the modeled server error, then serves the call', async () => {
    const running = await withEmulator()
    running.sandbox.faults.add({ operation: 'ecs:UpdateService', kind: 'server-error', count: 2 })
    running.sandbox.faults.add({
      operation: 'ecs:DescribeClusters',
      kind: 'server-error',
      status: 503
    })
    await expect(
      ecs(running).send(new UpdateServiceCommand({ service: 'nope' }))
    ).rejects.toMatchObject({ name: 'ServerException', $metadata: { httpStatusCode: 500 } })
    await expect(ecs(running).send(new DescribeClustersCommand({}))).rejects.toMatchObject({
      name: 'ServiceUnavailable',
      $metadata: { httpStatusCode: 503 }
    })
    // The burst's second failure is retried by the SDK; the operation then runs for real.
    await expect(
      ecs(running, 3).send(new UpdateServiceCommand({ service: 'nope' }))
    ).rejects.toMatchObject({ name: 'ClusterNotFoundException' })
  })

  it('delays a call by the added latency', async () => {
    const running = await withEmulator()
    running.sandbox.faults.add({ operation: 'ecs:*', kind: 'latency', delayMs: 300, count: 1 })
    const started = Date.now()
    await ecs(running).send(new DescribeClustersCommand({}))
    expect(Date.now() - started).toBeGreaterThanOrEqual(290)
    expect(running.sandbox.faults.calls()).toEqual([
      { operation: 'ecs:DescribeClusters', faults: ['latency'] }
    ])
  })

  it('hands out an ECR token that expired and that the registry refuses, once', async () => {
    const registry = await registryStub([])
    try {
      emulator = await start({ ecrRegistry: registry.host, ecrToken: 'good-token' })
      emulator.sandbox.faults.add({ operation: 'ecr:GetAuthorizationToken', kind: 'expired-token' })
      const ecr = new ECRClient(clientConfig(emulator))
      const password = (data: { authorizationToken?: string } | undefined) =>
        Buffer.from(data?.authorizationToken ?? '', 'base64').toString('utf8')
      const stale = (await ecr.send(new GetAuthorizationTokenCommand({}))).authorizationData?.[0]
      expect(stale?.expiresAt?.getTime()).toBeLessThan(Date.now())
      expect(password(stale)).toMatch(/^AWS:expired-/)
      const fresh = (await ecr.send(new GetAuthorizationTokenCommand({}))).authorizationData?.[0]
      expect(fresh?.expiresAt?.getTime()).toBeGreaterThan(Date.now())
      expect(password(fresh)).toBe('AWS:good-token')
    } finally {
      await registry.close()
    }
  })
})

describe('the faults admin API', () => {
  it('adds, lists with per-operation retry counts, and clears rules over HTTP', async () => {
    const running = await withEmulator()
    const url = `${running.url}/_sandbox/faults`
    const added = await fetch(url, {
      method: 'POST',
      body: JSON.stringify([{ operation: 'ecs:DescribeClusters', kind: 'throttle', count: 2 }])
    })
    expect(added.status).toBe(200)
    await ecs(running, 4).send(new DescribeClustersCommand({}))
    const listed = (await (await fetch(url)).json()) as {
      faults: unknown[]
      stats: Record<string, unknown>
    }
    expect(listed.faults).toEqual([])
    expect(listed.stats['ecs:DescribeClusters']).toEqual({ calls: 3, faulted: 2, retried: 2 })

    const bad = await fetch(url, { method: 'POST', body: '{"operation":"ecs:*","kind":"nope"}' })
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as { error: string }).error).toMatch(/"kind"/)

    await fetch(url, { method: 'POST', body: '{"operation":"ecs:*","kind":"throttle","count":9}' })
    expect((await fetch(url, { method: 'DELETE' })).status).toBe(200)
    const cleared = (await (await fetch(url)).json()) as { faults: unknown[]; stats: object }
    expect(cleared).toEqual({ faults: [], stats: {} })
    await expect(ecs(running).send(new DescribeClustersCommand({}))).resolves.toBeDefined()
  })
})
