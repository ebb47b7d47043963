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

/** Checks the estimate at the desired task count against the limits that are set. */
export function evaluateBudget(comparison: CostComparison, limits: BudgetLimits): BudgetVerdict {
  const verdict: BudgetVerdict = { failures: [], warnings: [] }
  const monthly = comparison.after.monthly
  const { maxMonthlyCost, maxIncreasePercent } = limits
  if (maxMonthlyCost !== undefined) {
    const text = `${comparison.subject}: ${formatUsd(monthly)}/month against a limit of ${formatUsd(maxMonthlyCost)} (max-monthly-cost)`
    if (monthly > maxMonthlyCost) verdict.failures.push(`Budget exceeded: ${text}.`)
    else if (monthly >= maxMonthlyCost * WARN_AT_FRACTION)
      verdict.warnings.push(`Close to the budget: ${text}.`)
  }
  const percent = comparison.deltaPercent
  if (maxIncreasePercent !== undefined && percent === undefined) {
    // A gate that cannot be checked must not look like a gate that passed.
    const why =
      comparison.before === undefined
        ? 'there is no "before" to compare with (no service, before: none, or nothing deployed yet)'
        : 'the "before" costs $0.00 a month, so an increase has no percentage'
    verdict.warnings.push(
      `${comparison.subject}: max-increase-percent (+${maxIncreasePercent}%) was not checked: ${why}.`
    )
  }
  if (maxIncreasePercent !== undefined && percent !== undefined) {
    const text = `${comparison.subject}: +${percent}% a month against a limit of +${maxIncreasePercent}% (max-increase-percent)`
    if (percent > maxIncreasePercent) verdict.failures.push(`Cost increase too large: ${text}.`)
    else if (percent > 0 && percent >= maxIncreasePercent * WARN_AT_FRACTION) {
      verdict.warnings.push(`Cost increase close to the limit: ${text}.`)
    }
  }
  return verdict
}
