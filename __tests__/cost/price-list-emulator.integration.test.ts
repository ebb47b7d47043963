// The Price List path against the sandbox's emulated GetProducts (real response shape: PriceList
// entries as JSON strings, paging), started in-process, reached through AWS_ENDPOINT_URL as the
// action reaches it.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { PricingClient } from '@aws-sdk/client-pricing'
import { startEmulator, type RunningEmulator } from '../../sandbox/emulator/emulator.js'
import { estimateScenario } from '../../src/cost/estimate.js'
import { fetchOnDemandPrice } from '../../src/cost/price-list.js'
import { BUNDLED_PRICE_TABLE } from '../../src/cost/price-table.js'
import { RATE_KEY_INFO, type RateKey } from '../../src/cost/rate-keys.js'
import { loadRates } from '../../src/cost/rates.js'
import { createClient } from '../../src/shared/aws.js'
import { seedScenario, tableBook, warningLogger } from './helpers.js'

let emulator: RunningEmulator
const saved = { ...process.env }

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 })
  process.env['AWS_ENDPOINT_URL'] = emulator.url
  process.env['AWS_ACCESS_KEY_ID'] = 'AKIASANDBOXTEST'
  process.env['AWS_SECRET_ACCESS_KEY'] = 'sandbox-secret'
})

afterAll(async () => {
  process.env = saved
  await emulator?.close()
})

const seedKeys: RateKey[] = ['fargate-linux-x86-vcpu', 'fargate-linux-x86-gb']

const pricing = () => createClient(PricingClient, { region: 'us-east-1' })

function load(
  region: string,
  choice: 'api' | 'auto',
  keys = seedKeys,
  warn: (m: string) => void = () => undefined
) {
  return loadRates({
    region,
    keys,
    choice,
    table: BUNDLED_PRICE_TABLE,
    pricingClient: pricing,
    log: warningLogger(warn)
  })
}

describe('Price List API (emulated GetProducts)', () => {
  test('the seed service in eu-west-3 costs the same from the Price List as from the bundled table', async () => {
    const book = await load('eu-west-3', 'api')
    const fromApi = estimateScenario(seedScenario(), book)
    const fromTable = estimateScenario(seedScenario(), await tableBook('eu-west-3'))
    expect(fromApi.lines.map((line) => line.rate.source)).toEqual([
      'AWS Price List API, AmazonECS EUW3-Fargate-vCPU-Hours:perCPU',
      'AWS Price List API, AmazonECS EUW3-Fargate-GB-Hours'
    ])
    expect(fromApi.lines.map((line) => line.rate.usd)).toEqual(
      fromTable.lines.map((line) => line.rate.usd)
    )
    expect(fromApi.monthly).toBe(fromTable.monthly)
    expect(fromApi.lines[0]?.rate.date).toMatch(/^\d{4}-\d{2}-\d{2}$/)
  })

  test('every Fargate rate the Price List has agrees with the bundled table', async () => {
    const client = pricing()
    const compared: string[] = []
    for (const [region, entries] of Object.entries(BUNDLED_PRICE_TABLE.regions)) {
      for (const [key, entry] of Object.entries(entries ?? {})) {
        const suffix = RATE_KEY_INFO[key as keyof typeof RATE_KEY_INFO].usageType
        if (
          suffix === undefined ||
          entry?.confidence === 'inferred' ||
          entry?.confidence === 'conflicting'
        )
          continue
        const listed = await fetchOnDemandPrice(client, region, suffix)
        if (listed === undefined) continue
        const { usageType } = listed
        expect({ usageType, usd: listed.usd }).toEqual({ usageType, usd: entry?.usd })
        compared.push(usageType)
      }
    }
    expect(compared).toEqual(
      expect.arrayContaining([
        'EUW3-Fargate-vCPU-Hours:perCPU',
        'EUW3-Fargate-GB-Hours',
        'USE1-Fargate-ARM-vCPU-Hours:perCPU'
      ])
    )
  })

  test('api: a combination the Price List does not sell in the region is an error', async () => {
    await expect(load('eu-west-3', 'api', ['fargate-windows-os-licence'])).rejects.toThrow(
      /No price in the AWS Price List \(AmazonECS\) \(regionCode eu-west-3\) for Fargate-Windows-OS-Hours:perCPU/
    )
  })

  test('auto: a usage type missing from the Price List falls back to the table with a warning', async () => {
    const warnings: string[] = []
    const book = await load(
      'eu-west-3',
      'auto',
      ['fargate-linux-arm-vcpu', 'fargate-linux-x86-vcpu'],
      (m) => warnings.push(m)
    )
    expect(book.get('fargate-linux-x86-vcpu').origin).toBe('price-list-api')
    expect(book.get('fargate-linux-arm-vcpu').origin).toBe('price-table')
    expect(warnings).toEqual([
      expect.stringContaining('no Fargate-ARM-vCPU-Hours:perCPU for eu-west-3')
    ])
  })
})
