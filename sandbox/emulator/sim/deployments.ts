// Creating deployments: a new PRIMARY (the previous ones become ACTIVE) and the matching
// service-deployment record that ListServiceDeployments / DescribeServiceDeployments report.

import type { Deployment, Service, ServiceDeploymentRecord } from './ecs-model.js'
import { digits, newDeploymentId, opaqueToken } from './ids.js'
import type { World } from './world.js'

export interface DeploymentOptions {
  /** A circuit-breaker rollback: the deployment joins the failed one's service deployment. */
  rollbackOf?: { record: ServiceDeploymentRecord; targetDeploymentId: string }
}

export function circuitBreaker(service: Service): { enable: boolean; rollback: boolean } {
  const breaker = service.deploymentConfiguration.deploymentCircuitBreaker as
    { enable?: boolean; rollback?: boolean } | undefined
  return { enable: breaker?.enable === true, rollback: breaker?.rollback === true }
}

export function breakerThreshold(service: Service): number {
  const breaker = service.deploymentConfiguration.deploymentCircuitBreaker as
    { thresholdConfiguration?: { type?: string; value?: number } } | undefined
  const config = breaker?.thresholdConfiguration
  const desired = service.desiredCount
  if (config?.type === 'COUNT' && config.value) return config.value
  const percent = config?.value ?? 50
  const raw = Math.ceil((percent / 100) * desired)
  if (config?.type === 'UNBOUNDED_PERCENT') return Math.max(raw, 1)
  return Math.min(Math.max(raw, 3), 200)
}

export function revisionArn(service: Service, accountId: string): string {
  return `arn:aws:ecs:${service.region}:${accountId}:service-revision/${service.clusterName}/${service.name}/${digits(19)}`
}

export function startDeployment(
  world: World,
  service: Service,
  options: DeploymentOptions = {}
): Deployment {
  const now = world.now()
  const previous = service.deployments[0]
  for (const deployment of service.deployments) deployment.status = 'ACTIVE'
  let record = options.rollbackOf?.record
  if (!record) {
    const superseded = previous ? findRecord(service, previous.serviceDeploymentArn) : undefined
    if (superseded && !superseded.finishedAt && !superseded.stoppedAt) {
      superseded.status = 'STOPPED'
      superseded.stoppedAt = now
      superseded.updatedAt = now
    }
    if (superseded) endMonitoring(superseded)
    record = newRecord(world, service)
  }
  const id = newDeploymentId()
  const deployment: Deployment = {
    id,
    status: 'PRIMARY',
    taskDefinition: service.taskDefinition,
    desiredCount: service.desiredCount,
    failedTasks: 0,
    createdAt: now,
    updatedAt: now,
    launchType: service.launchType,
    capacityProviderStrategy: service.capacityProviderStrategy,
    platformVersion: service.platformVersion,
    networkConfiguration: service.networkConfiguration,
    ...(service.volumeConfigurations ? { volumeConfigurations: service.volumeConfigurations } : {}),
    rolloutState: 'IN_PROGRESS',
    rolloutStateReason: options.rollbackOf
      ? `ECS deployment circuit breaker: rolling back to deploymentId ${options.rollbackOf.targetDeploymentId}.`
      : `ECS deployment ${id} in progress.`,
    serviceDeploymentArn: record.arn
  }
  service.deployments.unshift(deployment)
  service.steady = false
  // A new deployment (a rollback included) is not held back by the previous one's restart throttle.
  service.startFailures = 0
  service.nextStartAt = 0
  return deployment
}

function newRecord(world: World, service: Service): ServiceDeploymentRecord {
  const now = world.now()
  const breaker = circuitBreaker(service)
  const record: ServiceDeploymentRecord = {
    arn: `arn:aws:ecs:${service.region}:${world.accountId}:service-deployment/${service.clusterName}/${service.name}/${opaqueToken(21)}`,
    serviceArn: service.arn,
    clusterArn: service.clusterArn,
    createdAt: now,
    startedAt: now,
    updatedAt: now,
    status: 'IN_PROGRESS',
    targetRevisionArn: revisionArn(service, world.accountId),
    targetTaskDefinition: service.taskDefinition,
    sourceRevisionArns: service.serviceDeployments
      .slice(0, 1)
      .map((previous) => previous.targetRevisionArn),
    deploymentConfiguration: structuredClone(service.deploymentConfiguration),
    circuitBreakerStatus: breaker.enable ? 'MONITORING' : 'DISABLED',
    failureCount: 0,
    threshold: breakerThreshold(service)
  }
  service.serviceDeployments.unshift(record)
  return record
}

/**
 * A service deployment that ended (completed, stopped, superseded, rolled back) is no longer
 * monitored: a breaker still MONITORING becomes MONITORING_COMPLETE; TRIGGERED and DISABLED stay.
 */
export function endMonitoring(record: ServiceDeploymentRecord): void {
  if (record.circuitBreakerStatus === 'MONITORING')
    record.circuitBreakerStatus = 'MONITORING_COMPLETE'
}

export function findRecord(service: Service, arn: string): ServiceDeploymentRecord | undefined {
  return service.serviceDeployments.find((record) => record.arn === arn)
}
