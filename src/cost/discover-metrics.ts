import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch'
import { InvalidFigure, validFigure } from './discover-read.js'

/** How far back the estimate looks at CloudWatch metrics. */
export const LOOKBACK_DAYS = 14
export const HOUR_MS = 3_600_000
export const DAY_MS = 24 * HOUR_MS

export interface MetricQuery {
  namespace: string
  metric: string
  dimension: { name: string; value: string }
  stat: 'Sum' | 'Average'
  /** Seconds; a multiple of 60. */
  period: number
}

/**
 * The sum of every datapoint of each query over the look-back window ending at `now`, in the
 * order given. A metric with no datapoints sums to 0 (CloudWatch reports nothing for idle time).
 */
export async function sumMetrics(
  client: CloudWatchClient,
  queries: MetricQuery[],
  now: Date
): Promise<number[]> {
  if (queries.length === 0) return []
  const { GetMetricDataCommand } = await import('@aws-sdk/client-cloudwatch')
  const sums = queries.map(() => 0)
  let nextToken: string | undefined
  do {
    const response = await client.send(
      new GetMetricDataCommand({
        StartTime: new Date(now.getTime() - LOOKBACK_DAYS * DAY_MS),
        EndTime: now,
        NextToken: nextToken,
        MetricDataQueries: queries.map((query, index) => ({
          Id: `m${index}`,
          ReturnData: true,
          MetricStat: {
            Metric: {
              Namespace: query.namespace,
              MetricName: query.metric,
              Dimensions: [{ Name: query.dimension.name, Value: query.dimension.value }]
            },
            Period: query.period,
            Stat: query.stat
          }
        }))
      })
    )
    for (const result of response.MetricDataResults ?? []) {
      const index = Number(result.Id?.slice(1))
      if (!Number.isInteger(index) || index >= sums.length) continue
      const name = queries[index]?.metric ?? 'a metric'
      const values = (result.Values ?? []).map((v) => validFigure(v, `a datapoint of ${name}`))
      sums[index] = (sums[index] ?? 0) + values.reduce((sum, v) => sum + v, 0)
    }
    nextToken = response.NextToken
  } while (nextToken !== undefined)
  return sums
}

/**
 * The hours of the window a resource created at `created` has existed (at least one); an invalid
 * date (NaN) is an InvalidFigure, so the quantity it would divide is not read.
 */
export function coveredHours(
  created: Date | undefined,
  now: Date,
  what = 'a creation time'
): number {
  const window = LOOKBACK_DAYS * 24
  if (created === undefined) return window
  const age = (now.getTime() - created.getTime()) / HOUR_MS
  if (!Number.isFinite(age)) throw new InvalidFigure(`${what} is not a valid date`)
  return Math.max(1, Math.min(window, age))
}
