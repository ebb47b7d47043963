import { UserError } from '../shared/errors.js'
import type { Rate, RateBook } from './rates.js'
import { computeRateKeys, spotRateKeys, type RateKey } from './rate-keys.js'
import { splitTasks, type Scenario } from './scenario.js'

export const HOURS_PER_MONTH = 730
/** Fargate includes 20 GB of ephemeral storage in every task; only the GB above it are billed. */
export const FREE_EPHEMERAL_GB = 20
/** AWS: Fargate Spot runs "at up to a 70% discount off the regular Fargate price". */
export const DEFAULT_SPOT_DISCOUNT_PERCENT = 70

export interface CostLine {
  component: string
  /** How the quantity was made, e.g. "2 tasks × 0.25 vCPU". */
  detail: string
  quantity: number
  quantityUnit: string
  rate: Rate
  /** 730 for hourly rates; undefined for monthly or per-GB rates. */
  hours?: number
  /** Rounded to cents, so a report's lines add up to its total. */
  monthly: number
}

export interface ScenarioEstimate {
  label: string
  taskDefinition: string
  scenario: Scenario
  lines: CostLine[]
  monthly: number
  monthlyMin: number
  monthlyMax: number
  yearly: number
}

export interface EstimateOptions {
  /** Overrides the table's Spot rates; undefined uses them, else the 70% discount. */
  spotDiscountPercent?: number
}

export const cents = (usd: number): number => Math.round(usd * 100) / 100
const trim = (value: number): string => String(Number(value.toFixed(4)))
const plural = (count: number, word: string) => `${trim(count)} ${word}${count === 1 ? '' : 's'}`

function spotRate(
  book: RateBook,
  spotKey: RateKey,
  onDemand: Rate,
  options: EstimateOptions
): Rate {
  const listed = options.spotDiscountPercent === undefined ? book.find(spotKey) : undefined
  if (listed !== undefined) return listed
  const discount = options.spotDiscountPercent ?? DEFAULT_SPOT_DISCOUNT_PERCENT
  return {
    key: spotKey,
    usd: onDemand.usd * (1 - discount / 100),
    unit: onDemand.unit,
    origin: 'spot-discount',
    source: `on-demand rate less ${discount}% (AWS: Fargate Spot runs at up to 70% off; the real price moves with demand)`,
    sourceUrl: 'https://aws.amazon.com/fargate/pricing/',
    date: onDemand.date,
    confidence: 'inferred'
  }
}

function line(
  component: string,
  detail: string,
  quantity: number,
  unit: string,
  rate: Rate
): CostLine {
  const hourly = rate.unit.endsWith('hour')
  const monthly = quantity * rate.usd * (hourly ? HOURS_PER_MONTH : 1)
  return {
    component,
    detail,
    quantity,
    quantityUnit: unit,
    rate,
    hours: hourly ? HOURS_PER_MONTH : undefined,
    monthly: cents(monthly)
  }
}

/** The cost lines of a scenario when `taskCount` tasks run all month. */
export function costLines(
  scenario: Scenario,
  taskCount: number,
  book: RateBook,
  options: EstimateOptions = {}
): CostLine[] {
  const { size, extras } = scenario
  const vcpu = size.cpuUnits / 1024
  const gb = size.memoryMiB / 1024
  const split = splitTasks(taskCount, scenario.capacity)
  const lines: CostLine[] = []
  const platform =
    size.os === 'WINDOWS' ? 'Windows' : size.architecture === 'ARM64' ? 'Linux/ARM' : 'Linux/x86'
  const keys = computeRateKeys(size.os, size.architecture)

  if (split.FARGATE > 0) {
    const tasks = plural(split.FARGATE, 'task')
    lines.push(
      line(
        `Fargate vCPU (${platform})`,
        `${tasks} × ${trim(vcpu)} vCPU`,
        split.FARGATE * vcpu,
        'vCPU',
        book.get(keys.vcpu)
      )
    )
    lines.push(
      line(
        `Fargate memory (${platform})`,
        `${tasks} × ${trim(gb)} GB`,
        split.FARGATE * gb,
        'GB',
        book.get(keys.gb)
      )
    )
    if (size.os === 'WINDOWS') {
      lines.push(
        line(
          'Windows OS licence',
          `${tasks} × ${trim(vcpu)} vCPU`,
          split.FARGATE * vcpu,
          'vCPU',
          book.get('fargate-windows-os-licence')
        )
      )
    }
  }
  if (split.FARGATE_SPOT > 0) {
    if (size.os === 'WINDOWS') {
      throw new UserError(
        'Fargate Spot does not run Windows tasks: use FARGATE only for this task definition.'
      )
    }
    const spotKeys = spotRateKeys(size.architecture)
    const tasks = plural(split.FARGATE_SPOT, 'task')
    const vcpuRate = spotRate(book, spotKeys.vcpu, book.get(keys.vcpu), options)
    const gbRate = spotRate(book, spotKeys.gb, book.get(keys.gb), options)
    lines.push(
      line(
        `Fargate Spot vCPU (${platform})`,
        `${tasks} × ${trim(vcpu)} vCPU`,
        split.FARGATE_SPOT * vcpu,
        'vCPU',
        vcpuRate
      )
    )
    lines.push(
      line(
        `Fargate Spot memory (${platform})`,
        `${tasks} × ${trim(gb)} GB`,
        split.FARGATE_SPOT * gb,
        'GB',
        gbRate
      )
    )
  }
  const billedStorage = Math.max(0, size.ephemeralStorageGiB - FREE_EPHEMERAL_GB)
  if (billedStorage > 0 && taskCount > 0) {
    lines.push(
      line(
        'Ephemeral storage above 20 GB',
        `${plural(taskCount, 'task')} × ${trim(billedStorage)} GB`,
        taskCount * billedStorage,
        'GB',
        book.get('fargate-ephemeral-storage-gb')
      )
    )
  }
  if (scenario.publicIpPerTask && taskCount > 0) {
    lines.push(
      line(
        'Public IPv4 addresses',
        `${plural(taskCount, 'task')} × 1 address`,
        taskCount,
        'addresses',
        book.get('public-ipv4-hour')
      )
    )
  }
  if (extras.albCount > 0) {
    lines.push(
      line(
        'Application Load Balancer',
        plural(extras.albCount, 'load balancer'),
        extras.albCount,
        'ALB',
        book.get('alb-hour')
      )
    )
    if (extras.albLcuPerAlb > 0) {
      const lcu = extras.albCount * extras.albLcuPerAlb
      lines.push(
        line(
          'ALB capacity units',
          `${plural(extras.albCount, 'ALB')} × ${trim(extras.albLcuPerAlb)} LCU`,
          lcu,
          'LCU',
          book.get('alb-lcu-hour')
        )
      )
    }
  }
  // Usage-priced extras: one line each when the input gives a quantity.
  const usage: [number, string, string, string, RateKey][] = [
    [
      extras.natGateways,
      'NAT gateway',
      plural(extras.natGateways, 'gateway'),
      'gateways',
      'nat-gateway-hour'
    ],
    [
      extras.natDataGb,
      'NAT data processed',
      `${trim(extras.natDataGb)} GB a month`,
      'GB',
      'nat-gateway-gb'
    ],
    [
      extras.logsIngestedGb,
      'CloudWatch Logs ingestion',
      `${trim(extras.logsIngestedGb)} GB a month`,
      'GB',
      'logs-ingest-gb'
    ],
    [
      extras.logsStoredGb,
      'CloudWatch Logs storage',
      `${trim(extras.logsStoredGb)} GB stored`,
      'GB',
      'logs-storage-gb-month'
    ],
    [
      extras.ecrStorageGb,
      'ECR storage',
      `${trim(extras.ecrStorageGb)} GB stored`,
      'GB',
      'ecr-storage-gb-month'
    ]
  ]
  for (const [quantity, component, detail, unit, key] of usage) {
    if (quantity > 0) lines.push(line(component, detail, quantity, unit, book.get(key)))
  }
  return lines
}

export const sumMonthly = (lines: CostLine[]): number =>
  cents(lines.reduce((sum, item) => sum + item.monthly, 0))

export function estimateScenario(
  scenario: Scenario,
  book: RateBook,
  options: EstimateOptions = {}
): ScenarioEstimate {
  const lines = costLines(scenario, scenario.desiredCount, book, options)
  const monthly = sumMonthly(lines)
  return {
    label: scenario.label,
    taskDefinition: scenario.taskDefinition,
    scenario,
    lines,
    monthly,
    monthlyMin: sumMonthly(costLines(scenario, scenario.minCount, book, options)),
    monthlyMax: sumMonthly(costLines(scenario, scenario.maxCount, book, options)),
    yearly: cents(monthly * 12)
  }
}

/** Every rate a scenario may need, for fetching them in one go before estimating. */
export function rateKeysFor(scenario: Scenario): RateKey[] {
  const keys: RateKey[] = Object.values(
    computeRateKeys(scenario.size.os, scenario.size.architecture)
  )
  if (scenario.size.os === 'WINDOWS') keys.push('fargate-windows-os-licence')
  if (scenario.size.ephemeralStorageGiB > FREE_EPHEMERAL_GB)
    keys.push('fargate-ephemeral-storage-gb')
  return keys
}
