import { UserError } from '../shared/errors.js'
import type { MonthlyUsage } from './hours.js'
import type { Architecture, OperatingSystem, RateKey } from './rate-keys.js'

export interface TaskSize {
  cpuUnits: number
  memoryMiB: number
  architecture: Architecture
  os: OperatingSystem
  /** The task's ephemeral storage (20 GiB when the task definition sets none). */
  ephemeralStorageGiB: number
}

export type FargateProvider = 'FARGATE' | 'FARGATE_SPOT'

export interface CapacityShare {
  provider: FargateProvider
  weight: number
  base: number
}

/** Usage outside the tasks, priced when the user gives it; all zero by default. */
export interface Extras {
  albCount: number
  /** Average load balancer capacity units per ALB over the month. */
  albLcuPerAlb: number
  natGateways: number
  natDataGb: number
  logsIngestedGb: number
  /** GB held in CloudWatch Logs (retention × daily volume). */
  logsStoredGb: number
  ecrStorageGb: number
}

export const NO_EXTRAS: Extras = {
  albCount: 0,
  albLcuPerAlb: 0,
  natGateways: 0,
  natDataGb: 0,
  logsIngestedGb: 0,
  logsStoredGb: 0,
  ecrStorageGb: 0
}

/**
 * Where a cost line's quantity came from: read from a metric (measured), from the service or the
 * resource's settings (configured), from an action input (input), a stated guess (assumed), or
 * nothing because the read failed (unread, quantity 0: the line says why).
 */
export type QuantitySource = 'measured' | 'configured' | 'input' | 'assumed' | 'unread'

/** Usage outside the tasks, one future cost line: found on the live service or given as input. */
export interface UsageItem {
  component: string
  /** How the quantity was made, and from what (the metric, the resource, the failed read). */
  detail: string
  quantity: number
  unit: string
  key: RateKey
  source: QuantitySource
}

/** One way of running the service: a task size, a task count and its range, and the extras. */
export interface Scenario {
  /** "Before" or "After" in the report. */
  label: string
  /** The task definition it is priced from: a file path, family:revision or ARN. */
  taskDefinition: string
  size: TaskSize
  desiredCount: number
  minCount: number
  maxCount: number
  /** Empty means all on FARGATE (launch type FARGATE). */
  capacity: CapacityShare[]
  publicIpPerTask: boolean
  /** Where the task count and public IP setting came from: the live service or the inputs. */
  countSource?: QuantitySource
  ipSource?: QuantitySource
  extras: Extras
  /** The hours the tasks run in a month; unset: all month at the counts above. */
  usage?: MonthlyUsage
  /** The usage lines (load balancers, logs, images, NAT); from `extras` alone when unset. */
  extraUsage?: UsageItem[]
}

/**
 * How many of `count` tasks run on each provider: `base` tasks first, the rest shared by weight
 * (ECS's rule). Shares are expected values, so they can be fractional.
 */
export function splitTasks(
  count: number,
  capacity: CapacityShare[]
): Record<FargateProvider, number> {
  const split: Record<FargateProvider, number> = { FARGATE: 0, FARGATE_SPOT: 0 }
  if (capacity.length === 0) {
    split.FARGATE = count
    return split
  }
  let left = count
  for (const share of capacity) {
    const base = Math.min(share.base, left)
    split[share.provider] += base
    left -= base
  }
  const totalWeight = capacity.reduce((sum, share) => sum + share.weight, 0)
  if (left > 0 && totalWeight === 0) {
    throw new UserError(
      'Capacity provider strategy: every weight is 0, so the tasks above the base have nowhere to run.'
    )
  }
  for (const share of capacity) {
    if (totalWeight > 0) split[share.provider] += (left * share.weight) / totalWeight
  }
  return split
}
