import type { RateKey } from './rate-keys.js'
import type { Extras, UsageItem } from './scenario.js'

/** 4 decimals, or 2 significant digits for a figure below 0.001 (a quiet ALB's LCUs). */
export const trim = (value: number): string =>
  String(Number(value !== 0 && Math.abs(value) < 0.001 ? value.toPrecision(2) : value.toFixed(4)))
export const plural = (count: number, word: string): string =>
  `${trim(count)} ${word}${count === 1 ? '' : 's'}`

/** The usage items the inputs describe, keyed by kind so that discovery can replace each. */
export interface InputUsage {
  loadBalancers: UsageItem[]
  nat: UsageItem[]
  logsIngested: UsageItem[]
  logsStored: UsageItem[]
  ecr: UsageItem[]
}

function item(
  component: string,
  detail: string,
  quantity: number,
  unit: string,
  key: RateKey
): UsageItem[] {
  return quantity > 0 ? [{ component, detail, quantity, unit, key, source: 'input' }] : []
}

export function inputUsage(extras: Extras): InputUsage {
  const albs = extras.albCount
  return {
    loadBalancers: [
      ...item('Application Load Balancer', plural(albs, 'load balancer'), albs, 'ALB', 'alb-hour'),
      ...(albs > 0
        ? item(
            'ALB capacity units',
            `${plural(albs, 'ALB')} × ${trim(extras.albLcuPerAlb)} LCU`,
            albs * extras.albLcuPerAlb,
            'LCU',
            'alb-lcu-hour'
          )
        : [])
    ],
    nat: [
      ...item(
        'NAT gateway',
        plural(extras.natGateways, 'gateway'),
        extras.natGateways,
        'gateways',
        'nat-gateway-hour'
      ),
      ...item(
        'NAT data processed',
        `${trim(extras.natDataGb)} GB a month`,
        extras.natDataGb,
        'GB',
        'nat-gateway-gb'
      )
    ],
    logsIngested: item(
      'CloudWatch Logs ingestion',
      `${trim(extras.logsIngestedGb)} GB a month`,
      extras.logsIngestedGb,
      'GB',
      'logs-ingest-gb'
    ),
    logsStored: item(
      'CloudWatch Logs storage',
      `${trim(extras.logsStoredGb)} GB stored`,
      extras.logsStoredGb,
      'GB',
      'logs-storage-gb-month'
    ),
    ecr: item(
      'ECR storage',
      `${trim(extras.ecrStorageGb)} GB stored`,
      extras.ecrStorageGb,
      'GB',
      'ecr-storage-gb-month'
    )
  }
}

/** Every input item, in the report's order. */
export function allInputUsage(usage: InputUsage): UsageItem[] {
  return [
    ...usage.loadBalancers,
    ...usage.nat,
    ...usage.logsIngested,
    ...usage.logsStored,
    ...usage.ecr
  ]
}

/** A line for a read that failed: quantity 0, and the reason where the quantity would be. */
export function unreadItem(
  component: string,
  reason: string,
  unit: string,
  key: RateKey
): UsageItem {
  return { component, detail: `not read: ${reason}`, quantity: 0, unit, key, source: 'unread' }
}
