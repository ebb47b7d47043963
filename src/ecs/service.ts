import {
  UpdateServiceCommand,
  type Deployment,
  type ECSClient,
  type Service
} from '@aws-sdk/client-ecs'
import { UserError, errorMessage } from '../shared/errors.js'
import { describeService } from './describe.js'

/** DescribeServices with the two "not found" answers turned into errors that name the input. */
export async function findService(
  ecs: ECSClient,
  cluster: string,
  service: string
): Promise<Service> {
  try {
    return (await describeService(ecs, cluster, service)).service
  } catch (error) {
    if ((error as { name?: string }).name === 'ClusterNotFoundException') {
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
        ...(request.desiredCount !== undefined && { desiredCount: request.desiredCount }),
        ...(request.forceNewDeployment === true && { forceNewDeployment: true })
      })
    )
  } catch (error) {
    const name = (error as { name?: string }).name
    if (
      name === 'InvalidParameterException' ||
      name === 'ClientException' ||
      name === 'ServiceNotActiveException'
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
