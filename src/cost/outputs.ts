import type { BudgetVerdict } from './budget.js'
import type { CostComparison } from './comparison.js'
import { comparisonJson } from './json.js'

/** The estimate-cost outputs, by output name; empty strings where there is no "before". */
export function costOutputs(
  comparison: CostComparison,
  markdown: string
): Record<string, string | number> {
  const { after, before } = comparison
  return {
    'monthly-cost': after.monthly,
    'monthly-cost-before': before?.monthly ?? '',
    'monthly-delta': comparison.delta ?? '',
    'monthly-delta-percent': comparison.deltaPercent ?? '',
    'monthly-min': after.monthlyMin,
    'monthly-max': after.monthlyMax,
    'yearly-cost': after.yearly,
    'price-source': comparison.fargatePriceOrigin === 'price-list-api' ? 'api' : 'table',
    estimate: JSON.stringify(comparisonJson(comparison)),
    markdown
  }
}

/** `budget-exceeded`: whether the budget failed (over a limit, or it could not be checked). */
export function budgetOutputs(verdict: BudgetVerdict): Record<string, string> {
  return { 'budget-exceeded': verdict.failures.length > 0 ? 'true' : 'false' }
}
