import { PricingClient, paginateGetProducts } from '@aws-sdk/client-pricing'
import { UserError } from '../shared/errors.js'
import { onDemandUsdPrices } from './offer-terms.js'
import { FARGATE_SERVICE_CODE, usageTypeIs } from './rate-keys.js'

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
 * The on-demand price of one rate in one region, read with GetProducts across every page, or
 * undefined when the Price List has no such product. The region is the products' `regionCode`
 * attribute, so a region AWS opens later needs no table of billing codes; the usage type is
 * matched exactly on the part after the billing code (`Fargate-GB-Hours` is a substring of
 * `Fargate-EphemeralStorage-GB-Hours`), and two different prices are an error rather than a guess.
 */
export async function fetchOnDemandPrice(
  client: PricingClient,
  region: string,
  usageTypeSuffix: string,
  serviceCode = FARGATE_SERVICE_CODE
): Promise<ListedPrice | undefined> {
  const prices = new Set<number>()
  let publicationDate: string | undefined
  let usageType: string | undefined
  const pages = paginateGetProducts(
    { client, pageSize: 100 },
    {
      ServiceCode: serviceCode,
      FormatVersion: 'aws_v1',
      Filters: [
        { Type: 'TERM_MATCH', Field: 'regionCode', Value: region },
        { Type: 'CONTAINS', Field: 'usagetype', Value: usageTypeSuffix }
      ]
    }
  )
  for await (const page of pages) {
    for (const raw of page.PriceList ?? []) {
      const item = parseItem(raw)
      const attributes = item.product?.attributes ?? {}
      if (attributes['regionCode'] !== region) continue
      if (!usageTypeIs(attributes['usagetype'] ?? '', usageTypeSuffix)) continue
      const listed = onDemandUsdPrices(item.terms?.OnDemand).filter((usd) => usd > 0)
      for (const usd of listed) prices.add(usd)
      if (listed.length > 0) usageType ??= attributes['usagetype']
      publicationDate ??= item.publicationDate
    }
  }
  const distinct = [...prices]
  if (distinct.length === 0 || usageType === undefined) return undefined
  if (distinct.length > 1) {
    throw new UserError(
      `The AWS Price List gives several prices for ${serviceCode} ${usageTypeSuffix} in ${region} (${distinct.join(', ')}); refusing to pick one.`
    )
  }
  return { usd: distinct[0] as number, usageType, publicationDate: publicationDate?.slice(0, 10) }
}
