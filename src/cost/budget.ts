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

/** A gate that could not be checked for a reason that must stop it: it fails, said plainly. */
function uncheckable(
  verdict: BudgetVerdict,
  subject: string,
  why: string,
  input: BudgetCheck['input']
): BudgetVerdict {
  return {
    ...verdict,
    checks: [
      ...verdict.checks,
      { input, passed: false, line: `❌ cannot check the budget: ${why}` }
    ],
    failures: [...verdict.failures, `${subject}: cannot check the budget: ${why}.`]
  }
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
  if (!budgetIsSet(limits)) return verdict
  const { maxMonthlyCost, maxIncreasePercent } = limits
  const broken = nonFiniteTotals(comparison)
  // NaN compares false with every limit: without this, a broken total would pass any budget.
  if (broken.length > 0)
    return uncheckable(
      verdict,
      comparison.subject,
      `the ${broken.join(', ')} is not a finite number`,
      maxMonthlyCost !== undefined ? 'max-monthly-cost' : 'max-increase-percent'
    )
  if (maxMonthlyCost !== undefined) monthlyGate(comparison, maxMonthlyCost, verdict)
  if (maxIncreasePercent !== undefined) increaseGate(comparison, maxIncreasePercent, verdict)
  return verdict
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
  return uncheckable(
    verdict,
    subject,
    `the estimate is incomplete — no price for ${unpriced}; set price-source or remove the budget (max-monthly-cost / max-increase-percent)`,
    verdict.checks[0]?.input ?? 'max-monthly-cost'
  )
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
