// The deployment circuit breaker (as AWS documents it in
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-circuit-breaker.html): counts failed tasks of the
// primary deployment, fails it at the threshold, and rolls back to the last completed deployment.

import type { Deployment, Service } from './ecs-model.js'
import { breakerThreshold, circuitBreaker, findRecord, startDeployment } from './deployments.js'
import { addEvent, eventText } from './service-events.js'
import type { World } from './world.js'

export function recordFailure(world: World, service: Service, deployment: Deployment): void {
  const primary = service.deployments[0]
  if (deployment.rolloutState === 'FAILED') return
  deployment.failedTasks += 1
  deployment.updatedAt = world.now()
  const record = findRecord(service, deployment.serviceDeploymentArn)
  if (record && deployment === primary) {
    record.failureCount = deployment.failedTasks
    // The threshold follows the latest desired count.
    record.threshold = breakerThreshold(service)
  }
  const breaker = circuitBreaker(service)
  if (!breaker.enable || deployment !== primary || deployment.rolloutState !== 'IN_PROGRESS') return
  if (service.deploymentController.type !== 'ECS') return
  if (deployment.failedTasks < breakerThreshold(service)) return
  tripBreaker(world, service, deployment, breaker.rollback)
}

function tripBreaker(world: World, service: Service, failed: Deployment, rollback: boolean): void {
  const now = world.now()
  failed.rolloutState = 'FAILED'
  failed.rolloutStateReason = 'ECS deployment circuit breaker: tasks failed to start.'
  failed.updatedAt = now
  addEvent(service, now, eventText.failed(service.name, failed.id))
  const record = findRecord(service, failed.serviceDeploymentArn)
  if (record) {
    record.circuitBreakerStatus = 'TRIGGERED'
    record.updatedAt = now
  }
  const target = service.lastCompleted
  if (!rollback || !target) {
    if (record) {
      record.status = 'STOPPED'
      record.stoppedAt = now
      record.statusReason = 'ECS deployment circuit breaker: tasks failed to start.'
    }
    return
  }
  if (record) {
    record.status = 'ROLLBACK_IN_PROGRESS'
    record.statusReason = `ECS deployment circuit breaker: rolling back to deploymentId ${target.deploymentId}.`
    record.rollback = {
      reason: 'ECS deployment circuit breaker: tasks failed to start.',
      startedAt: now,
      serviceRevisionArn: target.revisionArn
    }
  }
  addEvent(service, now, eventText.rollingBack(service.name, target.deploymentId))
  service.taskDefinition = target.taskDefinition
  startDeployment(
    world,
    service,
    record ? { rollbackOf: { record, targetDeploymentId: target.deploymentId } } : {}
  )
}
