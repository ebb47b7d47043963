// Discovery's branches with the SDK mocked: NLBs next to ALBs, the inputs filling in what cannot
// be read, ECR image sizes, and a found resource without a rate in the region.
import { beforeEach, describe, expect, test } from '@jest/globals'
import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch'
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs'
import { DescribeImagesCommand, ECRClient } from '@aws-sdk/client-ecr'
import {
  DescribeLoadBalancersCommand,
  DescribeTargetGroupsCommand,
  ElasticLoadBalancingV2Client
} from '@aws-sdk/client-elastic-load-balancing-v2'
import { mockClient } from 'aws-sdk-client-mock'
import { imageUsage } from '../../src/cost/discover-images.js'
import { inputUsage } from '../../src/cost/discover-inputs.js'
import { loadBalancerDimension, loadBalancerUsage } from '../../src/cost/discover-load-balancers.js'
import { awslogsGroups } from '../../src/cost/discover-logs.js'
import { compareEstimates } from '../../src/cost/comparison.js'
import { estimateScenario } from '../../src/cost/estimate.js'
import { BUNDLED_PRICE_TABLE } from '../../src/cost/price-table.js'
import { costReport } from '../../src/cost/report.js'
import { NO_EXTRAS } from '../../src/cost/scenario.js'
import { silentLogger } from '../../src/shared/logger.js'
import { seedScenario, tableBook, warningLogger } from './helpers.js'

const config = { region: 'eu-west-3', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } }
const elbMock = mockClient(ElasticLoadBalancingV2Client)
const cloudwatchMock = mockClient(CloudWatchClient)
const ecrMock = mockClient(ECRClient)
const clients = {
  elbv2: () => Promise.resolve(new ElasticLoadBalancingV2Client(config)),
  cloudwatch: () => Promise.resolve(new CloudWatchClient(config)),
  logs: () => Promise.resolve(new CloudWatchLogsClient(config)),
  ecr: () => Promise.resolve(new ECRClient(config))
}
const NOW = new Date('2026-12-02T12:00:00Z')
const ALB =
  'arn:aws:elasticloadbalancing:eu-west-3:123456789012:loadbalancer/app/web/50dc6c495c0c9188'
const NLB =
  'arn:aws:elasticloadbalancing:eu-west-3:123456789012:loadbalancer/net/tcp/a1b2c3d4e5f60708'
const TG = 'arn:aws:elasticloadbalancing:eu-west-3:123456789012:targetgroup/web/0123456789abcdef'
const denied = Object.assign(new Error('User is not authorized'), { name: 'AccessDenied' })

beforeEach(() => {
  for (const mock of [elbMock, cloudwatchMock, ecrMock]) mock.reset()
  elbMock.on(DescribeTargetGroupsCommand).resolves({
    TargetGroups: [{ TargetGroupArn: TG, LoadBalancerArns: [ALB, NLB] }]
  })
  elbMock.on(DescribeLoadBalancersCommand).resolves({
    LoadBalancers: [
      { LoadBalancerArn: ALB, LoadBalancerName: 'web', Type: 'application' },
      { LoadBalancerArn: NLB, LoadBalancerName: 'tcp', Type: 'network' }
    ]
  })
})

const request = (extras = NO_EXTRAS) => ({
  targetGroupArns: [TG],
  fallback: inputUsage(extras).loadBalancers,
  inputLcu: extras.albLcuPerAlb,
  now: NOW
})

describe('load balancers', () => {
  test('the CloudWatch dimension is the ARN tail after loadbalancer/', () => {
    expect(loadBalancerDimension(ALB)).toBe('app/web/50dc6c495c0c9188')
  })

  test('an ALB and an NLB are priced each with its own metric namespace and rates', async () => {
    // No CreatedTime: the whole 14 days (336 hours) are covered.
    cloudwatchMock.on(GetMetricDataCommand).resolves({
      MetricDataResults: [
        { Id: 'm0', Values: new Array(336).fill(2) },
        { Id: 'm1', Values: [168] }
      ]
    })
    const items = await loadBalancerUsage(clients, request(), silentLogger)
    const sent = cloudwatchMock.commandCalls(GetMetricDataCommand)[0]?.args[0].input
    expect(sent?.MetricDataQueries?.map((q) => q.MetricStat?.Metric?.Namespace)).toEqual([
      'AWS/ApplicationELB',
      'AWS/NetworkELB'
    ])
    expect(sent?.StartTime).toEqual(new Date(NOW.getTime() - 14 * 24 * 3_600_000))
    expect(items.map((i) => [i.key, i.quantity, i.source])).toEqual([
      ['alb-hour', 1, 'configured'],
      ['alb-lcu-hour', 2, 'measured'],
      ['nlb-hour', 1, 'configured'],
      ['nlb-lcu-hour', 0.5, 'measured']
    ])
  })

  test('without metrics, the alb-lcu input prices the ALB and the NLB is assumed at 1', async () => {
    cloudwatchMock.on(GetMetricDataCommand).rejects(denied)
    const warnings: string[] = []
    const extras = { ...NO_EXTRAS, albCount: 1, albLcuPerAlb: 3 }
    const items = await loadBalancerUsage(
      clients,
      request(extras),
      warningLogger((m) => warnings.push(m))
    )
    expect(items.filter((i) => i.unit.endsWith('LCU')).map((i) => [i.quantity, i.source])).toEqual([
      [3, 'input'],
      [1, 'assumed']
    ])
    expect(items[3]?.detail).toContain('assumed 1 (cloudwatch:GetMetricData denied)')
    expect(warnings.join('\n')).toContain('cloudwatch:GetMetricData denied')
  })

  test('unreadable target groups fall back to alb-count when given', async () => {
    elbMock.on(DescribeTargetGroupsCommand).rejects(denied)
    const extras = { ...NO_EXTRAS, albCount: 2, albLcuPerAlb: 1 }
    const items = await loadBalancerUsage(clients, request(extras), silentLogger)
    expect(items.map((i) => [i.key, i.quantity, i.source])).toEqual([
      ['alb-hour', 2, 'input'],
      ['alb-lcu-hour', 2, 'input']
    ])
  })

  test('a failure other than a denial is named on the line too', async () => {
    elbMock.on(DescribeTargetGroupsCommand).rejects(new Error('socket hang up'))
    const [item] = await loadBalancerUsage(clients, request(), silentLogger)
    expect(item).toMatchObject({
      source: 'unread',
      quantity: 0,
      detail: 'not read: elasticloadbalancing:DescribeTargetGroups failed (socket hang up)'
    })
  })
})

describe('log groups and images of the task definition', () => {
  test('the awslogs groups are read once each; other drivers are ignored', () => {
    const definition = {
      containerDefinitions: [
        { logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/a' } } },
        { logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/a' } } },
        { logConfiguration: { logDriver: 'awsfirelens', options: { Name: 'x' } } }
      ]
    }
    expect(awslogsGroups(definition)).toEqual(['/a'])
  })

  test("ECR images in the service's region are measured by imageSizeInBytes", async () => {
    ecrMock
      .on(DescribeImagesCommand)
      .resolves({ imageDetails: [{ imageSizeInBytes: 2 * 1024 ** 3 }] })
    const definition = {
      containerDefinitions: [
        { image: '123456789012.dkr.ecr.eu-west-3.amazonaws.com/shop/app:v2' },
        { image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/elsewhere:v1' },
        { image: 'public.ecr.aws/nginx/nginx:1' }
      ]
    }
    const items = await imageUsage(
      clients,
      { definition, region: 'eu-west-3', fallback: [] },
      silentLogger
    )
    expect(ecrMock.commandCalls(DescribeImagesCommand).map((c) => c.args[0].input)).toEqual([
      { registryId: '123456789012', repositoryName: 'shop/app', imageIds: [{ imageTag: 'v2' }] }
    ])
    expect(items).toMatchObject([{ key: 'ecr-storage-gb-month', quantity: 2, source: 'measured' }])
  })

  test('a denied DescribeImages keeps the ecr-storage-gb input', async () => {
    ecrMock.on(DescribeImagesCommand).rejects(denied)
    const definition = {
      containerDefinitions: [
        { image: '123456789012.dkr.ecr.eu-west-3.amazonaws.com/shop/app@sha256:' + 'a'.repeat(64) }
      ]
    }
    const fallback = inputUsage({ ...NO_EXTRAS, ecrStorageGb: 5 }).ecr
    const items = await imageUsage(
      clients,
      { definition, region: 'eu-west-3', fallback },
      silentLogger
    )
    expect(items).toMatchObject([{ quantity: 5, source: 'input' }])
  })
})

describe('a found resource the table has no rate for', () => {
  test('is a $0 line marked unpriced, the book remembers it, and the estimate completes', async () => {
    const book = await tableBook('eu-west-3')
    const scenario = seedScenario({
      extraUsage: [
        {
          component: 'Network Load Balancer',
          detail: '1 load balancer',
          quantity: 1,
          unit: 'NLB',
          key: 'nlb-hour',
          source: 'configured'
        }
      ]
    })
    const estimate = estimateScenario(scenario, book)
    const nlb = estimate.lines.find((l) => l.component === 'Network Load Balancer')
    expect(nlb).toMatchObject({ monthly: 0, quantitySource: 'configured' })
    expect(nlb?.rate.origin).toBe('unpriced')
    expect(book.unpriced).toEqual(['nlb-hour'])
    const report = costReport(
      compareEstimates({
        subject: 'web',
        after: estimate,
        book,
        table: BUNDLED_PRICE_TABLE,
        now: new Date('2026-12-02T00:00:00Z')
      })
    )
    expect(report).toContain('| Component | Quantity | From |')
    expect(report).toContain('| Network Load Balancer | 1 load balancer × 730 h | configured |')
  })
})
