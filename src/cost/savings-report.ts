import { alert, blocks, heading, link, md, table, type Cell } from '../report/markdown.js'
import { formatUsd } from './format.js'
import type { PriceTable } from './price-table.js'
import { RATE_KEY_INFO, type RateKey } from './rate-keys.js'
import { unpricedWarning } from './regions.js'
import type { CommitmentOption } from './savings.js'

function sourceCell(option: CommitmentOption): Cell {
  const name = `${option.source}${option.date === undefined ? '' : `, ${option.date}`}`
  return option.sourceUrl === undefined ? name : md(link(name, option.sourceUrl))
}

/** The "what a commitment would save" section of the report, or '' when none applies. */
export function savingsMarkdown(options: CommitmentOption[]): string {
  if (options.length === 0) return ''
  const rows = options.map((option): Cell[] => [
    option.label,
    `${option.sharePercent}% of tasks`,
    `${option.discountPercent}%`,
    formatUsd(option.saving),
    formatUsd(option.monthly),
    sourceCell(option)
  ])
  return blocks(
    heading('What a commitment would save', 3),
    table(['Option', 'Covers', 'Discount', 'Saving / month', 'Monthly with it', 'Source'], rows, [
      'left',
      'left',
      'right',
      'right',
      'right',
      'left'
    ]),
    'Savings Plans discount the on-demand Fargate vCPU and memory lines only; Spot is already in the estimate when the strategy uses it.'
  )
}

/** The warning block for an estimate missing some rates, or '' when it is complete. */
export function incompleteMarkdown(region: string, unpriced: RateKey[], table: PriceTable): string {
  if (unpriced.length === 0) return ''
  return alert('warning', unpricedWarning(region, unpriced, table))
}

/** Adds completeness and commitment figures to the action's outputs and its JSON. */
export function completenessOutputs(
  outputs: Record<string, string | number>,
  unpriced: RateKey[],
  options: CommitmentOption[]
): Record<string, string | number> {
  const plan = (id: string) => options.find((option) => option.id === id)?.monthly ?? ''
  const estimate = JSON.parse(String(outputs['estimate'] ?? '{}')) as Record<string, unknown>
  return {
    ...outputs,
    incomplete: unpriced.length > 0 ? 'true' : 'false',
    'savings-plan-1yr-monthly': plan('compute-1yr-no-upfront'),
    'savings-plan-3yr-monthly': plan('compute-3yr-no-upfront'),
    estimate: JSON.stringify({
      ...estimate,
      incomplete: unpriced.length > 0,
      unpriced: unpriced.map((key) => ({ key, description: RATE_KEY_INFO[key].description })),
      commitments: options
    })
  }
}
