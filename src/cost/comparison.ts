import { tableAgeDays, type PriceTable } from './price-table.js'
import type { RateBook } from './rates.js'
import { cents, type ScenarioEstimate } from './estimate.js'

export interface CostComparison {
  region: string
  /** cluster/service when the estimate is about a service, used in titles and the comment marker. */
  subject: string
  before?: ScenarioEstimate
  after: ScenarioEstimate
  /** after − before, monthly; undefined without a before. */
  delta?: number
  /** delta / before × 100, one decimal; undefined without a before or when before is 0. */
  deltaPercent?: number
  fargatePriceOrigin: RateBook['fargateOrigin']
  table: { pricesAsOf: string; ageDays: number }
}

export function compareEstimates(options: {
  subject: string
  after: ScenarioEstimate
  before?: ScenarioEstimate
  book: RateBook
  table: PriceTable
  now: Date
}): CostComparison {
  const { after, before, book, table } = options
  const delta = before === undefined ? undefined : cents(after.monthly - before.monthly)
  const deltaPercent =
    before === undefined || delta === undefined || before.monthly === 0
      ? undefined
      : Math.round((delta / before.monthly) * 1000) / 10
  return {
    region: book.region,
    subject: options.subject,
    before,
    after,
    delta,
    deltaPercent,
    fargatePriceOrigin: book.fargateOrigin,
    table: { pricesAsOf: table.pricesAsOf, ageDays: tableAgeDays(table, options.now) }
  }
}
