import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, test } from '@jest/globals'
import { updatePrices } from '../../scripts/update-prices.js'
import {
  applyUpdates,
  oldestListedDate,
  parseFargateOffer,
  parseSpotFeed
} from '../../src/cost/offer-file.js'
import { BUNDLED_PRICE_TABLE, validatePriceTable } from '../../src/cost/price-table.js'

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url))
const OFFER = fixture('amazonecs-eu-west-3-offer-excerpt.json')
const SPOT = fixture('fargate-spot-excerpt.json')
const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>

describe('parseFargateOffer (AmazonECS bulk offer file)', () => {
  test('reads each Fargate usage type exactly, ignoring other products and zero prices', () => {
    expect(parseFargateOffer(readJson(OFFER))).toEqual({
      region: 'eu-west-3',
      publicationDate: '2026-09-11',
      rates: {
        'fargate-linux-x86-vcpu': 0.0486,
        'fargate-linux-x86-gb': 0.0053,
        'fargate-linux-arm-vcpu': 0.03888,
        'fargate-linux-arm-gb': 0.00424,
        'fargate-ephemeral-storage-gb': 0.000123,
        'fargate-windows-os-licence': 0.046
      }
    })
  })

  test('two prices for one usage type are an error', () => {
    const offer = readJson(OFFER) as {
      products: Record<string, unknown>
      terms: { OnDemand: Record<string, unknown> }
    }
    const copy = structuredClone(offer)
    copy.products['QXTEST0099DUPE'] = structuredClone(offer.products['QXTEST0002GBHR'])
    const terms = JSON.stringify(offer.terms.OnDemand['QXTEST0002GBHR']).replace(
      '0.0053000000',
      '0.0061000000'
    )
    copy.terms.OnDemand['QXTEST0099DUPE'] = JSON.parse(terms)
    expect(() => parseFargateOffer(copy)).toThrow(
      'EUW3-Fargate-GB-Hours has several prices in the offer: 0.0053, 0.0061.'
    )
  })

  test('the region is the regionCode, whatever its billing code, and Local Zones are skipped', () => {
    const offer = readJson(OFFER) as {
      products: Record<string, { attributes: Record<string, string> }>
      terms: { OnDemand: Record<string, unknown> }
    }
    const zurich = structuredClone(offer)
    zurich.terms.OnDemand['QXTEST0098ZONE'] = JSON.parse(
      JSON.stringify(offer.terms.OnDemand['QXTEST0001VCPU']).replace('0.0486', '0.0999')
    )
    for (const product of Object.values(zurich.products)) {
      product.attributes['regionCode'] = 'eu-central-2'
      product.attributes['usagetype'] =
        product.attributes['usagetype']?.replace(/^EUW3-/, 'EUC2-') ?? ''
    }
    const zone = structuredClone(zurich.products['QXTEST0001VCPU'])
    if (zone) {
      zone.attributes['regionCode'] = 'eu-central-2-zrh-1a'
      zone.attributes['usagetype'] = 'EUC2-ZRH1-Fargate-vCPU-Hours:perCPU'
      zurich.products['QXTEST0098ZONE'] = zone
    }
    const parsed = parseFargateOffer(zurich)
    expect(parsed.region).toBe('eu-central-2')
    expect(parsed.rates['fargate-linux-x86-vcpu']).toBe(0.0486)
  })

  test('another service or several regions are refused', () => {
    expect(() => parseFargateOffer({ ...readJson(OFFER), offerCode: 'AmazonEC2' })).toThrow(
      /Not an AmazonECS offer file/
    )
    const offer = readJson(OFFER) as {
      products: Record<string, { attributes: Record<string, string> }>
    }
    const mixed = structuredClone(offer)
    const product = mixed.products['QXTEST0001VCPU']
    if (product) product.attributes['regionCode'] = 'us-east-1'
    expect(() => parseFargateOffer(mixed)).toThrow(/Expected the offer file of one region, found: /)
  })
})

test('parseSpotFeed maps the feed units to Spot rates per region', () => {
  expect(parseSpotFeed(readJson(SPOT)).get('eu-west-3')).toEqual({
    'fargate-spot-linux-x86-vcpu': 0.01458,
    'fargate-spot-linux-x86-gb': 0.00159,
    'fargate-spot-linux-arm-vcpu': 0.011664,
    'fargate-spot-linux-arm-gb': 0.001272
  })
})

describe('the bundled table', () => {
  test('is valid, keyed by region codes, and its price date is its oldest AWS-listed rate', () => {
    expect(() => validatePriceTable(BUNDLED_PRICE_TABLE)).not.toThrow()
    expect(
      Object.keys(BUNDLED_PRICE_TABLE.regions).filter(
        (region) => !/^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(region)
      )
    ).toEqual([])
    expect(BUNDLED_PRICE_TABLE.pricesAsOf).toBe(oldestListedDate(BUNDLED_PRICE_TABLE))
  })

  test('a price typed as text, or an unknown source, is caught', () => {
    const broken = structuredClone(BUNDLED_PRICE_TABLE) as unknown as {
      regions: Record<string, Record<string, Record<string, unknown>>>
    }
    const entry = broken.regions['eu-west-3']?.['fargate-linux-x86-vcpu']
    if (entry) {
      entry['usd'] = '0.0486'
      entry['source'] = 'nowhere'
    }
    expect(() => validatePriceTable(broken)).toThrow(
      /regions.eu-west-3.fargate-linux-x86-vcpu.usd: not a positive number; regions.eu-west-3.fargate-linux-x86-vcpu.source: "nowhere" is not in sources/
    )
  })
})

describe('applyUpdates and scripts/update-prices.ts', () => {
  let dir: string | undefined
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  test('marks updated rates as read from AWS with the offer as source, and reports what changed', () => {
    const offer = parseFargateOffer(readJson(OFFER))
    const { table, changes } = applyUpdates(
      BUNDLED_PRICE_TABLE,
      [
        {
          region: offer.region,
          rates: offer.rates,
          date: offer.publicationDate,
          source: { id: 'offer', title: 'the offer' }
        }
      ],
      '2026-11-23'
    )
    expect(table.regions['eu-west-3']?.['fargate-linux-arm-vcpu']).toEqual({
      usd: 0.03888,
      source: 'offer',
      date: '2026-09-11',
      confidence: 'aws'
    })
    expect(table.regions['eu-west-3']?.['alb-hour']).toEqual(
      BUNDLED_PRICE_TABLE.regions['eu-west-3']?.['alb-hour']
    )
    // Same x86 rates as before: not changes. New rates: changes from nothing.
    expect(changes.map((change) => change.key)).toEqual([
      'fargate-ephemeral-storage-gb',
      'fargate-windows-os-licence'
    ])
    expect(changes[0]).toEqual({
      region: 'eu-west-3',
      key: 'fargate-ephemeral-storage-gb',
      before: undefined,
      after: 0.000123
    })
    expect(() => validatePriceTable(table)).not.toThrow()
    expect(table.pricesAsOf).toBe(oldestListedDate(table))
  })

  test('the script rewrites a table file from an offer file and a Spot feed', async () => {
    dir = mkdtempSync(join(tmpdir(), 'update-prices-'))
    const table = join(dir, 'table.json')
    copyFileSync(fileURLToPath(new URL('../../src/cost/price-table.json', import.meta.url)), table)

    const lines = await updatePrices(['--table', table, '--spot', SPOT, OFFER], '2026-11-23')

    expect(lines).toContain('eu-west-3 fargate-ephemeral-storage-gb: (none) → 0.000123')
    expect(lines).toContain('eu-west-3 fargate-spot-linux-x86-vcpu: (none) → 0.01458')
    expect(lines.some((line) => line.includes('xx-test-9'))).toBe(false)
    const written = validatePriceTable(readJson(table))
    expect(written.compiled).toBe('2026-11-23')
    expect(written.regions['eu-west-3']?.['fargate-linux-x86-vcpu']?.source).toBe(
      'aws-offer-ecs-eu-west-3'
    )
    expect(written.sources['aws-offer-ecs-eu-west-3']?.url).toBe(
      'https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonECS/current/eu-west-3/index.json'
    )
  })

  test('the script needs at least one input', async () => {
    await expect(updatePrices([])).rejects.toThrow(/usage: update-prices.ts/)
  })
})
