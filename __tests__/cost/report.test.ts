import { describe, expect, test } from '@jest/globals'
import { budgetLine, evaluateBudget } from '../../src/cost/budget.js'
import { compareEstimates, type CostComparison } from '../../src/cost/comparison.js'
import { estimateScenario } from '../../src/cost/estimate.js'
import { formatRate, formatSignedPercent, formatSignedUsd } from '../../src/cost/format.js'
import { BUNDLED_PRICE_TABLE } from '../../src/cost/price-table.js'
import { costHeadline, costReport } from '../../src/cost/report.js'
import { seedScenario, tableBook } from './helpers.js'

const NOW = new Date('2026-11-23T00:00:00Z')

async function comparison(
  beforeCount: number | undefined,
  afterCount: number
): Promise<CostComparison> {
  const book = await tableBook('eu-west-3')
  const at = (count: number, label: string) =>
    estimateScenario(
      seedScenario({ label, desiredCount: count, minCount: count, maxCount: count }),
      book
    )
  return compareEstimates({
    subject: 'banana-cluster/banana-front-service',
    after: at(afterCount, 'After'),
    before: beforeCount === undefined ? undefined : at(beforeCount, 'Before'),
    book,
    table: BUNDLED_PRICE_TABLE,
    now: NOW
  })
}

describe('headline', () => {
  test('an increase, a decrease, no change, no before', async () => {
    const up = await comparison(2, 3)
    expect(costHeadline(up)).toBe(
      `+$${up.delta?.toFixed(2)}/month (+${Math.round(up.deltaPercent ?? 0)}%)`
    )
    const down = await comparison(4, 3)
    expect(costHeadline(down)).toBe(
      `-$${Math.abs(down.delta ?? 0).toFixed(2)}/month (${Math.round(down.deltaPercent ?? 0)}%)`
    )
    const same = await comparison(2, 2)
    expect(costHeadline(same)).toBe(`no change ($${same.after.monthly.toFixed(2)}/month)`)
    const fresh = await comparison(undefined, 2)
    expect(costHeadline(fresh)).toBe(`$${fresh.after.monthly.toFixed(2)}/month`)
    expect(costReport(fresh)).not.toContain('Before')
  })

  test('formatting: thousands, small percents, rates with every published digit', () => {
    expect(formatSignedUsd(1234.5)).toBe('+$1,234.50')
    expect(formatSignedUsd(-0.001)).toBe('$0.00')
    expect(formatSignedPercent(4.44)).toBe('+4.4%')
    expect(formatSignedPercent(-19.4)).toBe('-19%')
    expect(formatRate(0.000111)).toBe('$0.000111')
    expect(formatRate(0.04048)).toBe('$0.04048')
  })
})

describe('budget gate', () => {
  test('fails above max-monthly-cost, warns from 90% of it, silent below', async () => {
    const c = await comparison(2, 2)
    const monthly = c.after.monthly
    expect(evaluateBudget(c, { maxMonthlyCost: monthly - 0.01 }).failures).toEqual([
      expect.stringMatching(
        /^Budget exceeded: banana-cluster\/banana-front-service: \$[\d.]+\/month against a limit of \$/
      )
    ])
    expect(evaluateBudget(c, { maxMonthlyCost: monthly / 0.95 })).toMatchObject({
      failures: [],
      warnings: [expect.stringMatching(/^Close to the budget/)]
    })
    expect(evaluateBudget(c, { maxMonthlyCost: monthly * 2 })).toMatchObject({
      failures: [],
      warnings: []
    })
  })

  test('fails when the increase is above max-increase-percent; a decrease never warns', async () => {
    const up = await comparison(2, 3)
    expect(evaluateBudget(up, { maxIncreasePercent: 40 }).failures).toEqual([
      expect.stringMatching(/^Cost increase too large: .*: \+50% a month against a limit of \+40%/)
    ])
    expect(evaluateBudget(up, { maxIncreasePercent: 55 }).warnings).toEqual([
      expect.stringMatching(/^Cost increase close to the limit/)
    ])
    const down = await comparison(4, 2)
    expect(evaluateBudget(down, { maxIncreasePercent: 0 })).toMatchObject({
      failures: [],
      warnings: []
    })
  })

  test('says max-increase-percent was not checked when there is nothing to compare with', async () => {
    const alone = await comparison(undefined, 3)
    expect(evaluateBudget(alone, { maxIncreasePercent: 10 })).toMatchObject({
      failures: [],
      warnings: [
        expect.stringMatching(
          /max-increase-percent \(\+10%\) was not checked: there is no "before" to compare with/
        )
      ]
    })
    const fromZero = await comparison(0, 3)
    expect(evaluateBudget(fromZero, { maxIncreasePercent: 10 }).warnings).toEqual([
      expect.stringContaining('the "before" costs $0.00 a month')
    ])
    expect(evaluateBudget(alone, {})).toEqual({ checks: [], failures: [], warnings: [] })
  })

  test('states every gate and its verdict in one line, closed gates first', async () => {
    const up = await comparison(2, 4)
    const monthly = up.after.monthly
    const closed = evaluateBudget(up, { maxMonthlyCost: monthly * 2, maxIncreasePercent: 25 })
    expect(budgetLine(closed)).toBe(
      `❌ +100% exceeds the 25% limit (max-increase-percent); ✅ $${monthly.toFixed(2)}/month within the $${(monthly * 2).toFixed(2)} limit (max-monthly-cost)`
    )
    const small = await comparison(100, 103)
    expect(budgetLine(evaluateBudget(small, { maxIncreasePercent: 25 }))).toBe(
      '✅ +3% within the 25% limit (max-increase-percent)'
    )
    const over = evaluateBudget(small, { maxMonthlyCost: 1 })
    expect(budgetLine(over)).toMatch(
      /^❌ \$[\d,.]+\/month exceeds the \$1\.00 limit \(max-monthly-cost\)$/
    )
    const alone = await comparison(undefined, 3)
    expect(budgetLine(evaluateBudget(alone, { maxIncreasePercent: 10 }))).toMatch(
      /^➖ the 10% limit \(max-increase-percent\) was not checked: there is no "before"/
    )
    expect(budgetLine(evaluateBudget(alone, {}))).toBeUndefined()
  })
})

describe('report heading', () => {
  test('a closed gate is the first line; a passed one is stated under the cost heading', async () => {
    const up = await comparison(2, 4)
    const failed = costReport(up, { budget: evaluateBudget(up, { maxIncreasePercent: 25 }) })
    expect(failed.split('\n')[0]).toBe(
      '## estimate-cost: ❌ +100% exceeds the 25% limit (max-increase-percent)'
    )
    expect(failed).toContain(`**Cost of banana-cluster/banana-front-service: ${costHeadline(up)}**`)
    const passed = costReport(up, { budget: evaluateBudget(up, { maxIncreasePercent: 150 }) })
    expect(passed.split('\n')[0]).toBe(
      `## estimate-cost: banana-cluster/banana-front-service: ${costHeadline(up)}`
    )
    expect(passed).toContain('**Budget**: ✅ +100% within the 150% limit (max-increase-percent)')
    expect(costReport(up)).not.toContain('**Budget**')
  })

  test('one heading structure: ## then ###, no jump', async () => {
    const up = await comparison(2, 3)
    const levels = costReport(up)
      .split('\n')
      .filter((line) => /^#+ /.test(line))
      .map((line) => line.indexOf(' '))
    expect(levels[0]).toBe(2)
    for (let i = 1; i < levels.length; i += 1)
      expect((levels[i] ?? 0) - (levels[i - 1] ?? 0)).toBeLessThanOrEqual(1)
  })

  test('a total that is not a finite number fails a budget that is set (NaN passes no limit)', async () => {
    const c = await comparison(2, 2)
    const broken = { ...c, after: { ...c.after, monthly: Number.NaN } }
    for (const limits of [{ maxMonthlyCost: 1_000_000 }, { maxIncreasePercent: 1000 }]) {
      expect(evaluateBudget(broken, limits)).toEqual({
        checks: [
          {
            input: 'maxMonthlyCost' in limits ? 'max-monthly-cost' : 'max-increase-percent',
            passed: false,
            line: '❌ cannot check the budget: the monthly cost is not a finite number'
          }
        ],
        failures: [
          'banana-cluster/banana-front-service: cannot check the budget: the monthly cost is not a finite number.'
        ],
        warnings: []
      })
    }
    const infinite = { ...c, deltaPercent: Number.POSITIVE_INFINITY }
    expect(evaluateBudget(infinite, { maxIncreasePercent: 10 }).failures).toEqual([
      expect.stringContaining('the monthly delta percent is not a finite number')
    ])
    expect(evaluateBudget(broken, {})).toEqual({ checks: [], failures: [], warnings: [] })
  })
})
