import type { Deployment, Service } from '@aws-sdk/client-ecs'

/** What the deployment list says about our deployment, before any rule of our own. */
export type DeploymentState =
  | { state: 'in-progress' }
  | { state: 'completed' }
  | { state: 'failed'; reason: string }
  | { state: 'rolled-back-by-ecs'; reason: string; rollback?: Deployment }
  | { state: 'superseded'; reason: string; by: Deployment }

const ROLLING_BACK = /rolling back/i

function isNewer(candidate: Deployment, than: Date | undefined): boolean {
  if (than === undefined || candidate.createdAt === undefined) return true
  return candidate.createdAt.getTime() > than.getTime()
}

/**
 * Reads the rollout state of deployment `ourId` from DescribeServices. `ourCreatedAt` is kept by
 * the caller from an earlier poll, because our deployment may already be gone from the list
 * (ECS removes a rolled-back deployment).
 */
export function deploymentState(
  service: Service,
  ourId: string,
  ourCreatedAt?: Date
): DeploymentState {
  const deployments = service.deployments ?? []
  const ours = deployments.find((d) => d.id === ourId)
  const primary = deployments.find((d) => d.status === 'PRIMARY')
  const other = primary !== undefined && primary.id !== ourId ? primary : undefined

  if (ours?.rolloutState === 'FAILED') {
    const reason = ours.rolloutStateReason ?? 'the deployment failed'
    if (
      other !== undefined &&
      (ROLLING_BACK.test(other.rolloutStateReason ?? '') ||
        other.taskDefinition !== ours.taskDefinition)
    ) {
      return { state: 'rolled-back-by-ecs', reason, rollback: other }
    }
    return { state: 'failed', reason }
  }

  if (other !== undefined) {
    if (ROLLING_BACK.test(other.rolloutStateReason ?? '')) {
      return {
        state: 'rolled-back-by-ecs',
        reason: other.rolloutStateReason ?? 'rolled back',
        rollback: other
      }
    }
    if (isNewer(other, ours?.createdAt ?? ourCreatedAt)) {
      return {
        state: 'superseded',
        reason: `deployment ${other.id ?? '?'} (${other.taskDefinition ?? '?'}) replaced this deploy`,
        by: other
      }
    }
    // An older deployment is primary again and ours is gone or demoted: ECS put it back.
    return {
      state: 'rolled-back-by-ecs',
      reason: other.rolloutStateReason ?? 'ECS restored the previous deployment',
      rollback: other
    }
  }

  if (ours === undefined) return { state: 'in-progress' }
  if (ours.rolloutState === 'COMPLETED') return { state: 'completed' }
  if (ours.rolloutState === undefined) {
    // No rollout state (circuit breaker off on some controllers, or an old API): stable means
    // ours is the only deployment and every desired task of ours runs.
    const stable =
      deployments.length === 1 &&
      (ours.runningCount ?? 0) === (ours.desiredCount ?? 0) &&
      (service.runningCount ?? 0) === (service.desiredCount ?? 0)
    return stable ? { state: 'completed' } : { state: 'in-progress' }
  }
  return { state: 'in-progress' }
}
