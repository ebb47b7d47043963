// Running a CodeDeploy ECS deployment in simulated time. The replacement revision is rolled out
// by the same service scheduler as a rolling update (the sandbox has no task sets); the
// deployment fails as soon as one of its tasks fails to start, exits, or fails health checks,
// and the service goes back to the original revision (blue keeps serving in blue/green).

import type { CodeDeployDeployment, CodeDeployState } from './codedeploy-model.js'
import type { Service } from './ecs-model.js'
import { startDeployment } from './deployments.js'
import { requestReconcile } from './scheduler.js'
import type { World } from './world.js'

const SECOND = 1000
const FAILING_STOP_CODES = new Set(['TaskFailedToStart', 'EssentialContainerExited'])

export function newCodeDeployId(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'
  let id = 'd-'
  for (let index = 0; index < 9; index += 1)
    id += alphabet[Math.floor(Math.random() * alphabet.length)]
  return id
}

function rollOut(world: World, service: Service, taskDefinition: string): string {
  service.taskDefinition = taskDefinition
  const deployment = startDeployment(world, service)
  requestReconcile(world, service)
  return deployment.id
}

export function runDeployment(
  world: World,
  state: CodeDeployState,
  deployment: CodeDeployDeployment
): void {
  world.queue.after(2 * SECOND, () => {
    if (deployment.status !== 'Created') return
    const service = world.ecs.services.get(deployment.serviceArn)
    if (!service)
      return fail(world, state, deployment, 'ECS_UPDATE_ERROR', 'The ECS service does not exist.')
    deployment.status = 'InProgress'
    deployment.startTime = world.now()
    deployment.ecsDeploymentId = rollOut(world, service, deployment.targetTaskDefinition)
    watch(world, state, deployment)
  })
}

function watch(world: World, state: CodeDeployState, deployment: CodeDeployDeployment): void {
  world.queue.after(5 * SECOND, () => {
    if (deployment.status !== 'InProgress') return
    const service = world.ecs.services.get(deployment.serviceArn)
    const ecsDeployment = service?.deployments.find((d) => d.id === deployment.ecsDeploymentId)
    const failed = world.ecs
      .tasksOf(deployment.ecsDeploymentId ?? '')
      .find(
        (task) =>
          task.desiredStatus === 'STOPPED' &&
          (FAILING_STOP_CODES.has(task.stopCode ?? '') ||
            task.stoppedReason?.startsWith('Task failed ELB health checks'))
      )
    if (failed) {
      return fail(
        world,
        state,
        deployment,
        'ECS_UPDATE_ERROR',
        `The ECS service could not reach a steady state: task ${failed.id} stopped: ${failed.stoppedReason ?? ''}`
      )
    }
    if (
      ecsDeployment?.rolloutState === 'COMPLETED' ||
      (service &&
        !ecsDeployment &&
        service.lastCompleted?.taskDefinition === deployment.targetTaskDefinition)
    ) {
      deployment.status = 'Succeeded'
      deployment.completeTime = world.now()
      return
    }
    watch(world, state, deployment)
  })
}

export function fail(
  world: World,
  state: CodeDeployState,
  deployment: CodeDeployDeployment,
  code: string,
  message: string
): void {
  deployment.status = 'Failed'
  deployment.completeTime = world.now()
  deployment.errorInformation = { code, message }
  if (deployment.creator === 'codeDeployRollback') return
  revert(world, state, deployment, 'Automatic rollback triggered by deployment failure')
}

/** Puts the original revision back; with auto rollback, as a rollback deployment of its own. */
export function revert(
  world: World,
  state: CodeDeployState,
  deployment: CodeDeployDeployment,
  reason: string
): void {
  const service = world.ecs.services.get(deployment.serviceArn)
  if (!service || !deployment.ecsDeploymentId) return
  if (!deployment.autoRollback) {
    rollOut(world, service, deployment.previousTaskDefinition)
    return
  }
  const rollback: CodeDeployDeployment = {
    ...deployment,
    id: newCodeDeployId(),
    status: 'InProgress',
    createTime: world.now(),
    startTime: world.now(),
    completeTime: undefined,
    creator: 'codeDeployRollback',
    previousTaskDefinition: deployment.targetTaskDefinition,
    targetTaskDefinition: deployment.previousTaskDefinition,
    errorInformation: undefined,
    rollbackInfo: { rollbackTriggeringDeploymentId: deployment.id, rollbackMessage: reason }
  }
  rollback.ecsDeploymentId = rollOut(world, service, rollback.targetTaskDefinition)
  deployment.rollbackInfo = { rollbackDeploymentId: rollback.id, rollbackMessage: reason }
  state.deployments.set(rollback.id, rollback)
  watch(world, state, rollback)
}
