// CreateService / UpdateService checks and defaults, with ECS's messages.

import type { Cluster, Json, LoadBalancerRef, TaskDefinition } from '../sim/ecs-model.js'
import type { World } from '../sim/world.js'
import { AwsError } from '../types.js'
import { ec2Of } from './ec2-state.js'
import { findTaskDefinition } from './ecs-lookup.js'
import { roleExists } from './iam.js'

const invalid = (message: string): AwsError => new AwsError('InvalidParameterException', message)

export function resolveTaskDefinition(world: World, reference: string | undefined): TaskDefinition {
  if (!reference) throw invalid('TaskDefinition can not be blank.')
  const definition = findTaskDefinition(world, reference)
  if (!definition) throw invalid('TaskDefinition not found.')
  if (definition.status !== 'ACTIVE') throw invalid('TaskDefinition is inactive')
  return definition
}

export function checkLaunchCompatibility(
  definition: TaskDefinition,
  launchType: string | undefined
): void {
  const compatibilities = (definition.body.compatibilities as string[] | undefined) ?? []
  if ((launchType ?? 'FARGATE') === 'FARGATE' && !compatibilities.includes('FARGATE')) {
    throw invalid('Task definition does not support launch_type FARGATE.')
  }
}

/**
 * ECS looks the awsvpc subnets and security groups up in EC2 and wraps EC2's error in its own
 * (the text moto answers too, and CreateService errors in CloudFormation show).
 */
function checkNetworkResources(
  world: World,
  region: string,
  subnets: string[],
  securityGroups: string[]
): void {
  const network = ec2Of(world.sandbox).in(region)
  const subnet = subnets.find((id) => !network.subnets.has(id))
  if (subnet !== undefined)
    throw invalid(
      `Error retrieving subnet information for [${subnet}]: The subnet ID '${subnet}' does not exist (ErrorCode: InvalidSubnetID.NotFound)`
    )
  const group = securityGroups.find((id) => !network.securityGroups.has(id))
  if (group !== undefined)
    throw invalid(
      `Error retrieving security group information for [${group}]: The security group '${group}' does not exist (ErrorCode: InvalidGroup.NotFound)`
    )
}

export function normalizeNetwork(
  world: World,
  region: string,
  definition: TaskDefinition,
  network: Json | undefined
): Json | undefined {
  if (definition.body.networkMode === 'awsvpc' && !network?.awsvpcConfiguration) {
    throw invalid("Network Configuration must be provided when networkMode 'awsvpc' is specified.")
  }
  const awsvpc = network?.awsvpcConfiguration as Json | undefined
  if (!awsvpc) return network
  const subnets = (awsvpc.subnets as string[] | undefined) ?? []
  if (subnets.length === 0) throw invalid('subnets can not be empty.')
  const securityGroups = (awsvpc.securityGroups as string[] | undefined) ?? []
  checkNetworkResources(world, region, subnets, securityGroups)
  return {
    awsvpcConfiguration: {
      subnets,
      securityGroups,
      assignPublicIp: awsvpc.assignPublicIp ?? 'DISABLED'
    }
  }
}

export function checkLoadBalancers(
  world: World,
  definition: TaskDefinition,
  loadBalancers: Json[]
): LoadBalancerRef[] {
  return loadBalancers.map((binding) => {
    const targetGroupArn = binding.targetGroupArn as string | undefined
    const containerName = String(binding.containerName ?? '')
    const containerPort = Number(binding.containerPort)
    if (targetGroupArn) {
      const group = world.elb.targetGroups.get(targetGroupArn)
      if (!group) {
        throw invalid(
          'Unable to assume role and validate the specified targetGroupArn. Please verify that the ECS service role being passed has the proper permissions.'
        )
      }
      if (group.loadBalancerArns.length === 0) {
        throw invalid(
          `The target group with targetGroupArn ${targetGroupArn} does not have an associated load balancer.`
        )
      }
    }
    const containers = (definition.body.containerDefinitions as Json[]) ?? []
    const container = containers.find((c) => c.name === containerName)
    if (!container)
      throw invalid(`The container ${containerName} does not exist in the task definition.`)
    const ports = ((container.portMappings as Json[]) ?? []).map((mapping) =>
      Number(mapping.containerPort)
    )
    if (!ports.includes(containerPort)) {
      throw invalid(
        `The container ${containerName} did not have a container port ${containerPort} defined.`
      )
    }
    return {
      ...(targetGroupArn
        ? { targetGroupArn }
        : { loadBalancerName: binding.loadBalancerName as string }),
      containerName,
      containerPort
    }
  })
}

export function deploymentConfiguration(input: Json | undefined, base?: Json): Json {
  const previous = base ?? {
    deploymentCircuitBreaker: { enable: false, rollback: false },
    maximumPercent: 200,
    minimumHealthyPercent: 100,
    alarms: { alarmNames: [], rollback: false, enable: false }
  }
  if (!input) return structuredClone(previous)
  const merged: Json = { ...structuredClone(previous) }
  for (const [key, value] of Object.entries(input))
    if (value !== undefined && value !== null) merged[key] = value
  const maximum = Number(merged.maximumPercent)
  const minimum = Number(merged.minimumHealthyPercent)
  if (minimum > maximum) {
    throw invalid('The minimumHealthyPercent must be less than or equal to the maximumPercent.')
  }
  return merged
}

export function clusterCapacity(cluster: Cluster, strategy: Json[] | undefined): void {
  for (const item of strategy ?? []) {
    const provider = String(item.capacityProvider)
    if (['FARGATE', 'FARGATE_SPOT'].includes(provider) && cluster.capacityProviders.length === 0)
      continue
    if (!cluster.capacityProviders.includes(provider)) {
      throw invalid(
        'The specified capacity provider strategy cannot contain a capacity provider that is not associated with the cluster. Associate the capacity provider with the cluster or specify a valid capacity provider and try again.'
      )
    }
  }
}

/**
 * CreateService's `role`, the service role ECS assumes to register targets: refused with an
 * awsvpc task definition (those services use the service-linked role), and, with load balancers,
 * checked by assuming it, which fails for a role the account does not have.
 */
export function checkServiceRole(
  world: World,
  role: string | undefined,
  definition: TaskDefinition,
  loadBalancers: LoadBalancerRef[]
): void {
  if (role === undefined || role === '') return
  if (definition.body.networkMode === 'awsvpc')
    throw invalid('You cannot specify an IAM role for services that require a service linked role.')
  if (loadBalancers.length > 0 && !roleExists(world.sandbox, world.accountId, role))
    throw invalid(
      'Unable to assume role and validate the specified targetGroupArn. Please verify that the ECS service role being passed has the proper permissions.'
    )
}
