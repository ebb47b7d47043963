import type { ECSClient } from '@aws-sdk/client-ecs'
import { Cancelled } from '../shared/cancel.js'
import { errorMessage } from '../shared/errors.js'
import { serviceDeploymentsUrl } from './console-links.js'
import type { DeployResult } from './deploy.js'
import type { Logger } from '../shared/logger.js'
import { formatDeploymentTable } from './format.js'
import { describeService } from './describe.js'
import { revisionName } from './snapshot.js'
import { deploymentRows, type DeploymentRow } from './watch.js'

/** Where the rollout stood when the run was cancelled. */
export interface CancelReport {
  /** The signal the runner sent: SIGINT or SIGTERM. */
  signalName: string
  reason: string
  /** The service's deployments: read after the cancellation, or from the last poll when that read failed. */
  deployments: DeploymentRow[]
  /** This run's deployment among them, when it had started and is still listed. */
  ours?: DeploymentRow
  consoleUrl: string
}

/** The runner kills the process 10 s after its first signal: the final read gets a few seconds. */
export const FINAL_READ_LIMIT_MS = 3000

async function deploymentsNow(
  ecs: ECSClient,
  result: DeployResult,
  log: Logger
): Promise<DeploymentRow[]> {
  let timer: NodeJS.Timeout | undefined
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer in ${FINAL_READ_LIMIT_MS / 1000} s`)),
      FINAL_READ_LIMIT_MS
    )
  })
  try {
    const { service } = await Promise.race([
      describeService(ecs, result.cluster, result.service),
      limit
    ])
    return deploymentRows(service.deployments ?? [])
  } catch (error) {
    const last = result.watch?.deployments ?? []
    log.warning(
      `Could not read the service after the cancellation (${errorMessage(error)})${last.length > 0 ? '; showing the last poll' : ''}.`
    )
    return last
  } finally {
    clearTimeout(timer)
  }
}

function describeRow(row: DeploymentRow): string {
  return `rollout ${row.rolloutState}, desired ${row.desired}, pending ${row.pending}, running ${row.running}, failed ${row.failed}`
}

/**
 * Prints where the rollout stands after a cancellation: this run's deployment and its counts,
 * every deployment of the service, the console link. It changes nothing: no rollback, no update.
 */
export async function reportCancelled(
  ecs: ECSClient,
  result: DeployResult,
  reason: unknown,
  log: Logger
): Promise<CancelReport> {
  const signalName = reason instanceof Cancelled ? reason.signalName : 'a cancel signal'
  const deployments = await deploymentsNow(ecs, result, log)
  const ours = deployments.find((row) => row.id === result.deploymentId)
  const consoleUrl = serviceDeploymentsUrl(result.region, result.cluster, result.service)
  const standing =
    result.deploymentId === undefined
      ? 'before this run had a deployment'
      : ours === undefined
        ? `with deployment ${result.deploymentId} no longer listed`
        : `with deployment ${ours.id} (${ours.revision}) at ${describeRow(ours)}`
  const reasonText = `${signalName} received ${standing}; the service was left as it is, no rollback and no update`
  // The step's error says it again: runAction fails it with this reason.
  log.info(`Deploy cancelled: ${reasonText}.`)
  if (result.deploymentId === undefined && result.taskDefinitionArn !== undefined) {
    log.info(
      `This run had not confirmed an update of the service to ${revisionName(result.taskDefinitionArn)}.`
    )
  }
  if (deployments.length > 0) {
    log.info('Deployments of the service now:')
    for (const line of formatDeploymentTable(deployments)) log.info(line)
  }
  log.info(`ECS console: ${consoleUrl}`)
  return {
    signalName,
    reason: reasonText,
    deployments,
    ...(ours !== undefined && { ours }),
    consoleUrl
  }
}
