import { DeregisterTaskDefinitionCommand } from '@aws-sdk/client-ecs'
import { errorMessage } from '../shared/errors.js'
import type { RollbackReport, StepOutcome, DeployRun } from './deploy-types.js'
import { describeTaskDefinition } from './describe.js'
import { followRollout } from './follow-rollout.js'
import { findService, updateServiceOrRecover } from './service.js'
import { revisionName } from './snapshot.js'
import { failureGroups, taskCount } from './stop-causes.js'
import { RunWatch, eventKeys, eventsSeenBy } from './seen-events.js'
import type { RolloutWatch, Verdict } from './watch.js'
import type { PrintedShapes } from './watch-output.js'

/** The shortest wait given to a rollback: a short timeout that fit the deploy must not strand the service half rolled back. */
export const MIN_ROLLBACK_TIMEOUT_MS = 600_000

/** A rollback gets its own budget: the deploy timeout, but at least 10 minutes. */
export function rollbackTimeoutMs(timeoutMs: number): number {
  return Math.max(timeoutMs, MIN_ROLLBACK_TIMEOUT_MS)
}

/** Where a followed rollback deployment ended, from the verdict of its watch. */
export function rollbackOutcome(verdict: Verdict): RollbackReport['outcome'] {
  if (verdict.status === 'succeeded') return 'completed'
  if (verdict.status === 'timed-out') return 'timed-out'
  return 'failed'
}

/** Our deployment failed: put the last completed revision back (when allowed) and wait for it. */
export async function failAndRollBack(
  run: DeployRun,
  status: 'failed' | 'timed-out',
  reason: string
): Promise<StepOutcome> {
  const { request, result, log } = run
  const ours = result.taskDefinitionArn
  const target = result.previousTaskDefinitionArn
  if (!request.rollback) {
    log.error(
      `Not rolling back (rollback: false): the service stays on deployment ${result.deploymentId ?? '?'} (${revisionName(ours)}), which ${status === 'timed-out' ? 'did not finish' : 'failed'}.`
    )
    return [status, reason]
  }
  if (target === undefined || target === ours) {
    result.rollback = {
      by: 'us',
      outcome: 'not-possible',
      reason: 'no earlier revision completed on this service'
    }
    log.error(
      `Cannot roll back: no earlier revision of this service ever completed. The service stays on ${revisionName(ours)}.`
    )
    return [status, reason]
  }
  const report: RollbackReport = {
    by: 'us',
    taskDefinitionArn: target,
    outcome: 'failed',
    reason: ''
  }
  result.rollback = report
  await log.group(`Rolling back to ${revisionName(target)}`, () => rollBackTo(run, target, report))
  if (report.outcome !== 'completed') {
    log.error(
      `ROLLBACK DID NOT COMPLETE (${report.reason}). Check the service: it may still run ${revisionName(ours)}.`
    )
    return [
      'failed',
      `${reason}; the rollback to ${revisionName(target)} did not complete: ${report.reason}`
    ]
  }
  log.info(`Rolled back: the service runs ${revisionName(target)} again.`)
  await deregisterFailed(run)
  return [
    status === 'timed-out' ? 'timed-out' : 'rolled-back',
    `${reason}; rolled back to ${revisionName(target)}`
  ]
}

/** Updates the service back to `target` and follows that deployment, writing how it ended in `report`. */
async function rollBackTo(run: DeployRun, target: string, report: RollbackReport): Promise<void> {
  const { clients, request, result, log } = run
  try {
    const service = await findService(clients.ecs, request.cluster, request.service)
    const updated = await updateServiceOrRecover(
      clients.ecs,
      { cluster: request.cluster, service: request.service, taskDefinitionArn: target },
      service
    )
    report.deploymentId = updated.deployment.id ?? ''
    log.info(`Rollback deployment ${report.deploymentId} started.`)
    const watch = new RunWatch({
      deploymentId: report.deploymentId,
      taskDefinitionArn: target,
      startedAt: Date.now(),
      deploymentCreatedAt: updated.deployment.createdAt,
      timeoutMs: rollbackTimeoutMs(request.timeoutMs),
      failFastThreshold: request.failFastThreshold,
      // What our watch printed, and what the service listed before the rollback started.
      knownEventIds: eventsSeenBy([result.watch], eventKeys(service.events))
    })
    report.watch = watch
    const previousDefinition = await describeTaskDefinition(clients.ecs, target)
    const verdict = await followRollout(clients, request, watch, previousDefinition ?? {}, log, {
      previousRows: result.watch?.deployments ?? [],
      ...printedBy(result.watch)
    })
    report.outcome = rollbackOutcome(verdict)
    report.reason = verdict.reason
  } catch (error) {
    report.reason = errorMessage(error)
  }
}

/** ECS rolls back by itself; we follow its rollback deployment to report where the service ends. */
export async function followEcsRollback(run: DeployRun, verdict: Verdict): Promise<RollbackReport> {
  const { clients, request, result, log } = run
  const rollbackDeployment = verdict.otherDeployment
  const report: RollbackReport = {
    by: 'ecs',
    taskDefinitionArn: rollbackDeployment?.taskDefinition,
    deploymentId: rollbackDeployment?.id,
    outcome: 'not-followed',
    reason: verdict.reason
  }
  result.rollback = report
  for (const group of failureGroups(result.watch?.stoppedTasks ?? []))
    log.info(`Cause: ${taskCount(group.tasks.length)} × ${group.cause.summary}`)
  if (rollbackDeployment === undefined) {
    report.reason = 'ECS named no rollback deployment to follow'
    return report
  }
  const watch = new RunWatch({
    deploymentId: rollbackDeployment.id,
    taskDefinitionArn: rollbackDeployment.taskDefinition,
    startedAt: Date.now(),
    timeoutMs: rollbackTimeoutMs(request.timeoutMs),
    failFastThreshold: 0,
    // The rollback is the same service's story going on: what was printed is not printed again.
    knownEventIds: eventsSeenBy([result.watch])
  })
  report.watch = watch
  try {
    const definition = await describeTaskDefinition(clients.ecs, rollbackDeployment.taskDefinition)
    const followed = await followRollout(clients, request, watch, definition ?? {}, log, {
      previousRows: result.watch?.deployments ?? [],
      ...printedBy(result.watch)
    })
    report.outcome = rollbackOutcome(followed)
    if (report.outcome !== 'completed') {
      report.reason = followed.reason
      log.error(`The rollback by ECS did not complete: ${followed.reason}.`)
    }
  } catch (error) {
    report.outcome = 'failed'
    report.reason = `could not follow it: ${errorMessage(error)}`
    log.warning(`Could not follow the rollback by ECS: ${errorMessage(error)}`)
  }
  return report
}

/** Deregisters the revision we registered in this run once nothing runs it; never the good one. */
export async function deregisterFailed(run: DeployRun): Promise<void> {
  const { clients, request, result, log } = run
  const ours = result.taskDefinitionArn
  if (!request.deregisterFailed || !result.registered || ours === undefined) return
  if (ours === result.previousTaskDefinitionArn || ours === result.rollback?.taskDefinitionArn)
    return
  if (result.rollback?.outcome !== 'completed') return
  try {
    await clients.ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: ours }))
    result.deregistered = ours
    log.info(`Deregistered the failed revision ${revisionName(ours)}.`)
  } catch (error) {
    log.warning(`Could not deregister ${revisionName(ours)}: ${errorMessage(error)}`)
  }
}

/** What the run's first watch printed, for a rollback watch that continues its story. */
function printedBy(watch: RolloutWatch | undefined): { printed?: PrintedShapes } {
  return watch instanceof RunWatch ? { printed: watch.printed } : {}
}
