// The OnDemand part of an AWS price list product, shared by GetProducts items and bulk offer
// files: terms.OnDemand.<sku.offerTermCode>.priceDimensions.<rateCode>.pricePerUnit.USD.

interface PriceDimension {
  unit?: string
  pricePerUnit?: { USD?: string }
  beginRange?: string
}

interface OfferTerm {
  priceDimensions?: Record<string, PriceDimension>
}

/** The distinct non-negative USD prices of the on-demand terms (several only when tiered). */
export function onDemandUsdPrices(onDemandTerms: unknown): number[] {
  const prices = new Set<number>()
  for (const term of Object.values((onDemandTerms ?? {}) as Record<string, OfferTerm>)) {
    for (const dimension of Object.values(term.priceDimensions ?? {})) {
      const text = dimension.pricePerUnit?.USD
      if (text === undefined) continue
      const usd = Number(text)
      if (Number.isFinite(usd) && usd >= 0) prices.add(usd)
    }
  }
  return [...prices]
}
