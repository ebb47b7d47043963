import type { Logger } from '../shared/logger.js'
import type { CostClients } from './clients.js'
import { imageUsage } from './discover-images.js'
import { inputUsage } from './discover-inputs.js'
import { loadBalancerUsage } from './discover-load-balancers.js'
import { awslogsGroups, logUsage } from './discover-logs.js'
import type { LiveService } from './live-service.js'
import type { Extras, UsageItem } from './scenario.js'

export type DiscoveryClients = Pick<CostClients, 'elbv2' | 'cloudwatch' | 'logs' | 'ecr'>

export interface DiscoveryContext {
  clients: DiscoveryClients
  log: Logger
  region: string
  now: Date
}

/** What the service itself brings, read once for both scenarios: its load balancers. */
export async function serviceUsage(
  live: LiveService | undefined,
  extras: Extras,
  context: DiscoveryContext
): Promise<UsageItem[]> {
  const fallback = inputUsage(extras).loadBalancers
  if (live === undefined) return fallback
  return loadBalancerUsage(
    context.clients,
    {
      targetGroupArns: live.targetGroupArns,
      fallback,
      inputLcu: extras.albLcuPerAlb,
      now: context.now
    },
    context.log
  )
}

/**
 * Every usage line of one scenario: the service's own (load balancers), NAT from the inputs
 * only, and the task definition's log groups and ECR images. Without a live service nothing is
 * read and the inputs are the lines, as before discovery existed.
 */
export async function scenarioUsage(
  live: LiveService | undefined,
  definition: unknown,
  extras: Extras,
  service: UsageItem[],
  context: DiscoveryContext
): Promise<UsageItem[]> {
  const inputs = inputUsage(extras)
  if (live === undefined) {
    return [...service, ...inputs.nat, ...inputs.logsIngested, ...inputs.logsStored, ...inputs.ecr]
  }
  const { clients, log, now, region } = context
  const logs = await logUsage(
    clients,
    {
      definition,
      region,
      fallbackIngested: inputs.logsIngested,
      fallbackStored: inputs.logsStored,
      now
    },
    log
  )
  const images = await imageUsage(
    clients,
    { definition, region, account: live.account, fallback: inputs.ecr },
    log
  )
  return [...service, ...inputs.nat, ...logs, ...images]
}

/**
 * The usage of each scenario's task definition, read once per distinct set of log groups and
 * images: a "before" that logs to the same groups and runs the same images reads nothing again.
 */
export async function usageReader(
  live: LiveService | undefined,
  extras: Extras,
  context: DiscoveryContext
): Promise<(definition: unknown) => Promise<UsageItem[]>> {
  const service = await serviceUsage(live, extras, context)
  const read = new Map<string, Promise<UsageItem[]>>()
  return (definition) => {
    const images = (
      (definition as { containerDefinitions?: { image?: string }[] } | null)
        ?.containerDefinitions ?? []
    ).map((container) => container.image)
    const key = JSON.stringify([awslogsGroups(definition), images])
    let usage = read.get(key)
    if (usage === undefined) {
      usage = scenarioUsage(live, definition, extras, service, context)
      read.set(key, usage)
    }
    return usage
  }
}
