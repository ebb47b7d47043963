// The metrics the emulated CloudWatch serves, derived from the sandbox's own activity so that
// they agree with what the other services show (the model is described in the README):
//   AWS/Logs IncomingBytes / IncomingLogEvents (LogGroupName): the events the group ingested.
//   AWS/ApplicationELB and AWS/NetworkELB ConsumedLCUs (LoadBalancer): the requests the fake
//   ALB route answered, as capacity units for the period.

import type { LogGroup } from '../sim/logs-model.js'
import type { World } from '../sim/world.js'
import { loadBalancerRequests } from './cloudwatch-activity.js'

/** One sample inside a period: its time and value. */
export interface Sample {
  at: number
  value: number
}

export interface MetricId {
  namespace: string
  name: string
  dimensions: Map<string, string>
}

/** The bytes of one log event as the emulator counts them: its message in UTF-8. */
export const eventBytes = (message: string): number => Buffer.byteLength(message, 'utf8')

/** What a group holds now: the bytes of the events its retention still keeps. */
export function storedBytes(group: LogGroup, now: number): number {
  const oldest =
    group.retentionInDays === undefined ? -Infinity : now - group.retentionInDays * 864e5
  let total = 0
  for (const stream of group.streams.values()) {
    for (const event of stream.events)
      if (event.timestamp >= oldest) total += eventBytes(event.message)
  }
  return total
}

function logSamples(world: World, metric: MetricId): Sample[] | undefined {
  const group = world.logs.groups.get(metric.dimensions.get('LogGroupName') ?? '')
  if (!group || metric.dimensions.size !== 1) return undefined
  const events = [...group.streams.values()].flatMap((stream) => stream.events)
  if (metric.name === 'IncomingBytes')
    return events.map((event) => ({ at: event.ingestionTime, value: eventBytes(event.message) }))
  if (metric.name === 'IncomingLogEvents')
    return events.map((event) => ({ at: event.ingestionTime, value: 1 }))
  return undefined
}

// AWS's LCU dimensions for an ALB: 25 new connections a second, 1 GB processed an hour, 1,000
// rule evaluations a second (active connections are not modelled: each request is its own).
const NEW_CONNECTIONS_PER_LCU = 25
const GB_PER_LCU_HOUR = 1
const RULE_EVALUATIONS_PER_LCU = 1000

/** The capacity units a load balancer used over one period, or undefined when it was idle. */
export function consumedLcus(requests: Sample[], periodSeconds: number): number | undefined {
  if (requests.length === 0) return undefined
  const bytes = requests.reduce((sum, request) => sum + request.value, 0)
  const perSecond = requests.length / periodSeconds
  return Math.max(
    perSecond / NEW_CONNECTIONS_PER_LCU,
    bytes / 1024 ** 3 / GB_PER_LCU_HOUR / (periodSeconds / 3600),
    perSecond / RULE_EVALUATIONS_PER_LCU
  )
}

function loadBalancerSamples(world: World, metric: MetricId): Sample[] | undefined {
  const prefix = metric.namespace === 'AWS/ApplicationELB' ? 'app/' : 'net/'
  const dimension = metric.dimensions.get('LoadBalancer') ?? ''
  if (metric.name !== 'ConsumedLCUs' || !dimension.startsWith(prefix)) return undefined
  if (metric.dimensions.size !== 1) return undefined
  const lb = [...world.elb.loadBalancers.values()].find((candidate) =>
    candidate.arn.endsWith(`:loadbalancer/${dimension}`)
  )
  if (!lb) return undefined
  return loadBalancerRequests(world, lb.arn).map((request) => ({
    at: request.at,
    value: request.bytes
  }))
}

/**
 * The raw samples of a metric, or undefined for one the sandbox does not emit (CloudWatch then
 * answers with no datapoints, as for any metric nobody published).
 */
export function samplesOf(world: World, metric: MetricId): Sample[] | undefined {
  if (metric.namespace === 'AWS/Logs') return logSamples(world, metric)
  if (metric.namespace === 'AWS/ApplicationELB' || metric.namespace === 'AWS/NetworkELB')
    return loadBalancerSamples(world, metric)
  return undefined
}

export type Statistic = 'Sum' | 'Average' | 'Maximum' | 'Minimum' | 'SampleCount'
export const STATISTICS: readonly Statistic[] = [
  'Sum',
  'Average',
  'Maximum',
  'Minimum',
  'SampleCount'
]

/** One period's statistic over its samples; undefined when the period has none. */
export function statistic(
  metric: MetricId,
  samples: Sample[],
  stat: Statistic,
  periodSeconds: number
): number | undefined {
  if (samples.length === 0) return undefined
  if (metric.name === 'ConsumedLCUs') {
    // Published once a minute: every minute of the period carries the period's figure.
    const lcu = consumedLcus(samples, periodSeconds) ?? 0
    const minutes = Math.max(1, periodSeconds / 60)
    if (stat === 'Sum') return lcu * minutes
    return stat === 'SampleCount' ? minutes : lcu
  }
  const values = samples.map((sample) => sample.value)
  const sum = values.reduce((total, value) => total + value, 0)
  switch (stat) {
    case 'Sum':
      return sum
    case 'Average':
      return sum / values.length
    case 'Maximum':
      return Math.max(...values)
    case 'Minimum':
      return Math.min(...values)
    case 'SampleCount':
      return values.length
  }
}
