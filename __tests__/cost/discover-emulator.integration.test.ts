// Discovery against the in-process emulator: the seed's banana-front service behind its ALB,
// writing its startup lines to /ecs/banana-front, is priced with the ALB and log lines measured
// from the emulator's CloudWatch; a denied read leaves an estimate that completes and says why.
import { afterEach, describe, expect, test } from '@jest/globals'
import { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling'
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch'
import {
  CloudWatchLogsClient,
  DescribeLogGroupsCommand,
  FilterLogEventsCommand
} from '@aws-sdk/client-cloudwatch-logs'
import { ECRClient } from '@aws-sdk/client-ecr'
import { ECSClient } from '@aws-sdk/client-ecs'
import {
  DescribeLoadBalancersCommand,
  ElasticLoadBalancingV2Client
} from '@aws-sdk/client-elastic-load-balancing-v2'
import { accessOf } from '../../sandbox/emulator/access/enforce.js'
import { ManualClock } from '../../sandbox/emulator/clock.js'
import type { RunningEmulator } from '../../sandbox/emulator/emulator.js'
import type { CostClients } from '../../src/cost/clients.js'
import { estimateCost, type CostEstimateRequest } from '../../src/cost/run-estimate.js'
import { NO_EXTRAS } from '../../src/cost/scenario.js'
import { silentLogger } from '../../src/shared/logger.js'
import { clientConfig, createBananaService, start } from '../sandbox/emulator-fixture.js'

const SECOND = 1000
const HOUR = 3600 * SECOND
const GIB = 1024 ** 3
const REQUESTS = 60

let emulator: RunningEmulator | undefined
afterEach(async () => {
  await emulator?.close()
  emulator = undefined
})

/** banana-front running behind its ALB, REQUESTS answered through it, then two quiet hours. */
async function bananaWithTraffic() {
  const clock = new ManualClock()
  emulator = await start({ clock, uncheckedRegistries: ['registry.sandbox.local'] })
  await createBananaService(emulator, {
    image: 'registry.sandbox.local/banana/banana-front:v1',
    healthCheckIntervalSeconds: 10,
    healthyThresholdCount: 2,
    environment: [{ name: 'SANDBOX_START_SECONDS', value: '15' }]
  })
  clock.advance(15 * SECOND)
  clock.advance(20 * SECOND)
  for (let i = 0; i < REQUESTS; i++) {
    const response = await fetch(`${emulator.url}/_alb/banana-front-alb/`)
    expect(response.status).toBe(200)
    await response.text()
  }
  clock.advance(2 * HOUR)
  return { clock, emulator }
}

function costClients(running: RunningEmulator): CostClients {
  const config = clientConfig(running)
  return {
    ecs: () => new ECSClient(config),
    autoscaling: () => new ApplicationAutoScalingClient(config),
    pricing: () => Promise.reject(new Error('the table path asks no Price List')),
    elbv2: () => Promise.resolve(new ElasticLoadBalancingV2Client(config)),
    cloudwatch: () => Promise.resolve(new CloudWatchClient(config)),
    logs: () => Promise.resolve(new CloudWatchLogsClient(config)),
    ecr: () => Promise.resolve(new ECRClient(config))
  }
}

const request: CostEstimateRequest = {
  region: 'us-east-1',
  cluster: 'banana-cluster',
  service: 'banana-front-service',
  extras: NO_EXTRAS,
  priceSource: 'table',
  budget: {},
  comment: { wanted: false, onPullRequest: false, hasToken: false }
}

async function estimate(running: RunningEmulator, clock: ManualClock) {
  const result = await estimateCost(request, {
    clients: costClients(running),
    log: silentLogger,
    now: () => new Date(clock.now())
  })
  const lines = result.comparison.after.lines
  const byName = (component: string) => {
    const found = lines.find((line) => line.component === component)
    if (found === undefined) throw new Error(`no ${component} line`)
    return found
  }
  return { result, lines, byName }
}

/** What the log group holds, read through the Logs API rather than CloudWatch's metric. */
async function logFacts(running: RunningEmulator) {
  const logs = new CloudWatchLogsClient(clientConfig(running))
  const events = await logs.send(new FilterLogEventsCommand({ logGroupName: '/ecs/banana-front' }))
  const bytes = (events.events ?? []).reduce(
    (sum, event) => sum + Buffer.byteLength(event.message ?? '', 'utf8'),
    0
  )
  const groups = await logs.send(
    new DescribeLogGroupsCommand({ logGroupNamePrefix: '/ecs/banana-front' })
  )
  return { bytes, group: groups.logGroups?.[0] }
}

describe('estimate-cost finds the service in the emulator', () => {
  test('ALB and log lines are measured, and the total is the sum of the lines', async () => {
    const { clock, emulator: running } = await bananaWithTraffic()
    const { result, lines, byName } = await estimate(running, clock)

    const elb = new ElasticLoadBalancingV2Client(clientConfig(running))
    const lb = (await elb.send(new DescribeLoadBalancersCommand({}))).LoadBalancers?.[0]
    const hours = (clock.now() - (lb?.CreatedTime?.getTime() ?? 0)) / HOUR
    // AWS's LCU: 25 new connections a second; each request is one, and the bytes are negligible.
    const expectedLcu = REQUESTS / 3600 / 25 / hours

    expect(byName('Application Load Balancer')).toMatchObject({
      quantity: 1,
      quantitySource: 'configured'
    })
    const lcu = byName('ALB capacity units')
    expect(lcu.quantitySource).toBe('measured')
    expect(lcu.quantity).toBeCloseTo(expectedLcu, 8)
    expect(lcu.detail).toContain('ConsumedLCUs')

    const { bytes, group } = await logFacts(running)
    expect(bytes).toBeGreaterThan(0)
    expect(group?.storedBytes).toBe(bytes)
    const days = (clock.now() - (group?.creationTime ?? 0)) / (24 * HOUR)
    const ingest = byName('CloudWatch Logs ingestion')
    expect(ingest.quantitySource).toBe('measured')
    expect(ingest.quantity).toBeCloseTo((bytes / GIB / days) * (730 / 24), 10)
    const stored = byName('CloudWatch Logs storage')
    expect(stored).toMatchObject({ quantitySource: 'measured' })
    expect(stored.quantity).toBeCloseTo(bytes / GIB, 12)
    expect(stored.detail).toContain('kept 7 days')

    expect(byName('Fargate vCPU (Linux/x86)').quantitySource).toBe('configured')
    const sum = lines.reduce((total, line) => total + line.monthly, 0)
    expect(result.comparison.after.monthly).toBe(Math.round(sum * 100) / 100)
    expect(result.markdown).toContain('measured')
  })

  test('a denied GetMetricData leaves an estimate that completes, each line saying why', async () => {
    const { clock, emulator: running } = await bananaWithTraffic()
    accessOf(running.sandbox).set({
      role: 'estimate-cost',
      policy: {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: '*', Resource: '*' },
          { Effect: 'Deny', Action: 'cloudwatch:GetMetricData', Resource: '*' }
        ]
      }
    })
    const { result, byName } = await estimate(running, clock)

    const lcu = byName('ALB capacity units')
    expect(lcu).toMatchObject({ quantity: 1, quantitySource: 'assumed' })
    expect(lcu.detail).toContain('cloudwatch:GetMetricData denied')
    const ingest = byName('CloudWatch Logs ingestion')
    expect(ingest).toMatchObject({ quantity: 0, quantitySource: 'unread', monthly: 0 })
    expect(ingest.detail).toBe('not read: cloudwatch:GetMetricData denied')
    // What needs no metric is still read.
    expect(byName('CloudWatch Logs storage').quantitySource).toBe('measured')
    expect(result.markdown).toContain('cloudwatch:GetMetricData denied')
  })

  test('a denied DescribeTargetGroups leaves a load balancer line saying so', async () => {
    const { clock, emulator: running } = await bananaWithTraffic()
    accessOf(running.sandbox).set({
      role: 'estimate-cost',
      policy: {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: '*', Resource: '*' },
          { Effect: 'Deny', Action: 'elasticloadbalancing:DescribeTargetGroups', Resource: '*' }
        ]
      }
    })
    const { byName } = await estimate(running, clock)
    expect(byName('Application Load Balancer')).toMatchObject({
      quantity: 0,
      quantitySource: 'unread',
      detail: 'not read: elasticloadbalancing:DescribeTargetGroups denied'
    })
    expect(byName('CloudWatch Logs ingestion').quantitySource).toBe('measured')
  })
})
