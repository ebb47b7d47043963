import { PricingClient, paginateGetProducts } from '@aws-sdk/client-pricing'
import { UserError } from '../shared/errors.js'
import { onDemandUsdPrices } from './offer-terms.js'
import { FARGATE_SERVICE_CODE } from './rate-keys.js'

// The client is handed out from here so that it and this parser load together, on first use.
export { PricingClient }

export interface ListedPrice {
  usd: number
  usageType: string
  /** The offer's publication date, when the item carries one. */
  publicationDate?: string
}

interface PriceListItem {
  product?: { attributes?: Record<string, string> }
  terms?: { OnDemand?: unknown }
  publicationDate?: string
}

// The SDK hands PriceList entries over as JSON strings (sometimes String objects).
function parseItem(item: unknown): PriceListItem {
  if (typeof item === 'string' || item instanceof String)
    return JSON.parse(String(item)) as PriceListItem
  return item as PriceListItem
}

/**
 * The on-demand price of one exact usage type, read with GetProducts across every page, or
 * undefined when the Price List has no such product. The usage type is matched exactly on the
 * returned products too (`Fargate-GB-Hours` is a substring of `Fargate-EphemeralStorage-GB-Hours`),
 * and two different prices for one usage type are an error rather than a guess.
 */
export async function fetchOnDemandPrice(
  client: PricingClient,
  usageType: string,
  serviceCode = FARGATE_SERVICE_CODE
): Promise<ListedPrice | undefined> {
  const prices = new Set<number>()
  let publicationDate: string | undefined
  const pages = paginateGetProducts(
    { client, pageSize: 100 },
    {
      ServiceCode: serviceCode,
      FormatVersion: 'aws_v1',
      Filters: [{ Type: 'TERM_MATCH', Field: 'usagetype', Value: usageType }]
    }
  )
  for await (const page of pages) {
    for (const raw of page.PriceList ?? []) {
      const item = parseItem(raw)
      if (item.product?.attributes?.['usagetype'] !== usageType) continue
      for (const usd of onDemandUsdPrices(item.terms?.OnDemand)) prices.add(usd)
      publicationDate ??= item.publicationDate
    }
  }
  const distinct = [...prices].filter((usd) => usd > 0)
  if (distinct.length === 0) return undefined
  if (distinct.length > 1) {
    throw new UserError(
      `The AWS Price List gives several prices for ${serviceCode} usage type ${usageType} (${distinct.join(', ')}); refusing to pick one.`
    )
  }
  return { usd: distinct[0] as number, usageType, publicationDate: publicationDate?.slice(0, 10) }
}
