import {
  DeregisterTaskDefinitionCommand,
  type Service,
  type Tag,
  type TaskDefinition
} from '@aws-sdk/client-ecs'
import { NEVER_CANCELLED, abortableSleep, untilAborted } from '../shared/cancel.js'
import { UserError, errorMessage } from '../shared/errors.js'
import { reportCancelled, type CancelReport } from './cancel-report.js'
import type { DeployClients } from './clients.js'
import type { AppSpecFile } from './appspec.js'
import { deployBlueGreen, type BlueGreenResult } from './codedeploy.js'
import { describeTaskDefinition } from './describe.js'
import { formatLogTail, formatWatchEvent } from './format.js'
import { runOneOffTask, type OneOffResult } from './one-off-task.js'
import { RolloutPoller } from './poller.js'
import { previousRevision } from './previous-revision.js'
import { registerIfChanged } from './register.js'
import { runStandaloneTask, type RunTaskResult, type RunTaskSpec } from './run-task.js'
import {
  findService,
  lastCompletedDeployment,
  tagSettingsDiffer,
  updateServiceOrRecover,
  updateTagSettings,
  type TagSettings
} from './service.js'
import { revisionName } from './snapshot.js'
import { redactUrl, smokeCheck, type SmokeResult } from './smoke.js'
import type { TaskDefinitionSource } from './task-definition-source.js'
import type { Logger } from '../shared/logger.js'
import { RolloutWatch, type Verdict } from './watch.js'
import { checkConfiguredAtLaunch, type ServiceEbsVolume } from './ebs-volumes.js'

export type DeployStatus =
  'succeeded' | 'rolled-back' | 'failed' | 'timed-out' | 'superseded' | 'cancelled'

export interface DeployRequest {
  region: string
  cluster: string
  /** No service: register the revision (and run the standalone task) only, as aws-actions does. */
  service?: string
  source: TaskDefinitionSource
  wait: boolean
  timeoutMs: number
  pollIntervalMs: number
  /** The longest wait between two polls, whatever the adaptive loop would choose. */
  maxPollIntervalMs?: number
  failFastThreshold: number
  rollback: boolean
  deregisterFailed: boolean
  desiredCount?: number
  forceNewDeployment: boolean
  preDeploy?: { command: string[]; containerName?: string }
  /** A standalone task of the revision, started before the service is updated. */
  runTask?: RunTaskSpec
  /** The service's EBS volume configured at launch, sent on UpdateService; unchanged when not given. */
  serviceEbsVolume?: ServiceEbsVolume
  /** How the service (and the standalone task) tags tasks; unchanged when not given. */
  tagSettings?: TagSettings
  codeDeploy?: {
    application?: string
    deploymentGroup?: string
    /** Reads the workflow's AppSpec file, when there is one; called for a blue/green service only. */
    loadAppSpec?: () => Promise<AppSpecFile | undefined>
    /** The CodeDeploy inputs the workflow gave, named in a warning when the service is not blue/green. */
    givenInputs?: string[]
    deploymentConfig?: string
    description?: string
  }
  smoke?: { url: string; expectedStatus: number; retries: number }
  tags: Tag[]
  sleep?: (ms: number) => Promise<void>
  /**
   * Aborted when the runner cancels the step: the deploy stops where it is, reports where the
   * rollout stands and changes nothing more (no rollback, no update).
   */
  signal?: AbortSignal
}

export interface RollbackReport {
  by: 'us' | 'ecs' | 'codedeploy'
  taskDefinitionArn?: string
  deploymentId?: string
  outcome: 'completed' | 'failed' | 'timed-out' | 'not-possible' | 'not-followed'
  reason: string
  watch?: RolloutWatch
}

export interface DeployResult {
  status: DeployStatus
  reason: string
  region: string
  cluster: string
  /** '' when no service was given (register only). */
  service: string
  taskDefinitionArn?: string
  previousTaskDefinitionArn?: string
  deploymentId?: string
  registered: boolean
  reusedBecause?: string
  /** The service already ran this revision, settled: no update was sent. */
  unchanged: boolean
  waited: boolean
  startedAt: number
  finishedAt: number
  watch?: RolloutWatch
  verdict?: Verdict
  rollback?: RollbackReport
  preDeploy?: OneOffResult
  runTask?: RunTaskResult
  blueGreen?: BlueGreenResult
  smoke?: SmokeResult
  deregistered?: string
  cancelled?: CancelReport
}

/** Every wait of the deploy, no longer than `capMs` (wait-max-delay-seconds) when given. */
export function cappedSleep(
  sleep: (ms: number) => Promise<void>,
  capMs: number | undefined
): (ms: number) => Promise<void> {
  return capMs === undefined ? sleep : (ms) => sleep(Math.min(ms, capMs))
}

/** Drops what abandoned work would still print once the deploy is cancelled. */
function silencedOnceAborted(log: Logger, signal: AbortSignal): Logger {
  const live = (print: (message: string) => void) => (message: string) => {
    if (!signal.aborted) print(message)
  }
  return {
    debug: live((message) => log.debug(message)),
    info: live((message) => log.info(message)),
    warning: live((message) => log.warning(message)),
    error: live((message) => log.error(message)),
    group: (name, work) => (signal.aborted ? work() : log.group(name, work))
  }
}

export async function deploy(
  clients: DeployClients,
  request: DeployRequest,
  log: Logger
): Promise<DeployResult> {
  const startedAt = Date.now()
  const result: DeployResult = {
    status: 'failed',
    reason: '',
    region: request.region,
    cluster: request.cluster,
    service: request.service ?? '',
    registered: false,
    unchanged: false,
    waited: request.wait,
    startedAt,
    finishedAt: startedAt
  }
  const signal = request.signal ?? NEVER_CANCELLED
  // Every wait of the abandoned work ends at once, so no loop of it outlives the cancellation.
  const sleep = cappedSleep(abortableSleep(signal, request.sleep), request.maxPollIntervalMs)
  const quiet = silencedOnceAborted(log, signal)
  const service = request.service
  const work =
    service === undefined
      ? registerOnlySteps(clients, { ...request, sleep }, result, quiet)
      : deploySteps(clients, { ...request, service, sleep }, result, quiet)
  try {
    return await untilAborted(work, signal)
  } catch (error) {
    if (!signal.aborted) throw error
    log.endGroup?.()
    const cancelled = await reportCancelled(clients.ecs, result, signal.reason, log)
    // A copy: the abandoned work may still write to `result` before the process exits.
    return {
      ...result,
      status: 'cancelled',
      reason: cancelled.reason,
      cancelled,
      finishedAt: Date.now()
    }
  }
}

/** A deploy to a service: the request with its service named. */
type ServiceRequest = DeployRequest & { service: string }

function finisher(result: DeployResult) {
  return (status: DeployStatus, reason: string): DeployResult => {
    result.status = status
    result.reason = reason
    result.finishedAt = Date.now()
    return result
  }
}

/** No service: register (or reuse) the revision and run the standalone task when asked. */
async function registerOnlySteps(
  clients: DeployClients,
  request: DeployRequest,
  result: DeployResult,
  log: Logger
): Promise<DeployResult> {
  const finish = finisher(result)
  const definition = await log.group('Task definition', () =>
    resolveRevision(clients, request, undefined, result, log)
  )
  if (request.runTask !== undefined) {
    const failure = await runTaskStep(clients, request, undefined, definition, result, log)
    if (failure !== undefined) return finish('failed', failure)
    return finish(
      'succeeded',
      `no service given: registered and ran the task (${result.runTask?.reason ?? ''})`
    )
  }
  return finish('succeeded', 'no service given: the revision is registered, nothing is deployed')
}

/** The standalone task; the reason the deploy fails when it did not end well, else undefined. */
async function runTaskStep(
  clients: DeployClients,
  request: DeployRequest,
  service: Service | undefined,
  definition: TaskDefinition,
  result: DeployResult,
  log: Logger
): Promise<string | undefined> {
  const spec = request.runTask
  if (spec === undefined) return undefined
  const outcome = await log.group('Run task', async () => {
    const ran = await runStandaloneTask(clients, {
      spec,
      cluster: request.cluster,
      taskDefinition: definition,
      ...(service !== undefined && { service }),
      ...(request.tagSettings?.enableEcsManagedTags !== undefined && {
        enableEcsManagedTags: request.tagSettings.enableEcsManagedTags
      }),
      ...(request.tagSettings?.propagateTags !== undefined && {
        propagateTags: request.tagSettings.propagateTags
      }),
      timeoutMs: request.timeoutMs,
      pollIntervalMs: request.pollIntervalMs,
      onWarning: (message) => log.warning(message),
      ...(request.sleep !== undefined && { sleep: request.sleep })
    })
    log.info(
      `Started ${ran.taskArns.map((arn) => revisionName(arn)).join(', ')} from ${revisionName(definition.taskDefinitionArn)}.`
    )
    for (const task of ran.tasks) {
      for (const container of task.containers) {
        if (container.exitCode === undefined && task.lastStatus !== 'STOPPED') continue
        const code =
          container.exitCode === undefined ? 'no exit code' : `exit code ${container.exitCode}`
        const line = `Task ${task.taskId}: container ${container.name}${container.essential ? '' : ' (not essential)'}: ${code}${container.reason ? ` (${container.reason})` : ''}.`
        if (container.essential && container.exitCode !== 0) log.error(line)
        else if (container.exitCode !== undefined && container.exitCode !== 0) log.warning(line)
        else log.info(line)
      }
      for (const tail of task.logTails) for (const line of formatLogTail(tail, '  ')) log.info(line)
    }
    log.info(`Run task: ${ran.reason}.`)
    return ran
  })
  result.runTask = outcome
  if (outcome.ok) return undefined
  return `the run-task ${outcome.timedOut ? 'did not stop in time' : 'failed'}: ${outcome.reason}${request.service === undefined ? '' : '; the service was not updated'}`
}

async function deploySteps(
  clients: DeployClients,
  request: ServiceRequest,
  result: DeployResult,
  log: Logger
): Promise<DeployResult> {
  const startedAt = result.startedAt
  const service = await findService(clients.ecs, request.cluster, request.service)
  const previous = lastCompletedDeployment(service)
  if (previous?.taskDefinition !== undefined)
    result.previousTaskDefinitionArn = previous.taskDefinition
  const finish = finisher(result)

  const definition = await log.group('Task definition', () =>
    resolveRevision(clients, request, service, result, log)
  )
  if (request.serviceEbsVolume !== undefined)
    checkConfiguredAtLaunch(
      'service-managed-ebs-volume-name',
      request.serviceEbsVolume.name ?? '',
      definition
    )

  const runTaskFailure = await runTaskStep(clients, request, service, definition, result, log)
  if (runTaskFailure !== undefined) return finish('failed', runTaskFailure)

  if (request.preDeploy !== undefined) {
    const oneOff = await log.group('Pre-deploy task', async () => {
      log.info(
        `Running ${JSON.stringify(request.preDeploy?.command)} in ${revisionName(definition.taskDefinitionArn)} before the update.`
      )
      const outcome = await runOneOffTask(clients, {
        cluster: request.cluster,
        service,
        taskDefinition: definition,
        command: request.preDeploy?.command ?? [],
        ...(request.preDeploy?.containerName !== undefined && {
          containerName: request.preDeploy.containerName
        }),
        timeoutMs: request.timeoutMs,
        pollIntervalMs: request.pollIntervalMs,
        onWarning: (message) => log.warning(message),
        ...(request.sleep !== undefined && { sleep: request.sleep })
      })
      const exit = outcome.timedOut
        ? 'did not finish in time'
        : `exited with code ${outcome.exitCode ?? 'unknown'}`
      if (outcome.stop?.requested === true)
        log.warning(`Stopped the pre-deploy task ${outcome.taskId}: it ran past the timeout.`)
      else if (outcome.stop !== undefined)
        log.error(
          `Could not stop the pre-deploy task ${outcome.taskId} (${outcome.stop.error ?? 'unknown error'}): it may still be running; stop it by hand.`
        )
      log.info(
        `Task ${outcome.taskId} (${outcome.containerName}) ${exit}${outcome.stoppedReason ? ` (${outcome.stoppedReason})` : ''}.`
      )
      for (const tail of outcome.logTails)
        for (const line of formatLogTail(tail, '  ')) log.info(line)
      return outcome
    })
    result.preDeploy = oneOff
    if (!oneOff.ok) {
      const why = oneOff.timedOut
        ? `did not finish before the timeout (${oneOff.stop?.requested === true ? 'it was stopped' : 'it could not be stopped and may still run'})`
        : `exited with code ${oneOff.exitCode ?? 'unknown'}`
      return finish('failed', `the pre-deploy task ${why}; the service was not updated`)
    }
  }

  if (service.deploymentController?.type === 'CODE_DEPLOY') {
    // CodeDeploy starts the new task set; UpdateService, which carries the volume, is not sent.
    if (request.serviceEbsVolume !== undefined)
      log.warning(
        `"service-managed-ebs-volume" ignored: service ${request.service} uses the CODE_DEPLOY deployment controller, and the volume is sent on UpdateService only (as aws-actions does).`
      )
    if (tagSettingsDiffer(service, request.tagSettings) && request.tagSettings !== undefined) {
      await updateTagSettings(clients.ecs, request.cluster, request.service, request.tagSettings)
      log.info('Updated how the service tags its tasks (enable-ecs-managed-tags / propagate-tags).')
    }
    return finish(...(await blueGreen(clients, request, service, result, log, definition)))
  }

  const ignored = request.codeDeploy?.givenInputs ?? []
  if (ignored.length > 0)
    log.warning(
      `${ignored.map((name) => `"${name}"`).join(', ')} ignored: service ${request.service} uses the ${service.deploymentController?.type ?? 'ECS'} deployment controller, not CODE_DEPLOY.`
    )
  const primary = service.deployments?.find((d) => d.status === 'PRIMARY')
  const settled =
    primary?.taskDefinition === result.taskDefinitionArn &&
    primary?.rolloutState !== 'IN_PROGRESS' &&
    (service.deployments?.length ?? 0) === 1
  const sameCount =
    request.desiredCount === undefined || request.desiredCount === service.desiredCount
  // A volume configuration may differ from the service's: always sent, as aws-actions does.
  if (
    settled &&
    sameCount &&
    !request.forceNewDeployment &&
    request.serviceEbsVolume === undefined
  ) {
    if (tagSettingsDiffer(service, request.tagSettings) && request.tagSettings !== undefined) {
      await updateTagSettings(clients.ecs, request.cluster, request.service, request.tagSettings)
      log.info(
        'Updated how the service tags its tasks (enable-ecs-managed-tags / propagate-tags); tasks started from now on carry the tags (force-new-deployment: true replaces the running ones).'
      )
    }
    result.unchanged = true
    if (primary?.id !== undefined) result.deploymentId = primary.id
    log.info(
      `The service already runs ${revisionName(result.taskDefinitionArn)} and is settled: nothing to deploy.`
    )
    return finish(
      ...(await afterSuccess(request, result, log, 'the service already runs this revision'))
    )
  }

  const updated = await updateServiceOrRecover(
    clients.ecs,
    {
      cluster: request.cluster,
      service: request.service,
      taskDefinitionArn: definition.taskDefinitionArn ?? '',
      ...(request.desiredCount !== undefined && { desiredCount: request.desiredCount }),
      forceNewDeployment: request.forceNewDeployment,
      ...(request.tagSettings !== undefined && { tagSettings: request.tagSettings }),
      ...(request.serviceEbsVolume !== undefined && {
        volumeConfigurations: [request.serviceEbsVolume]
      })
    },
    service
  )
  const deploymentId = updated.deployment.id ?? ''
  result.deploymentId = deploymentId
  log.info(
    `Deployment ${deploymentId} started: ${revisionName(result.taskDefinitionArn)} (was ${revisionName(result.previousTaskDefinitionArn)}).`
  )

  if (!request.wait)
    return finish('succeeded', 'the update was accepted; not waited for (wait: false)')

  const watch = new RolloutWatch({
    deploymentId,
    taskDefinitionArn: definition.taskDefinitionArn ?? '',
    startedAt,
    timeoutMs: request.timeoutMs,
    failFastThreshold: request.failFastThreshold,
    knownEventIds: (service.events ?? []).flatMap((e) => (e.id ? [e.id] : []))
  })
  result.watch = watch
  const verdict = await log.group(`Watching deployment ${deploymentId}`, () =>
    poll(clients, request, watch, definition, log)
  )
  result.verdict = verdict
  const firstFailure =
    watch.firstFailurePoll === undefined
      ? ''
      : `; first failed task seen at poll ${watch.firstFailurePoll}`
  log.info(`Verdict at poll ${watch.polls}${firstFailure}: ${verdict.status}: ${verdict.reason}`)

  switch (verdict.status) {
    case 'succeeded': {
      const [status, reason] = await afterSuccess(request, result, log, 'our deployment completed')
      if (status === 'succeeded') return finish(status, reason)
      return finish(...(await failAndRollBack(clients, request, result, 'failed', reason, log)))
    }
    case 'superseded':
      log.warning(`Deployment ${deploymentId} was superseded: ${verdict.reason}.`)
      return finish('superseded', verdict.reason)
    case 'rolled-back-by-ecs': {
      const rollback = await log.group('Rollback by ECS', () =>
        followEcsRollback(clients, request, result, verdict, log)
      )
      if (rollback.outcome !== 'completed') {
        const how = rollback.outcome === 'timed-out' ? 'did not finish in time' : 'did not complete'
        return finish(
          'failed',
          `${verdict.reason}; ECS started a rollback to ${revisionName(rollback.taskDefinitionArn)} that ${how}: ${rollback.reason}`
        )
      }
      await deregisterFailed(clients, request, result, log)
      return finish('rolled-back', `ECS rolled the deployment back: ${verdict.reason}`)
    }
    case 'failed':
    case 'timed-out':
      return finish(
        ...(await failAndRollBack(clients, request, result, verdict.status, verdict.reason, log))
      )
  }
}

async function resolveRevision(
  clients: DeployClients,
  request: DeployRequest,
  service: Service | undefined,
  result: DeployResult,
  log: Logger
): Promise<TaskDefinition> {
  if (request.source.kind === 'previous' && service === undefined) {
    throw new UserError(
      'Input "task-definition": "previous" means the revision before the one a service runs; give the input "service" too.'
    )
  }
  if (request.source.kind === 'arn' || request.source.kind === 'previous') {
    const reference =
      request.source.kind === 'arn'
        ? request.source.arn
        : await previousRevision(clients.ecs, service?.taskDefinition)
    const existing = await describeTaskDefinition(clients.ecs, reference)
    if (existing?.taskDefinitionArn === undefined) {
      throw new UserError(`Input "task-definition": revision ${reference} does not exist.`)
    }
    result.taskDefinitionArn = existing.taskDefinitionArn
    log.info(
      `Deploying the existing revision ${revisionName(existing.taskDefinitionArn)}${existing.status === 'INACTIVE' ? ' (deregistered, still deployable)' : ''}.`
    )
    return existing
  }
  const outcome = await registerIfChanged(clients.ecs, request.source.definition, {
    ...(service?.taskDefinition !== undefined && { liveTaskDefinitionArn: service.taskDefinition }),
    tags: request.tags
  })
  result.taskDefinitionArn = outcome.taskDefinitionArn
  result.registered = outcome.registered
  if (outcome.reusedBecause !== undefined) result.reusedBecause = outcome.reusedBecause
  log.info(
    outcome.registered
      ? `Registered ${revisionName(outcome.taskDefinitionArn)}.`
      : `No new revision: ${revisionName(outcome.taskDefinitionArn)} has the same content (${outcome.reusedBecause}).`
  )
  return outcome.taskDefinition
}

async function poll(
  clients: DeployClients,
  request: ServiceRequest,
  watch: RolloutWatch,
  definition: TaskDefinition,
  log: Logger
): Promise<Verdict> {
  const poller = new RolloutPoller(clients, {
    cluster: request.cluster,
    service: request.service,
    intervalMs: request.pollIntervalMs,
    taskDefinition: definition,
    onEvents: (events) => {
      for (const event of events) {
        const lines = formatWatchEvent(event)
        // One annotation per failed task (the runner shows only the first few); details as log lines.
        if (event.kind === 'task-stopped' && event.task.cause.kind !== 'benign') {
          const [first = '', ...rest] = lines
          log.error(first)
          rest.forEach((line) => log.info(line))
        } else lines.forEach((line) => log.info(line))
      }
    },
    onWarning: (message) => log.warning(message),
    ...(request.sleep !== undefined && { sleep: request.sleep })
  })
  return poller.run(watch)
}

async function afterSuccess(
  request: DeployRequest,
  result: DeployResult,
  log: Logger,
  reason: string
): Promise<[DeployStatus, string]> {
  if (request.smoke === undefined) return ['succeeded', reason]
  const shown = redactUrl(request.smoke.url)
  const smoke = await log.group(`Smoke check ${shown}`, () =>
    smokeCheck({
      url: request.smoke?.url ?? '',
      expectedStatus: request.smoke?.expectedStatus ?? 200,
      retries: request.smoke?.retries ?? 0,
      delayMs: request.pollIntervalMs,
      ...(request.sleep !== undefined && { sleep: request.sleep })
    })
  )
  result.smoke = smoke
  if (smoke.ok) {
    log.info(`Smoke check passed (${smoke.last}, attempt ${smoke.attempts}).`)
    return ['succeeded', `${reason}; smoke check passed`]
  }
  const why = `smoke check failed: ${shown} answered ${smoke.last} (expected HTTP ${request.smoke.expectedStatus}) after ${smoke.attempts} attempts`
  log.error(why)
  return ['failed', why]
}

/** The shortest wait given to a rollback: a short timeout that fit the deploy must not strand the service half rolled back. */
export const MIN_ROLLBACK_TIMEOUT_MS = 600_000

/** A rollback gets its own budget: the deploy timeout, but at least 10 minutes. */
export function rollbackTimeoutMs(timeoutMs: number): number {
  return Math.max(timeoutMs, MIN_ROLLBACK_TIMEOUT_MS)
}

/** Our deployment failed: put the last completed revision back (when allowed) and wait for it. */
async function failAndRollBack(
  clients: DeployClients,
  request: ServiceRequest,
  result: DeployResult,
  status: 'failed' | 'timed-out',
  reason: string,
  log: Logger
): Promise<[DeployStatus, string]> {
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
  await log.group(`Rolling back to ${revisionName(target)}`, async () => {
    try {
      const service = await findService(clients.ecs, request.cluster, request.service)
      const updated = await updateServiceOrRecover(
        clients.ecs,
        { cluster: request.cluster, service: request.service, taskDefinitionArn: target },
        service
      )
      report.deploymentId = updated.deployment.id ?? ''
      log.info(`Rollback deployment ${report.deploymentId} started.`)
      const watch = new RolloutWatch({
        deploymentId: report.deploymentId,
        taskDefinitionArn: target,
        startedAt: Date.now(),
        timeoutMs: rollbackTimeoutMs(request.timeoutMs),
        failFastThreshold: request.failFastThreshold,
        knownEventIds: (service.events ?? []).flatMap((e) => (e.id ? [e.id] : []))
      })
      report.watch = watch
      const previousDefinition = await describeTaskDefinition(clients.ecs, target)
      const verdict = await poll(clients, request, watch, previousDefinition ?? {}, log)
      report.outcome =
        verdict.status === 'succeeded'
          ? 'completed'
          : verdict.status === 'timed-out'
            ? 'timed-out'
            : 'failed'
      report.reason = verdict.reason
    } catch (error) {
      report.reason = errorMessage(error)
    }
  })
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
  await deregisterFailed(clients, request, result, log)
  return [
    status === 'timed-out' ? 'timed-out' : 'rolled-back',
    `${reason}; rolled back to ${revisionName(target)}`
  ]
}

/** ECS rolls back by itself; we follow its rollback deployment to report where the service ends. */
async function followEcsRollback(
  clients: DeployClients,
  request: ServiceRequest,
  result: DeployResult,
  verdict: Verdict,
  log: Logger
): Promise<RollbackReport> {
  const rollbackDeployment = verdict.otherDeployment
  const report: RollbackReport = {
    by: 'ecs',
    ...(rollbackDeployment !== undefined && {
      taskDefinitionArn: rollbackDeployment.taskDefinition,
      deploymentId: rollbackDeployment.id
    }),
    outcome: 'not-followed',
    reason: verdict.reason
  }
  result.rollback = report
  for (const stopped of result.watch?.stoppedTasks ?? []) {
    if (stopped.cause.kind !== 'benign') log.info(`cause: ${stopped.cause.summary}`)
  }
  if (rollbackDeployment === undefined) {
    report.reason = 'ECS named no rollback deployment to follow'
    return report
  }
  const watch = new RolloutWatch({
    deploymentId: rollbackDeployment.id,
    taskDefinitionArn: rollbackDeployment.taskDefinition,
    startedAt: Date.now(),
    timeoutMs: rollbackTimeoutMs(request.timeoutMs),
    failFastThreshold: 0
  })
  report.watch = watch
  try {
    const definition = await describeTaskDefinition(clients.ecs, rollbackDeployment.taskDefinition)
    const followed = await poll(clients, request, watch, definition ?? {}, log)
    report.outcome =
      followed.status === 'succeeded'
        ? 'completed'
        : followed.status === 'timed-out'
          ? 'timed-out'
          : 'failed'
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
async function deregisterFailed(
  clients: DeployClients,
  request: ServiceRequest,
  result: DeployResult,
  log: Logger
): Promise<void> {
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

async function blueGreen(
  clients: DeployClients,
  request: ServiceRequest,
  service: Service,
  result: DeployResult,
  log: Logger,
  definition: TaskDefinition
): Promise<[DeployStatus, string]> {
  const codeDeploy = request.codeDeploy
  const appSpec = await codeDeploy?.loadAppSpec?.()
  const application =
    request.codeDeploy?.application ?? `AppECS-${request.cluster}-${request.service}`
  const deploymentGroup =
    request.codeDeploy?.deploymentGroup ?? `DgpECS-${request.cluster}-${request.service}`
  const outcome = await log.group(
    `CodeDeploy blue/green (${application} / ${deploymentGroup})`,
    () =>
      deployBlueGreen(clients, {
        application,
        deploymentGroup,
        service,
        taskDefinitionArn: result.taskDefinitionArn ?? '',
        taskDefinition: definition,
        ...(appSpec !== undefined && { appSpec }),
        ...(codeDeploy?.deploymentConfig !== undefined && {
          deploymentConfig: codeDeploy.deploymentConfig
        }),
        description:
          codeDeploy?.description ??
          `ecs-actions deploy-ecs: ${revisionName(result.taskDefinitionArn)}`,
        wait: request.wait,
        onAppSpec: (appSpec) => {
          const hooks = appSpec.hooks.map((h) => `${h.event} → ${h.functionName}`).join(', ')
          log.info(
            `AppSpec from ${appSpec.source}${hooks === '' ? ', no lifecycle hooks' : `; hooks: ${hooks}`}.`
          )
        },
        timeoutMs: request.timeoutMs,
        pollIntervalMs: request.pollIntervalMs,
        rollback: request.rollback,
        onStatus: (status) => log.info(`CodeDeploy deployment: ${status}`),
        onWarning: (message) => log.warning(message),
        ...(request.sleep !== undefined && { sleep: request.sleep })
      })
  )
  result.blueGreen = outcome
  result.deploymentId = outcome.deploymentId
  if (outcome.status === 'succeeded') return afterSuccess(request, result, log, outcome.reason)
  if (outcome.rollback !== undefined || (outcome.status === 'timed-out' && request.rollback)) {
    result.rollback = {
      by: 'codedeploy',
      ...(result.previousTaskDefinitionArn !== undefined && {
        taskDefinitionArn: result.previousTaskDefinitionArn
      }),
      ...(outcome.rollback !== undefined && { deploymentId: outcome.rollback.deploymentId }),
      // A stop with rollback on timeout is asked for, not followed.
      outcome:
        outcome.status === 'rolled-back'
          ? 'completed'
          : outcome.status === 'timed-out'
            ? 'not-followed'
            : 'failed',
      reason: outcome.reason
    }
  }
  log.error(`CodeDeploy deployment ${outcome.deploymentId}: ${outcome.status}: ${outcome.reason}`)
  return [outcome.status, outcome.reason]
}
