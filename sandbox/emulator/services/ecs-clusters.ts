// ECS cluster operations.

import type { Cluster, Json } from '../sim/ecs-model.js'
import type { World } from '../sim/world.js'
import { AwsError, type Operation } from '../types.js'
import { clusterName, findCluster } from './ecs-lookup.js'
import { clusterView } from './ecs-views.js'
import { objectList, optionalNumber, optionalString, paginate, stringList } from './params.js'

export function clusterOperations(world: World): Record<string, Operation> {
  const create: Operation = (input, context) => {
    const name = optionalString(input, 'clusterName') ?? 'default'
    if (!/^[a-zA-Z0-9_-]{1,255}$/.test(name)) {
      throw new AwsError(
        'InvalidParameterException',
        `Cluster must match ^[a-zA-Z0-9\\-_]{1,255}$, but was ${name}`
      )
    }
    const existing = world.ecs.clusters.get(name)
    if (existing && existing.status === 'ACTIVE') return { cluster: clusterView(world, existing) }
    const cluster: Cluster = {
      name,
      arn: `arn:aws:ecs:${context.region}:${world.accountId}:cluster/${name}`,
      region: context.region,
      status: 'ACTIVE',
      settings:
        objectList(input, 'settings').length > 0
          ? (objectList(input, 'settings') as Json[])
          : [{ name: 'containerInsights', value: 'disabled' }],
      configuration: input.configuration as Json | undefined,
      capacityProviders: stringList(input, 'capacityProviders'),
      defaultCapacityProviderStrategy: objectList(
        input,
        'defaultCapacityProviderStrategy'
      ) as Json[]
    }
    world.ecs.clusters.set(name, cluster)
    const tags = objectList(input, 'tags')
    if (tags.length > 0)
      world.ecs.tags.set(
        cluster.arn,
        tags.map((t) => ({ key: String(t.key), value: String(t.value ?? '') }))
      )
    return { cluster: clusterView(world, cluster) }
  }

  const describe: Operation = (input, context) => {
    const names = stringList(input, 'clusters')
    const clusters: Json[] = []
    const failures: Json[] = []
    for (const reference of names.length > 0 ? names : ['default']) {
      const cluster = world.ecs.clusters.get(clusterName(reference))
      if (cluster) clusters.push(clusterView(world, cluster))
      else {
        const arn = reference.startsWith('arn:')
          ? reference
          : `arn:aws:ecs:${context.region}:${world.accountId}:cluster/${reference}`
        failures.push({ arn, reason: 'MISSING' })
      }
    }
    return { clusters, failures }
  }

  const list: Operation = (input) => {
    const arns = [...world.ecs.clusters.values()]
      .filter((c) => c.status === 'ACTIVE')
      .map((c) => c.arn)
    const { page, nextToken } = paginate(
      arns,
      optionalString(input, 'nextToken'),
      optionalNumber(input, 'maxResults'),
      100
    )
    return { clusterArns: page, ...(nextToken ? { nextToken } : {}) }
  }

  const remove: Operation = (input) => {
    const cluster = findCluster(world, optionalString(input, 'cluster'))
    if (world.ecs.servicesOf(cluster.arn).some((service) => service.status !== 'INACTIVE')) {
      throw new AwsError(
        'ClusterContainsServicesException',
        'The Cluster cannot be deleted while Services are active.'
      )
    }
    cluster.status = 'INACTIVE'
    return { cluster: clusterView(world, cluster) }
  }

  return {
    CreateCluster: create,
    DescribeClusters: describe,
    ListClusters: list,
    DeleteCluster: remove
  }
}
