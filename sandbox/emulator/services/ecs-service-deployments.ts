// The service deployments API: ListServiceDeployments, DescribeServiceDeployments,
// StopServiceDeployment (ROLLBACK).

import type { Json, Service, ServiceDeploymentRecord } from '../sim/ecs-model.js'
import type { World } from '../sim/world.js'
import { AwsError, type Operation } from '../types.js'
import { findCluster, findTaskDefinition, requireService } from './ecs-lookup.js'
import {
  optionalNumber,
  optionalObject,
  optionalString,
  paginate,
  requiredString,
  stringList
} from './params.js'

const date = (ms: number | undefined): Date | undefined =>
  ms === undefined ? undefined : new Date(ms)

function revisionSummary(
  world: World,
  service: Service,
  arn: string,
  deploymentIds: string[]
): Json {
  const tasks = [...world.ecs.tasks.values()].filter(
    (task) => task.deploymentId && deploymentIds.includes(task.deploymentId)
  )
  const primary = service.deployments.find((deployment) => deploymentIds.includes(deployment.id))
  return {
    arn,
    requestedTaskCount: primary?.desiredCount ?? 0,
    runningTaskCount: tasks.filter((task) => task.lastStatus === 'RUNNING').length,
    pendingTaskCount: tasks.filter((task) => ['PROVISIONING', 'PENDING'].includes(task.lastStatus))
      .length
  }
}

function deploymentIdsOf(service: Service, record: ServiceDeploymentRecord): string[] {
  return service.deployments.filter((d) => d.serviceDeploymentArn === record.arn).map((d) => d.id)
}

function brief(record: ServiceDeploymentRecord): Json {
  return {
    serviceDeploymentArn: record.arn,
    serviceArn: record.serviceArn,
    clusterArn: record.clusterArn,
    startedAt: date(record.startedAt),
    createdAt: date(record.createdAt),
    finishedAt: date(record.finishedAt ?? record.stoppedAt),
    targetServiceRevisionArn: record.targetRevisionArn,
    status: record.status,
    ...(record.statusReason ? { statusReason: record.statusReason } : {})
  }
}

/** The service deployment stages ECS calls "Completed": nothing is monitored any more. */
const COMPLETED = new Set(['SUCCESSFUL', 'STOPPED', 'ROLLBACK_SUCCESSFUL', 'ROLLBACK_FAILED'])

function breakerStatus(record: ServiceDeploymentRecord): string {
  const ended = COMPLETED.has(record.status) && record.circuitBreakerStatus === 'MONITORING'
  return ended ? 'MONITORING_COMPLETE' : record.circuitBreakerStatus
}

function full(world: World, service: Service, record: ServiceDeploymentRecord): Json {
  return {
    serviceDeploymentArn: record.arn,
    serviceArn: record.serviceArn,
    clusterArn: record.clusterArn,
    createdAt: date(record.createdAt),
    startedAt: date(record.startedAt),
    finishedAt: date(record.finishedAt),
    stoppedAt: date(record.stoppedAt),
    updatedAt: date(record.updatedAt),
    sourceServiceRevisions: record.sourceRevisionArns.map((arn) =>
      revisionSummary(world, service, arn, [])
    ),
    targetServiceRevision: revisionSummary(
      world,
      service,
      record.targetRevisionArn,
      deploymentIdsOf(service, record)
    ),
    status: record.status,
    ...(record.statusReason ? { statusReason: record.statusReason } : {}),
    deploymentConfiguration: record.deploymentConfiguration,
    ...(record.rollback
      ? { rollback: { ...record.rollback, startedAt: date(record.rollback.startedAt) } }
      : {}),
    deploymentCircuitBreaker: {
      status: breakerStatus(record),
      failureCount: record.failureCount,
      threshold: record.threshold
    },
    alarms: { status: 'DISABLED' }
  }
}

function findRecord(
  world: World,
  arn: string
): { service: Service; record: ServiceDeploymentRecord } | undefined {
  for (const service of world.ecs.services.values()) {
    const record = service.serviceDeployments.find((candidate) => candidate.arn === arn)
    if (record) return { service, record }
  }
  return undefined
}

export function serviceDeploymentOperations(world: World): Record<string, Operation> {
  const list: Operation = (input) => {
    const cluster = findCluster(world, optionalString(input, 'cluster'))
    const service = requireService(world, cluster, requiredString(input, 'service'))
    const statuses = stringList(input, 'status')
    const createdAt = optionalObject(input, 'createdAt') as
      { before?: number; after?: number } | undefined
    const records = service.serviceDeployments
      .filter((record) => statuses.length === 0 || statuses.includes(record.status))
      .filter((record) => !createdAt?.after || record.createdAt >= Number(createdAt.after) * 1000)
      .filter((record) => !createdAt?.before || record.createdAt <= Number(createdAt.before) * 1000)
      .map(brief)
    const { page, nextToken } = paginate(
      records,
      optionalString(input, 'nextToken'),
      optionalNumber(input, 'maxResults'),
      20
    )
    return { serviceDeployments: page, ...(nextToken ? { nextToken } : {}) }
  }

  const describe: Operation = (input) => {
    const arns = stringList(input, 'serviceDeploymentArns')
    if (arns.length === 0 || arns.length > 20) {
      throw new AwsError(
        'InvalidParameterException',
        'serviceDeploymentArns must contain between 1 and 20 items.'
      )
    }
    const serviceDeployments: Json[] = []
    const failures: Json[] = []
    for (const arn of arns) {
      const found = findRecord(world, arn)
      if (found) serviceDeployments.push(full(world, found.service, found.record))
      else failures.push({ arn, reason: 'MISSING' })
    }
    return { serviceDeployments, failures }
  }

  const stop: Operation = (input) => {
    const arn = requiredString(input, 'serviceDeploymentArn')
    const found = findRecord(world, arn)
    if (!found)
      throw new AwsError(
        'ServiceDeploymentNotFoundException',
        'The service deployment does not exist.'
      )
    if (!['PENDING', 'IN_PROGRESS'].includes(found.record.status)) {
      throw new AwsError('ConflictException', 'The service deployment is not in a stoppable state.')
    }
    found.record.status = 'ROLLBACK_REQUESTED'
    found.record.updatedAt = world.now()
    return { serviceDeploymentArn: arn }
  }

  const describeRevisions: Operation = (input) => {
    const arns = stringList(input, 'serviceRevisionArns')
    if (arns.length === 0 || arns.length > 20) {
      throw new AwsError(
        'InvalidParameterException',
        'serviceRevisionArns must contain between 1 and 20 items.'
      )
    }
    const serviceRevisions: Json[] = []
    const failures: Json[] = []
    for (const arn of arns) {
      const found = [...world.ecs.services.values()].flatMap((service) =>
        service.serviceDeployments
          .filter((record) => record.targetRevisionArn === arn)
          .map((record) => ({ service, record }))
      )[0]
      if (!found) {
        failures.push({ arn, reason: 'MISSING' })
        continue
      }
      const { service, record } = found
      serviceRevisions.push({
        serviceRevisionArn: arn,
        serviceArn: service.arn,
        clusterArn: service.clusterArn,
        taskDefinition: record.targetTaskDefinition,
        ...(service.capacityProviderStrategy
          ? { capacityProviderStrategy: service.capacityProviderStrategy }
          : { launchType: service.launchType ?? 'FARGATE' }),
        platformVersion: service.platformVersion ?? 'LATEST',
        platformFamily: 'Linux',
        loadBalancers: service.loadBalancers,
        serviceRegistries: service.serviceRegistries,
        ...(service.networkConfiguration
          ? { networkConfiguration: service.networkConfiguration }
          : {}),
        containerImages: (
          (findTaskDefinition(world, record.targetTaskDefinition)?.body.containerDefinitions as
            Json[] | undefined) ?? []
        ).map((container) => ({ containerName: container.name, image: container.image })),
        createdAt: date(record.createdAt)
      })
    }
    return { serviceRevisions, failures }
  }

  return {
    DescribeServiceRevisions: describeRevisions,
    ListServiceDeployments: list,
    DescribeServiceDeployments: describe,
    StopServiceDeployment: stop
  }
}
