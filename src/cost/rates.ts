import type { PricingClient } from '@aws-sdk/client-pricing'
import { UserError, errorMessage } from '../shared/errors.js'
import type { Logger } from '../shared/logger.js'
import type { Confidence, PriceTable } from './price-table.js'
import { FARGATE_SERVICE_CODE, RATE_KEY_INFO, type RateKey } from './rate-keys.js'
import { usageTypePrefix } from './regions.js'

export type PriceSourceChoice = 'auto' | 'api' | 'table'
export type RateOrigin = 'price-list-api' | 'price-table' | 'spot-discount'

export interface Rate {
  key: RateKey
  usd: number
  unit: string
  origin: RateOrigin
  /** Human-readable source, e.g. the Price List usage type or the table's source title. */
  source: string
  sourceUrl?: string
  date?: string
  confidence?: Confidence
}

/** The rates for one region, from the Price List API, the bundled table, or both. */
export class RateBook {
  constructor(
    readonly region: string,
    private readonly rates: ReadonlyMap<RateKey, Rate>,
    readonly table: PriceTable,
    /** Where the Fargate on-demand rates came from. */
    readonly fargateOrigin: 'price-list-api' | 'price-table'
  ) {}

  find(key: RateKey): Rate | undefined {
    return this.rates.get(key)
  }

  /** The rate, or a UserError naming what has no price: never a silent zero. */
  get(key: RateKey): Rate {
    const rate = this.rates.get(key)
    if (rate !== undefined) return rate
    const info = RATE_KEY_INFO[key]
    const where =
      this.fargateOrigin === 'price-list-api' && info.usageType !== undefined
        ? `the AWS Price List (${FARGATE_SERVICE_CODE} usage type ${usageTypePrefix(this.region)}-${info.usageType})`
        : `the bundled price table (prices as of ${this.table.pricesAsOf})`
    const hint =
      this.table.regions[this.region] === undefined
        ? ` The table has no prices at all for ${this.region}; it covers ${Object.keys(this.table.regions).join(', ')}.`
        : ''
    throw new UserError(
      `No price for ${info.description} in ${this.region} in ${where}.${hint} Use price-source: api (the job's AWS credentials need pricing:GetProducts), or pin a newer release of the action, whose bundled table may have it.`
    )
  }
}

function tableRates(table: PriceTable, region: string): Map<RateKey, Rate> {
  const rates = new Map<RateKey, Rate>()
  for (const [key, entry] of Object.entries(table.regions[region] ?? {}) as [
    RateKey,
    NonNullable<PriceTable['regions'][string][RateKey]>
  ][]) {
    const source = table.sources[entry.source]
    rates.set(key, {
      key,
      usd: entry.usd,
      unit: RATE_KEY_INFO[key].unit,
      origin: 'price-table',
      source: source?.title ?? entry.source,
      sourceUrl: source?.url,
      date: entry.date,
      confidence: entry.confidence
    })
  }
  return rates
}

async function priceListRates(
  client: PricingClient,
  region: string,
  keys: RateKey[]
): Promise<{ found: Map<RateKey, Rate>; missing: RateKey[] }> {
  // Loaded on first use: the table path, and a run that fails before pricing, never parse it.
  const { fetchOnDemandPrice } = await import('./price-list.js')
  const prefix = usageTypePrefix(region)
  const found = new Map<RateKey, Rate>()
  const missing: RateKey[] = []
  const listed = await Promise.all(
    keys.map(async (key) => {
      const usageType = `${prefix}-${RATE_KEY_INFO[key].usageType}`
      return { key, usageType, price: await fetchOnDemandPrice(client, usageType) }
    })
  )
  for (const { key, usageType, price } of listed) {
    if (price === undefined) {
      missing.push(key)
      continue
    }
    found.set(key, {
      key,
      usd: price.usd,
      unit: RATE_KEY_INFO[key].unit,
      origin: 'price-list-api',
      source: `AWS Price List API, ${FARGATE_SERVICE_CODE} ${usageType}`,
      date: price.publicationDate,
      confidence: 'aws'
    })
  }
  return { found, missing }
}

export interface LoadRatesOptions {
  region: string
  /** The rates the estimate will use; only those with a Price List usage type are fetched. */
  keys: RateKey[]
  choice: PriceSourceChoice
  table: PriceTable
  /** Called only when the Price List is asked; may load the client's code on first use. */
  pricingClient: () => PricingClient | Promise<PricingClient>
  log: Logger
}

/**
 * `table`: the bundled table only. `api`: Fargate on-demand rates from the Price List, and any
 * failure or missing product is an error. `auto`: the Price List when it answers (credentials,
 * network, permission), else the table with a warning; a usage type it lacks falls back to the
 * table for that rate alone. Rates without a Price List usage type (Spot, extras) always come
 * from the table.
 */
export async function loadRates(options: LoadRatesOptions): Promise<RateBook> {
  const { region, choice, table, log } = options
  usageTypePrefix(region)
  const rates = tableRates(table, region)
  if (choice === 'table') return new RateBook(region, rates, table, 'price-table')

  const apiKeys = [...new Set(options.keys)].filter((key) => RATE_KEY_INFO[key].usageType)
  let listed: Awaited<ReturnType<typeof priceListRates>>
  try {
    listed = await priceListRates(await options.pricingClient(), region, apiKeys)
  } catch (error) {
    if (choice === 'api' || error instanceof UserError) {
      throw new UserError(`AWS Price List API (pricing:GetProducts) failed: ${errorMessage(error)}`)
    }
    log.warning(
      `AWS Price List API not usable (${errorMessage(error)}); using the bundled price table (prices as of ${table.pricesAsOf}).`
    )
    return new RateBook(region, rates, table, 'price-table')
  }
  if (listed.missing.length > 0) {
    const names = listed.missing.map(
      (key) => `${usageTypePrefix(region)}-${RATE_KEY_INFO[key].usageType}`
    )
    if (choice === 'api') {
      throw new UserError(
        `No price in the AWS Price List (${FARGATE_SERVICE_CODE}) for ${names.join(', ')} in ${region}: this combination is not sold there.`
      )
    }
    log.warning(
      `The AWS Price List has no ${names.join(', ')}; those rates come from the bundled table.`
    )
  }
  for (const [key, rate] of listed.found) rates.set(key, rate)
  return new RateBook(region, rates, table, 'price-list-api')
}
