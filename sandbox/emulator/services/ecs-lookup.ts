// Finding ECS resources by name or ARN, failing with ECS's own codes and messages.

import type { Cluster, Service, TaskDefinition } from '../sim/ecs-model.js'
import type { World } from '../sim/world.js'
import { AwsError } from '../types.js'

export const lastSegment = (nameOrArn: string): string => nameOrArn.split('/').pop() ?? nameOrArn

export function clusterName(nameOrArn: string | undefined): string {
  return nameOrArn ? lastSegment(nameOrArn) : 'default'
}

export function findCluster(world: World, nameOrArn: string | undefined): Cluster {
  const cluster = world.ecs.clusters.get(clusterName(nameOrArn))
  if (!cluster || cluster.status !== 'ACTIVE') {
    throw new AwsError('ClusterNotFoundException', 'Cluster not found.')
  }
  return cluster
}

export function serviceKey(cluster: Cluster, nameOrArn: string): string {
  return `${cluster.arn}/${lastSegment(nameOrArn)}`
}

export function findService(
  world: World,
  cluster: Cluster,
  nameOrArn: string
): Service | undefined {
  return [...world.ecs.services.values()].find(
    (service) =>
      service.clusterArn === cluster.arn &&
      service.name === lastSegment(nameOrArn) &&
      service.status !== 'INACTIVE'
  )
}

export function requireService(world: World, cluster: Cluster, nameOrArn: string): Service {
  const service = findService(world, cluster, nameOrArn)
  if (!service) throw new AwsError('ServiceNotFoundException', 'Service not found.')
  return service
}

/** family, family:revision or a full ARN; a bare family means its latest ACTIVE revision. */
export function findTaskDefinition(world: World, reference: string): TaskDefinition | undefined {
  const [family = '', revision] = lastSegment(reference).split(':')
  const revisions = world.ecs.taskDefinitions.get(family) ?? []
  if (revision === undefined) {
    return [...revisions].reverse().find((definition) => definition.status === 'ACTIVE')
  }
  return revisions[Number(revision) - 1]
}

export function requireTaskDefinition(
  world: World,
  reference: string,
  message = 'Unable to describe task definition.'
): TaskDefinition {
  const definition = findTaskDefinition(world, reference)
  if (!definition) throw new AwsError('ClientException', message)
  return definition
}
