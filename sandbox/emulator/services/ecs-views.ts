// ECS resources as they appear on the wire (DescribeClusters, DescribeServices, DescribeTasks).

import type { Cluster, Deployment, Json, Service, Task } from '../sim/ecs-model.js'
import { taskHealth } from '../sim/container-health.js'
import type { World } from '../sim/world.js'

const date = (ms: number | undefined): Date | undefined =>
  ms === undefined ? undefined : new Date(ms)

const isPending = (task: Task): boolean =>
  task.desiredStatus === 'RUNNING' &&
  ['PROVISIONING', 'PENDING', 'ACTIVATING'].includes(task.lastStatus)
const isRunning = (task: Task): boolean => task.lastStatus === 'RUNNING'

export function clusterView(world: World, cluster: Cluster): Json {
  const tasks = [...world.ecs.tasks.values()].filter((task) => task.clusterArn === cluster.arn)
  return {
    clusterArn: cluster.arn,
    clusterName: cluster.name,
    status: cluster.status,
    registeredContainerInstancesCount: 0,
    runningTasksCount: tasks.filter(isRunning).length,
    pendingTasksCount: tasks.filter(isPending).length,
    activeServicesCount: world.ecs.servicesOf(cluster.arn).filter((s) => s.status === 'ACTIVE')
      .length,
    statistics: [],
    tags: world.ecs.tags.get(cluster.arn) ?? [],
    settings: cluster.settings,
    capacityProviders: cluster.capacityProviders,
    defaultCapacityProviderStrategy: cluster.defaultCapacityProviderStrategy,
    ...(cluster.configuration ? { configuration: cluster.configuration } : {})
  }
}

function deploymentView(world: World, deployment: Deployment): Json {
  const tasks = world.ecs.tasksOf(deployment.id)
  return {
    id: deployment.id,
    status: deployment.status,
    taskDefinition: deployment.taskDefinition,
    desiredCount: deployment.desiredCount,
    pendingCount: tasks.filter(isPending).length,
    runningCount: tasks.filter(isRunning).length,
    failedTasks: deployment.failedTasks,
    createdAt: date(deployment.createdAt),
    updatedAt: date(deployment.updatedAt),
    ...(deployment.capacityProviderStrategy
      ? { capacityProviderStrategy: deployment.capacityProviderStrategy }
      : { launchType: deployment.launchType ?? 'FARGATE' }),
    platformVersion: deployment.platformVersion ?? 'LATEST',
    platformFamily: 'Linux',
    ...(deployment.networkConfiguration
      ? { networkConfiguration: deployment.networkConfiguration }
      : {}),
    ...(deployment.volumeConfigurations
      ? { volumeConfigurations: deployment.volumeConfigurations }
      : {}),
    rolloutState: deployment.rolloutState,
    rolloutStateReason: deployment.rolloutStateReason
  }
}

/**
 * ECS is eventually consistent: a deployment a request started (UpdateService, CreateService) is
 * listed once it is older than the describe lag. A circuit-breaker rollback comes with the FAILED
 * state that caused it, so it is listed at once.
 */
function listedDeployments(world: World, service: Service, lagged: boolean): Json[] {
  const lag = lagged ? (world.sandbox.config.describeLagSeconds ?? 0) * 1000 : 0
  const oldest = service.deployments.at(-1)
  const rollback = (deployment: Deployment) =>
    deployment.rolloutStateReason?.startsWith('ECS deployment circuit breaker: rolling back')
  const listed = service.deployments.filter(
    (deployment) =>
      deployment === oldest || rollback(deployment) || deployment.createdAt <= world.now() - lag
  )
  return listed.map((deployment, index) => ({
    ...deploymentView(world, deployment),
    ...(index === 0 && deployment.status === 'ACTIVE' ? { status: 'PRIMARY' } : {})
  }))
}

/** `described`: the answer to DescribeServices, which lists a new deployment after the lag. */
export function serviceView(
  world: World,
  service: Service,
  withTags: boolean,
  described = false
): Json {
  const tasks = [...world.ecs.tasks.values()].filter((task) => task.serviceArn === service.arn)
  const current = service.serviceDeployments[0]
  return {
    serviceArn: service.arn,
    serviceName: service.name,
    clusterArn: service.clusterArn,
    loadBalancers: service.loadBalancers,
    serviceRegistries: service.serviceRegistries,
    status: service.status,
    desiredCount: service.desiredCount,
    runningCount: tasks.filter(isRunning).length,
    pendingCount: tasks.filter(isPending).length,
    ...(service.capacityProviderStrategy
      ? { capacityProviderStrategy: service.capacityProviderStrategy }
      : { launchType: service.launchType ?? 'FARGATE' }),
    platformVersion: service.platformVersion ?? 'LATEST',
    platformFamily: 'Linux',
    taskDefinition: service.taskDefinition,
    deploymentConfiguration: service.deploymentConfiguration,
    deployments: listedDeployments(world, service, described),
    ...(service.roleArn ? { roleArn: service.roleArn } : {}),
    events: service.events.map((event) => ({
      id: event.id,
      createdAt: date(event.createdAt),
      message: event.message
    })),
    createdAt: date(service.createdAt),
    ...(current ? { currentServiceDeployment: current.arn } : {}),
    placementConstraints: service.placementConstraints,
    placementStrategy: service.placementStrategy,
    ...(service.networkConfiguration ? { networkConfiguration: service.networkConfiguration } : {}),
    ...(service.healthCheckGracePeriodSeconds !== undefined
      ? { healthCheckGracePeriodSeconds: service.healthCheckGracePeriodSeconds }
      : {}),
    schedulingStrategy: service.schedulingStrategy,
    deploymentController: service.deploymentController,
    ...(withTags ? { tags: world.ecs.tags.get(service.arn) ?? [] } : {}),
    createdBy: service.createdBy,
    enableECSManagedTags: service.enableECSManagedTags,
    propagateTags: service.propagateTags,
    enableExecuteCommand: service.enableExecuteCommand,
    availabilityZoneRebalancing: 'ENABLED'
  }
}

export function taskView(world: World, task: Task, withTags: boolean): Json {
  const containers = task.containers.map((container) => ({
    containerArn: container.arn,
    taskArn: task.arn,
    name: container.name,
    image: container.image,
    ...(container.imageDigest ? { imageDigest: container.imageDigest } : {}),
    ...(container.runtimeId ? { runtimeId: container.runtimeId } : {}),
    lastStatus: container.lastStatus,
    ...(container.exitCode !== undefined ? { exitCode: container.exitCode } : {}),
    ...(container.reason ? { reason: container.reason } : {}),
    networkBindings: [],
    networkInterfaces: task.connectivityAt
      ? [{ attachmentId: attachmentId(task), privateIpv4Address: task.privateIp }]
      : [],
    healthStatus: container.healthStatus,
    ...(container.cpu !== undefined ? { cpu: container.cpu } : {}),
    ...(container.memory !== undefined ? { memory: container.memory } : {})
  }))
  return {
    attachments: [
      {
        id: attachmentId(task),
        type: 'ElasticNetworkInterface',
        status:
          task.lastStatus === 'STOPPED'
            ? 'DELETED'
            : task.connectivityAt
              ? 'ATTACHED'
              : 'PRECREATED',
        details: [
          ...(task.subnetId ? [{ name: 'subnetId', value: task.subnetId }] : []),
          { name: 'networkInterfaceId', value: task.eniId },
          { name: 'privateIPv4Address', value: task.privateIp }
        ]
      },
      ...(task.ebsVolume ? [ebsAttachment(task)] : [])
    ],
    attributes: [{ name: 'ecs.cpu-architecture', value: 'x86_64' }],
    availabilityZone: task.availabilityZone,
    ...(task.capacityProviderName ? { capacityProviderName: task.capacityProviderName } : {}),
    clusterArn: task.clusterArn,
    connectivity: task.connectivityAt && !task.stoppedAt ? 'CONNECTED' : undefined,
    connectivityAt: date(task.connectivityAt),
    containers,
    cpu: task.cpu,
    createdAt: date(task.createdAt),
    desiredStatus: task.desiredStatus,
    enableExecuteCommand: false,
    executionStoppedAt: date(task.executionStoppedAt),
    group: task.group,
    healthStatus: taskHealth(task),
    lastStatus: task.lastStatus,
    ...(task.launchType ? { launchType: task.launchType } : {}),
    memory: task.memory,
    overrides: task.overrides,
    platformVersion: task.platformVersion,
    platformFamily: task.platformFamily,
    pullStartedAt: date(task.pullStartedAt),
    pullStoppedAt: date(task.pullStoppedAt),
    startedAt: date(task.startedAt),
    ...(task.startedBy ? { startedBy: task.startedBy } : {}),
    ...(task.stopCode ? { stopCode: task.stopCode } : {}),
    stoppedAt: date(task.stoppedAt),
    ...(task.stoppedReason ? { stoppedReason: task.stoppedReason } : {}),
    stoppingAt: date(task.stoppingAt),
    ...(withTags ? { tags: world.ecs.tags.get(task.arn) ?? [] } : {}),
    taskArn: task.arn,
    taskDefinitionArn: task.taskDefinitionArn,
    version: task.version,
    ephemeralStorage: { sizeInGiB: 20 }
  }
}

function attachmentId(task: Task): string {
  return `${task.id.slice(0, 8)}-${task.id.slice(8, 12)}-${task.id.slice(12, 16)}-${task.id.slice(16, 20)}-${task.id.slice(20)}`
}

/**
 * The EBS volume as DescribeTasks shows it: an AmazonElasticBlockStorage attachment whose details
 * are roleArn, deleteOnTermination, volumeName and volumeId (Attachment.details in the ECS API
 * reference, read 2026-12).
 */
function ebsAttachment(task: Task): Json {
  const volume = task.ebsVolume
  const status =
    task.lastStatus === 'STOPPED'
      ? volume?.deleteOnTermination === false
        ? 'DETACHED'
        : 'DELETED'
      : task.connectivityAt
        ? 'ATTACHED'
        : 'ATTACHING'
  return {
    id: `${attachmentId(task).slice(0, -4)}ebs0`,
    type: 'AmazonElasticBlockStorage',
    status,
    details: [
      { name: 'roleArn', value: volume?.roleArn ?? '' },
      { name: 'deleteOnTermination', value: String(volume?.deleteOnTermination ?? true) },
      { name: 'volumeName', value: volume?.name ?? '' },
      { name: 'volumeId', value: volume?.volumeId ?? '' }
    ]
  }
}
