import { describe, expect, test } from '@jest/globals'
import { compareEstimates } from '../../src/cost/comparison.js'
import { estimateScenario } from '../../src/cost/estimate.js'
import { BUNDLED_PRICE_TABLE } from '../../src/cost/price-table.js'
import { costReport } from '../../src/cost/report.js'
import { cents, seedScenario, tableBook, tableRate } from './helpers.js'

const NOW = new Date('2026-11-23T12:00:00Z')
const REGION = 'eu-west-3'

describe('the seed service (2 tasks, 256 CPU / 512 MB, Linux x86, eu-west-3)', () => {
  test('is priced line by line from the table, at 730 hours a month', async () => {
    const book = await tableBook(REGION)
    const estimate = estimateScenario(seedScenario(), book)
    const vcpuRate = tableRate(REGION, 'fargate-linux-x86-vcpu')
    const gbRate = tableRate(REGION, 'fargate-linux-x86-gb')

    expect(
      estimate.lines.map((line) => [line.component, line.quantity, line.rate.usd, line.monthly])
    ).toEqual([
      ['Fargate vCPU (Linux/x86)', 0.5, vcpuRate, cents(0.5 * vcpuRate * 730)],
      ['Fargate memory (Linux/x86)', 1, gbRate, cents(1 * gbRate * 730)]
    ])
    expect(estimate.monthly).toBe(cents(cents(0.5 * vcpuRate * 730) + cents(gbRate * 730)))
    expect(estimate.yearly).toBe(cents(estimate.monthly * 12))
    expect(estimate.lines.every((line) => line.rate.origin === 'price-table')).toBe(true)
    // A common guess ($29/month) applies the per-vCPU-hour rate to whole tasks.
    expect(estimate.monthly).toBeLessThan(29)
  })

  test('the markdown shows every rate, its unit and its source', async () => {
    const book = await tableBook(REGION)
    const after = estimateScenario(seedScenario(), book)
    const markdown = costReport(
      compareEstimates({
        subject: 'banana-cluster/banana-front-service',
        after,
        book,
        table: BUNDLED_PRICE_TABLE,
        now: NOW
      })
    )
    const vcpuEntry = BUNDLED_PRICE_TABLE.regions[REGION]?.['fargate-linux-x86-vcpu']
    expect(markdown).toContain(`$${tableRate(REGION, 'fargate-linux-x86-vcpu')} / vCPU-hour`)
    expect(markdown).toContain(`$${tableRate(REGION, 'fargate-linux-x86-gb')} / GB-hour`)
    expect(markdown).toContain('2 tasks × 0.25 vCPU × 730 h')
    expect(markdown).toContain('2 tasks × 0.5 GB × 730 h')
    expect(markdown).toContain(
      `[price table](${BUNDLED_PRICE_TABLE.sources[vcpuEntry?.source ?? '']?.url})`
    )
    expect(markdown).toContain(`prices as of ${BUNDLED_PRICE_TABLE.pricesAsOf}`)
    const ageDays = Math.floor(
      (NOW.getTime() - Date.parse(BUNDLED_PRICE_TABLE.pricesAsOf)) / 86_400_000
    )
    expect(markdown).toContain(
      `prices as of ${BUNDLED_PRICE_TABLE.pricesAsOf}, ${ageDays} days old`
    )
    expect(markdown).toContain(`**$${after.monthly.toFixed(2)}**`)
  })
})

describe('changes against the seed', () => {
  test('cpu 256 → 512 (memory 1024) shows the delta and its percent', async () => {
    const book = await tableBook(REGION)
    const before = estimateScenario(seedScenario({ label: 'Before' }), book)
    const after = estimateScenario(seedScenario({}, { cpu: '512', memory: '1024' }), book)
    const comparison = compareEstimates({
      subject: 'banana-front-service',
      before,
      after,
      book,
      table: BUNDLED_PRICE_TABLE,
      now: NOW
    })

    const vcpuRate = tableRate(REGION, 'fargate-linux-x86-vcpu')
    const gbRate = tableRate(REGION, 'fargate-linux-x86-gb')
    expect(after.monthly).toBe(cents(cents(2 * 0.5 * vcpuRate * 730) + cents(2 * 1 * gbRate * 730)))
    expect(comparison.delta).toBe(cents(after.monthly - before.monthly))
    expect(comparison.deltaPercent).toBe(
      Math.round(((after.monthly - before.monthly) / before.monthly) * 1000) / 10
    )
    const markdown = costReport(comparison)
    expect(markdown).toContain(
      `+$${comparison.delta?.toFixed(2)}/month (+${Math.round(comparison.deltaPercent ?? 0)}%)`
    )
    expect(markdown).toContain('Before: line items')
  })

  test('cpu 512 with the seed memory of 512 is not a Fargate size', () => {
    expect(() => seedScenario({}, { cpu: '512' })).toThrow(
      /banana-front.json: memory 512 MiB is not valid with cpu 512 on Fargate; with cpu 512 use memory 1024, 2048, 3072, 4096/
    )
  })

  test('ARM lowers the cost by the table difference between x86 and ARM rates', async () => {
    const book = await tableBook(REGION)
    const x86 = estimateScenario(seedScenario(), book)
    const arm = estimateScenario(
      seedScenario(
        {},
        { runtimePlatform: { cpuArchitecture: 'ARM64', operatingSystemFamily: 'LINUX' } }
      ),
      book
    )
    const expected =
      cents(0.5 * tableRate(REGION, 'fargate-linux-arm-vcpu') * 730) +
      cents(1 * tableRate(REGION, 'fargate-linux-arm-gb') * 730)
    expect(arm.monthly).toBe(cents(expected))
    expect(arm.monthly).toBeLessThan(x86.monthly)
    expect(arm.lines[0]?.component).toBe('Fargate vCPU (Linux/ARM)')
    // eu-west-3 ARM rates are derived, and the line says so.
    expect(arm.lines[0]?.rate.confidence).toBe(
      BUNDLED_PRICE_TABLE.regions[REGION]?.['fargate-linux-arm-vcpu']?.confidence
    )
  })

  test('100% FARGATE_SPOT in a region without a Spot rate costs the on-demand rate less 70%', async () => {
    const book = await tableBook(REGION)
    expect(book.find('fargate-spot-linux-x86-vcpu')).toBeUndefined()
    const spot = estimateScenario(
      seedScenario({ capacity: [{ provider: 'FARGATE_SPOT', weight: 1, base: 0 }] }),
      book
    )
    expect(spot.lines.map((line) => line.component)).toEqual([
      'Fargate Spot vCPU (Linux/x86)',
      'Fargate Spot memory (Linux/x86)'
    ])
    expect(spot.lines[0]?.rate.usd).toBeCloseTo(
      tableRate(REGION, 'fargate-linux-x86-vcpu') * 0.3,
      12
    )
    expect(spot.lines[1]?.rate.usd).toBeCloseTo(tableRate(REGION, 'fargate-linux-x86-gb') * 0.3, 12)
    expect(spot.lines[0]?.rate.origin).toBe('spot-discount')
    const markdown = costReport(
      compareEstimates({ subject: 's', after: spot, book, table: BUNDLED_PRICE_TABLE, now: NOW })
    )
    expect(markdown).toContain('on-demand rate less the discount shown')
  })

  test('a region with Spot rates in the table uses them, unless a discount is given', async () => {
    const book = await tableBook('us-east-1')
    const scenario = seedScenario({ capacity: [{ provider: 'FARGATE_SPOT', weight: 1, base: 0 }] })
    const listed = estimateScenario(scenario, book)
    expect(listed.lines[0]?.rate.usd).toBe(tableRate('us-east-1', 'fargate-spot-linux-x86-vcpu'))
    const discounted = estimateScenario(scenario, book, { spotDiscountPercent: 50 })
    expect(discounted.lines[0]?.rate.usd).toBeCloseTo(
      tableRate('us-east-1', 'fargate-linux-x86-vcpu') * 0.5,
      12
    )
  })

  test('a mixed strategy puts the base on FARGATE and shares the rest by weight', async () => {
    const book = await tableBook(REGION)
    const estimate = estimateScenario(
      seedScenario({
        desiredCount: 5,
        minCount: 5,
        maxCount: 5,
        capacity: [
          { provider: 'FARGATE', weight: 1, base: 1 },
          { provider: 'FARGATE_SPOT', weight: 3, base: 0 }
        ]
      }),
      book
    )
    const quantities = Object.fromEntries(
      estimate.lines.map((line) => [line.component, line.quantity])
    )
    expect(quantities['Fargate vCPU (Linux/x86)']).toBe(2 * 0.25)
    expect(quantities['Fargate Spot vCPU (Linux/x86)']).toBe(3 * 0.25)
  })

  test('the autoscaling range prices min and max task counts', async () => {
    const book = await tableBook(REGION)
    const estimate = estimateScenario(seedScenario({ minCount: 1, maxCount: 6 }), book)
    const perTask =
      0.25 * tableRate(REGION, 'fargate-linux-x86-vcpu') * 730 +
      0.5 * tableRate(REGION, 'fargate-linux-x86-gb') * 730
    expect(estimate.monthlyMin).toBeCloseTo(perTask, 1)
    expect(estimate.monthlyMax).toBeCloseTo(6 * perTask, 1)
    expect(
      costReport(
        compareEstimates({
          subject: 's',
          after: estimate,
          book,
          table: BUNDLED_PRICE_TABLE,
          now: NOW
        })
      )
    ).toContain(`$${estimate.monthlyMin.toFixed(2)} – $${estimate.monthlyMax.toFixed(2)}`)
  })

  test('extras: ALB with LCUs, NAT, logs, ECR and public IPv4 each get a line', async () => {
    const book = await tableBook(REGION)
    const estimate = estimateScenario(
      seedScenario({
        publicIpPerTask: true,
        extras: {
          albCount: 1,
          albLcuPerAlb: 2,
          natGateways: 1,
          natDataGb: 100,
          logsIngestedGb: 10,
          logsStoredGb: 5,
          ecrStorageGb: 3
        }
      }),
      book
    )
    const monthly = Object.fromEntries(estimate.lines.map((line) => [line.component, line.monthly]))
    expect(monthly).toMatchObject({
      'Application Load Balancer': cents(tableRate(REGION, 'alb-hour') * 730),
      'ALB capacity units': cents(2 * tableRate(REGION, 'alb-lcu-hour') * 730),
      'NAT gateway': cents(tableRate(REGION, 'nat-gateway-hour') * 730),
      'NAT data processed': cents(100 * tableRate(REGION, 'nat-gateway-gb')),
      'CloudWatch Logs ingestion': cents(10 * tableRate(REGION, 'logs-ingest-gb')),
      'CloudWatch Logs storage': cents(5 * tableRate(REGION, 'logs-storage-gb-month')),
      'ECR storage': cents(3 * tableRate(REGION, 'ecr-storage-gb-month')),
      'Public IPv4 addresses': cents(2 * tableRate(REGION, 'public-ipv4-hour') * 730)
    })
    expect(estimate.monthly).toBe(
      cents(estimate.lines.reduce((sum, line) => sum + line.monthly, 0))
    )
  })
})

describe('a missing price makes the estimate incomplete, never a silent or hidden zero', () => {
  test('a region nobody has priced yet is accepted, and every rate it needs is listed', async () => {
    const book = await tableBook('eu-west-9')
    const estimate = estimateScenario(seedScenario(), book)
    expect(estimate.monthly).toBe(0)
    expect(estimate.lines.map((line) => line.rate.origin)).toEqual(['unpriced', 'unpriced'])
    expect(book.unpriced).toEqual(['fargate-linux-x86-vcpu', 'fargate-linux-x86-gb'])
  })

  test('a price the table does not have is named with the region, the rest stay priced', async () => {
    const book = await tableBook(REGION)
    const scenario = seedScenario({}, { ephemeralStorage: { sizeInGiB: 50 } })
    const estimate = estimateScenario(scenario, book)
    expect(book.unpriced).toEqual(['fargate-ephemeral-storage-gb'])
    const storage = estimate.lines.find((line) => line.component.startsWith('Ephemeral'))
    expect(storage?.rate.source).toMatch(/no price for eu-west-3 in the bundled price table/)
    expect(storage?.monthly).toBe(0)
    expect(estimate.lines[0]?.rate.origin).toBe('price-table')
  })

  test('Windows without a Windows price in the region', async () => {
    const book = await tableBook(REGION)
    const windows = seedScenario(
      {},
      {
        cpu: '1024',
        memory: '2048',
        runtimePlatform: { operatingSystemFamily: 'WINDOWS_SERVER_2022_CORE' }
      }
    )
    estimateScenario(windows, book)
    expect(book.unpriced).toEqual([
      'fargate-windows-vcpu',
      'fargate-windows-gb',
      'fargate-windows-os-licence'
    ])
  })

  test('Windows on Fargate Spot is refused', async () => {
    const book = await tableBook('us-east-1')
    const windows = seedScenario(
      { capacity: [{ provider: 'FARGATE_SPOT', weight: 1, base: 0 }] },
      {
        cpu: '1024',
        memory: '2048',
        runtimePlatform: { operatingSystemFamily: 'WINDOWS_SERVER_2019_FULL' }
      }
    )
    expect(() => estimateScenario(windows, book)).toThrow(/Fargate Spot does not run Windows tasks/)
  })

  test('Windows in us-east-1 adds the OS licence per vCPU', async () => {
    const book = await tableBook('us-east-1')
    const windows = estimateScenario(
      seedScenario(
        {},
        {
          cpu: '1024',
          memory: '2048',
          runtimePlatform: { operatingSystemFamily: 'WINDOWS_SERVER_2019_FULL' }
        }
      ),
      book
    )
    const licence = windows.lines.find((line) => line.component === 'Windows OS licence')
    expect(licence?.monthly).toBe(
      cents(2 * 1 * tableRate('us-east-1', 'fargate-windows-os-licence') * 730)
    )
  })

  test('a task definition without task-level cpu', () => {
    expect(() => seedScenario({}, { cpu: undefined })).toThrow(
      /need cpu and memory at the task level; this definition has no cpu/
    )
  })
})
