import type { CostClients } from './clients.js'
import { plural, trim, unreadItem } from './discover-inputs.js'
import { coveredHours, sumMetrics, type MetricQuery } from './discover-metrics.js'
import { tryRead, type ReadResult } from './discover-read.js'
import type { Logger } from '../shared/logger.js'
import type { RateKey } from './rate-keys.js'
import type { QuantitySource, UsageItem } from './scenario.js'

/** Stated when no LCU figure can be read or was given: one capacity unit all month. */
export const ASSUMED_LCU = 1

export interface LoadBalancerFound {
  arn: string
  name: string
  type: 'application' | 'network'
  created?: Date
}

interface Kind {
  hour: RateKey
  lcu: RateKey
  namespace: string
  component: string
  short: string
  unit: string
}

const KINDS: Record<LoadBalancerFound['type'], Kind> = {
  application: {
    hour: 'alb-hour',
    lcu: 'alb-lcu-hour',
    namespace: 'AWS/ApplicationELB',
    component: 'Application Load Balancer',
    short: 'ALB',
    unit: 'LCU'
  },
  network: {
    hour: 'nlb-hour',
    lcu: 'nlb-lcu-hour',
    namespace: 'AWS/NetworkELB',
    component: 'Network Load Balancer',
    short: 'NLB',
    unit: 'NLCU'
  }
}

/** CloudWatch's LoadBalancer dimension: "app/name/id" (or "net/...") from the ARN. */
export function loadBalancerDimension(arn: string): string {
  return arn.replace(/^.*:loadbalancer\//, '')
}

/** The load balancers in front of the service's target groups (gateway ones are not priced). */
export async function findLoadBalancers(
  clients: Pick<CostClients, 'elbv2'>,
  targetGroupArns: string[],
  log: Logger
): Promise<LoadBalancerFound[]> {
  const { DescribeLoadBalancersCommand, DescribeTargetGroupsCommand } =
    await import('@aws-sdk/client-elastic-load-balancing-v2')
  const client = await clients.elbv2()
  const groups = await client.send(
    new DescribeTargetGroupsCommand({ TargetGroupArns: targetGroupArns })
  )
  const arns = [...new Set((groups.TargetGroups ?? []).flatMap((g) => g.LoadBalancerArns ?? []))]
  if (arns.length === 0) return []
  const described = await client.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: arns }))
  const found: LoadBalancerFound[] = []
  for (const lb of described.LoadBalancers ?? []) {
    if (lb.Type !== 'application' && lb.Type !== 'network') {
      log.warning(`Load balancer ${lb.LoadBalancerName ?? ''} is of type ${lb.Type}: not priced.`)
      continue
    }
    found.push({
      arn: lb.LoadBalancerArn ?? '',
      name: lb.LoadBalancerName ?? '',
      type: lb.Type,
      created: lb.CreatedTime
    })
  }
  return found
}

/** The average capacity units of each load balancer over the look-back window. */
async function measuredLcus(
  clients: Pick<CostClients, 'cloudwatch'>,
  balancers: LoadBalancerFound[],
  now: Date
): Promise<number[]> {
  const queries: MetricQuery[] = balancers.map((lb) => ({
    namespace: KINDS[lb.type].namespace,
    metric: 'ConsumedLCUs',
    dimension: { name: 'LoadBalancer', value: loadBalancerDimension(lb.arn) },
    stat: 'Average',
    period: 3600
  }))
  const hourly = await sumMetrics(await clients.cloudwatch(), queries, now)
  // Hours without a datapoint had no traffic: they count as 0 LCU in the average.
  return balancers.map(
    (lb, index) =>
      (hourly[index] ?? 0) / coveredHours(lb.created, now, `the CreatedTime of ${lb.name}`)
  )
}

interface LcuFigure {
  lcu: number
  source: QuantitySource
  how: string
}

function fallbackLcu(lb: LoadBalancerFound, inputLcu: number, reason: string): LcuFigure {
  if (lb.type === 'application' && inputLcu > 0) {
    return { lcu: inputLcu, source: 'input', how: `alb-lcu input (${reason})` }
  }
  return { lcu: ASSUMED_LCU, source: 'assumed', how: `assumed ${ASSUMED_LCU} (${reason})` }
}

function kindItems(kind: Kind, balancers: LoadBalancerFound[], figures: LcuFigure[]) {
  const names = balancers.map((lb) => lb.name).join(', ')
  const total = figures.reduce((sum, figure) => sum + figure.lcu, 0)
  const sources = new Set(figures.map((figure) => figure.source))
  const source: QuantitySource = sources.size === 1 ? (figures[0]?.source ?? 'assumed') : 'assumed'
  const how = figures.map((f, i) => `${balancers[i]?.name ?? ''} ${trim(f.lcu)}: ${f.how}`)
  const hours: UsageItem = {
    component: kind.component,
    detail: `${plural(balancers.length, 'load balancer')} (${names}, from the service's target groups)`,
    quantity: balancers.length,
    unit: kind.short,
    key: kind.hour,
    source: 'configured'
  }
  const lcus: UsageItem = {
    component: `${kind.short} capacity units`,
    detail: `${trim(total)} ${kind.unit} average (${how.join('; ')})`,
    quantity: total,
    unit: kind.unit,
    key: kind.lcu,
    source
  }
  return [hours, lcus]
}

export interface LoadBalancerRequest {
  targetGroupArns: string[]
  /** The alb-count / alb-lcu lines, used when nothing is found or the read fails. */
  fallback: UsageItem[]
  inputLcu: number
  now: Date
}

/** The load balancer lines: found and measured, else the inputs, else a line saying why not. */
export async function loadBalancerUsage(
  clients: Pick<CostClients, 'elbv2' | 'cloudwatch'>,
  request: LoadBalancerRequest,
  log: Logger
): Promise<UsageItem[]> {
  if (request.targetGroupArns.length === 0) return request.fallback
  const found = await tryRead('elasticloadbalancing:DescribeTargetGroups', log, () =>
    findLoadBalancers(clients, request.targetGroupArns, log)
  )
  if (!found.ok) {
    if (request.fallback.length > 0) return request.fallback
    return [unreadItem('Application Load Balancer', found.reason, 'ALB', 'alb-hour')]
  }
  if (found.value.length === 0) return request.fallback
  const measured: ReadResult<number[]> = await tryRead('cloudwatch:GetMetricData', log, () =>
    measuredLcus(clients, found.value, request.now)
  )
  const figures = found.value.map((lb, index): LcuFigure => {
    if (measured.ok) {
      return { lcu: measured.value[index] ?? 0, source: 'measured', how: 'ConsumedLCUs, 14 days' }
    }
    return fallbackLcu(lb, request.inputLcu, measured.reason)
  })
  const items: UsageItem[] = []
  for (const type of ['application', 'network'] as const) {
    const picked = found.value.flatMap((lb, i) => (lb.type === type ? [{ lb, f: figures[i] }] : []))
    if (picked.length === 0) continue
    const lcuFigures = picked.map((p) => p.f).filter((f): f is LcuFigure => f !== undefined)
    items.push(
      ...kindItems(
        KINDS[type],
        picked.map((p) => p.lb),
        lcuFigures
      )
    )
  }
  return items
}
