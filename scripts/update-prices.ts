// Regenerates the Fargate rates of src/cost/price-table.json from AWS's public bulk offer files
// (no credentials), one regional AmazonECS file per argument, as a path or a URL; the region is
// the offer's regionCode, so a region the table does not have yet is added:
//   https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonECS/current/<region>/index.json
// and optionally the Fargate Spot feed the AWS pricing page reads (--spot <path or URL>).
// Usage: npx tsx scripts/update-prices.ts [--table <path>] [--spot <feed>] <offer>...
import { readFile, writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import {
  applyUpdates,
  parseFargateOffer,
  parseSpotFeed,
  type TableUpdate
} from '../src/cost/offer-file.js'
import { validatePriceTable } from '../src/cost/price-table.js'
import { RATE_KEYS } from '../src/cost/rate-keys.js'

const OFFER_URL = 'https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonECS/current'
const SPOT_URL = 'https://dftu77xade0tc.cloudfront.net/fargate-spot-prices.json'

async function readJson(location: string): Promise<unknown> {
  if (/^https?:\/\//.test(location)) {
    const response = await fetch(location)
    if (!response.ok) throw new Error(`${location}: HTTP ${response.status}`)
    return response.json()
  }
  return JSON.parse(await readFile(location, 'utf8')) as unknown
}

interface Arguments {
  table: string
  spot?: string
  offers: string[]
}

export function parseArguments(argv: string[]): Arguments {
  const args: Arguments = {
    table: fileURLToPath(new URL('../src/cost/price-table.json', import.meta.url)),
    offers: []
  }
  for (let index = 0; index < argv.length; index += 1) {
    const value = argv[index] as string
    if (value === '--table' || value === '--spot') {
      const next = argv[(index += 1)]
      if (next === undefined) throw new Error(`${value} needs a value`)
      if (value === '--table') args.table = next
      else args.spot = next
    } else args.offers.push(value)
  }
  if (args.offers.length === 0 && args.spot === undefined) {
    throw new Error(
      'usage: update-prices.ts [--table <path>] [--spot <feed path or URL>] <offer file or URL>...'
    )
  }
  return args
}

export async function updatePrices(
  argv: string[],
  today = new Date().toISOString().slice(0, 10)
): Promise<string[]> {
  const args = parseArguments(argv)
  const table = validatePriceTable(JSON.parse(await readFile(args.table, 'utf8')))
  const updates: TableUpdate[] = []
  for (const location of args.offers) {
    const offer = parseFargateOffer(await readJson(location))
    updates.push({
      region: offer.region,
      rates: offer.rates,
      date: offer.publicationDate,
      source: {
        id: `aws-offer-ecs-${offer.region}`,
        title: `AWS Price List bulk offer AmazonECS ${offer.region}, published ${offer.publicationDate}`,
        url: /^https?:/.test(location) ? location : `${OFFER_URL}/${offer.region}/index.json`
      }
    })
  }
  if (args.spot !== undefined) {
    for (const [region, rates] of parseSpotFeed(await readJson(args.spot))) {
      if (
        table.regions[region] === undefined &&
        !updates.some((update) => update.region === region)
      )
        continue
      updates.push({
        region,
        rates,
        date: today,
        source: {
          id: 'fargate-spot-feed',
          title: `Fargate Spot price feed behind the AWS pricing page, read ${today}`,
          url: SPOT_URL
        }
      })
    }
  }
  const { table: next, changes } = applyUpdates(table, updates, today)
  validatePriceTable(next)
  await writeFile(args.table, JSON.stringify(next, null, 2) + '\n')
  const order = (key: string) => RATE_KEYS.indexOf(key as (typeof RATE_KEYS)[number])
  return changes
    .sort((a, b) => a.region.localeCompare(b.region) || order(a.key) - order(b.key))
    .map(
      (change) => `${change.region} ${change.key}: ${change.before ?? '(none)'} → ${change.after}`
    )
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  updatePrices(process.argv.slice(2)).then(
    (lines) => {
      console.log(lines.length === 0 ? 'No rate changed.' : lines.join('\n'))
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error)
      process.exitCode = 1
    }
  )
}
