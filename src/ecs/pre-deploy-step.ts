import type { Service, TaskDefinition } from '@aws-sdk/client-ecs'
import type { Logger } from '../shared/logger.js'
import type { DeployRun } from './deploy-types.js'
import { formatLogTail } from './format.js'
import { runOneOffTask, type OneOffResult } from './one-off-task.js'
import { revisionName } from './snapshot.js'

/**
 * The pre-deploy command (a migration, say) as a one-off task of the revision; the reason the
 * deploy fails when it did not exit 0, else undefined.
 */
export async function preDeployStep(
  run: DeployRun,
  service: Service,
  definition: TaskDefinition
): Promise<string | undefined> {
  const { clients, request, result, log } = run
  const preDeploy = request.preDeploy
  if (preDeploy === undefined) return undefined
  const oneOff = await log.group('Pre-deploy task', async () => {
    log.info(
      `Running ${JSON.stringify(preDeploy.command)} in ${revisionName(definition.taskDefinitionArn)} before the update.`
    )
    const outcome = await runOneOffTask(clients, {
      cluster: request.cluster,
      service,
      taskDefinition: definition,
      command: preDeploy.command,
      containerName: preDeploy.containerName,
      timeoutMs: request.timeoutMs,
      pollIntervalMs: request.pollIntervalMs,
      onWarning: (message) => log.warning(message),
      sleep: request.sleep
    })
    logOneOffEnd(outcome, log)
    return outcome
  })
  result.preDeploy = oneOff
  if (oneOff.ok) return undefined
  const why = oneOff.timedOut
    ? `did not finish before the timeout (${oneOff.stop?.requested === true ? 'it was stopped' : 'it could not be stopped and may still run'})`
    : `exited with code ${oneOff.exitCode ?? 'unknown'}`
  return `the pre-deploy task ${why}; the service was not updated`
}

function logOneOffEnd(outcome: OneOffResult, log: Logger): void {
  const exit = outcome.timedOut
    ? 'did not finish in time'
    : `exited with code ${outcome.exitCode ?? 'unknown'}`
  if (outcome.stop?.requested === true)
    log.warning(`Stopped the pre-deploy task ${outcome.taskId}: it ran past the timeout.`)
  else if (outcome.stop !== undefined)
    log.error(
      `Could not stop the pre-deploy task ${outcome.taskId} (${outcome.stop.error ?? 'unknown error'}): it may still be running; stop it by hand.`
    )
  log.info(
    `Task ${outcome.taskId} (${outcome.containerName}) ${exit}${outcome.stoppedReason ? ` (${outcome.stoppedReason})` : ''}.`
  )
  for (const tail of outcome.logTails) for (const line of formatLogTail(tail, '  ')) log.info(line)
}
