// ECS service operations: Create, Update, Describe, List, Delete.

import type { Json, Service } from '../sim/ecs-model.js'
import { startDeployment } from '../sim/deployments.js'
import { requestReconcile } from '../sim/scheduler.js'
import type { World } from '../sim/world.js'
import { AwsError, type Operation } from '../types.js'
import { findCluster, findService, requireService } from './ecs-lookup.js'
import {
  checkLaunchCompatibility,
  checkLoadBalancers,
  checkServiceRole,
  clusterCapacity,
  deploymentConfiguration,
  normalizeNetwork,
  resolveTaskDefinition
} from './ecs-service-rules.js'
import { serviceView } from './ecs-views.js'
import {
  objectList,
  optionalBoolean,
  optionalNumber,
  optionalObject,
  optionalString,
  paginate,
  requiredString,
  stringList
} from './params.js'
import { SANDBOX_USER_NAME } from './sts.js'
import { volumeConfigurationsOf } from './ecs-volumes.js'

/** ECS reports the service role as an ARN even when given its name (or path/name). */
function roleArnOf(accountId: string, role: string | undefined): string | undefined {
  if (!role || role.startsWith('arn:')) return role
  return `arn:aws:iam::${accountId}:role/${role}`
}

export function serviceOperations(world: World): Record<string, Operation> {
  const create: Operation = (input, context) => {
    const cluster = findCluster(world, optionalString(input, 'cluster'))
    const name = requiredString(input, 'serviceName')
    if (findService(world, cluster, name)) {
      throw new AwsError('InvalidParameterException', 'Creation of service was not idempotent.')
    }
    const controller =
      (optionalObject(input, 'deploymentController') as { type?: string } | undefined)?.type ??
      'ECS'
    const definition = resolveTaskDefinition(world, optionalString(input, 'taskDefinition'))
    const requested = objectList(input, 'capacityProviderStrategy') as Json[]
    // Without a launch type or a strategy, ECS uses the cluster's default strategy, else EC2.
    const strategy =
      requested.length > 0 || optionalString(input, 'launchType')
        ? requested
        : cluster.defaultCapacityProviderStrategy
    const launchType =
      strategy.length > 0 ? undefined : (optionalString(input, 'launchType') ?? 'EC2')
    if (launchType) checkLaunchCompatibility(definition, launchType)
    clusterCapacity(cluster, strategy)
    const volumeConfigurations = volumeConfigurationsOf(input, definition, 'service')
    const loadBalancers = checkLoadBalancers(world, definition, objectList(input, 'loadBalancers'))
    checkServiceRole(world, optionalString(input, 'role'), definition, loadBalancers)
    const service: Service = {
      name,
      arn: `arn:aws:ecs:${context.region}:${world.accountId}:service/${cluster.name}/${name}`,
      region: context.region,
      clusterArn: cluster.arn,
      clusterName: cluster.name,
      status: 'ACTIVE',
      taskDefinition: definition.arn,
      desiredCount: optionalNumber(input, 'desiredCount') ?? 0,
      launchType,
      capacityProviderStrategy: strategy.length > 0 ? strategy : undefined,
      platformVersion: optionalString(input, 'platformVersion') ?? 'LATEST',
      deploymentConfiguration: deploymentConfiguration(
        optionalObject(input, 'deploymentConfiguration')
      ),
      deploymentController: { type: controller },
      loadBalancers,
      serviceRegistries: objectList(input, 'serviceRegistries') as Json[],
      networkConfiguration: normalizeNetwork(
        world,
        context.region,
        definition,
        optionalObject(input, 'networkConfiguration')
      ),
      healthCheckGracePeriodSeconds: optionalNumber(input, 'healthCheckGracePeriodSeconds'),
      schedulingStrategy: optionalString(input, 'schedulingStrategy') ?? 'REPLICA',
      createdAt: world.now(),
      createdBy: `arn:aws:iam::${world.accountId}:user/${SANDBOX_USER_NAME}`,
      roleArn: roleArnOf(world.accountId, optionalString(input, 'role')),
      propagateTags: optionalString(input, 'propagateTags') ?? 'NONE',
      enableECSManagedTags: optionalBoolean(input, 'enableECSManagedTags') ?? false,
      enableExecuteCommand: optionalBoolean(input, 'enableExecuteCommand') ?? false,
      placementConstraints: objectList(input, 'placementConstraints') as Json[],
      placementStrategy: objectList(input, 'placementStrategy') as Json[],
      ...(volumeConfigurations ? { volumeConfigurations } : {}),
      events: [],
      deployments: [],
      serviceDeployments: [],
      steady: false,
      startFailures: 0,
      nextStartAt: 0
    }
    if (service.loadBalancers.length > 0 && service.healthCheckGracePeriodSeconds === undefined) {
      service.healthCheckGracePeriodSeconds = 0
    }
    world.ecs.services.set(service.arn, service)
    const tags = objectList(input, 'tags')
    if (tags.length > 0)
      world.ecs.tags.set(
        service.arn,
        tags.map((t) => ({ key: String(t.key), value: String(t.value ?? '') }))
      )
    startDeployment(world, service)
    requestReconcile(world, service)
    return { service: serviceView(world, service, false) }
  }

  const update: Operation = (input, context) => {
    const cluster = findCluster(world, optionalString(input, 'cluster'))
    const service = requireService(world, cluster, requiredString(input, 'service'))
    if (service.status !== 'ACTIVE')
      throw new AwsError('ServiceNotActiveException', 'Service was not ACTIVE.')
    let needsDeployment = optionalBoolean(input, 'forceNewDeployment') === true
    const requested = optionalString(input, 'taskDefinition')
    if (requested) {
      if (service.deploymentController.type === 'CODE_DEPLOY') {
        throw new AwsError(
          'InvalidParameterException',
          'Unable to update task definition on services with a CODE_DEPLOY deployment controller. Use AWS CodeDeploy to trigger a new deployment.'
        )
      }
      const definition = resolveTaskDefinition(world, requested)
      if (service.launchType) checkLaunchCompatibility(definition, service.launchType)
      if (definition.arn !== service.taskDefinition) needsDeployment = true
      service.taskDefinition = definition.arn
    }
    const definition = resolveTaskDefinition(world, service.taskDefinition)
    // A configuration that differs from the service's starts a deployment (UpdateService docs).
    const volumes = volumeConfigurationsOf(input, definition, 'service')
    if (volumes !== undefined) {
      if (JSON.stringify(volumes) !== JSON.stringify(service.volumeConfigurations ?? []))
        needsDeployment = true
      service.volumeConfigurations = volumes
    }
    const desired = optionalNumber(input, 'desiredCount')
    if (desired !== undefined) {
      if (desired !== service.desiredCount) service.steady = false
      service.desiredCount = desired
    }
    const configuration = optionalObject(input, 'deploymentConfiguration')
    if (configuration)
      service.deploymentConfiguration = deploymentConfiguration(
        configuration,
        service.deploymentConfiguration
      )
    const network = optionalObject(input, 'networkConfiguration')
    if (network) {
      service.networkConfiguration = normalizeNetwork(world, context.region, definition, network)
      needsDeployment = true
    }
    if (input.loadBalancers !== undefined) {
      service.loadBalancers = checkLoadBalancers(
        world,
        definition,
        objectList(input, 'loadBalancers')
      )
      needsDeployment = true
    } else checkLoadBalancers(world, definition, service.loadBalancers as unknown as Json[])
    const platform = optionalString(input, 'platformVersion')
    if (platform && platform !== service.platformVersion) {
      service.platformVersion = platform
      needsDeployment = true
    }
    const strategy = objectList(input, 'capacityProviderStrategy') as Json[]
    if (strategy.length > 0) {
      clusterCapacity(cluster, strategy)
      service.capacityProviderStrategy = strategy
      service.launchType = undefined
      needsDeployment = true
    }
    const grace = optionalNumber(input, 'healthCheckGracePeriodSeconds')
    if (grace !== undefined) service.healthCheckGracePeriodSeconds = grace
    const execute = optionalBoolean(input, 'enableExecuteCommand')
    if (execute !== undefined) service.enableExecuteCommand = execute
    const propagate = optionalString(input, 'propagateTags')
    if (propagate !== undefined && !['TASK_DEFINITION', 'SERVICE', 'NONE'].includes(propagate))
      throw new AwsError('InvalidParameterException', `Invalid propagateTags value: ${propagate}.`)
    if (propagate) service.propagateTags = propagate
    // Applies to tasks started from now on; running tasks keep their tags.
    const managed = optionalBoolean(input, 'enableECSManagedTags')
    if (managed !== undefined) service.enableECSManagedTags = managed
    if (needsDeployment) startDeployment(world, service)
    requestReconcile(world, service)
    return { service: serviceView(world, service, false) }
  }

  const describe: Operation = (input, context) => {
    const cluster = findCluster(world, optionalString(input, 'cluster'))
    const withTags = stringList(input, 'include').includes('TAGS')
    const services: Json[] = []
    const failures: Json[] = []
    for (const reference of stringList(input, 'services')) {
      const service = [...world.ecs.services.values()]
        .filter((s) => s.clusterArn === cluster.arn && s.name === reference.split('/').pop())
        .sort((a, b) => Number(a.status === 'INACTIVE') - Number(b.status === 'INACTIVE'))[0]
      if (service) services.push(serviceView(world, service, withTags))
      else {
        const arn = reference.startsWith('arn:')
          ? reference
          : `arn:aws:ecs:${context.region}:${world.accountId}:service/${cluster.name}/${reference}`
        failures.push({ arn, reason: 'MISSING' })
      }
    }
    return { services, failures }
  }

  const list: Operation = (input) => {
    const cluster = findCluster(world, optionalString(input, 'cluster'))
    const launchType = optionalString(input, 'launchType')
    const arns = world.ecs
      .servicesOf(cluster.arn)
      .filter((service) => service.status !== 'INACTIVE')
      .filter((service) => !launchType || service.launchType === launchType)
      .map((service) => service.arn)
    const { page, nextToken } = paginate(
      arns,
      optionalString(input, 'nextToken'),
      optionalNumber(input, 'maxResults'),
      10
    )
    return { serviceArns: page, ...(nextToken ? { nextToken } : {}) }
  }

  const remove: Operation = (input) => {
    const cluster = findCluster(world, optionalString(input, 'cluster'))
    const service = requireService(world, cluster, requiredString(input, 'service'))
    if (service.status !== 'ACTIVE')
      throw new AwsError('ServiceNotActiveException', 'Service was not ACTIVE.')
    if (service.desiredCount > 0 && optionalBoolean(input, 'force') !== true) {
      throw new AwsError(
        'InvalidParameterException',
        'The service cannot be stopped while it is scaled above 0.'
      )
    }
    service.status = 'DRAINING'
    service.desiredCount = 0
    requestReconcile(world, service)
    return { service: serviceView(world, service, false) }
  }

  return {
    CreateService: create,
    UpdateService: update,
    DescribeServices: describe,
    ListServices: list,
    DeleteService: remove
  }
}
