import bundled from './price-table.json' with { type: 'json' }
import { isRateKey, type RateKey } from './rate-keys.js'

export type Confidence = 'aws' | 'corroborated' | 'single-source' | 'inferred' | 'conflicting'

export interface TableEntry {
  usd: number
  /** A key of `sources`. */
  source: string
  /** The date of the source (offer publication or the day it was read), YYYY-MM-DD. */
  date: string
  confidence: Confidence
}

export interface PriceSource {
  title: string
  url?: string
}

/** The Compute Savings Plans terms the estimate compares with on-demand. */
export const SAVINGS_PLAN_TERMS = ['compute-1yr-no-upfront', 'compute-3yr-no-upfront'] as const
export type SavingsPlanTerm = (typeof SAVINGS_PLAN_TERMS)[number]

/** A Savings Plan's discount off the Fargate on-demand vCPU and memory rates. */
export interface DiscountEntry {
  discountPercent: number
  source: string
  date: string
  confidence: Confidence
}

export interface PriceTable {
  currency: 'USD'
  hoursPerMonth: number
  /** The date of the offer the rates were checked against: the table's age is counted from it. */
  pricesAsOf: string
  compiled: string
  sources: Record<string, PriceSource>
  regions: Record<string, Partial<Record<RateKey, TableEntry>>>
  /** Per term: a region's own discount, else `default`. Absent: no Savings Plan lines. */
  savingsPlans?: Partial<Record<SavingsPlanTerm, Record<string, DiscountEntry>>>
}

const CONFIDENCES = new Set(['aws', 'corroborated', 'single-source', 'inferred', 'conflicting'])
const DATE = /^\d{4}-\d{2}-\d{2}$/

/**
 * Checks the shape of a table (the bundled one and what scripts/update-prices.ts writes), so a
 * hand edit that drops a source or types a price as text fails a test, not a user's run.
 */
export function validatePriceTable(value: unknown): PriceTable {
  const problems: string[] = []
  const table = value as PriceTable
  if (typeof table !== 'object' || table === null) throw new Error('price table: not an object')
  if (table.currency !== 'USD') problems.push('currency must be USD')
  if (table.hoursPerMonth !== 730) problems.push('hoursPerMonth must be 730')
  if (!DATE.test(String(table.pricesAsOf))) problems.push('pricesAsOf must be YYYY-MM-DD')
  for (const [region, entries] of Object.entries(table.regions ?? {})) {
    for (const [key, entry] of Object.entries(entries ?? {})) {
      const where = `regions.${region}.${key}`
      if (!isRateKey(key)) problems.push(`${where}: unknown rate key`)
      if (typeof entry?.usd !== 'number' || !(entry.usd > 0))
        problems.push(`${where}.usd: not a positive number`)
      if (table.sources?.[entry?.source] === undefined)
        problems.push(`${where}.source: "${entry?.source}" is not in sources`)
      if (!DATE.test(String(entry?.date))) problems.push(`${where}.date: not YYYY-MM-DD`)
      if (!CONFIDENCES.has(String(entry?.confidence))) problems.push(`${where}.confidence: unknown`)
    }
  }
  problems.push(...savingsPlanProblems(table))
  if (problems.length > 0) throw new Error(`price table: ${problems.join('; ')}`)
  return table
}

function savingsPlanProblems(table: PriceTable): string[] {
  const problems: string[] = []
  for (const [term, byRegion] of Object.entries(table.savingsPlans ?? {})) {
    if (!(SAVINGS_PLAN_TERMS as readonly string[]).includes(term))
      problems.push(`savingsPlans.${term}: unknown term`)
    for (const [region, entry] of Object.entries(byRegion ?? {})) {
      const where = `savingsPlans.${term}.${region}`
      const percent = entry?.discountPercent
      if (typeof percent !== 'number' || !(percent > 0 && percent < 100))
        problems.push(`${where}.discountPercent: not between 0 and 100`)
      if (table.sources?.[entry?.source] === undefined)
        problems.push(`${where}.source: "${entry?.source}" is not in sources`)
      if (!DATE.test(String(entry?.date))) problems.push(`${where}.date: not YYYY-MM-DD`)
      if (!CONFIDENCES.has(String(entry?.confidence))) problems.push(`${where}.confidence: unknown`)
    }
  }
  return problems
}

export const BUNDLED_PRICE_TABLE: PriceTable = validatePriceTable(bundled)

/** Whole days from the table's price date to `now`. */
export function tableAgeDays(table: PriceTable, now: Date): number {
  return Math.floor((now.getTime() - Date.parse(`${table.pricesAsOf}T00:00:00Z`)) / 86_400_000)
}
