import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs'
import type { ContainerDefinition, TaskDefinition } from '@aws-sdk/client-ecs'
import { errorMessage } from '../shared/errors.js'
import { redactSecrets } from '../shared/secrets.js'
import { registerTaskDefinitionSecrets } from '../shared/task-definition-secrets.js'
import type { LogTail } from './snapshot.js'
import { taskId } from './snapshot.js'

export const DEFAULT_TAIL_LINES = 20

/**
 * Where the awslogs driver writes a container's output: `<prefix>/<container>/<task id>` in the
 * configured group. Containers without awslogs (or without a stream prefix, where the stream
 * name is not predictable) have no tail.
 */
export function logLocation(
  container: ContainerDefinition,
  taskArn: string
): { logGroup: string; logStream: string } | undefined {
  const config = container.logConfiguration
  if (config?.logDriver !== 'awslogs') return undefined
  const group = config.options?.['awslogs-group']
  const prefix = config.options?.['awslogs-stream-prefix']
  if (!group || !prefix || !container.name) return undefined
  return { logGroup: group, logStream: `${prefix}/${container.name}/${taskId(taskArn)}` }
}

/**
 * The last lines of every container of a task that logs to CloudWatch. Never throws. An app that
 * prints its configuration would put the task definition's environment values in its log, so the
 * lines are redacted with them (and every other secret registered in the run).
 */
export async function tailTaskLogs(
  logs: Pick<CloudWatchLogsClient, 'send'>,
  definition: TaskDefinition | undefined,
  taskArn: string,
  lines = DEFAULT_TAIL_LINES
): Promise<LogTail[]> {
  registerTaskDefinitionSecrets(definition)
  const tails: LogTail[] = []
  for (const container of definition?.containerDefinitions ?? []) {
    const location = logLocation(container, taskArn)
    if (location === undefined) continue
    try {
      // The Logs SDK is loaded by the first task that has logs to show only.
      const { GetLogEventsCommand } = await import('@aws-sdk/client-cloudwatch-logs')
      const response = await logs.send(
        new GetLogEventsCommand({
          logGroupName: location.logGroup,
          logStreamName: location.logStream,
          limit: lines,
          startFromHead: false
        })
      )
      tails.push({
        containerName: container.name ?? '?',
        ...location,
        lines: (response.events ?? []).map((event) =>
          redactSecrets((event.message ?? '').replace(/\r?\n$/, ''))
        )
      })
    } catch (error) {
      tails.push({
        containerName: container.name ?? '?',
        ...location,
        lines: [],
        unavailable: redactSecrets(errorMessage(error))
      })
    }
  }
  return tails
}
