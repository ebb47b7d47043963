import { UserError } from '../shared/errors.js'
import type { Rate, RateBook } from './rates.js'
import { computeRateKeys, spotRateKeys, type RateKey } from './rate-keys.js'
import { allMonth, taskHours, taskRuns, type CountKind, type TaskRun } from './hours.js'
import { allInputUsage, inputUsage } from './discover-inputs.js'
import type { QuantitySource, Scenario, UsageItem } from './scenario.js'
import { HOURS_PER_MONTH } from './schedule.js'

export { HOURS_PER_MONTH }
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
  /** Where the quantity came from (measured, configured, input, assumed, unread). */
  quantitySource: QuantitySource
}

/** A line before it is told where its quantity came from. */
type PricedLine = Omit<CostLine, 'quantitySource'>

const from =
  (quantitySource: QuantitySource) =>
  (priced: PricedLine): CostLine => ({ ...priced, quantitySource })

export interface ScenarioEstimate {
  label: string
  taskDefinition: string
  scenario: Scenario
  lines: CostLine[]
  monthly: number
  monthlyMin: number
  monthlyMax: number
  /** Task-hours of an average month at the desired counts (the month's hours × tasks). */
  taskHours: number
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
  rate: Rate,
  hours = HOURS_PER_MONTH
): PricedLine {
  const hourly = rate.unit.endsWith('hour')
  const monthly = quantity * rate.usd * (hourly ? hours : 1)
  return {
    component,
    detail,
    quantity,
    quantityUnit: unit,
    rate,
    hours: hourly ? hours : undefined,
    monthly: cents(monthly)
  }
}

/** What every compute line of one scenario shares: the task size and its rate keys. */
interface TaskShape {
  os: Scenario['size']['os']
  vcpu: number
  gb: number
  platform: string
  keys: ReturnType<typeof computeRateKeys>
}

function taskShape(size: Scenario['size']): TaskShape {
  return {
    os: size.os,
    vcpu: size.cpuUnits / 1024,
    gb: size.memoryMiB / 1024,
    platform:
      size.os === 'WINDOWS' ? 'Windows' : size.architecture === 'ARM64' ? 'Linux/ARM' : 'Linux/x86',
    keys: computeRateKeys(size.os, size.architecture)
  }
}

function onDemandLines(shape: TaskShape, run: TaskRun, book: RateBook): PricedLine[] {
  const { vcpu, gb, platform, keys } = shape
  const { tasks: taskCount, hours } = run
  const tasks = plural(taskCount, 'task')
  const lines = [
    line(
      `Fargate vCPU (${platform})`,
      `${tasks} × ${trim(vcpu)} vCPU`,
      taskCount * vcpu,
      'vCPU',
      book.get(keys.vcpu),
      hours
    ),
    line(
      `Fargate memory (${platform})`,
      `${tasks} × ${trim(gb)} GB`,
      taskCount * gb,
      'GB',
      book.get(keys.gb),
      hours
    )
  ]
  if (shape.os === 'WINDOWS') {
    lines.push(
      line(
        'Windows OS licence',
        `${tasks} × ${trim(vcpu)} vCPU`,
        taskCount * vcpu,
        'vCPU',
        book.get('fargate-windows-os-licence'),
        hours
      )
    )
  }
  return lines
}

function spotLines(
  shape: TaskShape,
  run: TaskRun,
  architecture: Scenario['size']['architecture'],
  book: RateBook,
  options: EstimateOptions
): PricedLine[] {
  const { vcpu, gb, platform, keys } = shape
  if (shape.os === 'WINDOWS') {
    throw new UserError(
      'Fargate Spot does not run Windows tasks: use FARGATE only for this task definition.'
    )
  }
  const { tasks: taskCount, hours } = run
  const spotKeys = spotRateKeys(architecture)
  const tasks = plural(taskCount, 'task')
  const vcpuRate = spotRate(book, spotKeys.vcpu, book.get(keys.vcpu), options)
  const gbRate = spotRate(book, spotKeys.gb, book.get(keys.gb), options)
  return [
    line(
      `Fargate Spot vCPU (${platform})`,
      `${tasks} × ${trim(vcpu)} vCPU`,
      taskCount * vcpu,
      'vCPU',
      vcpuRate,
      hours
    ),
    line(
      `Fargate Spot memory (${platform})`,
      `${tasks} × ${trim(gb)} GB`,
      taskCount * gb,
      'GB',
      gbRate,
      hours
    )
  ]
}

/** Per-task extras: billed ephemeral storage and public IPv4 addresses. */
function perTaskLines(scenario: Scenario, run: TaskRun, book: RateBook): CostLine[] {
  const { tasks: taskCount, hours } = run
  const lines: CostLine[] = []
  const count = from(scenario.countSource ?? 'input')
  const billedStorage = Math.max(0, scenario.size.ephemeralStorageGiB - FREE_EPHEMERAL_GB)
  if (billedStorage > 0 && taskCount > 0) {
    lines.push(
      count(
        line(
          'Ephemeral storage above 20 GB',
          `${plural(taskCount, 'task')} × ${trim(billedStorage)} GB`,
          taskCount * billedStorage,
          'GB',
          book.get('fargate-ephemeral-storage-gb'),
          hours
        )
      )
    )
  }
  if (scenario.publicIpPerTask && taskCount > 0) {
    lines.push(
      from(scenario.ipSource ?? 'input')(
        line(
          'Public IPv4 addresses',
          `${plural(taskCount, 'task')} × 1 address`,
          taskCount,
          'addresses',
          book.get('public-ipv4-hour'),
          hours
        )
      )
    )
  }
  return lines
}

/** The scenario's usage lines; the inputs alone when nothing was discovered. */
function usageItems(scenario: Scenario): UsageItem[] {
  return scenario.extraUsage ?? allInputUsage(inputUsage(scenario.extras))
}

/** Lines for the usage outside the tasks, all month (a load balancer runs when tasks do not). */
function usageLines(scenario: Scenario, book: RateBook): CostLine[] {
  return usageItems(scenario).map((item) =>
    from(item.source)(
      line(item.component, item.detail, item.quantity, item.unit, book.get(item.key))
    )
  )
}

/** The cost lines of a scenario over its month (all month unless it has a usage), at `kind` counts. */
export function costLines(
  scenario: Scenario,
  kind: CountKind,
  book: RateBook,
  options: EstimateOptions = {}
): CostLine[] {
  const shape = taskShape(scenario.size)
  const runs = taskRuns(scenario.usage ?? allMonth(scenario), kind, scenario.capacity)
  const count = from(scenario.countSource ?? 'input')
  const lines: CostLine[] = []
  if (runs.FARGATE.tasks > 0) lines.push(...onDemandLines(shape, runs.FARGATE, book).map(count))
  if (runs.FARGATE_SPOT.tasks > 0) {
    const { architecture } = scenario.size
    const spot = spotLines(shape, runs.FARGATE_SPOT, architecture, book, options)
    lines.push(...spot.map(count))
  }
  lines.push(...perTaskLines(scenario, runs.all, book))
  lines.push(...usageLines(scenario, book))
  return lines
}

export const sumMonthly = (lines: CostLine[]): number =>
  cents(lines.reduce((sum, item) => sum + item.monthly, 0))

export function estimateScenario(
  scenario: Scenario,
  book: RateBook,
  options: EstimateOptions = {}
): ScenarioEstimate {
  const lines = costLines(scenario, 'desired', book, options)
  const monthly = sumMonthly(lines)
  return {
    label: scenario.label,
    taskDefinition: scenario.taskDefinition,
    scenario,
    lines,
    monthly,
    monthlyMin: sumMonthly(costLines(scenario, 'min', book, options)),
    monthlyMax: sumMonthly(costLines(scenario, 'max', book, options)),
    taskHours: taskHours(scenario.usage ?? allMonth(scenario)),
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
  for (const item of usageItems(scenario)) keys.push(item.key)
  return [...new Set(keys)]
}
