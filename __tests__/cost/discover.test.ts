// Discovery's branches with the SDK mocked: NLBs next to ALBs, the inputs filling in what cannot
// be read, ECR image sizes, and a found resource without a rate in the region.
import { beforeEach, describe, expect, test } from '@jest/globals'
import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch'
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs'
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
import { awslogsGroups, logUsage, readableGroups } from '../../src/cost/discover-logs.js'
import { coveredHours } from '../../src/cost/discover-metrics.js'
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
const logsMock = mockClient(CloudWatchLogsClient)
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
  for (const mock of [elbMock, cloudwatchMock, ecrMock, logsMock]) mock.reset()
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
    expect(awslogsGroups(definition)).toEqual([{ name: '/a' }])
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
      { definition, region: 'eu-west-3', account: '123456789012', fallback: [] },
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
      { definition, region: 'eu-west-3', account: '123456789012', fallback },
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

const logging = (...groups: { group: string; region?: string }[]) => ({
  containerDefinitions: groups.map(({ group, region }) => ({
    logConfiguration: {
      logDriver: 'awslogs',
      options: {
        'awslogs-group': group,
        ...(region === undefined ? {} : { 'awslogs-region': region })
      }
    }
  }))
})
const logsRequest = (definition: unknown, extras = NO_EXTRAS) => ({
  definition,
  region: 'eu-west-3',
  fallbackIngested: inputUsage(extras).logsIngested,
  fallbackStored: inputUsage(extras).logsStored,
  now: NOW
})

describe('log groups: region, name and what a read that finds nothing means', () => {
  test('a group in another region is not read there, and the line says so', async () => {
    logsMock
      .on(DescribeLogGroupsCommand)
      .resolves({ logGroups: [{ logGroupName: '/here', storedBytes: 1024 ** 3 }] })
    cloudwatchMock.on(GetMetricDataCommand).resolves({ MetricDataResults: [] })
    const definition = logging(
      { group: '/here', region: 'eu-west-3' },
      { group: '/there', region: 'us-east-1' }
    )
    const items = await logUsage(clients, logsRequest(definition), silentLogger)
    expect(
      logsMock.commandCalls(DescribeLogGroupsCommand).map((c) => c.args[0].input.logGroupNamePrefix)
    ).toEqual(['/here'])
    const storage = items.find((i) => i.key === 'logs-storage-gb-month')
    expect(storage).toMatchObject({ quantity: 1, source: 'measured' })
    expect(storage?.detail).toContain('/there in another region, not read')
  })

  test('only groups in another region: nothing is read, the inputs are used', async () => {
    const definition = logging({ group: '/there', region: 'us-east-1' })
    const extras = { ...NO_EXTRAS, logsStoredGb: 4, logsIngestedGb: 2 }
    const items = await logUsage(clients, logsRequest(definition, extras), silentLogger)
    expect(logsMock.commandCalls(DescribeLogGroupsCommand)).toHaveLength(0)
    expect(items.map((i) => [i.key, i.quantity, i.source])).toEqual([
      ['logs-ingest-gb', 2, 'input'],
      ['logs-storage-gb-month', 4, 'input']
    ])
  })

  test('a read that finds no group is not a measured 0 GB: the inputs are used, else "not read"', async () => {
    logsMock.on(DescribeLogGroupsCommand).resolves({ logGroups: [] })
    const definition = logging({ group: '/gone' })
    const extras = { ...NO_EXTRAS, logsStoredGb: 4, logsIngestedGb: 2 }
    const withInputs = await logUsage(clients, logsRequest(definition, extras), silentLogger)
    expect(withInputs.map((i) => [i.key, i.quantity, i.source])).toEqual([
      ['logs-ingest-gb', 2, 'input'],
      ['logs-storage-gb-month', 4, 'input']
    ])
    const without = await logUsage(clients, logsRequest(definition), silentLogger)
    expect(without.map((i) => [i.source, i.detail])).toEqual([
      ['unread', 'not read: no log group found'],
      ['unread', 'not read: no log group found']
    ])
  })

  test('an invalid group name is neither sent nor printed', async () => {
    const bad = '/ecs/front $(curl evil)|`x`'
    const warnings: string[] = []
    const items = await logUsage(
      clients,
      logsRequest(logging({ group: bad })),
      warningLogger((m) => warnings.push(m))
    )
    expect(logsMock.commandCalls(DescribeLogGroupsCommand)).toHaveLength(0)
    expect(items.map((i) => i.detail)).toEqual([
      'not read: invalid log group name',
      'not read: invalid log group name'
    ])
    expect(JSON.stringify(items) + warnings.join('\n')).not.toContain('curl')
    expect(readableGroups([{ name: 'x'.repeat(513) }, { name: '' }], 'eu-west-3')).toEqual({
      names: [],
      notes: ['invalid log group name', 'invalid log group name']
    })
    expect(readableGroups([{ name: `/#._-${'x'.repeat(507)}` }], 'eu-west-3').names).toHaveLength(1)
  })
})

describe('figures that are not quantities are not read', () => {
  test('an invalid creation date is an error, not NaN hours', () => {
    expect(() => coveredHours(new Date('not a date'), NOW, 'the CreatedTime of web')).toThrow(
      'the CreatedTime of web is not a valid date'
    )
    expect(coveredHours(new Date(NOW.getTime() - 2 * 3_600_000), NOW)).toBe(2)
  })

  test('a load balancer with an invalid CreatedTime falls back to the alb-lcu input', async () => {
    elbMock.on(DescribeLoadBalancersCommand).resolves({
      LoadBalancers: [
        {
          LoadBalancerArn: ALB,
          LoadBalancerName: 'web',
          Type: 'application',
          CreatedTime: new Date('x')
        }
      ]
    })
    cloudwatchMock
      .on(GetMetricDataCommand)
      .resolves({ MetricDataResults: [{ Id: 'm0', Values: [5] }] })
    const extras = { ...NO_EXTRAS, albCount: 1, albLcuPerAlb: 3 }
    const items = await loadBalancerUsage(clients, request(extras), silentLogger)
    const lcu = items.find((i) => i.key === 'alb-lcu-hour')
    expect(lcu).toMatchObject({ quantity: 3, source: 'input' })
    expect(lcu?.detail).toContain(
      'cloudwatch:GetMetricData returned the CreatedTime of web is not a valid date'
    )
  })

  test('a negative metric value is not read: the ALB is assumed at 1 LCU and says why', async () => {
    cloudwatchMock.on(GetMetricDataCommand).resolves({
      MetricDataResults: [
        { Id: 'm0', Values: [-50] },
        { Id: 'm1', Values: [1] }
      ]
    })
    const items = await loadBalancerUsage(clients, request(), silentLogger)
    const lcus = items.filter((i) => i.unit.endsWith('LCU'))
    expect(lcus.map((i) => [i.quantity, i.source])).toEqual([
      [1, 'assumed'],
      [1, 'assumed']
    ])
    expect(lcus[0]?.detail).toContain('a datapoint of ConsumedLCUs is not a valid figure')
  })

  test('negative storedBytes or imageSizeInBytes: the inputs are used, else the line says not read', async () => {
    logsMock
      .on(DescribeLogGroupsCommand)
      .resolves({ logGroups: [{ logGroupName: '/a', storedBytes: -(1024 ** 3) }] })
    cloudwatchMock.on(GetMetricDataCommand).resolves({ MetricDataResults: [] })
    const logs = await logUsage(
      clients,
      logsRequest(logging({ group: '/a' }), { ...NO_EXTRAS, logsStoredGb: 4 }),
      silentLogger
    )
    expect(logs.find((i) => i.key === 'logs-storage-gb-month')).toMatchObject({
      quantity: 4,
      source: 'input'
    })
    ecrMock.on(DescribeImagesCommand).resolves({ imageDetails: [{ imageSizeInBytes: Number.NaN }] })
    const images = await imageUsage(
      clients,
      {
        definition: {
          containerDefinitions: [
            { image: `123456789012.dkr.ecr.eu-west-3.amazonaws.com/shop/app:v2` }
          ]
        },
        region: 'eu-west-3',
        account: '123456789012',
        fallback: []
      },
      silentLogger
    )
    expect(images).toMatchObject([
      {
        source: 'unread',
        quantity: 0,
        detail:
          'not read: ecr:DescribeImages returned the imageSizeInBytes of shop/app is not a valid figure'
      }
    ])
  })
})

describe('ECR images of another account', () => {
  test("are not read: only the service's account is", async () => {
    ecrMock.on(DescribeImagesCommand).resolves({ imageDetails: [{ imageSizeInBytes: 1024 ** 3 }] })
    const infos: string[] = []
    const definition = {
      containerDefinitions: [
        { image: '123456789012.dkr.ecr.eu-west-3.amazonaws.com/shop/app:v2' },
        { image: '999999999999.dkr.ecr.eu-west-3.amazonaws.com/theirs/app:v1' }
      ]
    }
    const items = await imageUsage(
      clients,
      { definition, region: 'eu-west-3', account: '123456789012', fallback: [] },
      { ...silentLogger, info: (m: string) => infos.push(m) }
    )
    expect(
      ecrMock.commandCalls(DescribeImagesCommand).map((c) => c.args[0].input.registryId)
    ).toEqual(['123456789012'])
    expect(items).toMatchObject([{ quantity: 1, source: 'measured' }])
    expect(infos.join('\n')).toContain('in another account, not read')
  })
})
