import { readFileSync } from 'node:fs'
import { BUNDLED_PRICE_TABLE } from '../../src/cost/price-table.js'
import type { RateKey } from '../../src/cost/rate-keys.js'
import { loadRates } from '../../src/cost/rates.js'
import { silentLogger, type Logger } from '../../src/shared/logger.js'
import { NO_EXTRAS, type Scenario } from '../../src/cost/scenario.js'
import { taskSizeOf } from '../../src/cost/task-definition.js'

export const SEED_TASK_DEFINITION = JSON.parse(
  readFileSync(new URL('./fixtures/banana-front.json', import.meta.url), 'utf8')
) as Record<string, unknown>

/** The seed service: banana-front, 2 tasks, 256 CPU / 512 MB, Linux x86, launch type FARGATE. */
export function seedScenario(
  overrides: Partial<Scenario> = {},
  definition: Record<string, unknown> = {}
): Scenario {
  return {
    label: 'After',
    taskDefinition: 'banana-front.json',
    size: taskSizeOf({ ...SEED_TASK_DEFINITION, ...definition }, 'banana-front.json'),
    desiredCount: 2,
    minCount: 2,
    maxCount: 2,
    capacity: [],
    publicIpPerTask: false,
    extras: NO_EXTRAS,
    ...overrides
  }
}

export function tableRate(region: string, key: RateKey): number {
  const entry = BUNDLED_PRICE_TABLE.regions[region]?.[key]
  if (entry === undefined) throw new Error(`test setup: the table has no ${key} for ${region}`)
  return entry.usd
}

export const cents = (usd: number) => Math.round(usd * 100) / 100

export function tableBook(region = 'eu-west-3') {
  return loadRates({
    region,
    keys: [],
    choice: 'table',
    table: BUNDLED_PRICE_TABLE,
    pricingClient: () => {
      throw new Error('the table path must not create a Pricing client')
    },
    log: silentLogger
  })
}

/** A logger that hands its warnings to `warn` and drops everything else. */
export function warningLogger(warn: (message: string) => void): Logger {
  return { ...silentLogger, warning: warn }
}
