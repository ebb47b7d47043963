import type { CostClients } from './clients.js'
import { plural, trim, unreadItem } from './discover-inputs.js'
import { coveredHours, sumMetrics, type MetricQuery } from './discover-metrics.js'
import { tryRead, validFigure } from './discover-read.js'
import type { Logger } from '../shared/logger.js'
import type { UsageItem } from './scenario.js'

const GIB = 1024 ** 3
/** Days in the 730-hour month the estimate uses. */
const DAYS_PER_MONTH = 730 / 24

interface ContainerLogs {
  logConfiguration?: { logDriver?: string; options?: Record<string, string> }
}

/** An awslogs destination: the group, and its region when the container names one. */
export interface AwslogsGroup {
  name: string
  region?: string
}

/** The awslogs groups a task definition writes to, each once. */
export function awslogsGroups(definition: unknown): AwslogsGroup[] {
  const containers =
    (definition as { containerDefinitions?: ContainerLogs[] } | null)?.containerDefinitions ?? []
  const groups = new Map<string, AwslogsGroup>()
  for (const config of containers.map((container) => container.logConfiguration)) {
    const name = config?.options?.['awslogs-group']
    if (config?.logDriver !== 'awslogs' || name === undefined) continue
    const region = config.options?.['awslogs-region']
    groups.set(JSON.stringify([name, region]), region === undefined ? { name } : { name, region })
  }
  return [...groups.values()]
}

/** CloudWatch Logs' pattern for a log group name: checked before it is sent or printed. */
const LOG_GROUP_NAME = /^[.\-_/#A-Za-z0-9]{1,512}$/

/**
 * The groups to read: valid names in the service's region. The others are notes for the line,
 * each the reason it was not read (an invalid name is never repeated: it is task-definition
 * text, not a name AWS could hold).
 */
export function readableGroups(
  groups: AwslogsGroup[],
  region: string
): { names: string[]; notes: string[] } {
  const names: string[] = []
  const notes: string[] = []
  for (const group of groups) {
    if (!LOG_GROUP_NAME.test(group.name)) notes.push('invalid log group name')
    else if (group.region !== undefined && group.region !== region)
      notes.push(`${group.name} in another region`)
    else if (!names.includes(group.name)) names.push(group.name)
  }
  return { names, notes }
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
          storedBytes: validFigure(group.storedBytes ?? 0, `the storedBytes of ${name}`),
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
    const days = coveredHours(group.created, now, `the creationTime of ${group.name}`) / 24
    return ((bytes[index] ?? 0) / GIB / days) * DAYS_PER_MONTH
  })
}

function retentionText(group: LogGroupFound): string {
  return group.retentionInDays === undefined ? 'kept forever' : `kept ${group.retentionInDays} days`
}

export interface LogsRequest {
  definition: unknown
  /** The service's region: a group another region holds is not read here. */
  region: string
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
  const groups = awslogsGroups(request.definition)
  if (groups.length === 0) return [...request.fallbackIngested, ...request.fallbackStored]
  const { names, notes } = readableGroups(groups, request.region)
  const unread = (reason: string) => {
    log.info(`CloudWatch Logs not measured: ${reason}.`)
    return [
      ...orUnread(request.fallbackIngested, 'CloudWatch Logs ingestion', reason, 'logs-ingest-gb'),
      ...orUnread(
        request.fallbackStored,
        'CloudWatch Logs storage',
        reason,
        'logs-storage-gb-month'
      )
    ]
  }
  if (names.length === 0) return unread(notes.join('; '))
  const found = await tryRead('logs:DescribeLogGroups', log, () => describeGroups(clients, names))
  // A read that finds nothing measured nothing: the inputs, not a measured 0 GB.
  if (found.ok && found.value.length === 0) {
    return unread(['no log group found', ...notes].join('; '))
  }
  const missing = found.ok
    ? names.filter((name) => !found.value.some((group) => group.name === name))
    : []
  const allNotes = [...missing.map((name) => `${name} not found`), ...notes].map(
    (note) => `${note}, not read`
  )
  const storage: UsageItem[] = found.ok
    ? [storedItem(found.value, allNotes)]
    : orUnread(
        request.fallbackStored,
        'CloudWatch Logs storage',
        found.reason,
        'logs-storage-gb-month'
      )
  const read = found.ok ? found.value : names.map((name) => ({ name, storedBytes: 0 }))
  const ingested = await ingestItem(clients, request, read, allNotes, log)
  return [...ingested, ...storage]
}

async function ingestItem(
  clients: Pick<CostClients, 'cloudwatch'>,
  request: LogsRequest,
  groups: LogGroupFound[],
  notes: string[],
  log: Logger
): Promise<UsageItem[]> {
  const ingest = await tryRead('cloudwatch:GetMetricData', log, () =>
    monthlyIngestGb(clients, groups, request.now)
  )
  if (!ingest.ok) {
    return orUnread(
      request.fallbackIngested,
      'CloudWatch Logs ingestion',
      ingest.reason,
      'logs-ingest-gb'
    )
  }
  const total = ingest.value.reduce((sum, gb) => sum + gb, 0)
  const perGroup = [
    ...groups.map((g, i) => `${g.name} ${trim(ingest.value[i] ?? 0)}`),
    ...notes
  ].join('; ')
  return [
    {
      component: 'CloudWatch Logs ingestion',
      detail: `${trim(total)} GB a month (IncomingBytes over 14 days: ${perGroup})`,
      quantity: total,
      unit: 'GB',
      key: 'logs-ingest-gb',
      source: 'measured'
    }
  ]
}

function storedItem(groups: LogGroupFound[], notes: string[]): UsageItem {
  const gb = groups.reduce((sum, group) => sum + group.storedBytes, 0) / GIB
  const each = [...groups.map((g) => `${g.name} ${retentionText(g)}`), ...notes].join('; ')
  return {
    component: 'CloudWatch Logs storage',
    detail: `${trim(gb)} GB stored in ${plural(groups.length, 'log group')} (storedBytes; ${each})`,
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
