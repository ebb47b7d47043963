import type { PriceTable } from './price-table.js'
import { RATE_KEY_INFO, type RateKey } from './rate-keys.js'

// Prices are found by region code (the Price List's `regionCode` attribute and the bundled
// table's keys), so any region is accepted: one nobody has priced yet gives an incomplete
// estimate with a warning, never an input error.

/** The regions the bundled table has Fargate (Linux x86) prices for. */
export function pricedRegions(table: PriceTable): string[] {
  return Object.keys(table.regions).filter(
    (region) => table.regions[region]?.['fargate-linux-x86-vcpu'] !== undefined
  )
}

/** The warning for rates an estimate needed and had no price for, naming what to do. */
export function unpricedWarning(region: string, keys: RateKey[], table: PriceTable): string {
  const names = keys.map((key) => RATE_KEY_INFO[key].description).join(', ')
  const hint =
    table.regions[region] === undefined
      ? ` The bundled table has no prices for ${region}; it covers ${pricedRegions(table).join(', ')}.`
      : ''
  return (
    `Incomplete estimate: no price for ${names} in ${region}; those lines count as $0.${hint}` +
    ' Use price-source: api with AWS credentials that allow pricing:GetProducts (the Price List is asked by region code), or pin a newer release of the action, whose bundled table may have them.'
  )
}
