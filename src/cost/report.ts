import {
  blocks,
  bulletList,
  code,
  details,
  escapeText,
  heading,
  link,
  md,
  table
} from '../report/markdown.js'
import { budgetFailed, budgetLine, type BudgetVerdict } from './budget.js'
import type { CostComparison } from './comparison.js'
import { HOURS_PER_MONTH, type CostLine, type ScenarioEstimate } from './estimate.js'
import {
  formatQuantity,
  formatRate,
  formatSignedPercent,
  formatSignedUsd,
  formatUsd
} from './format.js'
import type { Rate } from './rates.js'
import { formatTaskHours, scheduleTasksText, usageNote } from './hours-report.js'
import { splitTasks, type QuantitySource } from './scenario.js'

/** "+$4.12/month (+19%)", "$21.61/month" without a before, "no change ($21.61/month)". */
export function costHeadline(comparison: CostComparison): string {
  const { delta, deltaPercent, after } = comparison
  if (delta === undefined) return `${formatUsd(after.monthly)}/month`
  if (Math.abs(delta) < 0.005) return `no change (${formatUsd(after.monthly)}/month)`
  const percent = deltaPercent === undefined ? '' : ` (${formatSignedPercent(deltaPercent)})`
  return `${formatSignedUsd(delta)}/month${percent}`
}

function sourceCell(rate: Rate): string {
  const date = rate.date === undefined ? '' : `, ${rate.date}`
  if (rate.origin === 'unpriced') return '**no price** (incomplete)'
  if (rate.origin === 'price-list-api') {
    return `Price List API ${code(rate.source.replace(/^.* /, ''))}${escapeText(date)}`
  }
  const caveat =
    rate.confidence === undefined || rate.confidence === 'aws' || rate.confidence === 'corroborated'
      ? ''
      : `, ${rate.confidence}`
  const name = rate.origin === 'spot-discount' ? 'Spot discount' : 'price table'
  const label = rate.sourceUrl === undefined ? escapeText(name) : link(name, rate.sourceUrl)
  return `${label}${escapeText(`${date}${caveat}`)}`
}

/** The "From" column: where the line's quantity came from. */
const QUANTITY_FROM: Record<QuantitySource, string> = {
  measured: 'measured',
  configured: 'configured',
  input: 'input',
  assumed: 'assumed',
  unread: 'not read'
}

function linesTable(estimate: ScenarioEstimate): string {
  const rows = estimate.lines.map((item: CostLine) => [
    item.component,
    `${item.detail}${item.hours === undefined ? '' : ` × ${formatQuantity(item.hours)} h`}`,
    QUANTITY_FROM[item.quantitySource],
    `${formatRate(item.rate.usd)} / ${item.rate.unit}`,
    formatUsd(item.monthly),
    md(sourceCell(item.rate))
  ])
  rows.push([md('**Total**'), '', '', '', md(`**${escapeText(formatUsd(estimate.monthly))}**`), ''])
  return table(['Component', 'Quantity', 'From', 'Rate', 'Monthly', 'Source'], rows, [
    'left',
    'left',
    'left',
    'right',
    'right',
    'left'
  ])
}

function tasksText(estimate: ScenarioEstimate): string {
  const scheduled = scheduleTasksText(estimate)
  if (scheduled !== undefined) return scheduled
  const { desiredCount, minCount, maxCount } = estimate.scenario
  return minCount === maxCount ? `${desiredCount}` : `${desiredCount} (${minCount}..${maxCount})`
}

function summaryTable(comparison: CostComparison): string {
  const { before, after, delta, deltaPercent } = comparison
  const row = (estimate: ScenarioEstimate) => [
    md(`${escapeText(estimate.label)} ${code(estimate.taskDefinition)}`),
    tasksText(estimate),
    formatTaskHours(estimate.taskHours),
    formatUsd(estimate.monthly),
    estimate.monthlyMin === estimate.monthlyMax
      ? '—'
      : `${formatUsd(estimate.monthlyMin)} – ${formatUsd(estimate.monthlyMax)}`,
    formatUsd(estimate.yearly)
  ]
  const rows = before === undefined ? [row(after)] : [row(before), row(after)]
  if (before !== undefined && delta !== undefined) {
    const percent = deltaPercent === undefined ? '' : ` (${formatSignedPercent(deltaPercent)})`
    rows.push([
      md('**Change**'),
      '',
      '',
      md(`**${escapeText(`${formatSignedUsd(delta)}${percent}`)}**`),
      '',
      formatSignedUsd(after.yearly - before.yearly)
    ])
  }
  return table(
    ['', 'Tasks', 'Task-hours/month', 'Monthly', 'Autoscaling range', '12 months'],
    rows,
    ['left', 'right', 'right', 'right', 'right', 'right']
  )
}

function capacityText(estimate: ScenarioEstimate): string | undefined {
  const { capacity, desiredCount } = estimate.scenario
  if (capacity.length === 0) return undefined
  const split = splitTasks(desiredCount, capacity)
  const strategy = capacity
    .map((share) => `${share.provider} weight ${share.weight}, base ${share.base}`)
    .join('; ')
  return `${estimate.label}: capacity provider strategy ${strategy} → ${formatQuantity(split.FARGATE)} on FARGATE, ${formatQuantity(split.FARGATE_SPOT)} on FARGATE_SPOT (expected share).`
}

function methodNotes(comparison: CostComparison, options: ReportOptions): string[] {
  const age = options.withAge === false ? '' : `, ${comparison.table.ageDays} days old`
  const estimates = [comparison.before, comparison.after].filter(
    (e): e is ScenarioEstimate => e !== undefined
  )
  const rates = estimates.flatMap((e) => e.lines.map((item) => item.rate))
  const notes: string[] = []
  notes.push(
    comparison.fargatePriceOrigin === 'price-list-api'
      ? `Fargate on-demand rates: AWS Price List API (GetProducts, service AmazonECS) in ${comparison.region}. Other rates: the bundled price table (prices as of ${comparison.table.pricesAsOf}${age}).`
      : `Rates: the bundled price table, prices as of ${comparison.table.pricesAsOf}${age}; for current prices use price-source: api, or pin a newer release of the action (each release bundles a newer table).`
  )
  notes.push(
    `A month is ${HOURS_PER_MONTH} hours (AWS Pricing Calculator); GB = GiB as AWS bills it; 12 months = 12 × the monthly cost (over the task-hours below).`
  )
  for (const estimate of estimates) notes.push(usageNote(estimate))
  notes.push('The first 20 GB of ephemeral storage of each task are free.')
  for (const estimate of estimates) {
    const capacity = capacityText(estimate)
    if (capacity !== undefined) notes.push(capacity)
  }
  if (rates.some((rate) => rate.origin === 'spot-discount')) {
    notes.push(
      'Fargate Spot has no Price List entry; where the table has no Spot rate for this region, Spot is the on-demand rate less the discount shown (AWS says up to 70%).'
    )
  }
  if (rates.some((rate) => rate.confidence === 'inferred' || rate.confidence === 'conflicting')) {
    notes.push(
      'Rates marked inferred or conflicting were not read from AWS for this region: check them with price-source: api.'
    )
  }
  notes.push(
    'From: measured = CloudWatch metrics over the last 14 days (ConsumedLCUs, IncomingBytes) or the stored size (storedBytes, imageSizeInBytes); configured = the live service and its resources; input = the action inputs; assumed = a stated guess; not read = the read failed (the line says why).'
  )
  notes.push(
    'Not included: data transfer, NAT unless given as inputs, load balancers, logs and ECR images of a service that does not run yet unless given as inputs, Savings Plans, taxes.'
  )
  const sources = new Map<string, Rate>()
  for (const rate of rates) if (rate.origin !== 'price-list-api') sources.set(rate.source, rate)
  for (const rate of sources.values()) {
    notes.push(
      `Source: ${rate.source}${rate.sourceUrl === undefined ? '' : ` (${rate.sourceUrl})`}`
    )
  }
  return notes
}

export interface ReportOptions {
  /**
   * Say how old the table is (default). A pull request comment leaves it out, so that a re-run on
   * another day with the same estimate leaves the comment untouched.
   */
  withAge?: boolean
  /** The budget gate's verdict: its first line when a gate closed, under the heading otherwise. */
  budget?: BudgetVerdict
}

/** `## estimate-cost: <outcome>`: the closed gate when one closed, else the cost change. */
function reportHeading(comparison: CostComparison, budget: BudgetVerdict | undefined): string[] {
  const verdict = budget === undefined ? undefined : budgetLine(budget)
  const cost = `${comparison.subject}: ${costHeadline(comparison)}`
  if (budget !== undefined && budgetFailed(budget) && verdict !== undefined) {
    return [heading(`estimate-cost: ${verdict}`), `**Cost of ${escapeText(cost)}**`]
  }
  return [
    heading(`estimate-cost: ${cost}`),
    verdict === undefined ? '' : `**Budget**: ${escapeText(verdict)}`
  ]
}

/**
 * The full report: the outcome (the budget's verdict first when it failed), the before/after
 * summary, the after lines, and the rest folded.
 */
export function costReport(comparison: CostComparison, options: ReportOptions = {}): string {
  const { before, after } = comparison
  return blocks(
    ...reportHeading(comparison, options.budget),
    summaryTable(comparison),
    `**${escapeText(after.label)}**, ${escapeText(comparison.region)}, at the desired count:`,
    linesTable(after),
    before !== undefined && details(`${before.label}: line items`, linesTable(before)),
    details('How this was computed', bulletList(methodNotes(comparison, options)))
  )
}
