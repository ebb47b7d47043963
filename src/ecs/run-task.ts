import {
  DescribeTasksCommand,
  RunTaskCommand,
  type AssignPublicIp,
  type CapacityProviderStrategyItem,
  type ContainerOverride,
  type LaunchType,
  type NetworkConfiguration,
  type PropagateTags,
  type RunTaskCommandInput,
  type Service,
  type Tag,
  type Task,
  type TaskDefinition
} from '@aws-sdk/client-ecs'
import { InputError, UserError } from '../shared/errors.js'
import { redactSecrets } from '../shared/secrets.js'
import type { DeployClients } from './clients.js'
import { tailTaskLogs } from './log-tail.js'
import { PollErrors } from './poll-errors.js'
import { realSleep } from './poller.js'
import { taskId, type LogTail } from './snapshot.js'
import { checkConfiguredAtLaunch, type TaskEbsVolume } from './ebs-volumes.js'

// The `run-task` family: a standalone task of the revision just registered, started before the
// service update (or instead of it when no service is given), optionally waited for until it
// stops. The inputs and their defaults are those of aws-actions/amazon-ecs-deploy-task-definition
// v2.6.3 (its index.js, read 2026-12); where this one differs, the action's README says so.

export const LAUNCH_TYPES: readonly LaunchType[] = [
  'FARGATE',
  'EC2',
  'EXTERNAL',
  'MANAGED_INSTANCES'
]
export const PROPAGATE_TAGS: readonly PropagateTags[] = ['TASK_DEFINITION', 'SERVICE', 'NONE']

/** What the workflow asked for; everything optional falls back as documented in action.yml. */
export interface RunTaskSpec {
  containerOverrides: ContainerOverride[]
  subnets?: string[]
  securityGroups?: string[]
  assignPublicIp?: AssignPublicIp
  capacityProviderStrategy?: CapacityProviderStrategyItem[]
  launchType?: LaunchType
  startedBy: string
  tags: Tag[]
  waitForStop: boolean
  /** run-task-managed-ebs-volume(-name): the task's EBS volume configured at launch. */
  ebsVolume?: TaskEbsVolume
}

export interface RunTaskRequest {
  spec: RunTaskSpec
  cluster: string
  taskDefinition: TaskDefinition
  /** The service being deployed, whose network and capacity the task borrows when none is given. */
  service?: Service
  enableEcsManagedTags?: boolean
  propagateTags?: PropagateTags
  timeoutMs: number
  pollIntervalMs: number
  sleep?: (ms: number) => Promise<void>
  onWarning?: (message: string) => void
}

export interface ContainerExit {
  name: string
  essential: boolean
  exitCode?: number
  reason?: string
}

export interface StandaloneTaskReport {
  taskArn: string
  taskId: string
  lastStatus: string
  stopCode?: string
  stoppedReason?: string
  containers: ContainerExit[]
  logTails: LogTail[]
}

export interface RunTaskResult {
  taskArns: string[]
  waited: boolean
  /** Waited for, and every task stopped with its essential containers at exit code 0. */
  ok: boolean
  timedOut: boolean
  reason: string
  tasks: StandaloneTaskReport[]
}

/** The RunTask request the spec means; the revision and the service fill what it leaves out. */
export function runTaskInput(request: RunTaskRequest): RunTaskCommandInput {
  const { spec, service } = request
  const strategy = spec.capacityProviderStrategy ?? []
  // An explicit launch type or strategy wins; otherwise the service's, otherwise FARGATE.
  const placement: Pick<RunTaskCommandInput, 'launchType' | 'capacityProviderStrategy'> =
    strategy.length > 0
      ? { capacityProviderStrategy: strategy }
      : spec.launchType !== undefined
        ? { launchType: spec.launchType }
        : service?.capacityProviderStrategy?.length
          ? { capacityProviderStrategy: service.capacityProviderStrategy }
          : { launchType: service?.launchType ?? 'FARGATE' }
  return {
    cluster: request.cluster,
    taskDefinition: request.taskDefinition.taskDefinitionArn,
    count: 1,
    startedBy: spec.startedBy,
    ...placement,
    ...networkOf(spec, service),
    ...(spec.containerOverrides.length > 0 && {
      overrides: { containerOverrides: spec.containerOverrides }
    }),
    ...(spec.tags.length > 0 && { tags: spec.tags }),
    ...(spec.ebsVolume !== undefined && { volumeConfigurations: [spec.ebsVolume] }),
    ...(request.enableEcsManagedTags !== undefined && {
      enableECSManagedTags: request.enableEcsManagedTags
    }),
    // RunTask refuses SERVICE: a standalone task has no service to copy tags from.
    ...(request.propagateTags !== undefined &&
      request.propagateTags !== 'SERVICE' && { propagateTags: request.propagateTags })
  }
}

/**
 * Subnets or security groups given: those (assignPublicIp DISABLED unless set), as aws-actions
 * does. Neither: the service's own network configuration, which an awsvpc task needs and
 * aws-actions leaves to the workflow.
 */
function networkOf(
  spec: RunTaskSpec,
  service: Service | undefined
): { networkConfiguration?: NetworkConfiguration } {
  if (spec.subnets !== undefined || spec.securityGroups !== undefined) {
    return {
      networkConfiguration: {
        awsvpcConfiguration: {
          subnets: spec.subnets ?? [],
          ...(spec.securityGroups !== undefined && { securityGroups: spec.securityGroups }),
          assignPublicIp: spec.assignPublicIp ?? 'DISABLED'
        }
      }
    }
  }
  const borrowed = service?.networkConfiguration
  if (borrowed?.awsvpcConfiguration === undefined) return {}
  return {
    networkConfiguration: {
      awsvpcConfiguration: {
        ...borrowed.awsvpcConfiguration,
        ...(spec.assignPublicIp !== undefined && { assignPublicIp: spec.assignPublicIp })
      }
    }
  }
}

/** Every container named in an override must exist in the revision; the error gives its JSON path. */
export function checkOverrideNames(
  input: string,
  overrides: ContainerOverride[],
  definition: TaskDefinition
): void {
  const names = (definition.containerDefinitions ?? []).flatMap((c) => (c.name ? [c.name] : []))
  overrides.forEach((override, index) => {
    if (override.name !== undefined && !names.includes(override.name)) {
      throw new InputError(
        input,
        `[${index}].name: no container "${override.name}" in ${definition.family ?? 'the task definition'} (it has: ${names.join(', ')}).`
      )
    }
  })
}

/** Starts the task; waits for it to stop when asked, and reads its exit codes. */
export async function runStandaloneTask(
  clients: DeployClients,
  request: RunTaskRequest
): Promise<RunTaskResult> {
  checkOverrideNames(
    'run-task-container-overrides',
    request.spec.containerOverrides,
    request.taskDefinition
  )
  if (request.spec.ebsVolume !== undefined)
    checkConfiguredAtLaunch(
      'run-task-managed-ebs-volume-name',
      request.spec.ebsVolume.name ?? '',
      request.taskDefinition
    )
  const response = await clients.ecs.send(new RunTaskCommand(runTaskInput(request)))
  const started = (response.tasks ?? []).flatMap((task) => (task.taskArn ? [task] : []))
  const failure = response.failures?.[0]
  if (started.length === 0 || failure !== undefined) {
    throw new UserError(
      `RunTask did not start the task: ${failure?.reason ?? 'no task returned'}${failure?.detail ? ` (${failure.detail})` : ''}${failure?.arn ? ` for ${failure.arn}` : ''}. Check the run-task-* inputs.`
    )
  }
  const taskArns = started.map((task) => task.taskArn ?? '')
  if (!request.spec.waitForStop) {
    return {
      taskArns,
      waited: false,
      ok: true,
      timedOut: false,
      reason: 'started; not waited for (wait-for-task-stopped: false)',
      tasks: started.map((task) => report(task, request.taskDefinition, []))
    }
  }
  const sleep = request.sleep ?? realSleep
  const deadline = Date.now() + request.timeoutMs
  const errors = new PollErrors(request.onWarning)
  let tasks: Task[] = started
  while (!tasks.every((task) => task.lastStatus === 'STOPPED') && Date.now() < deadline) {
    await sleep(request.pollIntervalMs)
    const described = await errors.read(() =>
      clients.ecs.send(new DescribeTasksCommand({ cluster: request.cluster, tasks: taskArns }))
    )
    if (described?.tasks?.length) tasks = described.tasks
  }
  const reports: StandaloneTaskReport[] = []
  for (const task of tasks) {
    const failed = task.lastStatus === 'STOPPED' && !exitedCleanly(task, request.taskDefinition)
    const tails = failed
      ? await tailTaskLogs(clients.logs, request.taskDefinition, task.taskArn ?? '', 20)
      : []
    reports.push(report(task, request.taskDefinition, tails))
  }
  const running = reports.filter((task) => task.lastStatus !== 'STOPPED')
  if (running.length > 0) {
    return {
      taskArns,
      waited: true,
      ok: false,
      timedOut: true,
      reason: `task ${running.map((t) => t.taskId).join(', ')} still ${running[0]?.lastStatus ?? 'running'} after ${Math.round(request.timeoutMs / 1000)} s; it was left running`,
      tasks: reports
    }
  }
  const problems = reports.flatMap((task) =>
    task.containers
      .filter((c) => c.essential && c.exitCode !== 0)
      .map(
        (c) =>
          `task ${task.taskId}: container ${c.name} ${c.exitCode === undefined ? `did not run${c.reason ? ` (${c.reason})` : task.stoppedReason ? ` (${task.stoppedReason})` : ''}` : `exited with code ${c.exitCode}`}`
      )
  )
  return {
    taskArns,
    waited: true,
    ok: problems.length === 0,
    timedOut: false,
    reason:
      problems.length === 0
        ? `${reports.length === 1 ? 'the task' : `${reports.length} tasks`} stopped with exit code 0`
        : problems.join('; '),
    tasks: reports
  }
}

function essentialNames(definition: TaskDefinition): Set<string> {
  return new Set(
    (definition.containerDefinitions ?? [])
      .filter((c) => c.essential !== false)
      .flatMap((c) => (c.name ? [c.name] : []))
  )
}

function exitedCleanly(task: Task, definition: TaskDefinition): boolean {
  const essential = essentialNames(definition)
  return (task.containers ?? [])
    .filter((c) => essential.has(c.name ?? ''))
    .every((c) => c.exitCode === 0)
}

function report(task: Task, definition: TaskDefinition, logTails: LogTail[]): StandaloneTaskReport {
  const essential = essentialNames(definition)
  const arn = task.taskArn ?? ''
  return {
    taskArn: arn,
    taskId: taskId(arn),
    lastStatus: task.lastStatus ?? 'UNKNOWN',
    ...(task.stopCode !== undefined && { stopCode: task.stopCode }),
    ...(task.stoppedReason !== undefined && { stoppedReason: redactSecrets(task.stoppedReason) }),
    containers: (task.containers ?? []).map((c) => ({
      name: c.name ?? '?',
      essential: essential.has(c.name ?? ''),
      ...(c.exitCode !== undefined && { exitCode: c.exitCode }),
      ...(c.reason !== undefined && { reason: redactSecrets(c.reason) })
    })),
    logTails
  }
}
