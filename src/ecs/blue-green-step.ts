import type { Service, TaskDefinition } from '@aws-sdk/client-ecs'
import { deployBlueGreen, type BlueGreenResult } from './codedeploy.js'
import type { DeployResult, RollbackReport, StepOutcome, DeployRun } from './deploy-types.js'
import { tagSettingsDiffer, updateTagSettings } from './service.js'
import { afterSuccess } from './smoke-step.js'
import { revisionName } from './snapshot.js'

/** A service on the CODE_DEPLOY controller: CodeDeploy starts the new task set, not UpdateService. */
export async function deployWithCodeDeploy(
  run: DeployRun,
  service: Service,
  definition: TaskDefinition
): Promise<StepOutcome> {
  const { clients, request, result, log } = run
  // UpdateService, which carries the volume, is not sent.
  if (request.serviceEbsVolume !== undefined)
    log.warning(
      `"service-managed-ebs-volume" ignored: service ${request.service} uses the CODE_DEPLOY deployment controller, and the volume is sent on UpdateService only (as aws-actions does).`
    )
  if (tagSettingsDiffer(service, request.tagSettings) && request.tagSettings !== undefined) {
    await updateTagSettings(clients.ecs, request.cluster, request.service, request.tagSettings)
    log.info('Updated how the service tags its tasks (enable-ecs-managed-tags / propagate-tags).')
  }
  const outcome = await blueGreenDeployment(run, service, definition)
  result.blueGreen = outcome
  result.deploymentId = outcome.deploymentId
  if (outcome.status === 'succeeded') return afterSuccess(request, result, log, outcome.reason)
  if (outcome.rollback !== undefined || (outcome.status === 'timed-out' && request.rollback))
    result.rollback = codeDeployRollback(outcome, result)
  log.error(`CodeDeploy deployment ${outcome.deploymentId}: ${outcome.status}: ${outcome.reason}`)
  return [outcome.status, outcome.reason]
}

async function blueGreenDeployment(
  run: DeployRun,
  service: Service,
  definition: TaskDefinition
): Promise<BlueGreenResult> {
  const { clients, request, result, log } = run
  const codeDeploy = request.codeDeploy
  const appSpec = await codeDeploy?.loadAppSpec?.()
  const application = codeDeploy?.application ?? `AppECS-${request.cluster}-${request.service}`
  const deploymentGroup =
    codeDeploy?.deploymentGroup ?? `DgpECS-${request.cluster}-${request.service}`
  return log.group(`CodeDeploy blue/green (${application} / ${deploymentGroup})`, () =>
    deployBlueGreen(clients, {
      application,
      deploymentGroup,
      service,
      taskDefinitionArn: result.taskDefinitionArn ?? '',
      taskDefinition: definition,
      appSpec,
      deploymentConfig: codeDeploy?.deploymentConfig,
      description:
        codeDeploy?.description ??
        `ecs-actions deploy-ecs: ${revisionName(result.taskDefinitionArn)}`,
      wait: request.wait,
      onAppSpec: (built) => {
        const hooks = built.hooks.map((h) => `${h.event} → ${h.functionName}`).join(', ')
        log.info(
          `AppSpec from ${built.source}${hooks === '' ? ', no lifecycle hooks' : `; hooks: ${hooks}`}.`
        )
      },
      timeoutMs: request.timeoutMs,
      pollIntervalMs: request.pollIntervalMs,
      rollback: request.rollback,
      onStatus: (status) => log.info(`CodeDeploy deployment: ${status}`),
      onWarning: (message) => log.warning(message),
      sleep: request.sleep
    })
  )
}

/** The rollback CodeDeploy ran (or was asked to run on a timeout, which is not followed). */
function codeDeployRollback(outcome: BlueGreenResult, result: DeployResult): RollbackReport {
  let rolledBack: RollbackReport['outcome'] = 'failed'
  if (outcome.status === 'rolled-back') rolledBack = 'completed'
  else if (outcome.status === 'timed-out') rolledBack = 'not-followed'
  return {
    by: 'codedeploy',
    taskDefinitionArn: result.previousTaskDefinitionArn,
    deploymentId: outcome.rollback?.deploymentId,
    outcome: rolledBack,
    reason: outcome.reason
  }
}
