import type { PricingClient } from '@aws-sdk/client-pricing'
import { UserError, errorMessage } from '../shared/errors.js'
import type { Logger } from '../shared/logger.js'
import type { Confidence, PriceTable } from './price-table.js'
import { FARGATE_SERVICE_CODE, RATE_KEYS, RATE_KEY_INFO, type RateKey } from './rate-keys.js'

export type PriceSourceChoice = 'auto' | 'api' | 'table'
export type RateOrigin = 'price-list-api' | 'price-table' | 'spot-discount' | 'unpriced'

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
  private readonly missing = new Set<RateKey>()

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

  /**
   * The rate, or, when no source has it, a zero rate marked `unpriced` that is remembered in
   * `unpriced`: the estimate goes on and says it is incomplete instead of failing the run.
   */
  get(key: RateKey): Rate {
    const rate = this.rates.get(key)
    if (rate !== undefined) return rate
    this.missing.add(key)
    return {
      key,
      usd: 0,
      unit: RATE_KEY_INFO[key].unit,
      origin: 'unpriced',
      source: `no price for ${this.region} in ${this.where(key)}`
    }
  }

  /** The rates the estimate asked for and no source had, in the order of RATE_KEYS. */
  get unpriced(): RateKey[] {
    return RATE_KEYS.filter((key) => this.missing.has(key))
  }

  private where(key: RateKey): string {
    return this.fargateOrigin === 'price-list-api' && RATE_KEY_INFO[key].usageType !== undefined
      ? `the AWS Price List (${FARGATE_SERVICE_CODE} ${RATE_KEY_INFO[key].usageType})`
      : `the bundled price table (prices as of ${this.table.pricesAsOf})`
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
  const found = new Map<RateKey, Rate>()
  const missing: RateKey[] = []
  const listed = await Promise.all(
    keys.map(async (key) => ({
      key,
      price: await fetchOnDemandPrice(client, region, RATE_KEY_INFO[key].usageType ?? '')
    }))
  )
  for (const { key, price } of listed) {
    if (price === undefined) {
      missing.push(key)
      continue
    }
    found.set(key, {
      key,
      usd: price.usd,
      unit: RATE_KEY_INFO[key].unit,
      origin: 'price-list-api',
      source: `AWS Price List API, ${FARGATE_SERVICE_CODE} ${price.usageType}`,
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
 * from the table. The region is never refused: a rate no source has is `unpriced` (see get).
 */
export async function loadRates(options: LoadRatesOptions): Promise<RateBook> {
  const { region, choice, table, log } = options
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
    const names = listed.missing.map((key) => String(RATE_KEY_INFO[key].usageType))
    if (choice === 'api') {
      throw new UserError(
        `No price in the AWS Price List (${FARGATE_SERVICE_CODE}) (regionCode ${region}) for ${names.join(', ')}: this combination is not sold there, or not yet listed.`
      )
    }
    log.warning(
      `The AWS Price List has no ${names.join(', ')} for ${region}; those rates come from the bundled table.`
    )
  }
  for (const [key, rate] of listed.found) rates.set(key, rate)
  return new RateBook(region, rates, table, 'price-list-api')
}
