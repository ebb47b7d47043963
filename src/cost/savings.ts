import { cents, HOURS_PER_MONTH, type CostLine, type ScenarioEstimate } from './estimate.js'
import {
  SAVINGS_PLAN_TERMS,
  type Confidence,
  type PriceTable,
  type SavingsPlanTerm
} from './price-table.js'
import { computeRateKeys, type RateKey } from './rate-keys.js'
import type { RateBook } from './rates.js'
import { splitTasks } from './scenario.js'

/** What one way of paying would cost a month instead of the estimate's mix. */
export interface CommitmentOption {
  id: SavingsPlanTerm | 'fargate-spot'
  label: string
  /** The share of the desired tasks it applies to, 0-100. */
  sharePercent: number
  /** The on-demand cost it discounts, a month. */
  eligibleMonthly: number
  /** Off on-demand for what it covers: the plan's discount, or Spot's (rate or assumed). */
  discountPercent: number
  saving: number
  /** The estimate's monthly cost with this option. */
  monthly: number
  source: string
  sourceUrl?: string
  date?: string
  confidence?: Confidence
}

const TERM_LABELS: Record<SavingsPlanTerm, string> = {
  'compute-1yr-no-upfront': 'Compute Savings Plan, 1 year, no upfront',
  'compute-3yr-no-upfront': 'Compute Savings Plan, 3 years, no upfront'
}

// Compute Savings Plans cover Fargate vCPU and memory on-demand usage; not Spot, storage or the
// other services.
const PLAN_KEYS = new Set<RateKey>([
  'fargate-linux-x86-vcpu',
  'fargate-linux-x86-gb',
  'fargate-linux-arm-vcpu',
  'fargate-linux-arm-gb',
  'fargate-windows-vcpu',
  'fargate-windows-gb'
])

const sum = (lines: CostLine[]) => lines.reduce((total, line) => total + line.monthly, 0)

function planOptions(after: ScenarioEstimate, table: PriceTable, region: string) {
  const eligible = cents(sum(after.lines.filter((line) => PLAN_KEYS.has(line.rate.key))))
  const split = splitTasks(after.scenario.desiredCount, after.scenario.capacity)
  const total = after.scenario.desiredCount
  return SAVINGS_PLAN_TERMS.flatMap((term): CommitmentOption[] => {
    const byRegion = table.savingsPlans?.[term]
    const entry = byRegion?.[region] ?? byRegion?.['default']
    if (entry === undefined || eligible === 0) return []
    const saving = cents((eligible * entry.discountPercent) / 100)
    const source = table.sources[entry.source]
    return [
      {
        id: term,
        label: TERM_LABELS[term],
        sharePercent: total === 0 ? 0 : Math.round((split.FARGATE / total) * 1000) / 10,
        eligibleMonthly: eligible,
        discountPercent: entry.discountPercent,
        saving,
        monthly: cents(after.monthly - saving),
        source: source?.title ?? entry.source,
        sourceUrl: source?.url,
        date: entry.date,
        confidence: entry.confidence
      }
    ]
  })
}

/** What the Spot share of the capacity-provider strategy saves against running it on-demand. */
function spotOption(after: ScenarioEstimate, book: RateBook): CommitmentOption[] {
  const { size, capacity, desiredCount } = after.scenario
  const spot = after.lines.filter((line) => line.rate.key.startsWith('fargate-spot-'))
  const split = splitTasks(desiredCount, capacity)
  if (size.os === 'WINDOWS' || spot.length === 0 || desiredCount === 0) return []
  const onDemand = computeRateKeys(size.os, size.architecture)
  const onDemandMonthly = spot.reduce((total, line) => {
    const key = line.rate.key.endsWith('-vcpu') ? onDemand.vcpu : onDemand.gb
    return total + line.quantity * (book.find(key)?.usd ?? 0) * HOURS_PER_MONTH
  }, 0)
  const eligible = cents(onDemandMonthly)
  if (eligible === 0) return []
  const saving = cents(onDemandMonthly - sum(spot))
  const rate = spot[0]?.rate
  return [
    {
      id: 'fargate-spot',
      label: 'Fargate Spot (the capacity-provider strategy share)',
      sharePercent: Math.round((split.FARGATE_SPOT / desiredCount) * 1000) / 10,
      eligibleMonthly: eligible,
      discountPercent: Math.round((saving / eligible) * 1000) / 10,
      saving,
      monthly: cents(after.monthly),
      source: rate?.source ?? '',
      sourceUrl: rate?.sourceUrl,
      date: rate?.date,
      confidence: rate?.confidence
    }
  ]
}

/**
 * The ways of paying less for the same tasks: 1- and 3-year Compute Savings Plans (no upfront)
 * on the on-demand share, and the Spot share the strategy already gives, each with its source.
 * The Spot line's `monthly` is the estimate itself, since its lines are already Spot-priced.
 */
export function commitmentOptions(
  after: ScenarioEstimate,
  book: RateBook,
  table: PriceTable
): CommitmentOption[] {
  return [...planOptions(after, table, book.region), ...spotOption(after, book)]
}
