import { NEVER_CANCELLED, abortableSleep, untilAborted } from '../shared/cancel.js'
import type { Logger } from '../shared/logger.js'
import { deployWithCodeDeploy } from './blue-green-step.js'
import { reportCancelled } from './cancel-report.js'
import type { DeployClients } from './clients.js'
import type {
  DeployRequest,
  DeployResult,
  DeployStatus,
  StepOutcome,
  DeployRun
} from './deploy-types.js'
import { checkConfiguredAtLaunch } from './ebs-volumes.js'
import { preDeployStep } from './pre-deploy-step.js'
import { resolveRevision } from './resolve-revision.js'
import { deployRolling } from './rolling-update.js'
import { runTaskStep } from './run-task-step.js'
import { findService, lastCompletedDeployment } from './service.js'

export type { DeployRequest, DeployResult, DeployStatus, RollbackReport } from './deploy-types.js'

/** Every wait of the deploy, no longer than `capMs` (wait-max-delay-seconds) when given. */
export function cappedSleep(
  sleep: (ms: number) => Promise<void>,
  capMs: number | undefined
): (ms: number) => Promise<void> {
  return capMs === undefined ? sleep : (ms) => sleep(Math.min(ms, capMs))
}

/** Drops what abandoned work would still print once the deploy is cancelled. */
function silencedOnceAborted(log: Logger, signal: AbortSignal): Logger {
  const live = (print: (message: string) => void) => (message: string) => {
    if (!signal.aborted) print(message)
  }
  return {
    debug: live((message) => log.debug(message)),
    info: live((message) => log.info(message)),
    warning: live((message) => log.warning(message)),
    error: live((message) => log.error(message)),
    group: (name, work) => (signal.aborted ? work() : log.group(name, work))
  }
}

/**
 * Registers (or picks) the revision, runs what must run before the update, updates the service
 * and follows the rollout to its outcome, rolling back when it fails. Cancelled: reports where
 * the rollout stands and changes nothing more.
 */
export async function deploy(
  clients: DeployClients,
  request: DeployRequest,
  log: Logger
): Promise<DeployResult> {
  const startedAt = Date.now()
  const result: DeployResult = {
    status: 'failed',
    reason: '',
    region: request.region,
    cluster: request.cluster,
    service: request.service ?? '',
    registered: false,
    unchanged: false,
    waited: request.wait,
    startedAt,
    finishedAt: startedAt
  }
  const signal = request.signal ?? NEVER_CANCELLED
  // Every wait of the abandoned work ends at once, so no loop of it outlives the cancellation.
  const sleep = cappedSleep(abortableSleep(signal, request.sleep), request.maxPollIntervalMs)
  const quiet = silencedOnceAborted(log, signal)
  const service = request.service
  const work =
    service === undefined
      ? registerOnlySteps({ clients, request: { ...request, sleep }, result, log: quiet })
      : deploySteps({ clients, request: { ...request, service, sleep }, result, log: quiet })
  try {
    return await untilAborted(work, signal)
  } catch (error) {
    if (!signal.aborted) throw error
    log.endGroup?.()
    const cancelled = await reportCancelled(clients.ecs, result, signal.reason, log)
    // A copy: the abandoned work may still write to `result` before the process exits.
    return {
      ...result,
      status: 'cancelled',
      reason: cancelled.reason,
      cancelled,
      finishedAt: Date.now()
    }
  }
}

function finish(result: DeployResult, [status, reason]: [DeployStatus, string]): DeployResult {
  result.status = status
  result.reason = reason
  result.finishedAt = Date.now()
  return result
}

/** No service: register (or reuse) the revision and run the standalone task when asked. */
async function registerOnlySteps(run: DeployRun<DeployRequest>): Promise<DeployResult> {
  const { request, result, log } = run
  const definition = await log.group('Task definition', () => resolveRevision(run, undefined))
  if (request.runTask === undefined)
    return finish(result, [
      'succeeded',
      'no service given: the revision is registered, nothing is deployed'
    ])
  const failure = await runTaskStep(run, undefined, definition)
  if (failure !== undefined) return finish(result, ['failed', failure])
  return finish(result, [
    'succeeded',
    `no service given: registered and ran the task (${result.runTask?.reason ?? ''})`
  ])
}

async function deploySteps(run: DeployRun): Promise<DeployResult> {
  const { clients, request, result, log } = run
  const service = await findService(clients.ecs, request.cluster, request.service)
  const previous = lastCompletedDeployment(service)
  if (previous?.taskDefinition !== undefined)
    result.previousTaskDefinitionArn = previous.taskDefinition

  const definition = await log.group('Task definition', () => resolveRevision(run, service))
  if (request.serviceEbsVolume !== undefined)
    checkConfiguredAtLaunch(
      'service-managed-ebs-volume-name',
      request.serviceEbsVolume.name ?? '',
      definition
    )

  const runTaskFailure = await runTaskStep(run, service, definition)
  if (runTaskFailure !== undefined) return finish(result, ['failed', runTaskFailure])
  const preDeployFailure = await preDeployStep(run, service, definition)
  if (preDeployFailure !== undefined) return finish(result, ['failed', preDeployFailure])

  const update: StepOutcome =
    service.deploymentController?.type === 'CODE_DEPLOY'
      ? await deployWithCodeDeploy(run, service, definition)
      : await deployRolling(run, service, definition)
  return finish(result, update)
}
