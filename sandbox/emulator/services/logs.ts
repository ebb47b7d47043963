// CloudWatch Logs (awsJson1_1, Logs_20140328): groups, streams and the events emulated
// containers print. Timestamps here are epoch milliseconds, as the Logs API uses.

import type { ServiceFactory } from '../sandbox.js'
import type { LogEvent, LogGroup, LogStream } from '../sim/logs-model.js'
import { worldOf } from '../sim/world.js'
import { AwsError, type Operation } from '../types.js'
import { storedBytes } from './cloudwatch-metrics.js'
import {
  objectList,
  optionalBoolean,
  optionalNumber,
  optionalString,
  paginate,
  requiredString,
  stringList,
  type Input
} from './params.js'

const RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288,
  3653
]

const groupMissing = (): AwsError =>
  new AwsError('ResourceNotFoundException', 'The specified log group does not exist.')
const streamMissing = (): AwsError =>
  new AwsError('ResourceNotFoundException', 'The specified log stream does not exist.')

function groupView(group: LogGroup, now: number) {
  return {
    logGroupName: group.name,
    creationTime: group.createdAt,
    ...(group.retentionInDays ? { retentionInDays: group.retentionInDays } : {}),
    metricFilterCount: 0,
    arn: `${group.arn}:*`,
    storedBytes: storedBytes(group, now),
    logGroupClass: 'STANDARD',
    logGroupArn: group.arn
  }
}

function streamView(stream: LogStream) {
  const first = stream.events[0]
  const last = stream.events.at(-1)
  return {
    logStreamName: stream.name,
    creationTime: stream.createdAt,
    ...(first ? { firstEventTimestamp: first.timestamp } : {}),
    ...(last ? { lastEventTimestamp: last.timestamp, lastIngestionTime: last.ingestionTime } : {}),
    arn: stream.arn,
    storedBytes: 0
  }
}

const token = (direction: 'f' | 'b', index: number): string =>
  `${direction}/${String(index).padStart(56, '0')}/s`

function inWindow(input: Input) {
  const start = optionalNumber(input, 'startTime')
  const end = optionalNumber(input, 'endTime')
  return (event: LogEvent) =>
    (start === undefined || event.timestamp >= start) &&
    (end === undefined || event.timestamp < end)
}

/** CloudWatch filter patterns, reduced to what tests use: every term (or "quoted phrase") must appear. */
function matcher(pattern: string | undefined): (message: string) => boolean {
  if (!pattern || pattern.trim() === '') return () => true
  const terms = [...pattern.matchAll(/"([^"]*)"|(\S+)/g)].map((match) => match[1] ?? match[2] ?? '')
  return (message) => terms.every((term) => message.includes(term))
}

export const logsService: ServiceFactory = (sandbox) => {
  const world = worldOf(sandbox)
  const logs = world.logs

  const groupOf = (input: Input): LogGroup => {
    const name =
      optionalString(input, 'logGroupName') ??
      optionalString(input, 'logGroupIdentifier')
        ?.replace(/^arn:.*:log-group:/, '')
        .replace(/:\*$/, '')
    const group = name ? logs.groups.get(name) : undefined
    if (!group) throw groupMissing()
    return group
  }
  const streamOf = (input: Input): { group: LogGroup; stream: LogStream } => {
    const group = groupOf(input)
    const stream = group.streams.get(requiredString(input, 'logStreamName'))
    if (!stream) throw streamMissing()
    return { group, stream }
  }

  const operations: Record<string, Operation> = {
    CreateLogGroup: (input, context) => {
      const name = requiredString(input, 'logGroupName')
      if (logs.groups.has(name))
        throw new AwsError(
          'ResourceAlreadyExistsException',
          'The specified log group already exists'
        )
      const group = logs.createGroup(name, context.region, world.accountId, world.now())
      group.tags = (input.tags as Record<string, string> | undefined) ?? {}
      return {}
    },
    DeleteLogGroup: (input) => {
      logs.groups.delete(groupOf(input).name)
      return {}
    },
    DescribeLogGroups: (input) => {
      const prefix = optionalString(input, 'logGroupNamePrefix') ?? ''
      const pattern = optionalString(input, 'logGroupNamePattern')
      const groups = [...logs.groups.values()]
        .filter(
          (group) => group.name.startsWith(prefix) && (!pattern || group.name.includes(pattern))
        )
        .sort((a, b) => (a.name < b.name ? -1 : 1))
      const { page, nextToken } = paginate(
        groups,
        optionalString(input, 'nextToken'),
        optionalNumber(input, 'limit'),
        50
      )
      return {
        logGroups: page.map((group) => groupView(group, world.now())),
        ...(nextToken ? { nextToken } : {})
      }
    },
    PutRetentionPolicy: (input) => {
      const group = groupOf(input)
      const days = optionalNumber(input, 'retentionInDays')
      if (days === undefined || !RETENTION_DAYS.includes(days)) {
        throw new AwsError(
          'InvalidParameterException',
          `1 validation error detected: Value '${days}' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: [${RETENTION_DAYS.join(', ')}]`
        )
      }
      group.retentionInDays = days
      return {}
    },
    DeleteRetentionPolicy: (input) => {
      groupOf(input).retentionInDays = undefined
      return {}
    },
    CreateLogStream: (input) => {
      const group = groupOf(input)
      const name = requiredString(input, 'logStreamName')
      if (group.streams.has(name))
        throw new AwsError(
          'ResourceAlreadyExistsException',
          'The specified log stream already exists'
        )
      logs.createStream(group, name, world.now())
      return {}
    },
    DescribeLogStreams: (input) => {
      const group = groupOf(input)
      const prefix = optionalString(input, 'logStreamNamePrefix') ?? ''
      const byTime = optionalString(input, 'orderBy') === 'LastEventTime'
      const streams = [...group.streams.values()]
        .filter((stream) => stream.name.startsWith(prefix))
        .sort((a, b) =>
          byTime
            ? (a.events.at(-1)?.timestamp ?? 0) - (b.events.at(-1)?.timestamp ?? 0)
            : a.name < b.name
              ? -1
              : 1
        )
      if (optionalBoolean(input, 'descending')) streams.reverse()
      const { page, nextToken } = paginate(
        streams,
        optionalString(input, 'nextToken'),
        optionalNumber(input, 'limit'),
        50
      )
      return { logStreams: page.map(streamView), ...(nextToken ? { nextToken } : {}) }
    },
    PutLogEvents: (input) => {
      const { stream } = streamOf(input)
      for (const event of objectList(input, 'logEvents')) {
        stream.events.push({
          timestamp: Number(event.timestamp),
          message: String(event.message),
          ingestionTime: world.now()
        })
      }
      stream.events.sort((a, b) => a.timestamp - b.timestamp)
      return { nextSequenceToken: String(stream.events.length).padStart(56, '0') }
    },
    GetLogEvents: (input) => {
      const { stream } = streamOf(input)
      const events = stream.events.filter(inWindow(input))
      const limit = Math.min(optionalNumber(input, 'limit') ?? 10000, 10000)
      const given = optionalString(input, 'nextToken')
      const position = given ? Number(given.split('/')[1]) : undefined
      let start: number
      if (given?.startsWith('f/') && position !== undefined) start = position
      else if (given?.startsWith('b/') && position !== undefined)
        start = Math.max(0, position - limit)
      else start = optionalBoolean(input, 'startFromHead') ? 0 : Math.max(0, events.length - limit)
      const end =
        given?.startsWith('b/') && position !== undefined
          ? position
          : Math.min(events.length, start + limit)
      return {
        events: events
          .slice(start, end)
          .map(({ timestamp, message, ingestionTime }) => ({ timestamp, message, ingestionTime })),
        nextForwardToken: token('f', end),
        nextBackwardToken: token('b', start)
      }
    },
    FilterLogEvents: (input) => {
      const group = groupOf(input)
      const names = stringList(input, 'logStreamNames')
      const prefix = optionalString(input, 'logStreamNamePrefix')
      const matches = matcher(optionalString(input, 'filterPattern'))
      const within = inWindow(input)
      const events = [...group.streams.values()]
        .filter(
          (stream) =>
            (names.length === 0 || names.includes(stream.name)) &&
            (!prefix || stream.name.startsWith(prefix))
        )
        .flatMap((stream) =>
          stream.events
            .map((event, index) => ({ stream, event, index }))
            .filter(({ event }) => within(event) && matches(event.message))
        )
        .sort((a, b) => a.event.timestamp - b.event.timestamp)
        .map(({ stream, event, index }) => ({
          logStreamName: stream.name,
          timestamp: event.timestamp,
          message: event.message,
          ingestionTime: event.ingestionTime,
          eventId: `${String(event.timestamp).padStart(20, '0')}${String(index).padStart(36, '0')}`
        }))
      const { page, nextToken } = paginate(
        events,
        optionalString(input, 'nextToken'),
        optionalNumber(input, 'limit'),
        10000
      )
      return { events: page, searchedLogStreams: [], ...(nextToken ? { nextToken } : {}) }
    },
    ListTagsLogGroup: (input) => ({ tags: groupOf(input).tags }),
    TagLogGroup: (input) => {
      Object.assign(groupOf(input).tags, input.tags as Record<string, string>)
      return {}
    }
  }

  return { signingName: 'logs', protocol: 'json', targetPrefix: 'Logs_20140328', operations }
}
