// The estimate's orchestration: what is read from the live service, which revision is the
// "before", how the task counts are chosen, and whether a pull request comment is posted. AWS is
// mocked with aws-sdk-client-mock; task definition files live in a temporary workspace.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals'
import {
  ApplicationAutoScalingClient,
  DescribeScalableTargetsCommand,
  DescribeScheduledActionsCommand
} from '@aws-sdk/client-application-auto-scaling'
import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  type Service
} from '@aws-sdk/client-ecs'
import { GetProductsCommand, PricingClient } from '@aws-sdk/client-pricing'
import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch'
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs'
import { ECRClient } from '@aws-sdk/client-ecr'
import {
  DescribeLoadBalancersCommand,
  DescribeTargetGroupsCommand,
  ElasticLoadBalancingV2Client
} from '@aws-sdk/client-elastic-load-balancing-v2'
import { mockClient } from 'aws-sdk-client-mock'
import type { CostClients } from '../../src/cost/clients.js'
import {
  estimateCost,
  type CostEstimate,
  type CostEstimateRequest
} from '../../src/cost/run-estimate.js'
import { NO_EXTRAS } from '../../src/cost/scenario.js'
import { InputError } from '../../src/shared/errors.js'
import { recordingLogger } from '../../src/shared/logger.js'
import { SEED_TASK_DEFINITION } from './helpers.js'
import { priceListItem } from './price-list-items.js'

const CLUSTER = 'banana-cluster'
const SERVICE = 'banana-front-service'
const LIVE_ARN = 'arn:aws:ecs:eu-west-3:123456789012:task-definition/banana-front:3'

const config = {
  region: 'eu-west-3',
  credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
  maxAttempts: 1
}
const ecsMock = mockClient(ECSClient)
const autoscalingMock = mockClient(ApplicationAutoScalingClient)
const pricingMock = mockClient(PricingClient)
const elbMock = mockClient(ElasticLoadBalancingV2Client)
const cloudwatchMock = mockClient(CloudWatchClient)
const logsMock = mockClient(CloudWatchLogsClient)
const ecrMock = mockClient(ECRClient)

let workspace: string
let pricingCreated: number

beforeAll(() => {
  workspace = mkdtempSync(join(tmpdir(), 'cost-run-estimate-'))
  writeFile('bigger.json', { cpu: '512', memory: '1024' })
  writeFile('seed.json', {})
})

afterAll(() => rmSync(workspace, { recursive: true, force: true }))

beforeEach(() => {
  ecsMock.reset()
  autoscalingMock.reset()
  pricingMock.reset()
  for (const mock of [elbMock, cloudwatchMock, logsMock, ecrMock]) mock.reset()
  pricingCreated = 0
  ecsMock.on(DescribeServicesCommand).resolves({ services: [] })
  ecsMock.on(DescribeTaskDefinitionCommand).resolves({
    taskDefinition: { ...SEED_TASK_DEFINITION, taskDefinitionArn: LIVE_ARN } as never
  })
  autoscalingMock.on(DescribeScalableTargetsCommand).resolves({ ScalableTargets: [] })
  autoscalingMock.on(DescribeScheduledActionsCommand).resolves({ ScheduledActions: [] })
})

function writeFile(name: string, fields: Record<string, unknown>): void {
  writeFileSync(join(workspace, name), JSON.stringify({ ...SEED_TASK_DEFINITION, ...fields }))
}

function liveService(fields: Partial<Service> = {}): void {
  ecsMock.on(DescribeServicesCommand).resolves({
    services: [
      {
        status: 'ACTIVE',
        serviceName: SERVICE,
        taskDefinition: LIVE_ARN,
        desiredCount: 2,
        launchType: 'FARGATE',
        ...fields
      }
    ]
  })
}

function scalingRange(min: number, max: number): void {
  autoscalingMock
    .on(DescribeScalableTargetsCommand)
    .resolves({ ScalableTargets: [{ MinCapacity: min, MaxCapacity: max } as never] })
}

function clients(): CostClients {
  return {
    ecs: () => new ECSClient(config),
    autoscaling: () => new ApplicationAutoScalingClient(config),
    pricing: () => {
      pricingCreated += 1
      return Promise.resolve(new PricingClient({ ...config, region: 'us-east-1' }))
    },
    elbv2: () => Promise.resolve(new ElasticLoadBalancingV2Client(config)),
    cloudwatch: () => Promise.resolve(new CloudWatchClient(config)),
    logs: () => Promise.resolve(new CloudWatchLogsClient(config)),
    ecr: () => Promise.resolve(new ECRClient(config))
  }
}

function request(fields: Partial<CostEstimateRequest> = {}): CostEstimateRequest {
  return {
    region: 'eu-west-3',
    cluster: CLUSTER,
    extras: NO_EXTRAS,
    priceSource: 'table',
    budget: {},
    comment: { wanted: false, onPullRequest: false, hasToken: false },
    ...fields
  }
}

async function estimate(
  fields: Partial<CostEstimateRequest> = {}
): Promise<CostEstimate & { lines: string[] }> {
  const log = recordingLogger()
  const result = await estimateCost(request(fields), {
    clients: clients(),
    log,
    roots: { workspace, runnerTemp: workspace },
    now: () => new Date('2026-10-01T00:00:00Z')
  })
  return { ...result, lines: log.lines }
}

const counts = (scenario: { desiredCount: number; minCount: number; maxCount: number }) => [
  scenario.desiredCount,
  scenario.minCount,
  scenario.maxCount
]

describe('the "before" choice', () => {
  test('a new task definition for a live service is compared with the live revision', async () => {
    liveService()
    const result = await estimate({ service: SERVICE, taskDefinition: 'bigger.json' })
    const { after, before } = result.comparison
    expect(after.label).toBe('After')
    expect(after.scenario.size.cpuUnits).toBe(512)
    expect(before?.label).toBe('Before')
    expect(before?.taskDefinition).toBe('banana-front:3')
    expect(before?.scenario.size.cpuUnits).toBe(256)
    expect(ecsMock.commandCalls(DescribeTaskDefinitionCommand)[0]?.args[0].input).toMatchObject({
      taskDefinition: LIVE_ARN
    })
    expect(result.comparison.subject).toBe(`${CLUSTER}/${SERVICE}`)
  })

  test('without a task definition, the live revision alone is priced: no comparison', async () => {
    liveService()
    const result = await estimate({ service: SERVICE })
    expect(result.comparison.after.label).toBe('Estimate')
    expect(result.comparison.after.taskDefinition).toBe('banana-front:3')
    expect(result.comparison.before).toBeUndefined()
    expect(result.outputs['monthly-cost-before']).toBe('')
  })

  test('before: none prices the new definition alone', async () => {
    liveService()
    const result = await estimate({
      service: SERVICE,
      taskDefinition: 'bigger.json',
      before: 'none'
    })
    expect(result.comparison.before).toBeUndefined()
    expect(result.comparison.after.label).toBe('Estimate')
  })

  test('an explicit before without a service is read from ECS and priced at the same counts', async () => {
    const result = await estimate({
      taskDefinition: 'bigger.json',
      before: 'banana-front:3',
      desiredCount: 3,
      maxTasks: 5
    })
    const { after, before } = result.comparison
    expect(before?.taskDefinition).toBe('banana-front:3')
    expect(counts(before!.scenario)).toEqual(counts(after.scenario))
    expect(counts(after.scenario)).toEqual([3, 3, 5])
    expect(ecsMock.commandCalls(DescribeServicesCommand)).toHaveLength(0)
    expect(result.comparison.subject).toBe('banana-front')
  })

  test('a before that ECS does not know is reported under the before input', async () => {
    ecsMock
      .on(DescribeTaskDefinitionCommand, { taskDefinition: 'banana-front:99' })
      .rejects(
        Object.assign(new Error('Unable to describe task definition.'), { name: 'ClientException' })
      )
    const failure = estimate({
      taskDefinition: 'seed.json',
      before: 'banana-front:99',
      desiredCount: 2
    })
    await expect(failure).rejects.toThrow(InputError)
    await expect(failure).rejects.toThrow(
      'Input "before": Cannot read task definition "banana-front:99" from ECS: Unable to describe task definition.'
    )
  })

  test("the before keeps the live counts and capacity while the after takes the request's", async () => {
    liveService({
      desiredCount: 4,
      launchType: undefined,
      capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1, base: 0 }]
    })
    scalingRange(2, 8)
    const result = await estimate({
      service: SERVICE,
      taskDefinition: 'bigger.json',
      desiredCount: 6,
      minTasks: 6,
      maxTasks: 10,
      capacity: [{ provider: 'FARGATE', weight: 1, base: 0 }]
    })
    const { after, before } = result.comparison
    expect(counts(after.scenario)).toEqual([6, 6, 10])
    expect(after.scenario.capacity).toEqual([{ provider: 'FARGATE', weight: 1, base: 0 }])
    expect(counts(before!.scenario)).toEqual([4, 2, 8])
    expect(before?.scenario.capacity).toEqual([{ provider: 'FARGATE_SPOT', weight: 1, base: 0 }])
  })
})

describe('the task counts and the scaling range', () => {
  test('the live autoscaling range sets min and max when the request does not', async () => {
    liveService()
    scalingRange(2, 6)
    const result = await estimate({ service: SERVICE, taskDefinition: 'bigger.json' })
    expect(counts(result.comparison.after.scenario)).toEqual([2, 2, 6])
    expect(result.lines).toContain('Autoscaling: 2..6 tasks')
  })

  test('a denied DescribeScalableTargets warns and prices the desired count only', async () => {
    liveService({ desiredCount: 3 })
    autoscalingMock
      .on(DescribeScalableTargetsCommand)
      .rejects(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' }))
    const result = await estimate({ service: SERVICE, taskDefinition: 'bigger.json' })
    expect(counts(result.comparison.after.scenario)).toEqual([3, 3, 3])
    expect(counts(result.comparison.before!.scenario)).toEqual([3, 3, 3])
    expect(result.lines).toContainEqual(
      expect.stringMatching(
        /^warning: Cannot read the autoscaling range \(application-autoscaling:DescribeScalableTargets denied\): pricing the desired count only/
      )
    )
    expect(result.lines).toContain('No Application Auto Scaling target.')
  })

  test('any other autoscaling error stops the estimate', async () => {
    liveService()
    autoscalingMock
      .on(DescribeScalableTargetsCommand)
      .rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }))
    await expect(estimate({ service: SERVICE, taskDefinition: 'bigger.json' })).rejects.toThrow(
      'Rate exceeded'
    )
  })

  test('without a range, min and max follow the desired count and the other bound', async () => {
    const afterCounts = async (fields: Partial<CostEstimateRequest>) =>
      counts((await estimate({ taskDefinition: 'seed.json', ...fields })).comparison.after.scenario)
    expect(await afterCounts({ desiredCount: 3 })).toEqual([3, 3, 3])
    expect(await afterCounts({ desiredCount: 3, maxTasks: 5 })).toEqual([3, 3, 5])
    expect(await afterCounts({ desiredCount: 3, maxTasks: 1 })).toEqual([3, 1, 1])
    expect(await afterCounts({ desiredCount: 3, minTasks: 4 })).toEqual([3, 4, 4])
  })

  test('a minimum above the live maximum is refused under min-tasks', async () => {
    liveService()
    scalingRange(2, 6)
    await expect(
      estimate({ service: SERVICE, taskDefinition: 'bigger.json', minTasks: 7 })
    ).rejects.toThrow('Input "min-tasks": 7 is above the maximum of 6 tasks.')
  })

  test('a service that does not exist is priced as new: the request must give what it lacks', async () => {
    await expect(estimate({ service: SERVICE })).rejects.toThrow(
      'Input "task-definition": required when there is no live service to read it from'
    )
    await expect(estimate({ service: SERVICE, taskDefinition: 'seed.json' })).rejects.toThrow(
      'Input "desired-count": required when there is no live service to read it from.'
    )
    const result = await estimate({
      service: SERVICE,
      taskDefinition: 'seed.json',
      desiredCount: 2
    })
    expect(result.comparison.before).toBeUndefined()
    expect(autoscalingMock.commandCalls(DescribeScalableTargetsCommand)).toHaveLength(0)
    expect(result.lines).toContainEqual(expect.stringContaining('priced as a new service'))
  })
})

describe('the pull request comment policy', () => {
  const onPullRequest = { wanted: true, onPullRequest: true, hasToken: true }

  test('nothing is posted, and nothing said, when no comment is wanted', async () => {
    const result = await estimate({ taskDefinition: 'seed.json', desiredCount: 2 })
    expect(result.comment).toEqual({ post: false })
  })

  test('outside a pull request: an info note, no comment', async () => {
    const result = await estimate({
      taskDefinition: 'seed.json',
      desiredCount: 2,
      comment: { ...onPullRequest, onPullRequest: false }
    })
    expect(result.comment).toEqual({
      post: false,
      note: {
        level: 'info',
        message: 'comment-on-pr: this run is not about a pull request; no comment.'
      }
    })
  })

  test('without a token: a warning, no comment', async () => {
    const result = await estimate({
      taskDefinition: 'seed.json',
      desiredCount: 2,
      comment: { ...onPullRequest, hasToken: false }
    })
    expect(result.comment).toEqual({
      post: false,
      note: {
        level: 'warning',
        message: 'comment-on-pr is true but github-token is empty: no pull request comment.'
      }
    })
  })

  test('on a pull request: one comment per subject, without the table age, after the plan', async () => {
    liveService()
    const result = await estimate({
      service: SERVICE,
      taskDefinition: 'bigger.json',
      comment: { ...onPullRequest, planMarkdown: '### Plan for banana-front-service' }
    })
    if (!result.comment.post) throw new Error('expected a comment to post')
    expect(result.comment.key).toBe(`estimate-cost:${CLUSTER}/${SERVICE}`)
    expect(
      result.comment.body.startsWith(
        `### Plan for banana-front-service\n\n## estimate-cost: ${CLUSTER}/${SERVICE}: +$`
      )
    ).toBe(true)
    expect(result.comment.body).not.toContain('days old')
    expect(result.markdown).toMatch(/prices as of \d{4}-\d{2}-\d{2}, \d+ days old/)
  })

  test('a closed budget gate leads the comment, above the plan, and the summary', async () => {
    liveService()
    const result = await estimate({
      service: SERVICE,
      taskDefinition: 'bigger.json',
      budget: { maxIncreasePercent: 25, maxMonthlyCost: 1000 },
      comment: { ...onPullRequest, planMarkdown: '### Plan for banana-front-service' }
    })
    if (!result.comment.post) throw new Error('expected a comment to post')
    const percent = Math.round(result.comparison.deltaPercent ?? 0)
    const verdict = `## estimate-cost: ❌ +${percent}% exceeds the 25% limit (max-increase-percent); ✅ `
    expect(result.markdown.startsWith(verdict)).toBe(true)
    expect(result.comment.body.startsWith(verdict)).toBe(true)
    expect(result.comment.body.indexOf('### Plan for')).toBeGreaterThan(0)
  })

  test('rows are named by family:revision, never by the file they were read from', async () => {
    liveService()
    const result = await estimate({ service: SERVICE, taskDefinition: 'bigger.json' })
    expect(result.markdown).toContain('| Before `banana-front:3` |')
    expect(result.markdown).toContain('| After `banana-front` |')
    expect(result.markdown).not.toContain('bigger.json')
  })
})

describe('prices, outputs and the budget', () => {
  test('the table path never creates a Pricing client', async () => {
    const result = await estimate({ taskDefinition: 'seed.json', desiredCount: 2 })
    expect(pricingCreated).toBe(0)
    expect(result.outputs['price-source']).toBe('table')
  })

  test('the api path asks the Price List through the lazily created client', async () => {
    pricingMock.on(GetProductsCommand).callsFake((input: { Filters?: { Value?: string }[] }) => {
      const usageType = `EUW3-${input.Filters?.[1]?.Value ?? ''}`
      return {
        PriceList: [priceListItem(usageType, usageType.includes('vCPU') ? '0.05' : '0.005')]
      }
    })
    const result: CostEstimate = await estimate({
      taskDefinition: 'seed.json',
      desiredCount: 2,
      priceSource: 'api'
    })
    expect(pricingCreated).toBe(1)
    expect(result.outputs['price-source']).toBe('api')
    // 2 tasks × (0.25 vCPU × 0.05 + 0.5 GB × 0.005) × 730 hours
    expect(result.outputs['monthly-cost']).toBe(21.9)
  })

  test('the outputs and the markdown describe the same comparison', async () => {
    liveService()
    const result = await estimate({ service: SERVICE, taskDefinition: 'bigger.json' })
    const { after, before, delta } = result.comparison
    expect(result.outputs).toMatchObject({
      'monthly-cost': after.monthly,
      'monthly-cost-before': before?.monthly,
      'monthly-delta': delta,
      'yearly-cost': after.yearly,
      markdown: result.markdown
    })
    expect(JSON.parse(String(result.outputs['estimate']))).toMatchObject({
      subject: `${CLUSTER}/${SERVICE}`,
      before: { taskDefinition: 'banana-front:3' }
    })
    expect(result.lines).toContainEqual(
      expect.stringMatching(/^banana-cluster\/banana-front-service: \+\$/)
    )
  })

  test('the budget verdict is returned for the caller to enforce after reporting', async () => {
    const result = await estimate({
      taskDefinition: 'bigger.json',
      desiredCount: 2,
      budget: { maxMonthlyCost: 1, maxIncreasePercent: 10 }
    })
    expect(result.budget.failures).toEqual([
      expect.stringMatching(
        /^Budget exceeded: banana-front: \$[\d.]+\/month against a limit of \$1\.00/
      )
    ])
    expect(result.budget.warnings).toEqual([
      expect.stringContaining('max-increase-percent (+10%) was not checked')
    ])
  })
})

describe('what the live service brings besides its tasks', () => {
  const TG = 'arn:aws:elasticloadbalancing:eu-west-3:123456789012:targetgroup/web/0123456789abcdef'
  const ALB = 'arn:aws:elasticloadbalancing:eu-west-3:123456789012:loadbalancer/app/web/0a1b2c3d'

  function behindAnAlb(): void {
    liveService({
      loadBalancers: [{ targetGroupArn: TG, containerName: 'banana-front', containerPort: 80 }],
      networkConfiguration: {
        awsvpcConfiguration: { subnets: ['subnet-1'], assignPublicIp: 'ENABLED' }
      }
    })
    elbMock
      .on(DescribeTargetGroupsCommand)
      .resolves({ TargetGroups: [{ TargetGroupArn: TG, LoadBalancerArns: [ALB] }] })
    elbMock.on(DescribeLoadBalancersCommand).resolves({
      LoadBalancers: [{ LoadBalancerArn: ALB, LoadBalancerName: 'web', Type: 'application' }]
    })
    cloudwatchMock.on(GetMetricDataCommand).resolves({ MetricDataResults: [] })
    logsMock.on(DescribeLogGroupsCommand).resolves({
      logGroups: [
        { logGroupName: '/ecs/banana-front', storedBytes: 1024 ** 3, retentionInDays: 30 }
      ]
    })
  }

  test('before and after share the load balancer and log lines, each read once', async () => {
    behindAnAlb()
    const result = await estimate({ service: SERVICE, taskDefinition: 'bigger.json' })
    const { after, before } = result.comparison
    const usage = (lines: typeof after.lines) =>
      lines
        .filter((line) => !line.component.startsWith('Fargate'))
        .map((line) => [line.component, line.quantity, line.quantitySource])
    expect(usage(after.lines)).toEqual([
      ['Public IPv4 addresses', 2, 'configured'],
      ['Application Load Balancer', 1, 'configured'],
      ['ALB capacity units', 0, 'measured'],
      ['CloudWatch Logs ingestion', 0, 'measured'],
      ['CloudWatch Logs storage', 1, 'measured']
    ])
    expect(usage(before?.lines ?? [])).toEqual(usage(after.lines))
    expect(elbMock.commandCalls(DescribeTargetGroupsCommand)).toHaveLength(1)
    expect(logsMock.commandCalls(DescribeLogGroupsCommand)).toHaveLength(1)
    // The seed's image is not in ECR: nothing is asked of it.
    expect(ecrMock.calls()).toHaveLength(0)
  })

  test("a count from the inputs is marked input, the live service's configured", async () => {
    behindAnAlb()
    const given = await estimate({ service: SERVICE, desiredCount: 3, assignPublicIp: false })
    expect(given.comparison.after.lines.map((line) => line.quantitySource).slice(0, 2)).toEqual([
      'input',
      'input'
    ])
    expect(given.comparison.after.lines.map((line) => line.component)).not.toContain(
      'Public IPv4 addresses'
    )
  })

  test('without a live service nothing is read and the inputs are the lines', async () => {
    const extras = { ...NO_EXTRAS, albCount: 1, albLcuPerAlb: 2, logsIngestedGb: 3 }
    const result = await estimate({ taskDefinition: 'seed.json', desiredCount: 1, extras })
    expect(
      result.comparison.after.lines
        .filter((line) => line.quantitySource === 'input' && !line.component.startsWith('Fargate'))
        .map((line) => [line.component, line.quantity])
    ).toEqual([
      ['Application Load Balancer', 1],
      ['ALB capacity units', 2],
      ['CloudWatch Logs ingestion', 3]
    ])
    for (const mock of [elbMock, cloudwatchMock, logsMock, ecrMock])
      expect(mock.calls()).toHaveLength(0)
  })
})
