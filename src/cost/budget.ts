import type { CostComparison } from './comparison.js'
import { formatSignedPercent, formatUsd } from './format.js'

export interface BudgetLimits {
  maxMonthlyCost?: number
  maxIncreasePercent?: number
}

/** A warning starts at 90% of a limit, so a team hears about it before the gate closes. */
export const WARN_AT_FRACTION = 0.9

/** One gate that is set: its verdict in one line a reader takes in at a glance. */
export interface BudgetCheck {
  /** The input that sets the gate. */
  input: 'max-monthly-cost' | 'max-increase-percent'
  /** false: the gate closed; undefined: it could not be checked. */
  passed?: boolean
  /** "❌ +100% exceeds the 25% limit", "✅ +3% within the 25% limit", "➖ … not checked: …". */
  line: string
}

export interface BudgetVerdict {
  /** Every gate that is set, in input order, whether it passed or not. */
  checks: BudgetCheck[]
  failures: string[]
  warnings: string[]
}

function monthlyGate(comparison: CostComparison, limit: number, verdict: BudgetVerdict): void {
  const monthly = comparison.after.monthly
  const text = `${comparison.subject}: ${formatUsd(monthly)}/month against a limit of ${formatUsd(limit)} (max-monthly-cost)`
  const passed = monthly <= limit
  const relation = passed ? 'within' : 'exceeds'
  verdict.checks.push({
    input: 'max-monthly-cost',
    passed,
    line: `${passed ? '✅' : '❌'} ${formatUsd(monthly)}/month ${relation} the ${formatUsd(limit)} limit (max-monthly-cost)`
  })
  if (!passed) verdict.failures.push(`Budget exceeded: ${text}.`)
  else if (monthly >= limit * WARN_AT_FRACTION)
    verdict.warnings.push(`Close to the budget: ${text}.`)
}

function increaseGate(comparison: CostComparison, limit: number, verdict: BudgetVerdict): void {
  const percent = comparison.deltaPercent
  if (percent === undefined) {
    // A gate that cannot be checked must not look like a gate that passed.
    const why =
      comparison.before === undefined
        ? 'there is no "before" to compare with (no service, before: none, or nothing deployed yet)'
        : 'the "before" costs $0.00 a month, so an increase has no percentage'
    verdict.checks.push({
      input: 'max-increase-percent',
      line: `➖ the ${limit}% limit (max-increase-percent) was not checked: ${why}`
    })
    verdict.warnings.push(
      `${comparison.subject}: max-increase-percent (+${limit}%) was not checked: ${why}.`
    )
    return
  }
  const passed = percent <= limit
  const change = percent === 0 ? 'no change' : formatSignedPercent(percent)
  verdict.checks.push({
    input: 'max-increase-percent',
    passed,
    line: `${passed ? '✅' : '❌'} ${change} ${passed ? 'within' : 'exceeds'} the ${limit}% limit (max-increase-percent)`
  })
  const text = `${comparison.subject}: +${percent}% a month against a limit of +${limit}% (max-increase-percent)`
  if (!passed) verdict.failures.push(`Cost increase too large: ${text}.`)
  else if (percent > 0 && percent >= limit * WARN_AT_FRACTION) {
    verdict.warnings.push(`Cost increase close to the limit: ${text}.`)
  }
}

/** Checks the estimate at the desired task count against the limits that are set. */
export function evaluateBudget(comparison: CostComparison, limits: BudgetLimits): BudgetVerdict {
  const verdict: BudgetVerdict = { checks: [], failures: [], warnings: [] }
  const { maxMonthlyCost, maxIncreasePercent } = limits
  if (maxMonthlyCost !== undefined) monthlyGate(comparison, maxMonthlyCost, verdict)
  if (maxIncreasePercent !== undefined) increaseGate(comparison, maxIncreasePercent, verdict)
  return verdict
}

/** The gates that closed first, then the others; undefined when no gate is set. */
export function budgetLine(verdict: BudgetVerdict): string | undefined {
  if (verdict.checks.length === 0) return undefined
  const ordered = [
    ...verdict.checks.filter((check) => check.passed === false),
    ...verdict.checks.filter((check) => check.passed !== false)
  ]
  return ordered.map((check) => check.line).join('; ')
}

/** True when a gate closed: the report then leads with the verdict. */
export function budgetFailed(verdict: BudgetVerdict): boolean {
  return verdict.checks.some((check) => check.passed === false)
}
