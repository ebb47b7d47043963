import type { CostComparison } from './comparison.js'
import { formatUsd } from './format.js'

export interface BudgetLimits {
  maxMonthlyCost?: number
  maxIncreasePercent?: number
}

/** A warning starts at 90% of a limit, so a team hears about it before the gate closes. */
export const WARN_AT_FRACTION = 0.9

export interface BudgetVerdict {
  failures: string[]
  warnings: string[]
}

export function budgetIsSet(limits: BudgetLimits): boolean {
  return limits.maxMonthlyCost !== undefined || limits.maxIncreasePercent !== undefined
}

/** The totals a budget reads that are not finite numbers, by name ("after monthly"). */
function nonFiniteTotals(comparison: CostComparison): string[] {
  const totals: [string, number | undefined][] = [
    ['monthly cost', comparison.after.monthly],
    ['monthly cost before', comparison.before?.monthly],
    ['monthly delta', comparison.delta],
    ['monthly delta percent', comparison.deltaPercent]
  ]
  return totals.flatMap(([name, value]) =>
    value === undefined || Number.isFinite(value) ? [] : [name]
  )
}

/** Checks the estimate at the desired task count against the limits that are set. */
export function evaluateBudget(comparison: CostComparison, limits: BudgetLimits): BudgetVerdict {
  if (!budgetIsSet(limits)) return { failures: [], warnings: [] }
  const broken = nonFiniteTotals(comparison)
  if (broken.length > 0) {
    // NaN compares false with every limit: without this, a broken total would pass any budget.
    return {
      failures: [
        `${comparison.subject}: cannot check the budget: the ${broken.join(', ')} is not a finite number.`
      ],
      warnings: []
    }
  }
  const verdict: BudgetVerdict = { failures: [], warnings: [] }
  checkMonthly(comparison, limits, verdict)
  checkIncrease(comparison, limits, verdict)
  return verdict
}

function checkMonthly(comparison: CostComparison, limits: BudgetLimits, verdict: BudgetVerdict) {
  const monthly = comparison.after.monthly
  const { maxMonthlyCost } = limits
  if (maxMonthlyCost === undefined) return
  const text = `${comparison.subject}: ${formatUsd(monthly)}/month against a limit of ${formatUsd(maxMonthlyCost)} (max-monthly-cost)`
  if (monthly > maxMonthlyCost) verdict.failures.push(`Budget exceeded: ${text}.`)
  else if (monthly >= maxMonthlyCost * WARN_AT_FRACTION)
    verdict.warnings.push(`Close to the budget: ${text}.`)
}

function checkIncrease(comparison: CostComparison, limits: BudgetLimits, verdict: BudgetVerdict) {
  const percent = comparison.deltaPercent
  const { maxIncreasePercent } = limits
  if (maxIncreasePercent === undefined) return
  if (percent === undefined) {
    // A gate that cannot be checked must not look like a gate that passed.
    const why =
      comparison.before === undefined
        ? 'there is no "before" to compare with (no service, before: none, or nothing deployed yet)'
        : 'the "before" costs $0.00 a month, so an increase has no percentage'
    verdict.warnings.push(
      `${comparison.subject}: max-increase-percent (+${maxIncreasePercent}%) was not checked: ${why}.`
    )
    return
  }
  const text = `${comparison.subject}: +${percent}% a month against a limit of +${maxIncreasePercent}% (max-increase-percent)`
  if (percent > maxIncreasePercent) verdict.failures.push(`Cost increase too large: ${text}.`)
  else if (percent > 0 && percent >= maxIncreasePercent * WARN_AT_FRACTION) {
    verdict.warnings.push(`Cost increase close to the limit: ${text}.`)
  }
}

/**
 * An unpriced line counts as $0, so any total passes: with a budget set, an incomplete estimate
 * fails the budget instead of passing it unchecked.
 */
export function incompleteBudget(
  verdict: BudgetVerdict,
  subject: string,
  /** What has no price ("Fargate vCPU (Linux, x86) in eu-central-2"), or '' when all do. */
  unpriced: string
): BudgetVerdict {
  if (unpriced === '') return verdict
  return {
    ...verdict,
    failures: [
      ...verdict.failures,
      `${subject}: cannot check the budget: the estimate is incomplete — no price for ${unpriced}; set price-source or remove the budget (max-monthly-cost / max-increase-percent).`
    ]
  }
}
