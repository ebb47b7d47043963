// CloudWatch (monitoring): GetMetricData over the metrics cloudwatch-metrics.ts derives from the
// sandbox. SDK v3 speaks awsJson1_0 to it (X-Amz-Target GraniteServiceVersion20100801.*,
// query-compatible errors); timestamps travel as epoch seconds.

import type { ServiceFactory } from '../sandbox.js'
import { worldOf } from '../sim/world.js'
import { AwsError, type Operation } from '../types.js'
import {
  samplesOf,
  statistic,
  STATISTICS,
  type MetricId,
  type Statistic
} from './cloudwatch-metrics.js'
import { objectList, optionalNumber, optionalObject, optionalString, type Input } from './params.js'

// GetMetricData limits (CloudWatch API Reference): 500 queries, 100,800 datapoints a call.
const MAX_QUERIES = 500
const MAX_DATAPOINTS = 100_800
const QUERY_ID = /^[a-z][a-zA-Z0-9_]*$/

const invalid = (message: string): AwsError =>
  new AwsError('InvalidParameterValueException', message)

function metricOf(stat: Input, id: string): MetricId {
  const metric = optionalObject(stat, 'Metric') ?? {}
  const dimensions = new Map(
    objectList(metric, 'Dimensions').map((d) => [
      optionalString(d, 'Name') ?? '',
      optionalString(d, 'Value') ?? ''
    ])
  )
  const namespace = optionalString(metric, 'Namespace')
  const name = optionalString(metric, 'MetricName')
  if (!namespace || !name)
    throw invalid(`The metric of query ${id} needs a Namespace and a MetricName.`)
  return { namespace, name, dimensions }
}

interface Window {
  start: number
  end: number
}

function answer(world: ReturnType<typeof worldOf>, query: Input, window: Window) {
  const id = optionalString(query, 'Id') ?? ''
  if (!QUERY_ID.test(id))
    throw invalid(`The value ${id} for parameter MetricDataQueries.member.Id is not valid.`)
  const stat = optionalObject(query, 'MetricStat')
  if (!stat)
    throw invalid(`Query ${id}: the sandbox answers MetricStat queries only (no Expression).`)
  const metric = metricOf(stat, id)
  const period = optionalNumber(stat, 'Period') ?? 0
  if (period < 60 || period % 60 !== 0)
    throw invalid(`Query ${id}: the period must be a multiple of 60 seconds.`)
  const statName = optionalString(stat, 'Stat') ?? ''
  if (!STATISTICS.includes(statName as Statistic))
    throw invalid(
      `Query ${id}: the sandbox computes ${STATISTICS.join(', ')} only, not ${statName}.`
    )
  const samples = samplesOf(world, metric) ?? []
  const timestamps: Date[] = []
  const values: number[] = []
  const periodMs = period * 1000
  // Periods start at StartTime; newest first (ScanBy TimestampDescending, the default).
  for (let at = window.start; at < window.end; at += periodMs) {
    const inside = samples.filter((s) => s.at >= at && s.at < Math.min(at + periodMs, window.end))
    const value = statistic(metric, inside, statName as Statistic, period)
    if (value === undefined) continue
    timestamps.unshift(new Date(at))
    values.unshift(value)
  }
  return {
    Id: id,
    Label: metric.name,
    Timestamps: timestamps,
    Values: values,
    StatusCode: 'Complete'
  }
}

export const cloudwatchService: ServiceFactory = (sandbox) => {
  const world = worldOf(sandbox)
  const operations: Record<string, Operation> = {
    GetMetricData: (input) => {
      const queries = objectList(input, 'MetricDataQueries')
      if (queries.length === 0 || queries.length > MAX_QUERIES)
        throw invalid(`MetricDataQueries must hold 1 to ${MAX_QUERIES} queries.`)
      const start = (optionalNumber(input, 'StartTime') ?? NaN) * 1000
      const end = (optionalNumber(input, 'EndTime') ?? NaN) * 1000
      if (!(start < end)) throw invalid('The parameter StartTime must be less than EndTime.')
      const results = queries.map((query) => answer(world, query, { start, end }))
      const datapoints = results.reduce((sum, result) => sum + result.Values.length, 0)
      if (datapoints > MAX_DATAPOINTS)
        throw invalid(`The request asks for more than ${MAX_DATAPOINTS} datapoints.`)
      return { MetricDataResults: results, Messages: [] }
    }
  }
  return {
    signingName: 'monitoring',
    protocol: 'json',
    targetPrefix: 'GraniteServiceVersion20100801',
    operations
  }
}
