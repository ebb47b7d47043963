import type { Logger } from '../shared/logger.js'
import type { PathRoots } from '../shared/workspace.js'
import {
  budgetIsSet,
  evaluateBudget,
  incompleteBudget,
  type BudgetLimits,
  type BudgetVerdict
} from './budget.js'
import type { CostClients } from './clients.js'
import { commentPolicy, type CommentDecision, type CommentRequest } from './comment-policy.js'
import { compareEstimates, type CostComparison } from './comparison.js'
import { estimateScenario, rateKeysFor } from './estimate.js'
import { costOutputs } from './outputs.js'
import { BUNDLED_PRICE_TABLE, type PriceTable } from './price-table.js'
import { loadRates, type PriceSourceChoice } from './rates.js'
import { costHeadline, costReport } from './report.js'
import { commitmentOptions } from './savings.js'
import { unpricedText, withCompleteness } from './savings-estimate.js'
import { buildScenarios, type ScenarioRequest } from './scenarios.js'

export interface CostEstimateRequest extends ScenarioRequest {
  region: string
  priceSource: PriceSourceChoice
  /** Overrides the table's Spot rates with a discount off on-demand. */
  spotDiscountPercent?: number
  budget: BudgetLimits
  comment: CommentRequest
}

export interface CostEstimateDeps {
  clients: CostClients
  log: Logger
  /** The bundled table by default. */
  table?: PriceTable
  now?: () => Date
  roots?: PathRoots
}

export interface CostEstimate {
  comparison: CostComparison
  /** The full report, for the job summary. */
  markdown: string
  outputs: Record<string, string | number>
  comment: CommentDecision
  /** Checked here, enforced by the caller once everything is reported. */
  budget: BudgetVerdict
}

/** The headline and the "after" line items, in the log. */
function logEstimate(comparison: CostComparison, log: Logger): void {
  log.info(`${comparison.subject}: ${costHeadline(comparison)}`)
  for (const line of comparison.after.lines) {
    log.info(
      `  ${line.component}: ${line.detail} × ${line.rate.usd} $/${line.rate.unit} = $${line.monthly.toFixed(2)}/month (${line.rate.source})`
    )
  }
}

/** Prices the service after (and before) the change and decides what to report and post. */
export async function estimateCost(
  request: CostEstimateRequest,
  deps: CostEstimateDeps
): Promise<CostEstimate> {
  const { log, clients } = deps
  const table = deps.table ?? BUNDLED_PRICE_TABLE
  const scenarios = await buildScenarios(request, deps)
  const keys = [scenarios.after, scenarios.before].flatMap((s) =>
    s === undefined ? [] : rateKeysFor(s)
  )
  const book = await log.group(
    `Prices for ${request.region} (price-source: ${request.priceSource})`,
    () =>
      loadRates({
        region: request.region,
        keys,
        choice: request.priceSource,
        table,
        pricingClient: clients.pricing,
        log
      })
  )
  const options = { spotDiscountPercent: request.spotDiscountPercent }
  const after = estimateScenario(scenarios.after, book, options)
  const before =
    scenarios.before === undefined ? undefined : estimateScenario(scenarios.before, book, options)
  const comparison = compareEstimates({
    subject: scenarios.subject,
    after,
    before,
    book,
    table,
    now: deps.now?.() ?? new Date()
  })
  // Checked before the report is written, so a budget an incomplete estimate fails leads it.
  const budget = incompleteBudget(
    evaluateBudget(comparison, request.budget),
    comparison.subject,
    budgetIsSet(request.budget) ? unpricedText(book) : ''
  )
  const markdown = costReport(comparison, { budget })
  logEstimate(comparison, log)
  return withCompleteness(
    {
      comparison,
      markdown,
      outputs: costOutputs(comparison, markdown),
      comment: commentPolicy(request.comment, comparison, budget),
      budget
    },
    {
      book,
      table,
      commitments: commitmentOptions(after, book, table),
      log
    }
  )
}
