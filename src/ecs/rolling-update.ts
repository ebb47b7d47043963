import type { Service, TaskDefinition } from '@aws-sdk/client-ecs'
import type { DeployResult, ServiceRequest, StepOutcome, DeployRun } from './deploy-types.js'
import { followRollout } from './follow-rollout.js'
import { deregisterFailed, failAndRollBack, followEcsRollback } from './rollback.js'
import { tagSettingsDiffer, updateServiceOrRecover, updateTagSettings } from './service.js'
import { afterSuccess } from './smoke-step.js'
import { revisionName } from './snapshot.js'
import { RunWatch, eventKeys } from './seen-events.js'
import type { Verdict } from './watch.js'

/** A service on the ECS (or EXTERNAL) controller: UpdateService, then watch the rollout to its end. */
export async function deployRolling(
  run: DeployRun,
  service: Service,
  definition: TaskDefinition
): Promise<StepOutcome> {
  const { request, result, log } = run
  const ignored = request.codeDeploy?.givenInputs ?? []
  if (ignored.length > 0)
    log.warning(
      `${ignored.map((name) => `"${name}"`).join(', ')} ignored: service ${request.service} uses the ${service.deploymentController?.type ?? 'ECS'} deployment controller, not CODE_DEPLOY.`
    )
  if (alreadyDeployed(request, service, result)) return keepDeployment(run, service)
  const deploymentId = await startDeployment(run, service, definition)
  if (!request.wait) return ['succeeded', 'the update was accepted; not waited for (wait: false)']
  const verdict = await watchDeployment(run, service, definition)
  return concludeRollout(run, verdict, deploymentId)
}

/** The service runs this revision, settled, and nothing asks for a new deployment. */
function alreadyDeployed(request: ServiceRequest, service: Service, result: DeployResult): boolean {
  const primary = service.deployments?.find((d) => d.status === 'PRIMARY')
  const settled =
    primary?.taskDefinition === result.taskDefinitionArn &&
    primary?.rolloutState !== 'IN_PROGRESS' &&
    (service.deployments?.length ?? 0) === 1
  const sameCount =
    request.desiredCount === undefined || request.desiredCount === service.desiredCount
  // A volume configuration may differ from the service's: always sent, as aws-actions does.
  return (
    settled && sameCount && !request.forceNewDeployment && request.serviceEbsVolume === undefined
  )
}

/** Nothing to deploy: only the tag settings may change, and the smoke check still runs. */
async function keepDeployment(run: DeployRun, service: Service): Promise<StepOutcome> {
  const { clients, request, result, log } = run
  if (tagSettingsDiffer(service, request.tagSettings) && request.tagSettings !== undefined) {
    await updateTagSettings(clients.ecs, request.cluster, request.service, request.tagSettings)
    log.info(
      'Updated how the service tags its tasks (enable-ecs-managed-tags / propagate-tags); tasks started from now on carry the tags (force-new-deployment: true replaces the running ones).'
    )
  }
  result.unchanged = true
  const primary = service.deployments?.find((d) => d.status === 'PRIMARY')
  if (primary?.id !== undefined) result.deploymentId = primary.id
  log.info(
    `The service already runs ${revisionName(result.taskDefinitionArn)} and is settled: nothing to deploy.`
  )
  return afterSuccess(request, result, log, 'the service already runs this revision')
}

/** UpdateService to our revision; the id of the deployment it started. */
async function startDeployment(
  run: DeployRun,
  service: Service,
  definition: TaskDefinition
): Promise<string> {
  const { clients, request, result, log } = run
  const updated = await updateServiceOrRecover(
    clients.ecs,
    {
      cluster: request.cluster,
      service: request.service,
      taskDefinitionArn: definition.taskDefinitionArn ?? '',
      desiredCount: request.desiredCount,
      forceNewDeployment: request.forceNewDeployment,
      tagSettings: request.tagSettings,
      volumeConfigurations:
        request.serviceEbsVolume === undefined ? undefined : [request.serviceEbsVolume]
    },
    service
  )
  const deploymentId = updated.deployment.id ?? ''
  result.deploymentId = deploymentId
  result.deploymentCreatedAt = updated.deployment.createdAt
  log.info(
    `Deployment ${deploymentId} started: ${revisionName(result.taskDefinitionArn)} (was ${revisionName(result.previousTaskDefinitionArn)}).`
  )
  return deploymentId
}

async function watchDeployment(
  run: DeployRun,
  service: Service,
  definition: TaskDefinition
): Promise<Verdict> {
  const { clients, request, result, log } = run
  const deploymentId = result.deploymentId ?? ''
  const watch = new RunWatch({
    deploymentId,
    taskDefinitionArn: definition.taskDefinitionArn ?? '',
    startedAt: result.startedAt,
    deploymentCreatedAt: result.deploymentCreatedAt,
    timeoutMs: request.timeoutMs,
    failFastThreshold: request.failFastThreshold,
    knownEventIds: eventKeys(service.events)
  })
  result.watch = watch
  const verdict = await log.group(`Watching deployment ${deploymentId}`, () =>
    followRollout(clients, request, watch, definition, log, { printed: watch.printed })
  )
  result.verdict = verdict
  const firstFailure =
    watch.firstFailurePoll === undefined
      ? ''
      : `; first failed task seen at poll ${watch.firstFailurePoll}`
  log.info(`Verdict at poll ${watch.polls}${firstFailure}: ${verdict.status}: ${verdict.reason}`)
  return verdict
}

/** What the verdict means for the deploy: done, superseded, or rolled back (by ECS or by us). */
async function concludeRollout(
  run: DeployRun,
  verdict: Verdict,
  deploymentId: string
): Promise<StepOutcome> {
  const { request, result, log } = run
  switch (verdict.status) {
    case 'succeeded': {
      const [status, reason] = await afterSuccess(request, result, log, 'the deployment completed')
      if (status === 'succeeded') return [status, reason]
      return failAndRollBack(run, 'failed', reason)
    }
    case 'superseded':
      log.warning(`Deployment ${deploymentId} was superseded: ${verdict.reason}.`)
      return ['superseded', verdict.reason]
    case 'rolled-back-by-ecs':
      return concludeEcsRollback(run, verdict)
    case 'failed':
    case 'timed-out':
      return failAndRollBack(run, verdict.status, verdict.reason)
  }
}

async function concludeEcsRollback(run: DeployRun, verdict: Verdict): Promise<StepOutcome> {
  const { log } = run
  const rollback = await log.group('Rollback by ECS', () => followEcsRollback(run, verdict))
  if (rollback.outcome !== 'completed') {
    const how = rollback.outcome === 'timed-out' ? 'did not finish in time' : 'did not complete'
    return [
      'failed',
      `${verdict.reason}; ECS started a rollback to ${revisionName(rollback.taskDefinitionArn)} that ${how}: ${rollback.reason}`
    ]
  }
  await deregisterFailed(run)
  return ['rolled-back', `ECS rolled the deployment back: ${verdict.reason}`]
}
