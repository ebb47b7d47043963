import {
  UpdateServiceCommand,
  type PropagateTags,
  type Deployment,
  type ECSClient,
  type Service,
  type ServiceVolumeConfiguration
} from '@aws-sdk/client-ecs'
import { isAwsError } from '../shared/aws-errors.js'
import { UserError, errorMessage } from '../shared/errors.js'
import { describeService } from './describe.js'
import { revisionName } from './snapshot.js'

/** DescribeServices with the two "not found" answers turned into errors that name the input. */
export async function findService(
  ecs: ECSClient,
  cluster: string,
  service: string
): Promise<Service> {
  try {
    return (await describeService(ecs, cluster, service)).service
  } catch (error) {
    if (isAwsError(error, 'ClusterNotFoundException')) {
      throw new UserError(
        `Input "cluster": cluster "${cluster}" not found (${errorMessage(error)}).`
      )
    }
    throw error
  }
}

/**
 * The revision to return to when ours fails: the one whose deployment reached COMPLETED.
 * A service in the middle of someone else's rollout may have none; a service with a single
 * deployment and no rollout state (old API, CodeDeploy) counts as settled.
 */
export function lastCompletedDeployment(service: Service): Deployment | undefined {
  const deployments = service.deployments ?? []
  const completed = deployments.filter((d) => d.rolloutState === 'COMPLETED')
  const primary = completed.find((d) => d.status === 'PRIMARY')
  if (primary !== undefined) return primary
  if (completed.length > 0) return completed[0]
  if (deployments.length === 1 && deployments[0]?.rolloutState === undefined) return deployments[0]
  return undefined
}

export interface UpdateRequest {
  cluster: string
  service: string
  taskDefinitionArn: string
  desiredCount?: number
  forceNewDeployment?: boolean
  tagSettings?: TagSettings
  /** Sent only when given: ECS keeps the service's volume configuration otherwise. */
  volumeConfigurations?: ServiceVolumeConfiguration[]
}

/** The service's tagging of its tasks; each is sent only when the workflow gives it. */
export interface TagSettings {
  enableEcsManagedTags?: boolean
  propagateTags?: PropagateTags
}

function tagSettingsInput(settings: TagSettings | undefined) {
  return {
    enableECSManagedTags: settings?.enableEcsManagedTags,
    propagateTags: settings?.propagateTags
  }
}

/** Whether the service tags its tasks otherwise than the workflow asks. */
export function tagSettingsDiffer(service: Service, settings: TagSettings | undefined): boolean {
  if (settings === undefined) return false
  const managed = settings.enableEcsManagedTags
  const propagate = settings.propagateTags
  return (
    (managed !== undefined && managed !== (service.enableECSManagedTags ?? false)) ||
    (propagate !== undefined && propagate !== (service.propagateTags ?? 'NONE'))
  )
}

/**
 * Changes only how the service tags its tasks: no new deployment, the tasks started from now on
 * carry the tags (AWS documents tags of running tasks as unchanged until they are replaced).
 */
export async function updateTagSettings(
  ecs: ECSClient,
  cluster: string,
  service: string,
  settings: TagSettings
): Promise<void> {
  try {
    await ecs.send(new UpdateServiceCommand({ cluster, service, ...tagSettingsInput(settings) }))
  } catch (error) {
    if (isAwsError(error, 'InvalidParameterException', 'ClientException')) {
      throw new UserError(
        `ECS refused the tag settings of service "${service}" (inputs "enable-ecs-managed-tags" / "propagate-tags"): ${errorMessage(error)}`
      )
    }
    throw error
  }
}

/** Sends UpdateService and returns our new deployment: the PRIMARY one on our revision. */
export async function updateService(
  ecs: ECSClient,
  request: UpdateRequest
): Promise<{ service: Service; deployment: Deployment }> {
  let response
  try {
    response = await ecs.send(
      new UpdateServiceCommand({
        cluster: request.cluster,
        service: request.service,
        taskDefinition: request.taskDefinitionArn,
        desiredCount: request.desiredCount,
        forceNewDeployment: request.forceNewDeployment || undefined,
        ...tagSettingsInput(request.tagSettings),
        volumeConfigurations: request.volumeConfigurations
      })
    )
  } catch (error) {
    if (
      isAwsError(error, 'InvalidParameterException', 'ClientException', 'ServiceNotActiveException')
    ) {
      throw new UserError(
        `ECS refused to update service "${request.service}": ${errorMessage(error)}`
      )
    }
    throw error
  }
  const service = response.service
  const deployment = service?.deployments?.find((d) => d.status === 'PRIMARY')
  if (service === undefined || deployment?.id === undefined) {
    throw new Error('UpdateService returned no PRIMARY deployment.')
  }
  return { service, deployment }
}

/**
 * UpdateService when its answer can be lost: after an error that outlived the SDK's retries
 * (throttling, 5xx), ECS may still have applied the update. The service is read back: a PRIMARY
 * deployment on our revision that was not there before means it did, and the deploy goes on;
 * otherwise the error says the service was not updated and which revision it still runs.
 */
export async function updateServiceOrRecover(
  ecs: ECSClient,
  request: UpdateRequest,
  before: Service
): Promise<{ service: Service; deployment: Deployment }> {
  try {
    return await updateService(ecs, request)
  } catch (error) {
    if (error instanceof UserError) throw error
    const known = new Set((before.deployments ?? []).map((d) => d.id))
    const after = await findService(ecs, request.cluster, request.service).catch(() => undefined)
    const primary = after?.deployments?.find((d) => d.status === 'PRIMARY')
    if (
      after !== undefined &&
      primary?.id !== undefined &&
      !known.has(primary.id) &&
      primary.taskDefinition === request.taskDefinitionArn
    )
      return { service: after, deployment: primary }
    const attempts = (error as { $metadata?: { attempts?: number } }).$metadata?.attempts
    const running = (after ?? before).deployments?.find((d) => d.status === 'PRIMARY')
    throw new UserError(
      `ECS did not take the update of service "${request.service}" (UpdateService failed${attempts === undefined ? '' : ` after ${attempts} attempts`}: ${errorMessage(error)}). The service was not updated: it still runs ${revisionName(running?.taskDefinition)}. Run the step again.`
    )
  }
}
