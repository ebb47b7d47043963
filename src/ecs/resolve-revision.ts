import type { Service, TaskDefinition } from '@aws-sdk/client-ecs'
import { UserError } from '../shared/errors.js'
import type { DeployRequest, DeployRun } from './deploy-types.js'
import { describeTaskDefinition } from './describe.js'
import { previousRevision } from './previous-revision.js'
import { registerIfChanged } from './register.js'
import { revisionName } from './snapshot.js'

/** The revision to deploy: an existing one, or the file registered (or reused when unchanged). */
export async function resolveRevision(
  run: DeployRun<DeployRequest>,
  service: Service | undefined
): Promise<TaskDefinition> {
  const { clients, request, result, log } = run
  const source = request.source
  if (source.kind === 'file') return registerFile(run, source.definition, service)
  if (source.kind === 'previous' && service === undefined) {
    throw new UserError(
      'Input "task-definition": "previous" means the revision before the one a service runs; give the input "service" too.'
    )
  }
  const reference =
    source.kind === 'arn'
      ? source.arn
      : await previousRevision(clients.ecs, service?.taskDefinition)
  const existing = await describeTaskDefinition(clients.ecs, reference)
  if (existing?.taskDefinitionArn === undefined) {
    throw new UserError(`Input "task-definition": revision ${reference} does not exist.`)
  }
  result.taskDefinitionArn = existing.taskDefinitionArn
  log.info(
    `Deploying the existing revision ${revisionName(existing.taskDefinitionArn)}${existing.status === 'INACTIVE' ? ' (deregistered, still deployable)' : ''}.`
  )
  return existing
}

async function registerFile(
  run: DeployRun<DeployRequest>,
  definition: Record<string, unknown>,
  service: Service | undefined
): Promise<TaskDefinition> {
  const { clients, request, result, log } = run
  const outcome = await registerIfChanged(clients.ecs, definition, {
    liveTaskDefinitionArn: service?.taskDefinition,
    tags: request.tags
  })
  result.taskDefinitionArn = outcome.taskDefinitionArn
  result.registered = outcome.registered
  if (outcome.reusedBecause !== undefined) result.reusedBecause = outcome.reusedBecause
  log.info(
    outcome.registered
      ? `Registered ${revisionName(outcome.taskDefinitionArn)}.`
      : `No new revision: ${revisionName(outcome.taskDefinitionArn)} has the same content (${outcome.reusedBecause}).`
  )
  return outcome.taskDefinition
}
