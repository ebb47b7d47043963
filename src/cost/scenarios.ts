import { InputError, UserError } from '../shared/errors.js'
import type { Logger } from '../shared/logger.js'
import { registerTaskDefinitionSecrets } from '../shared/task-definition-secrets.js'
import type { PathRoots } from '../shared/workspace.js'
import type { CostClients } from './clients.js'
import { usageReader } from './discover.js'
import type { HoursRequest } from './hours.js'
import { usageFor } from './hours-usage.js'
import { readLiveState, type LiveState } from './live-service.js'
import type { CapacityShare, Extras, Scenario } from './scenario.js'
import { definitionName, loadTaskDefinition, taskSizeOf } from './task-definition.js'

/** What to price: each field left unset is read from the live service when there is one. */
export interface ScenarioRequest {
  cluster: string
  /** The service whose live revision, counts and scaling are read; unset for a new service. */
  service?: string
  /** The "after" task definition: a file, family[:revision] or ARN; the live revision when unset. */
  taskDefinition?: string
  /** unset: the live revision when `taskDefinition` is set; 'none': no comparison; else a reference. */
  before?: string
  desiredCount?: number
  minTasks?: number
  maxTasks?: number
  capacity?: CapacityShare[]
  assignPublicIp?: boolean
  extras: Extras
  /** hours-per-month or a schedule; unset: the scheduled actions, else all month. */
  hours?: HoursRequest
  /** Where the service runs: the region whose ECR images are priced (us-east-1 when unset). */
  region?: string
}

export interface Scenarios {
  after: Scenario
  before?: Scenario
  /** cluster/service, or the task definition's family when no service is named. */
  subject: string
}

export interface ScenarioDeps {
  clients: Pick<CostClients, 'ecs' | 'autoscaling' | 'elbv2' | 'cloudwatch' | 'logs' | 'ecr'>
  log: Logger
  /** Where task definition files are looked up; the runner's workspace by default. */
  roots?: PathRoots
  /**
   * When the time zones of scheduled actions are read, and the end of the metrics' look-back
   * window; the current time by default.
   */
  now?: () => Date
}

/** Counts to price: the request's, else the live service's, else the desired count alone. */
function scalingOf(request: ScenarioRequest, { live, range }: LiveState) {
  const tasksIn = request.hours?.kind === 'schedule' ? request.hours.tasksIn : undefined
  const desired = request.desiredCount ?? live?.desiredCount ?? tasksIn
  if (desired === undefined) {
    throw new InputError('desired-count', 'required when there is no live service to read it from.')
  }
  const min = request.minTasks ?? range?.min ?? Math.min(desired, request.maxTasks ?? desired)
  const max = request.maxTasks ?? range?.max ?? Math.max(desired, min)
  if (min > max) throw new InputError('min-tasks', `${min} is above the maximum of ${max} tasks.`)
  return { desiredCount: desired, minCount: min, maxCount: max }
}

/**
 * The revision to compare with: `before` when given ('none' for no comparison), else the live
 * revision, but only when the "after" is a new definition (pricing the live one against itself
 * says nothing).
 */
function beforeReferenceOf(request: ScenarioRequest, state: LiveState): string | undefined {
  if (request.before === 'none') return undefined
  if (request.before !== undefined) return request.before
  return request.taskDefinition === undefined ? undefined : state.live?.taskDefinition
}

/** The live service's own counts: what runs today, whatever the request asks for next. */
function beforeScaling({ live, range }: LiveState, after: Scenario) {
  if (live === undefined)
    return { desiredCount: after.desiredCount, minCount: after.minCount, maxCount: after.maxCount }
  return {
    desiredCount: live.desiredCount,
    minCount: range?.min ?? live.desiredCount,
    maxCount: range?.max ?? live.desiredCount
  }
}

/**
 * Reads a task definition and registers its environment values as secrets (they are then
 * redacted from the pull request comment). `input` names the request field it came from; an
 * error is reported under it when the field named the reference (a live revision names none).
 */
async function loadDefinition(
  reference: string,
  input: string,
  named: boolean,
  deps: ScenarioDeps
): Promise<unknown> {
  try {
    const definition = await loadTaskDefinition(reference, input, deps.clients.ecs, deps.roots)
    registerTaskDefinitionSecrets(definition)
    return definition
  } catch (error) {
    if (!named || !(error instanceof UserError) || error instanceof InputError) throw error
    throw new InputError(input, error.message)
  }
}

/**
 * What the live service brings besides its tasks, where the counts came from, and what sets the
 * hours the tasks run.
 */
async function discovery(request: ScenarioRequest, state: LiveState, deps: ScenarioDeps) {
  const now = deps.now?.() ?? new Date()
  const usageSources = { request: request.hours, scheduled: state.scheduled, now }
  const usageOf = await usageReader(state.live, request.extras, {
    clients: deps.clients,
    log: deps.log,
    region: request.region ?? 'us-east-1',
    now
  })
  const sources = {
    countSource: request.desiredCount === undefined ? 'configured' : 'input',
    ipSource:
      request.assignPublicIp === undefined && state.live !== undefined ? 'configured' : 'input'
  } as const
  return { usageOf, sources, usageSources }
}

/** The "after" scenario (what the request describes) and the "before" one (what runs today). */
export async function buildScenarios(
  request: ScenarioRequest,
  deps: ScenarioDeps
): Promise<Scenarios> {
  const state = await readLiveState(request.cluster, request.service, deps.clients, deps.log)
  const afterReference = request.taskDefinition ?? state.live?.taskDefinition
  if (afterReference === undefined) {
    throw new InputError(
      'task-definition',
      'required when there is no live service to read it from (set service, or give a file, family or ARN).'
    )
  }
  const scaling = scalingOf(request, state)
  const named = request.taskDefinition !== undefined
  const afterDefinition = await loadDefinition(afterReference, 'task-definition', named, deps)
  const beforeReference = beforeReferenceOf(request, state)
  const capacity = request.capacity ?? state.live?.capacity ?? []
  const publicIpPerTask = request.assignPublicIp ?? state.live?.publicIp ?? false
  const { usageOf, sources, usageSources } = await discovery(request, state, deps)
  const after: Scenario = {
    label: beforeReference === undefined ? 'Estimate' : 'After',
    taskDefinition: definitionName(afterDefinition, afterReference),
    size: taskSizeOf(afterDefinition, afterReference),
    ...scaling,
    capacity,
    publicIpPerTask,
    ...sources,
    extras: request.extras,
    usage: usageFor('after', scaling, usageSources),
    extraUsage: await usageOf(afterDefinition)
  }
  let before: Scenario | undefined
  if (beforeReference !== undefined) {
    const named = request.before !== undefined
    const beforeDefinition = await loadDefinition(beforeReference, 'before', named, deps)
    const counts = beforeScaling(state, after)
    before = {
      ...counts,
      usage: usageFor('before', counts, usageSources),
      label: 'Before',
      taskDefinition: definitionName(beforeDefinition, beforeReference),
      size: taskSizeOf(beforeDefinition, beforeReference),
      capacity: state.live?.capacity ?? capacity,
      publicIpPerTask,
      ...sources,
      countSource: state.live === undefined ? sources.countSource : 'configured',
      extras: request.extras,
      extraUsage: await usageOf(beforeDefinition)
    }
  }
  const family = (afterDefinition as { family?: string }).family ?? after.taskDefinition
  const subject = request.service === undefined ? family : `${request.cluster}/${request.service}`
  return { after, before, subject }
}
