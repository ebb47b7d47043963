import { blocks } from '../report/markdown.js'
import type { Logger } from '../shared/logger.js'
import { budgetOutputs } from './outputs.js'
import type { PriceTable } from './price-table.js'
import { RATE_KEY_INFO } from './rate-keys.js'
import type { RateBook } from './rates.js'
import { unpricedWarning } from './regions.js'
import type { CostEstimate } from './run-estimate.js'
import type { CommitmentOption } from './savings.js'
import { completenessOutputs, incompleteMarkdown, savingsMarkdown } from './savings-report.js'

interface Extra {
  book: RateBook
  table: PriceTable
  commitments: CommitmentOption[]
  log: Logger
}

/**
 * Marks an estimate incomplete when some rate had no price (a warning, a banner on the report
 * and the comment, `incomplete` in the outputs; the budget it fails is checked before) and adds what a
 * commitment would save.
 */
/** What has no price, for a budget that cannot be checked: '' when everything has one. */
export function unpricedText(book: RateBook): string {
  const unpriced = book.unpriced
  if (unpriced.length === 0) return ''
  return `${unpriced.map((key) => RATE_KEY_INFO[key].description).join(', ')} in ${book.region}`
}

export function withCompleteness(estimate: CostEstimate, extra: Extra): CostEstimate {
  const { book, table, commitments, log } = extra
  const unpriced = book.unpriced
  if (unpriced.length > 0) log.warning(unpricedWarning(book.region, unpriced, table))
  for (const option of commitments) {
    log.info(
      `  ${option.label}: saves $${option.saving.toFixed(2)}/month (${option.discountPercent}% of $${option.eligibleMonthly.toFixed(2)}; ${option.source}${option.date === undefined ? '' : `, ${option.date}`})`
    )
  }
  const banner = incompleteMarkdown(book.region, unpriced, table)
  const savings = savingsMarkdown(commitments)
  const markdown = blocks(banner, estimate.markdown.trimEnd(), savings)
  const { comment, budget } = estimate
  return {
    ...estimate,
    markdown,
    outputs: {
      ...completenessOutputs({ ...estimate.outputs, markdown }, unpriced, commitments),
      ...budgetOutputs(budget)
    },
    comment: comment.post
      ? { ...comment, body: blocks(banner, comment.body.trimEnd(), savings) }
      : comment
  }
}
