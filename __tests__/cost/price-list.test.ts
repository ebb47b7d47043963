import { beforeEach, describe, expect, test } from '@jest/globals'
import { GetProductsCommand, PricingClient } from '@aws-sdk/client-pricing'
import { mockClient } from 'aws-sdk-client-mock'
import { estimateScenario } from '../../src/cost/estimate.js'
import { fetchOnDemandPrice } from '../../src/cost/price-list.js'
import { BUNDLED_PRICE_TABLE } from '../../src/cost/price-table.js'
import { listedRateKey } from '../../src/cost/rate-keys.js'
import { loadRates } from '../../src/cost/rates.js'
import { seedScenario, tableBook, tableRate, warningLogger } from './helpers.js'
import { priceListItem } from './price-list-items.js'

const pricing = mockClient(PricingClient)
const client = new PricingClient({
  region: 'us-east-1',
  credentials: { accessKeyId: 'a', secretAccessKey: 'b' }
})

beforeEach(() => {
  pricing.reset()
})

function answerFromTable(region = 'eu-west-3') {
  const bySuffix: Record<string, string> = {
    'Fargate-vCPU-Hours:perCPU': String(tableRate(region, 'fargate-linux-x86-vcpu')),
    'Fargate-GB-Hours': String(tableRate(region, 'fargate-linux-x86-gb'))
  }
  pricing.on(GetProductsCommand).callsFake((input: { Filters?: { Value?: string }[] }) => {
    const suffix = input.Filters?.[1]?.Value ?? ''
    const usd = bySuffix[suffix]
    return {
      FormatVersion: 'aws_v1',
      PriceList: usd === undefined ? [] : [priceListItem(`EUW3-${suffix}`, `${usd}000000`)]
    }
  })
}

test('a usage type is its rate part after one billing code, whatever the code', () => {
  expect(listedRateKey('EU-Fargate-GB-Hours')).toBe('fargate-linux-x86-gb')
  expect(listedRateKey('MEC1-Fargate-vCPU-Hours:perCPU')).toBe('fargate-linux-x86-vcpu')
  expect(listedRateKey('EUC2-Fargate-Windows-GB-Hours')).toBe('fargate-windows-gb')
  expect(listedRateKey('APS4-Fargate-EphemeralStorage-GB-Hours')).toBe(
    'fargate-ephemeral-storage-gb'
  )
  expect(listedRateKey('EUC1-SpotUsage-Fargate-ARM-vCPU-Hours:perCPU')).toBeUndefined()
  expect(listedRateKey('euc2-Fargate-GB-Hours')).toBeUndefined()
  expect(listedRateKey('USE1-DataTransfer-Out-Bytes')).toBeUndefined()
})

describe('fetchOnDemandPrice', () => {
  test('asks by regionCode, matches the usage type after the billing code, reads every page', async () => {
    pricing
      .on(GetProductsCommand)
      .resolvesOnce({
        FormatVersion: 'aws_v1',
        NextToken: 'page-2',
        PriceList: [
          priceListItem('EUC2-Fargate-EphemeralStorage-GB-Hours', '0.0001110000', 'eu-central-2'),
          priceListItem('EUC2-Fargate-Windows-GB-Hours', '0.0100000000', 'eu-central-2')
        ]
      })
      .resolvesOnce({
        FormatVersion: 'aws_v1',
        PriceList: [
          priceListItem('EUW3-Fargate-GB-Hours', '0.0053000000', 'eu-west-3'),
          priceListItem('EUC2-Fargate-GB-Hours', '0.0055000000', 'eu-central-2')
        ]
      })

    const price = await fetchOnDemandPrice(client, 'eu-central-2', 'Fargate-GB-Hours')

    expect(price).toEqual({
      usd: 0.0055,
      usageType: 'EUC2-Fargate-GB-Hours',
      publicationDate: '2026-09-11'
    })
    const calls = pricing.commandCalls(GetProductsCommand)
    expect(calls).toHaveLength(2)
    // The paginator reuses one input object, so only the fixed fields are checked on the first call.
    expect(calls[0]?.args[0].input).toMatchObject({
      ServiceCode: 'AmazonECS',
      FormatVersion: 'aws_v1',
      Filters: [
        { Type: 'TERM_MATCH', Field: 'regionCode', Value: 'eu-central-2' },
        { Type: 'CONTAINS', Field: 'usagetype', Value: 'Fargate-GB-Hours' }
      ],
      MaxResults: 100
    })
    expect(calls[1]?.args[0].input.NextToken).toBe('page-2')
  })

  test('a Spot usage type ending in the on-demand name is not the on-demand rate', async () => {
    pricing.on(GetProductsCommand).resolves({
      PriceList: [priceListItem('EUW3-SpotUsage-Fargate-ARM-vCPU-Hours:perCPU', '0.0110000000')]
    })
    expect(
      await fetchOnDemandPrice(client, 'eu-west-3', 'Fargate-ARM-vCPU-Hours:perCPU')
    ).toBeUndefined()
  })

  test('no product, or only a zero price, is no price', async () => {
    pricing.on(GetProductsCommand).resolves({
      PriceList: [priceListItem('EUW3-Fargate-Windows-OS-Hours:perCPU', '0.0000000000')]
    })
    expect(
      await fetchOnDemandPrice(client, 'eu-west-3', 'Fargate-Windows-OS-Hours:perCPU')
    ).toBeUndefined()
  })

  test('two prices for one usage type are refused', async () => {
    pricing.on(GetProductsCommand).resolves({
      PriceList: [
        priceListItem('EUW3-Fargate-GB-Hours', '0.0053'),
        priceListItem('EUW3-Fargate-GB-Hours', '0.0061')
      ]
    })
    await expect(fetchOnDemandPrice(client, 'eu-west-3', 'Fargate-GB-Hours')).rejects.toThrow(
      /several prices for AmazonECS Fargate-GB-Hours in eu-west-3 \(0.0053, 0.0061\)/
    )
  })
})

describe('loadRates', () => {
  const options = (choice: 'auto' | 'api', warn: (m: string) => void = () => undefined) => ({
    region: 'eu-west-3',
    keys: ['fargate-linux-x86-vcpu', 'fargate-linux-x86-gb', 'alb-hour'] as const,
    choice,
    table: BUNDLED_PRICE_TABLE,
    pricingClient: () => client,
    log: warningLogger(warn)
  })

  test('api: the seed priced from the Price List matches the bundled table', async () => {
    answerFromTable()
    const book = await loadRates({ ...options('api'), keys: [...options('api').keys] })
    const fromApi = estimateScenario(seedScenario(), book)
    const fromTable = estimateScenario(seedScenario(), await tableBook('eu-west-3'))
    expect(fromApi.lines.map((line) => line.rate.origin)).toEqual([
      'price-list-api',
      'price-list-api'
    ])
    expect(fromApi.lines[0]?.rate.source).toBe(
      'AWS Price List API, AmazonECS EUW3-Fargate-vCPU-Hours:perCPU'
    )
    expect(fromApi.monthly).toBe(fromTable.monthly)
    // alb-hour has no Price List usage type here: only the two Fargate rates were asked for.
    expect(pricing.commandCalls(GetProductsCommand)).toHaveLength(2)
  })

  test('auto: without credentials, falls back to the table with a warning', async () => {
    pricing.on(GetProductsCommand).rejects(
      Object.assign(new Error('Could not load credentials from any providers'), {
        name: 'CredentialsProviderError'
      })
    )
    const warnings: string[] = []
    const book = await loadRates({
      ...options('auto', (m) => warnings.push(m)),
      keys: [...options('auto').keys]
    })
    expect(book.fargateOrigin).toBe('price-table')
    expect(book.get('fargate-linux-x86-vcpu').origin).toBe('price-table')
    expect(warnings).toEqual([
      expect.stringMatching(
        /Price List API not usable \(Could not load credentials.*bundled price table \(prices as of 2026-09-11\)/
      )
    ])
  })

  test('api: a failure is an error, not a fallback', async () => {
    pricing.on(GetProductsCommand).rejects(
      Object.assign(new Error('User is not authorized to perform: pricing:GetProducts'), {
        name: 'AccessDeniedException'
      })
    )
    await expect(loadRates({ ...options('api'), keys: [...options('api').keys] })).rejects.toThrow(
      /AWS Price List API \(pricing:GetProducts\) failed: User is not authorized/
    )
  })

  test('api: a usage type the Price List lacks is an error naming it', async () => {
    pricing.on(GetProductsCommand).resolves({ PriceList: [] })
    await expect(loadRates({ ...options('api'), keys: ['fargate-windows-vcpu'] })).rejects.toThrow(
      /No price in the AWS Price List \(AmazonECS\) \(regionCode eu-west-3\) for Fargate-Windows-vCPU-Hours:perCPU/
    )
  })
})
