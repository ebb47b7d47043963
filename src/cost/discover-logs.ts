import type { CostClients } from './clients.js'
import { plural, trim, unreadItem } from './discover-inputs.js'
import { coveredHours, sumMetrics, type MetricQuery } from './discover-metrics.js'
import { tryRead } from './discover-read.js'
import type { Logger } from '../shared/logger.js'
import type { UsageItem } from './scenario.js'

const GIB = 1024 ** 3
/** Days in the 730-hour month the estimate uses. */
const DAYS_PER_MONTH = 730 / 24

interface ContainerLogs {
  logConfiguration?: { logDriver?: string; options?: Record<string, string> }
}

/** The awslogs groups a task definition writes to, each once. */
export function awslogsGroups(definition: unknown): string[] {
  const containers =
    (definition as { containerDefinitions?: ContainerLogs[] } | null)?.containerDefinitions ?? []
  const groups = containers.flatMap((container) => {
    const config = container.logConfiguration
    const group = config?.options?.['awslogs-group']
    return config?.logDriver === 'awslogs' && group !== undefined ? [group] : []
  })
  return [...new Set(groups)]
}

export interface LogGroupFound {
  name: string
  storedBytes: number
  retentionInDays?: number
  created?: Date
}

async function describeGroups(
  clients: Pick<CostClients, 'logs'>,
  names: string[]
): Promise<LogGroupFound[]> {
  const { DescribeLogGroupsCommand } = await import('@aws-sdk/client-cloudwatch-logs')
  const client = await clients.logs()
  const found: LogGroupFound[] = []
  for (const name of names) {
    let nextToken: string | undefined
    do {
      const page = await client.send(
        new DescribeLogGroupsCommand({ logGroupNamePrefix: name, nextToken })
      )
      const group = page.logGroups?.find((candidate) => candidate.logGroupName === name)
      if (group !== undefined) {
        found.push({
          name,
          storedBytes: group.storedBytes ?? 0,
          retentionInDays: group.retentionInDays,
          created: group.creationTime === undefined ? undefined : new Date(group.creationTime)
        })
        break
      }
      nextToken = page.nextToken
    } while (nextToken !== undefined)
  }
  return found
}

/** GB a month each group ingests: IncomingBytes over the window, scaled to 730 hours. */
async function monthlyIngestGb(
  clients: Pick<CostClients, 'cloudwatch'>,
  groups: LogGroupFound[],
  now: Date
): Promise<number[]> {
  const queries: MetricQuery[] = groups.map((group) => ({
    namespace: 'AWS/Logs',
    metric: 'IncomingBytes',
    dimension: { name: 'LogGroupName', value: group.name },
    stat: 'Sum',
    period: 86400
  }))
  const bytes = await sumMetrics(await clients.cloudwatch(), queries, now)
  return groups.map((group, index) => {
    const days = coveredHours(group.created, now) / 24
    return ((bytes[index] ?? 0) / GIB / days) * DAYS_PER_MONTH
  })
}

function retentionText(group: LogGroupFound): string {
  return group.retentionInDays === undefined ? 'kept forever' : `kept ${group.retentionInDays} days`
}

export interface LogsRequest {
  definition: unknown
  fallbackIngested: UsageItem[]
  fallbackStored: UsageItem[]
  now: Date
}

/** Ingestion and storage of the task definition's log groups, measured; else the inputs. */
export async function logUsage(
  clients: Pick<CostClients, 'logs' | 'cloudwatch'>,
  request: LogsRequest,
  log: Logger
): Promise<UsageItem[]> {
  const names = awslogsGroups(request.definition)
  if (names.length === 0) return [...request.fallbackIngested, ...request.fallbackStored]
  const found = await tryRead('logs:DescribeLogGroups', log, () => describeGroups(clients, names))
  const storage: UsageItem[] = found.ok
    ? [storedItem(found.value)]
    : orUnread(
        request.fallbackStored,
        'CloudWatch Logs storage',
        found.reason,
        'logs-storage-gb-month'
      )
  const groups = found.ok ? found.value : names.map((name) => ({ name, storedBytes: 0 }))
  const ingest = await tryRead('cloudwatch:GetMetricData', log, () =>
    monthlyIngestGb(clients, groups, request.now)
  )
  if (!ingest.ok) {
    const unread = orUnread(
      request.fallbackIngested,
      'CloudWatch Logs ingestion',
      ingest.reason,
      'logs-ingest-gb'
    )
    return [...unread, ...storage]
  }
  const total = ingest.value.reduce((sum, gb) => sum + gb, 0)
  const perGroup = groups.map((g, i) => `${g.name} ${trim(ingest.value[i] ?? 0)}`).join('; ')
  const ingested: UsageItem = {
    component: 'CloudWatch Logs ingestion',
    detail: `${trim(total)} GB a month (IncomingBytes over 14 days: ${perGroup})`,
    quantity: total,
    unit: 'GB',
    key: 'logs-ingest-gb',
    source: 'measured'
  }
  return [ingested, ...storage]
}

function storedItem(groups: LogGroupFound[]): UsageItem {
  const gb = groups.reduce((sum, group) => sum + group.storedBytes, 0) / GIB
  const each = groups.map((g) => `${g.name} ${retentionText(g)}`).join('; ')
  return {
    component: 'CloudWatch Logs storage',
    detail: `${trim(gb)} GB stored in ${plural(groups.length, 'log group')} (storedBytes; ${each || 'none found'})`,
    quantity: gb,
    unit: 'GB',
    key: 'logs-storage-gb-month',
    source: 'measured'
  }
}

function orUnread(
  fallback: UsageItem[],
  component: string,
  reason: string,
  key: UsageItem['key']
): UsageItem[] {
  return fallback.length > 0 ? fallback : [unreadItem(component, reason, 'GB', key)]
}
