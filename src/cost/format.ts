const USD = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  minimumFractionDigits: 2,
  maximumFractionDigits: 2
})

/** $1,234.56 */
export function formatUsd(amount: number): string {
  return USD.format(amount)
}

/** +$4.12 / -$4.12 / $0.00 */
export function formatSignedUsd(amount: number): string {
  if (Math.abs(amount) < 0.005) return formatUsd(0)
  return `${amount > 0 ? '+' : '-'}${formatUsd(Math.abs(amount))}`
}

/** +19% / -4.5% / 0%: whole percent from 10% up, one decimal below. */
export function formatSignedPercent(percent: number): string {
  const rounded = Math.abs(percent) >= 10 ? Math.round(percent) : Math.round(percent * 10) / 10
  if (rounded === 0) return '0%'
  return `${rounded > 0 ? '+' : ''}${rounded}%`
}

/** A rate with every digit AWS publishes: $0.0486, $0.000111. */
export function formatRate(usd: number): string {
  return `$${Number(usd.toPrecision(6))}`
}

/** A quantity without float noise: 0.5, 1.3333. */
export function formatQuantity(value: number): string {
  return String(Number(value.toFixed(4)))
}
