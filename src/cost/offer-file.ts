import { UserError } from '../shared/errors.js'
import { onDemandUsdPrices } from './offer-terms.js'
import type { PriceTable, TableEntry } from './price-table.js'
import { RATE_KEY_INFO, listedRateKey, type RateKey } from './rate-keys.js'

export interface OfferRates {
  region: string
  /** YYYY-MM-DD */
  publicationDate: string
  rates: Partial<Record<RateKey, number>>
}

interface OfferFile {
  offerCode?: string
  publicationDate?: string
  products?: Record<string, { attributes?: Record<string, string> }>
  terms?: { OnDemand?: Record<string, unknown> }
}

/**
 * The Fargate on-demand rates of one regional AmazonECS bulk offer file
 * (…/offers/v1.0/aws/AmazonECS/current/<region>/index.json). The region is the products'
 * `regionCode`, usage types are matched exactly after the billing code, and a rate with two
 * prices is an error.
 */
export function parseFargateOffer(value: unknown): OfferRates {
  const offer = value as OfferFile
  if (offer?.offerCode !== 'AmazonECS' || typeof offer.products !== 'object') {
    throw new UserError(
      'Not an AmazonECS offer file (expected offerCode "AmazonECS" and products).'
    )
  }
  const regions = new Set(
    Object.values(offer.products)
      .map((product) => product.attributes?.['regionCode'])
      .filter((r): r is string => r !== undefined)
  )
  // Local Zones (us-east-1-bos-1) can ride in their parent region's file.
  const parents = [...regions].filter(
    (code) => ![...regions].some((other) => code.startsWith(`${other}-`))
  )
  if (parents.length !== 1) {
    throw new UserError(
      `Expected the offer file of one region, found: ${[...regions].join(', ') || 'none'}.`
    )
  }
  const region = parents[0] as string
  const rates: Partial<Record<RateKey, number>> = {}
  for (const [sku, product] of Object.entries(offer.products)) {
    const usageType = product.attributes?.['usagetype'] ?? ''
    const key = listedRateKey(usageType)
    if (key === undefined || product.attributes?.['regionCode'] !== region) continue
    const prices = onDemandUsdPrices(offer.terms?.OnDemand?.[sku]).filter((usd) => usd > 0)
    const all = new Set([...prices, ...(rates[key] === undefined ? [] : [rates[key]])])
    if (all.size > 1)
      throw new UserError(
        `${usageType} has several prices in the offer: ${[...all].sort((a, b) => a - b).join(', ')}.`
      )
    if (prices[0] !== undefined) rates[key] = prices[0]
  }
  return { region, publicationDate: String(offer.publicationDate ?? '').slice(0, 10), rates }
}

interface SpotFeed {
  prices?: { attributes?: Record<string, string>; unit?: string; price?: { USD?: string } }[]
}

const SPOT_UNITS: Record<string, RateKey> = {
  'vCPU-Hours': 'fargate-spot-linux-x86-vcpu',
  'GB-Hours': 'fargate-spot-linux-x86-gb',
  'ARM-vCPU-Hours': 'fargate-spot-linux-arm-vcpu',
  'ARM-GB-Hours': 'fargate-spot-linux-arm-gb'
}

/** Rates per region from the Fargate Spot feed the AWS pricing page reads. */
export function parseSpotFeed(value: unknown): Map<string, Partial<Record<RateKey, number>>> {
  const feed = value as SpotFeed
  if (!Array.isArray(feed?.prices))
    throw new UserError('Not a Fargate Spot price feed (no "prices" list).')
  const byRegion = new Map<string, Partial<Record<RateKey, number>>>()
  for (const item of feed.prices) {
    const region = item.attributes?.['aws:region']
    const key = SPOT_UNITS[item.unit ?? '']
    const usd = Number(item.price?.USD)
    if (region === undefined || key === undefined || !(usd > 0)) continue
    const rates = byRegion.get(region) ?? {}
    rates[key] = usd
    byRegion.set(region, rates)
  }
  return byRegion
}

export interface TableUpdate {
  region: string
  rates: Partial<Record<RateKey, number>>
  source: { id: string; title: string; url?: string }
  date: string
}

export interface TableChange {
  region: string
  key: RateKey
  before?: number
  after: number
}

/** The table's price date: the oldest date among the rates AWS lists (what the age counts from). */
export function oldestListedDate(table: PriceTable): string {
  const dates = Object.values(table.regions).flatMap((entries) =>
    Object.entries(entries ?? {})
      .filter(([key]) => RATE_KEY_INFO[key as RateKey].usageType !== undefined)
      .map(([, entry]) => (entry as TableEntry).date)
  )
  return dates.sort()[0] ?? table.pricesAsOf
}

/** A new table with the updates applied, each rate marked as read from AWS, and what changed. */
export function applyUpdates(
  table: PriceTable,
  updates: TableUpdate[],
  today: string
): { table: PriceTable; changes: TableChange[] } {
  const next: PriceTable = structuredClone(table)
  const changes: TableChange[] = []
  for (const update of updates) {
    next.sources[update.source.id] = {
      title: update.source.title,
      ...(update.source.url ? { url: update.source.url } : {})
    }
    const entries = (next.regions[update.region] ??= {})
    for (const [key, usd] of Object.entries(update.rates) as [RateKey, number][]) {
      const before = entries[key]?.usd
      entries[key] = { usd, source: update.source.id, date: update.date, confidence: 'aws' }
      if (before !== usd) changes.push({ region: update.region, key, before, after: usd })
    }
  }
  for (const [id] of Object.entries(next.sources)) {
    const used = [...Object.values(next.regions), ...Object.values(next.savingsPlans ?? {})].some(
      (entries) => Object.values(entries ?? {}).some((entry) => entry?.source === id)
    )
    if (!used) delete next.sources[id]
  }
  next.regions = Object.fromEntries(
    Object.keys(next.regions)
      .sort()
      .map((region) => [region, sortKeys(next.regions[region] ?? {})])
  )
  next.pricesAsOf = oldestListedDate(next)
  next.compiled = today
  return { table: next, changes }
}

function sortKeys<T>(record: Partial<Record<RateKey, T>>): Partial<Record<RateKey, T>> {
  return Object.fromEntries(
    Object.keys(record)
      .sort()
      .map((key) => [key, record[key as RateKey]])
  ) as Partial<Record<RateKey, T>>
}
