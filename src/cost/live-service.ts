import {
  DescribeScalableTargetsCommand,
  type ApplicationAutoScalingClient
} from '@aws-sdk/client-application-auto-scaling'
import { DescribeServicesCommand, type ECSClient } from '@aws-sdk/client-ecs'
import { UserError } from '../shared/errors.js'
import type { CapacityShare } from './scenario.js'

export interface LiveService {
  taskDefinition: string
  desiredCount: number
  /** Empty when the service uses launch type FARGATE. */
  capacity: CapacityShare[]
  publicIp: boolean
}

/** The name part of a cluster ARN (Application Auto Scaling resource ids use the name). */
export function clusterName(cluster: string): string {
  return cluster.replace(/^arn:[^:]+:ecs:[^:]+:\d+:cluster\//, '')
}

/** The live service, or undefined when it does not exist (yet) or is being deleted. */
export async function describeLiveService(
  ecs: ECSClient,
  cluster: string,
  service: string
): Promise<LiveService | undefined> {
  const response = await ecs.send(new DescribeServicesCommand({ cluster, services: [service] }))
  const live = response.services?.find(
    (candidate) => candidate.status === 'ACTIVE' || candidate.status === 'DRAINING'
  )
  if (live === undefined || live.status !== 'ACTIVE') return undefined
  if (live.launchType !== undefined && live.launchType !== 'FARGATE') {
    throw new UserError(
      `Service ${service} uses launch type ${live.launchType}: only Fargate services are priced.`
    )
  }
  const capacity: CapacityShare[] = []
  for (const item of live.capacityProviderStrategy ?? []) {
    const provider = item.capacityProvider
    if (provider !== 'FARGATE' && provider !== 'FARGATE_SPOT') {
      throw new UserError(
        `Service ${service} uses capacity provider ${provider}: only FARGATE and FARGATE_SPOT are priced.`
      )
    }
    capacity.push({ provider, weight: item.weight ?? 0, base: item.base ?? 0 })
  }
  return {
    taskDefinition: live.taskDefinition ?? '',
    desiredCount: live.desiredCount ?? 0,
    capacity,
    publicIp: live.networkConfiguration?.awsvpcConfiguration?.assignPublicIp === 'ENABLED'
  }
}

/** The service's Application Auto Scaling range, when it has one. */
export async function describeScalingRange(
  autoscaling: ApplicationAutoScalingClient,
  cluster: string,
  service: string
): Promise<{ min: number; max: number } | undefined> {
  const response = await autoscaling.send(
    new DescribeScalableTargetsCommand({
      ServiceNamespace: 'ecs',
      ResourceIds: [`service/${clusterName(cluster)}/${service}`],
      ScalableDimension: 'ecs:service:DesiredCount'
    })
  )
  const target = response.ScalableTargets?.[0]
  if (target?.MinCapacity === undefined || target.MaxCapacity === undefined) return undefined
  return { min: target.MinCapacity, max: target.MaxCapacity }
}
