// One task's life: PROVISIONING -> PENDING -> (image pull) -> RUNNING -> ... -> STOPPED, with
// the container knobs deciding whether and how it exits.

import type {
  Cluster,
  Deployment,
  Json,
  Service,
  Task,
  TaskContainer,
  TaskDefinition
} from './ecs-model.js'
import { newHexId, newTaskId, newUuid } from './ids.js'
import { checkPull } from './image-check.js'
import { runHealthChecks } from './container-health.js'
import { readKnobs, type ContainerKnobs } from './knobs.js'
import { prepareLogs, printLines, startupLines } from './task-logs.js'
import { exitReason, registryLogin, scheduleInterruption, startRefusal } from './task-prep.js'
import { truncateReason } from './stop-reasons.js'
import type { World } from './world.js'

const SECOND = 1000
const DEFAULT_START_SECONDS = 15
const PULL_RETRY_SECONDS = 30

export interface LaunchSpec {
  cluster: Cluster
  taskDefinition: TaskDefinition
  group: string
  startedBy?: string
  service?: Service
  deployment?: Deployment
  launchType?: string
  capacityProviderName?: string
  platformVersion?: string
  networkConfiguration?: Json
  overrides?: Json
  tags?: { key: string; value: string }[]
  /** RunTask's volumeConfigurations; a service's task takes its deployment's. */
  volumeConfigurations?: Json[]
}

type ContainerOverride = {
  name?: string
  command?: string[]
  environment?: { name: string; value: string }[]
}

function buildContainer(
  task: { arn: string },
  definition: Json,
  override?: ContainerOverride
): TaskContainer {
  const environment: Record<string, string> = {}
  for (const entry of (definition.environment as { name: string; value: string }[]) ?? []) {
    environment[entry.name] = entry.value
  }
  for (const entry of override?.environment ?? []) environment[entry.name] = entry.value
  const logConfiguration = definition.logConfiguration as
    { logDriver?: string; options?: Record<string, string> } | undefined
  return {
    name: String(definition.name),
    arn: `${task.arn.replace(':task/', ':container/')}/${newUuid()}`,
    image: String(definition.image),
    essential: definition.essential !== false,
    lastStatus: 'PENDING',
    environment,
    command: override?.command ?? (definition.command as string[] | undefined),
    portMappings: (definition.portMappings as Json[]) ?? [],
    logOptions: logConfiguration?.logDriver === 'awslogs' ? logConfiguration.options : undefined,
    cpu: definition.cpu === undefined ? undefined : String(definition.cpu),
    memory: definition.memory === undefined ? undefined : String(definition.memory),
    healthCheck: healthCheckOf(definition.healthCheck as Json | undefined),
    healthStatus: 'UNKNOWN'
  }
}

function healthCheckOf(check: Json | undefined): TaskContainer['healthCheck'] {
  if (!check) return undefined
  const seconds = (value: unknown, fallback: number) =>
    typeof value === 'number' ? value : fallback
  return {
    interval: seconds(check.interval, 30),
    retries: seconds(check.retries, 3),
    startPeriod: seconds(check.startPeriod, 0)
  }
}

/** A service's volumes are deleted with their task; a standalone task's unless its policy says not. */
function ebsVolumeOf(configurations: Json[] | undefined): Pick<Task, 'ebsVolume'> {
  const configuration = configurations?.find((c) => c.managedEBSVolume !== undefined)
  if (configuration === undefined) return {}
  const managed = configuration.managedEBSVolume as Json
  const policy = managed.terminationPolicy as { deleteOnTermination?: boolean } | undefined
  return {
    ebsVolume: {
      name: String(configuration.name),
      roleArn: String(managed.roleArn),
      deleteOnTermination: policy?.deleteOnTermination ?? true,
      volumeId: `vol-${newHexId(17)}`
    }
  }
}

export function launchTask(world: World, spec: LaunchSpec): Task {
  const id = newTaskId()
  const region = spec.cluster.region
  const arn = `arn:aws:ecs:${region}:${world.accountId}:task/${spec.cluster.name}/${id}`
  const body = spec.taskDefinition.body
  const overrides = spec.overrides ?? {}
  const containerOverrides = (overrides.containerOverrides as ContainerOverride[]) ?? []
  const subnets =
    ((spec.networkConfiguration?.awsvpcConfiguration as Json | undefined)?.subnets as string[]) ??
    []
  const task: Task = {
    id,
    arn,
    region,
    clusterArn: spec.cluster.arn,
    taskDefinitionArn: spec.taskDefinition.arn,
    family: spec.taskDefinition.family,
    group: spec.group,
    startedBy: spec.startedBy,
    serviceArn: spec.service?.arn,
    deploymentId: spec.deployment?.id,
    lastStatus: 'PROVISIONING',
    desiredStatus: 'RUNNING',
    createdAt: world.now(),
    containers: [],
    cpu: body.cpu as string | undefined,
    memory: body.memory as string | undefined,
    launchType: spec.capacityProviderName ? undefined : (spec.launchType ?? 'FARGATE'),
    capacityProviderName: spec.capacityProviderName,
    platformVersion: '1.4.0',
    platformFamily: 'Linux',
    availabilityZone: `${region}${world.ecs.tasks.size % 2 === 0 ? 'a' : 'b'}`,
    privateIp: world.ecs.allocateIp(),
    subnetId: subnets[world.ecs.tasks.size % Math.max(subnets.length, 1)],
    eniId: `eni-${newHexId(17)}`,
    ...ebsVolumeOf(spec.volumeConfigurations ?? spec.deployment?.volumeConfigurations),
    overrides: { containerOverrides, inferenceAcceleratorOverrides: [] },
    version: 1,
    targets: [],
    awaitingRegistration: false
  }
  task.containers = ((body.containerDefinitions as Json[]) ?? []).map((definition) =>
    buildContainer(
      task,
      definition,
      containerOverrides.find((o) => o.name === definition.name)
    )
  )
  world.ecs.tasks.set(arn, task)
  if (spec.tags?.length) world.ecs.tags.set(arn, spec.tags)
  scheduleStart(world, task, spec.service === undefined)
  return task
}

export interface TagSources {
  cluster: Cluster
  service?: Service
  taskDefinition: TaskDefinition
  requested?: { key: string; value: string }[]
  managed: boolean
  propagate?: string
}

/**
 * The tags a new task carries: those asked for, then those copied from the task definition or
 * the service (propagateTags), then ECS managed tags (aws:ecs:clusterName, and
 * aws:ecs:serviceName for a service's task). A key given earlier wins.
 * Source: ECS developer guide, "Tagging your resources" / managed tags, read 2026-12.
 */
export function taskTags(world: World, sources: TagSources): { key: string; value: string }[] {
  const tags = [...(sources.requested ?? [])]
  const add = (key: string, value: string): void => {
    if (!tags.some((tag) => tag.key === key)) tags.push({ key, value })
  }
  const copied =
    sources.propagate === 'TASK_DEFINITION'
      ? world.ecs.tags.get(sources.taskDefinition.arn)
      : sources.propagate === 'SERVICE' && sources.service
        ? world.ecs.tags.get(sources.service.arn)
        : undefined
  for (const tag of copied ?? []) add(tag.key, tag.value)
  if (sources.managed) {
    add('aws:ecs:clusterName', sources.cluster.name)
    if (sources.service) add('aws:ecs:serviceName', sources.service.name)
  }
  return tags
}

function knobsOf(task: Task): ContainerKnobs[] {
  return task.containers.map((container) => readKnobs(container.environment))
}

function changed(world: World, task: Task): void {
  task.version += 1
  world.taskChanged(task)
}

function scheduleStart(world: World, task: Task, oneOff: boolean): void {
  const knobs = knobsOf(task)
  const startSeconds = Math.max(...knobs.map((k) => k.startSeconds ?? DEFAULT_START_SECONDS), 1)
  const total = startSeconds * SECOND
  const alive = (): boolean => task.desiredStatus === 'RUNNING'
  world.queue.after(total * 0.3, () => {
    if (!alive()) return
    const logs = prepareLogs(world, task)
    if (!logs.ok) return failToStart(world, task, logs.reason)
    task.lastStatus = 'PENDING'
    task.connectivityAt = world.now()
    changed(world, task)
  })
  let pullFailed = false
  world.queue.after(total * 0.4, async () => {
    if (!alive()) return
    task.pullStartedAt = world.now()
    for (const container of task.containers) {
      const login = registryLogin(world, task, container)
      const pull = await checkPull(container.image, world.sandbox.config, login)
      if (!pull.ok) {
        // The agent retries the pull before giving up: the task sits in PENDING meanwhile.
        pullFailed = true
        world.queue.after(PULL_RETRY_SECONDS * SECOND, () => {
          if (alive()) failToStart(world, task, pull.reason, container)
        })
        return
      }
      container.imageDigest = pull.digest ?? `sha256:${newHexId(64)}`
    }
  })
  world.queue.after(total * 0.8, () => {
    if (alive() && !pullFailed) task.pullStoppedAt = world.now()
  })
  world.queue.after(total, () => {
    if (alive() && !pullFailed) becomeRunning(world, task, knobs, oneOff)
  })
}

function failToStart(world: World, task: Task, reason: string, culprit?: TaskContainer): void {
  if (culprit) culprit.reason = reason
  task.pullStoppedAt ??= task.pullStartedAt ? world.now() : undefined
  stopTask(world, task, { stopCode: 'TaskFailedToStart', reason: truncateReason(reason) })
}

function becomeRunning(world: World, task: Task, knobs: ContainerKnobs[], oneOff: boolean): void {
  const refused = startRefusal(task, knobs)
  if (refused) return failToStart(world, task, refused.reason, refused.container)
  const crashesAtOnce = task.containers.some(
    (container, index) =>
      container.essential &&
      knobs[index]?.exitCode !== undefined &&
      knobs[index]?.exitAfterSeconds === 0
  )
  task.containers.forEach((container, index) => {
    container.lastStatus = 'RUNNING'
    container.runtimeId = `${task.id}-${newHexId(10)}`
    const knob = knobs[index] as ContainerKnobs
    printLines(world, task, container, startupLines(container))
    const exitCode = knob.exitCode ?? (oneOff ? 0 : undefined)
    if (exitCode === undefined) {
      printLines(world, task, container, knob.logLines)
      return
    }
    world.queue.after(knob.exitAfterSeconds * SECOND, () =>
      exitContainer(world, task, container, exitCode, knob.logLines)
    )
  })
  if (crashesAtOnce) return
  task.lastStatus = 'RUNNING'
  task.startedAt = world.now()
  changed(world, task)
  runHealthChecks(world, task, knobs, () => changed(world, task))
  scheduleInterruption(world, task, knobs)
}

function exitContainer(
  world: World,
  task: Task,
  container: TaskContainer,
  exitCode: number,
  lines: string[]
): void {
  if (container.lastStatus === 'STOPPED') return
  printLines(world, task, container, lines)
  container.lastStatus = 'STOPPED'
  container.exitCode = exitCode
  container.reason ??= exitReason(container)
  if (container.essential) {
    stopTask(world, task, {
      stopCode: 'EssentialContainerExited',
      reason: 'Essential container in task exited'
    })
  } else if (task.containers.every((c) => c.lastStatus === 'STOPPED')) {
    stopTask(world, task, {
      stopCode: 'EssentialContainerExited',
      reason: 'Essential container in task exited'
    })
  }
}

export interface StopRequest {
  stopCode: string
  reason: string
  /** Keep the task DEACTIVATING this long (its targets drain) before it stops. */
  drainMilliseconds?: number
}

export function stopTask(world: World, task: Task, request: StopRequest): void {
  if (task.desiredStatus === 'STOPPED') return
  task.desiredStatus = 'STOPPED'
  task.stopCode = request.stopCode
  task.stoppedReason = request.reason
  task.stoppingAt = world.now()
  const drain = request.drainMilliseconds ?? 0
  if (drain > 0 && task.lastStatus === 'RUNNING') {
    task.lastStatus = 'DEACTIVATING'
    changed(world, task)
    world.queue.after(drain, () => finishStop(world, task))
  } else {
    changed(world, task)
    world.queue.after(SECOND, () => finishStop(world, task))
  }
}

function finishStop(world: World, task: Task): void {
  const wasRunning = task.startedAt !== undefined
  task.lastStatus = 'STOPPING'
  for (const container of task.containers) {
    if (container.lastStatus === 'STOPPED') continue
    if (container.lastStatus === 'RUNNING' || wasRunning) container.exitCode ??= 0
    container.lastStatus = 'STOPPED'
  }
  changed(world, task)
  world.queue.after(2 * SECOND, () => {
    task.executionStoppedAt = world.now()
    task.lastStatus = 'DEPROVISIONING'
    changed(world, task)
  })
  world.queue.after(5 * SECOND, () => {
    task.lastStatus = 'STOPPED'
    task.stoppedAt = world.now()
    changed(world, task)
  })
}
