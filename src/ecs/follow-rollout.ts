import type { TaskDefinition } from '@aws-sdk/client-ecs'
import type { Logger } from '../shared/logger.js'
import type { DeployClients } from './clients.js'
import type { ServiceRequest } from './deploy-types.js'
import { RolloutPoller } from './poller.js'
import { WatchPrinter, type PrintedShapes } from './watch-output.js'
import type { DeploymentRow, RolloutWatch, Verdict } from './watch.js'

export interface FollowOptions {
  /** The deployment table the run's previous watch printed last: not printed again unchanged. */
  previousRows?: DeploymentRow[]
  /** What the run's watches printed so far: a continuing watch does not print its shapes again. */
  printed?: PrintedShapes
}

/** Polls the service until `watch` reaches a verdict, printing what the rollout does as it goes. */
export async function followRollout(
  clients: DeployClients,
  request: Pick<
    ServiceRequest,
    'cluster' | 'service' | 'pollIntervalMs' | 'sleep' | 'awsTimeScale'
  >,
  watch: RolloutWatch,
  definition: TaskDefinition,
  log: Logger,
  options: FollowOptions = {}
): Promise<Verdict> {
  const printer = new WatchPrinter(log, {
    deploymentId: watch.options.deploymentId,
    ...(options.previousRows !== undefined && { previousRows: options.previousRows }),
    ...(options.printed !== undefined && { printed: options.printed })
  })
  const poller = new RolloutPoller(clients, {
    cluster: request.cluster,
    service: request.service,
    intervalMs: request.pollIntervalMs,
    taskDefinition: definition,
    onEvents: (events) => printer.print(events),
    onWaiting: (awaited, ours) => printer.waiting(awaited, ours),
    onWarning: (message) => log.warning(message),
    onDebug: (message) => log.debug(message),
    sleep: request.sleep,
    awsTimeScale: request.awsTimeScale
  })
  const verdict = await poller.run(watch)
  printer.finish(verdict)
  return verdict
}
