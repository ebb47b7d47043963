import {
  DescribeTasksCommand,
  RunTaskCommand,
  StopTaskCommand,
  type Service,
  type Task,
  type TaskDefinition
} from '@aws-sdk/client-ecs'
import { UserError, errorMessage } from '../shared/errors.js'
import type { DeployClients } from './clients.js'
import { redactSecrets } from '../shared/secrets.js'
import { tailTaskLogs } from './log-tail.js'
import { PollErrors } from './poll-errors.js'
import { realSleep } from './poller.js'
import type { LogTail } from './snapshot.js'
import { taskId } from './snapshot.js'

export interface OneOffRequest {
  cluster: string
  /** The service whose network configuration and launch type the task borrows. */
  service: Service
  taskDefinition: TaskDefinition
  command: string[]
  /** The container whose command is overridden and whose exit code decides; default: the first essential one. */
  containerName?: string
  timeoutMs: number
  pollIntervalMs: number
  sleep?: (ms: number) => Promise<void>
  /** Told about reads that failed past the SDK's retries; the wait goes on. */
  onWarning?: (message: string) => void
}

export interface OneOffResult {
  taskArn: string
  taskId: string
  containerName: string
  exitCode?: number
  stoppedReason?: string
  ok: boolean
  timedOut: boolean
  /** Set when the task timed out: whether StopTask was accepted, and the error if not. */
  stop?: { requested: boolean; error?: string }
  logTails: LogTail[]
}

export function pickContainer(definition: TaskDefinition, requested?: string): string {
  const containers = definition.containerDefinitions ?? []
  if (requested !== undefined) {
    if (!containers.some((c) => c.name === requested)) {
      const names = containers.map((c) => c.name).join(', ')
      throw new UserError(
        `Input "pre-deploy-container": no container "${requested}" in the task definition (it has: ${names}).`
      )
    }
    return requested
  }
  const chosen = containers.find((c) => c.essential !== false) ?? containers[0]
  if (chosen?.name === undefined)
    throw new UserError('The task definition has no container to run the pre-deploy command in.')
  return chosen.name
}

/** Runs the revision once with the command override and waits for its exit code. */
export async function runOneOffTask(
  clients: DeployClients,
  request: OneOffRequest
): Promise<OneOffResult> {
  const sleep = request.sleep ?? realSleep
  const containerName = pickContainer(request.taskDefinition, request.containerName)
  const service = request.service
  const response = await clients.ecs.send(
    new RunTaskCommand({
      cluster: request.cluster,
      taskDefinition: request.taskDefinition.taskDefinitionArn,
      count: 1,
      startedBy: 'ecs-actions/pre-deploy',
      ...(service.capacityProviderStrategy?.length
        ? { capacityProviderStrategy: service.capacityProviderStrategy }
        : { launchType: service.launchType ?? 'FARGATE' }),
      ...(service.platformVersion !== undefined && { platformVersion: service.platformVersion }),
      ...(service.networkConfiguration !== undefined && {
        networkConfiguration: service.networkConfiguration
      }),
      overrides: { containerOverrides: [{ name: containerName, command: request.command }] }
    })
  )
  const started = response.tasks?.[0]
  if (started?.taskArn === undefined) {
    const failure = response.failures?.[0]
    throw new UserError(
      `The pre-deploy task did not start: ${failure?.reason ?? 'no task returned'}${failure?.detail ? ` (${failure.detail})` : ''}.`
    )
  }
  const arn = started.taskArn
  const deadline = Date.now() + request.timeoutMs
  let task: Task | undefined = started
  const errors = new PollErrors(request.onWarning)
  while (task?.lastStatus !== 'STOPPED' && Date.now() < deadline) {
    await sleep(request.pollIntervalMs)
    const described = await errors.read(() =>
      clients.ecs.send(new DescribeTasksCommand({ cluster: request.cluster, tasks: [arn] }))
    )
    task = described?.tasks?.[0] ?? task
  }
  const timedOut = task?.lastStatus !== 'STOPPED'
  // Left alone, a migration that hangs would keep running (and billing) after the job gave up.
  const stop = timedOut ? await stopTask(clients, request, arn) : undefined
  const container = task?.containers?.find((c) => c.name === containerName)
  const exitCode = container?.exitCode
  return {
    taskArn: arn,
    taskId: taskId(arn),
    containerName,
    ...(exitCode !== undefined && { exitCode }),
    ...(task?.stoppedReason !== undefined && {
      stoppedReason: redactSecrets(task.stoppedReason)
    }),
    ok: !timedOut && exitCode === 0,
    timedOut,
    ...(stop !== undefined && { stop }),
    logTails: await tailTaskLogs(clients.logs, request.taskDefinition, arn, 50)
  }
}

async function stopTask(
  clients: DeployClients,
  request: OneOffRequest,
  arn: string
): Promise<{ requested: boolean; error?: string }> {
  try {
    await clients.ecs.send(
      new StopTaskCommand({
        cluster: request.cluster,
        task: arn,
        reason: `ecs-actions deploy-ecs: pre-deploy task did not finish within ${Math.round(request.timeoutMs / 1000)} s`
      })
    )
    return { requested: true }
  } catch (error) {
    return { requested: false, error: errorMessage(error) }
  }
}
