import type { TaskDefinition } from '@aws-sdk/client-ecs'
import type { Logger } from '../shared/logger.js'
import type { DeployClients } from './clients.js'
import type { ServiceRequest } from './deploy-types.js'
import { formatWatchEvent } from './format.js'
import { RolloutPoller } from './poller.js'
import type { RolloutWatch, Verdict } from './watch.js'

/** Polls the service until `watch` reaches a verdict, printing what the rollout does as it goes. */
export async function followRollout(
  clients: DeployClients,
  request: Pick<
    ServiceRequest,
    'cluster' | 'service' | 'pollIntervalMs' | 'sleep' | 'awsTimeScale'
  >,
  watch: RolloutWatch,
  definition: TaskDefinition,
  log: Logger
): Promise<Verdict> {
  const poller = new RolloutPoller(clients, {
    cluster: request.cluster,
    service: request.service,
    intervalMs: request.pollIntervalMs,
    taskDefinition: definition,
    onEvents: (events) => {
      for (const event of events) {
        const lines = formatWatchEvent(event)
        // One annotation per failed task (the runner shows only the first few); details as log lines.
        if (event.kind === 'task-stopped' && event.task.cause.kind !== 'benign') {
          const [first = '', ...rest] = lines
          log.error(first)
          rest.forEach((line) => log.info(line))
        } else lines.forEach((line) => log.info(line))
      }
    },
    onWarning: (message) => log.warning(message),
    onDebug: (message) => log.debug(message),
    sleep: request.sleep,
    awsTimeScale: request.awsTimeScale
  })
  return poller.run(watch)
}
