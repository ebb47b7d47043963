// The emulated CloudWatch GetMetricData and Logs storedBytes, read through the SDK clients (their
// models deserialise the answers): log metrics agree with the events put, storage with the
// retention, LCUs with the requests the fake ALB answered, and bad queries fail as AWS's model
// says (InvalidParameterValueException).
import { afterEach, describe, expect, it } from '@jest/globals'
import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch'
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DescribeLogGroupsCommand,
  PutLogEventsCommand,
  PutRetentionPolicyCommand
} from '@aws-sdk/client-cloudwatch-logs'
import {
  CreateLoadBalancerCommand,
  ElasticLoadBalancingV2Client
} from '@aws-sdk/client-elastic-load-balancing-v2'
import { ManualClock } from '../../sandbox/emulator/clock.js'
import type { RunningEmulator } from '../../sandbox/emulator/emulator.js'
import { recordLoadBalancerRequest } from '../../sandbox/emulator/services/cloudwatch-activity.js'
import { worldOf } from '../../sandbox/emulator/sim/world.js'
import { clientConfig, defaultSubnets, start } from './emulator-fixture.js'

const HOUR = 3_600_000
const DAY = 24 * HOUR
let emulator: RunningEmulator | undefined
afterEach(async () => {
  await emulator?.close()
  emulator = undefined
})

async function started() {
  const clock = new ManualClock()
  emulator = await start({ clock })
  const config = clientConfig(emulator)
  return {
    clock,
    running: emulator,
    cloudwatch: new CloudWatchClient(config),
    logs: new CloudWatchLogsClient(config)
  }
}

const query = (namespace: string, metric: string, name: string, value: string, stat: string) => ({
  Id: 'q0',
  MetricStat: {
    Metric: {
      Namespace: namespace,
      MetricName: metric,
      Dimensions: [{ Name: name, Value: value }]
    },
    Period: 3600,
    Stat: stat
  }
})

describe('CloudWatch GetMetricData (emulated)', () => {
  it('IncomingBytes sums the bytes each hour ingested, newest hour first', async () => {
    const { clock, cloudwatch, logs } = await started()
    const start = new Date(clock.now())
    await logs.send(new CreateLogGroupCommand({ logGroupName: '/ecs/app' }))
    await logs.send(new CreateLogStreamCommand({ logGroupName: '/ecs/app', logStreamName: 's' }))
    const put = (messages: string[]) =>
      logs.send(
        new PutLogEventsCommand({
          logGroupName: '/ecs/app',
          logStreamName: 's',
          logEvents: messages.map((message) => ({ timestamp: clock.now(), message }))
        })
      )
    await put(['hello', 'wörld'])
    clock.advance(HOUR)
    await put(['x'.repeat(100)])
    clock.advance(HOUR)

    const answer = await cloudwatch.send(
      new GetMetricDataCommand({
        StartTime: start,
        EndTime: new Date(clock.now()),
        MetricDataQueries: [query('AWS/Logs', 'IncomingBytes', 'LogGroupName', '/ecs/app', 'Sum')]
      })
    )
    const result = answer.MetricDataResults?.[0]
    expect(result?.StatusCode).toBe('Complete')
    // "wörld" is 6 bytes in UTF-8.
    expect(result?.Values).toEqual([100, 11])
    expect(result?.Timestamps?.map((t) => t.getTime() - start.getTime())).toEqual([HOUR, 0])
  })

  it('storedBytes counts what the retention keeps', async () => {
    const { clock, logs } = await started()
    await logs.send(new CreateLogGroupCommand({ logGroupName: '/ecs/kept' }))
    await logs.send(new CreateLogStreamCommand({ logGroupName: '/ecs/kept', logStreamName: 's' }))
    await logs.send(
      new PutLogEventsCommand({
        logGroupName: '/ecs/kept',
        logStreamName: 's',
        logEvents: [{ timestamp: clock.now(), message: 'old line' }]
      })
    )
    const stored = async () =>
      (await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/ecs/kept' })))
        .logGroups?.[0]?.storedBytes
    expect(await stored()).toBe(8)
    await logs.send(
      new PutRetentionPolicyCommand({ logGroupName: '/ecs/kept', retentionInDays: 1 })
    )
    clock.advance(2 * DAY)
    expect(await stored()).toBe(0)
  })

  it('ConsumedLCUs follows the requests: 25 new connections a second is one LCU', async () => {
    const { clock, cloudwatch, running } = await started()
    const start = new Date(clock.now())
    const elb = new ElasticLoadBalancingV2Client(clientConfig(running))
    const lb = (
      await elb.send(new CreateLoadBalancerCommand({ Name: 'web', Subnets: defaultSubnets() }))
    ).LoadBalancers?.[0]
    const arn = lb?.LoadBalancerArn ?? ''
    const world = worldOf(running.sandbox)
    for (let i = 0; i < 9000; i++) recordLoadBalancerRequest(world, arn, 10)
    clock.advance(HOUR)
    const dimension = arn.replace(/^.*:loadbalancer\//, '')
    const ask = (stat: string) =>
      cloudwatch.send(
        new GetMetricDataCommand({
          StartTime: start,
          EndTime: new Date(clock.now()),
          MetricDataQueries: [
            query('AWS/ApplicationELB', 'ConsumedLCUs', 'LoadBalancer', dimension, stat)
          ]
        })
      )
    // 9,000 requests in an hour: 2.5 a second, 0.1 LCU; published each minute of the hour.
    expect((await ask('Average')).MetricDataResults?.[0]?.Values).toEqual([0.1])
    const sum = (await ask('Sum')).MetricDataResults?.[0]?.Values?.[0]
    expect(sum).toBeCloseTo(6, 10)
    const other = await cloudwatch.send(
      new GetMetricDataCommand({
        StartTime: start,
        EndTime: new Date(clock.now()),
        MetricDataQueries: [
          query('AWS/NetworkELB', 'ConsumedLCUs', 'LoadBalancer', dimension, 'Average')
        ]
      })
    )
    expect(other.MetricDataResults?.[0]?.Values).toEqual([])
  })

  it('refuses a bad period and an inverted window as InvalidParameterValueException', async () => {
    const { clock, cloudwatch } = await started()
    const now = new Date(clock.now())
    const bad = query('AWS/Logs', 'IncomingBytes', 'LogGroupName', '/x', 'Sum')
    await expect(
      cloudwatch.send(
        new GetMetricDataCommand({
          StartTime: new Date(now.getTime() - HOUR),
          EndTime: now,
          MetricDataQueries: [{ ...bad, MetricStat: { ...bad.MetricStat, Period: 90 } }]
        })
      )
    ).rejects.toMatchObject({ name: 'InvalidParameterValueException' })
    await expect(
      cloudwatch.send(
        new GetMetricDataCommand({ StartTime: now, EndTime: now, MetricDataQueries: [bad] })
      )
    ).rejects.toMatchObject({ name: 'InvalidParameterValueException' })
  })
})
