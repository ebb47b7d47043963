// deploy() in this process against an emulator whose clock is 90 s ahead of, or behind, the
// runner's: every timestamp AWS sends is that far off Date.now(), as it can be on a runner with a
// drifting clock. The verdicts must not depend on it. DescribeServices is eventually consistent
// here, as in ECS: a new deployment is listed 0.2 s after UpdateService (some two polls), so the
// watch's first polls see only the previous deployment, whose createdAt is on the skewed clock.
import { afterEach, describe, expect, it } from '@jest/globals'
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs'
import { CodeDeployClient } from '@aws-sdk/client-codedeploy'
import { ECSClient } from '@aws-sdk/client-ecs'
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2'
import type { DeployClients } from '../../src/ecs/clients.js'
import { deploy, type DeployRequest, type DeployResult } from '../../src/ecs/deploy.js'
import { loadTaskDefinitionSource } from '../../src/ecs/task-definition-source.js'
import { recordingLogger } from '../../src/shared/logger.js'
import { REGION, clientConfig } from '../sandbox/emulator-fixture.js'
import {
  CLUSTER,
  SERVICE,
  primaryRevision,
  startBanana,
  writeDefinition,
  type Banana
} from './banana.js'

let banana: Banana | undefined

afterEach(async () => {
  await banana?.close()
  banana = undefined
})

const SKEWS = [90, -90]
const DESCRIBE_LAG_SECONDS = 0.2

function clientsFor(current: Banana): DeployClients {
  // The SDK's own retries, as a real run has them.
  const config = { ...clientConfig(current.emulator), maxAttempts: 3 }
  return {
    ecs: new ECSClient(config),
    elb: new ElasticLoadBalancingV2Client(config),
    logs: new CloudWatchLogsClient(config),
    codedeploy: new CodeDeployClient(config)
  }
}

async function deployTag(
  current: Banana,
  tag: string,
  settings: Pick<DeployRequest, 'failFastThreshold' | 'rollback'>
): Promise<{ result: DeployResult; lines: string[] }> {
  const file = writeDefinition(current, `${tag}.json`, tag)
  const source = await loadTaskDefinitionSource(file, {
    workspace: current.workspace,
    runnerTemp: current.workspace
  })
  const log = recordingLogger()
  const result = await deploy(
    clientsFor(current),
    {
      region: REGION,
      cluster: CLUSTER,
      service: SERVICE,
      source,
      wait: true,
      timeoutMs: 60_000,
      pollIntervalMs: 100,
      deregisterFailed: false,
      forceNewDeployment: false,
      tags: [],
      ...settings
    },
    log
  )
  return { result, lines: log.lines }
}

/** A banana whose emulator runs `skew` seconds off the runner's clock, checked. */
async function skewedBanana(skew: number): Promise<Banana> {
  banana = await startBanana(['v1', 'v2'], 600, {
    clockSkewSeconds: skew,
    describeLagSeconds: DESCRIBE_LAG_SECONDS
  })
  const service = await banana.describe()
  const event = service.events?.[0]?.createdAt?.getTime() ?? 0
  const offBy = (banana.emulator.sandbox.now().getTime() - Date.now()) / 1000
  expect(Math.abs(offBy - skew)).toBeLessThan(2)
  // The fixture's last event happened a moment ago on the emulator's clock.
  expect(Math.abs((event - Date.now()) / 1000 - skew)).toBeLessThan(10)
  return banana
}

describe('a 90 s clock skew between the emulator and the runner', () => {
  it.each(SKEWS)('skew %i s: a good image succeeds', async (skew) => {
    const current = await skewedBanana(skew)
    const { result } = await deployTag(current, 'v2', { failFastThreshold: 2, rollback: true })
    expect([result.status, result.verdict?.status]).toEqual(['succeeded', 'succeeded'])
    expect(primaryRevision(await current.describe())).toBe(result.taskDefinitionArn)
  })

  it.each(SKEWS)(
    'skew %i s: a missing tag fails fast on its pull failure (our rollback off)',
    async (skew) => {
      const current = await skewedBanana(skew)
      const { result } = await deployTag(current, 'gone', { failFastThreshold: 2, rollback: false })
      expect([result.status, result.verdict?.status]).toEqual(['failed', 'failed'])
      // Our own rule decided, on the stopped tasks of our revision, before ECS's breaker.
      expect(result.verdict?.failFast).toBeDefined()
      expect(result.reason).toContain('CannotPullContainerError')
      expect(result.rollback).toBeUndefined()
    }
  )

  it.each(SKEWS)(
    'skew %i s: with fail-fast off, the rollback by ECS is seen and followed',
    async (skew) => {
      const current = await skewedBanana(skew)
      const { result } = await deployTag(current, 'gone', { failFastThreshold: 0, rollback: true })
      expect([result.status, result.verdict?.status]).toEqual(['rolled-back', 'rolled-back-by-ecs'])
      expect([result.rollback?.by, result.rollback?.outcome]).toEqual(['ecs', 'completed'])
      expect(primaryRevision(await current.describe())).toBe(current.firstTaskDefinitionArn)
    }
  )
})
