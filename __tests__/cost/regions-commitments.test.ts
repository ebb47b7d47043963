// Every region gets an estimate (an unpriced one says it is incomplete instead of failing), and
// the estimate shows what Compute Savings Plans and the Spot share would save, with sources.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import type { CostClients } from '../../src/cost/clients.js'
import type { BudgetLimits } from '../../src/cost/budget.js'
import { BUNDLED_PRICE_TABLE, type PriceTable } from '../../src/cost/price-table.js'
import { estimateCost, type CostEstimateRequest } from '../../src/cost/run-estimate.js'
import { NO_EXTRAS, type CapacityShare } from '../../src/cost/scenario.js'
import { recordingLogger } from '../../src/shared/logger.js'
import { SEED_TASK_DEFINITION, cents, tableRate } from './helpers.js'

let workspace: string

beforeAll(() => {
  workspace = mkdtempSync(join(tmpdir(), 'cost-regions-'))
  writeFileSync(join(workspace, 'seed.json'), JSON.stringify(SEED_TASK_DEFINITION))
})

afterAll(() => rmSync(workspace, { recursive: true, force: true }))

const noAws: CostClients = {
  ecs: () => {
    throw new Error('no ECS call expected')
  },
  autoscaling: () => {
    throw new Error('no Application Auto Scaling call expected')
  },
  pricing: () => {
    throw new Error('the table path must not create a Pricing client')
  },
  elbv2: () => Promise.reject(new Error('no load balancer read expected')),
  cloudwatch: () => Promise.reject(new Error('no CloudWatch read expected')),
  logs: () => Promise.reject(new Error('no CloudWatch Logs read expected')),
  ecr: () => Promise.reject(new Error('no ECR read expected'))
}

async function estimate(
  region: string,
  options: {
    table?: PriceTable
    capacity?: CapacityShare[]
    desiredCount?: number
    budget?: BudgetLimits
  } = {}
) {
  const log = recordingLogger()
  const request: CostEstimateRequest = {
    region,
    cluster: 'banana-cluster',
    taskDefinition: 'seed.json',
    before: 'none',
    desiredCount: options.desiredCount ?? 2,
    capacity: options.capacity,
    extras: NO_EXTRAS,
    priceSource: 'table',
    budget: options.budget ?? { maxMonthlyCost: 1000 },
    comment: { wanted: true, onPullRequest: true, hasToken: true }
  }
  const result = await estimateCost(request, {
    clients: noAws,
    log,
    table: options.table,
    roots: { workspace, runnerTemp: workspace },
    now: () => new Date('2026-12-02T00:00:00Z')
  })
  const json = JSON.parse(String(result.outputs['estimate'])) as {
    incomplete: boolean
    unpriced: { key: string }[]
    commitments: { id: string; source: string; date: string; discountPercent: number }[]
  }
  const body = result.comment.post ? result.comment.body : ''
  return { ...result, json, body, lines: log.lines }
}

// The seed: 2 tasks × (0.25 vCPU + 0.5 GB), Linux x86, all month.
const seedMonthly = (region: string) =>
  cents(2 * 0.25 * tableRate(region, 'fargate-linux-x86-vcpu') * 730) +
  cents(2 * 0.5 * tableRate(region, 'fargate-linux-x86-gb') * 730)

describe('every region gets an estimate from the bundled table', () => {
  test.each(['eu-central-2', 'me-central-1', 'ap-southeast-3', 'us-east-1'])(
    '%s: the estimate succeeds, complete exactly when the table prices the region',
    async (region) => {
      const result = await estimate(region)
      const priced = BUNDLED_PRICE_TABLE.regions[region]?.['fargate-linux-x86-vcpu'] !== undefined
      expect(result.outputs['incomplete']).toBe(priced ? 'false' : 'true')
      expect(result.json.incomplete).toBe(!priced)
      // Unpriced lines count as $0: a budget set on an incomplete estimate fails, unchecked.
      expect(result.budget.failures.map((f) => f.includes('cannot check the budget'))).toEqual(
        priced ? [] : [true]
      )
      expect(result.outputs['budget-exceeded']).toBe(priced ? 'false' : 'true')
      expect(result.outputs['monthly-cost']).toBe(priced ? seedMonthly(region) : 0)
      expect(result.lines.some((line) => line.startsWith('warning: Incomplete'))).toBe(!priced)
    }
  )

  test('a region the table lacks: a warning, and "incomplete" in the report, outputs and comment', async () => {
    const table = structuredClone(BUNDLED_PRICE_TABLE)
    delete table.regions['eu-west-3']
    const result = await estimate('eu-west-3', { table })
    expect(result.lines).toContainEqual(
      expect.stringMatching(
        /^warning: Incomplete estimate: no price for Fargate vCPU \(Linux, x86\), Fargate memory \(Linux, x86\) in eu-west-3; .*The bundled table has no prices for eu-west-3/
      )
    )
    expect(result.outputs['incomplete']).toBe('true')
    expect(result.json.unpriced.map((rate) => rate.key)).toEqual([
      'fargate-linux-x86-vcpu',
      'fargate-linux-x86-gb'
    ])
    expect(result.markdown).toMatch(/^> \[!WARNING\]\n> Incomplete estimate/)
    expect(String(result.outputs['markdown'])).toContain('Incomplete estimate')
    expect(result.body).toMatch(/^> \[!WARNING\]\n> Incomplete estimate/)
    expect(result.outputs['monthly-cost']).toBe(0)
    expect(result.budget.failures).toEqual([
      'banana-front: cannot check the budget: the estimate is incomplete — no price for Fargate vCPU (Linux, x86), Fargate memory (Linux, x86) in eu-west-3; set price-source or remove the budget (max-monthly-cost / max-increase-percent).'
    ])
    expect(result.outputs['budget-exceeded']).toBe('true')
    // The verdict is the report's heading, right under the warning banner.
    expect(result.markdown).toMatch(
      /\n## estimate-cost: ❌ cannot check the budget: the estimate is incomplete/
    )
    expect(result.markdown).toContain('| **no price** (incomplete) |')
  })

  test('without a budget, an incomplete estimate passes: nothing to check', async () => {
    const result = await estimate('eu-central-2', { budget: {} })
    expect(result.outputs['incomplete']).toBe('true')
    expect(result.budget).toEqual({ checks: [], failures: [], warnings: [] })
    expect(result.outputs['budget-exceeded']).toBe('false')
  })

  test('max-increase-percent alone also fails on an incomplete estimate', async () => {
    const result = await estimate('eu-central-2', { budget: { maxIncreasePercent: 500 } })
    expect(result.budget.failures).toEqual([expect.stringContaining('cannot check the budget')])
  })

  test('a priced region has no warning banner', async () => {
    const result = await estimate('eu-west-3')
    expect(result.outputs['incomplete']).toBe('false')
    expect(result.markdown).not.toContain('Incomplete estimate')
    expect(result.lines.filter((line) => line.startsWith('warning:'))).toEqual([])
  })
})

describe('what a commitment would save', () => {
  test('1- and 3-year Compute Savings Plans, each with its discount, source and date', async () => {
    const result = await estimate('us-east-1')
    const monthly = Number(result.outputs['monthly-cost'])
    const plans = BUNDLED_PRICE_TABLE.savingsPlans ?? {}
    const oneYear = plans['compute-1yr-no-upfront']?.['default']
    const threeYears = plans['compute-3yr-no-upfront']?.['default']
    if (oneYear === undefined || threeYears === undefined) throw new Error('table has no plans')
    const source = BUNDLED_PRICE_TABLE.sources[oneYear.source]?.title ?? ''

    expect(result.outputs['savings-plan-1yr-monthly']).toBe(
      cents(monthly - cents((monthly * oneYear.discountPercent) / 100))
    )
    expect(result.outputs['savings-plan-3yr-monthly']).toBe(
      cents(monthly - cents((monthly * threeYears.discountPercent) / 100))
    )
    expect(result.json.commitments).toEqual([
      expect.objectContaining({
        id: 'compute-1yr-no-upfront',
        discountPercent: oneYear.discountPercent,
        source,
        date: oneYear.date
      }),
      expect.objectContaining({
        id: 'compute-3yr-no-upfront',
        discountPercent: threeYears.discountPercent,
        date: threeYears.date
      })
    ])
    for (const text of [result.markdown, result.body]) {
      expect(text).toContain('### What a commitment would save')
      expect(text).toMatch(
        new RegExp(
          `\\| Compute Savings Plan, 1 year, no upfront \\| 100% of tasks \\| ${oneYear.discountPercent}% \\|.*${oneYear.date}`
        )
      )
      expect(text).toContain('| Compute Savings Plan, 3 years, no upfront |')
    }
    expect(result.lines).toContainEqual(
      expect.stringMatching(/Compute Savings Plan, 1 year, no upfront: saves \$\d+\.\d\d\/month/)
    )
  })

  test('the Spot share of the strategy: its saving against on-demand, and plans cover the rest', async () => {
    const capacity: CapacityShare[] = [
      { provider: 'FARGATE', weight: 1, base: 1 },
      { provider: 'FARGATE_SPOT', weight: 1, base: 0 }
    ]
    const result = await estimate('us-east-1', { capacity, desiredCount: 3 })
    const spot = (result.comparison.after.lines ?? []).filter((line) =>
      line.rate.key.startsWith('fargate-spot-')
    )
    // 1 task on Spot: 0.25 vCPU + 0.5 GB at the on-demand rates, less what the Spot lines cost.
    const onDemand =
      0.25 * tableRate('us-east-1', 'fargate-linux-x86-vcpu') * 730 +
      0.5 * tableRate('us-east-1', 'fargate-linux-x86-gb') * 730
    const spotCost = spot.reduce((sum, line) => sum + line.monthly, 0)
    const option = (
      result.json.commitments as unknown as {
        id: string
        sharePercent: number
        saving: number
        source: string
      }[]
    ).find((entry) => entry.id === 'fargate-spot')
    expect(option).toMatchObject({
      sharePercent: 33.3,
      saving: cents(onDemand - spotCost),
      source: spot[0]?.rate.source
    })
    expect(result.json.commitments.find((entry) => entry.id === 'compute-1yr-no-upfront')).toEqual(
      expect.objectContaining({ sharePercent: 66.7 })
    )
    expect(result.markdown).toContain(
      '| Fargate Spot (the capacity-provider strategy share) | 33.3% of tasks |'
    )
  })
})
