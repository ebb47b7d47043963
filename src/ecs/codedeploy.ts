import type { CreateDeploymentCommandInput, DeploymentInfo } from '@aws-sdk/client-codedeploy'
import type { Service, TaskDefinition } from '@aws-sdk/client-ecs'
import { buildAppSpec, type AppSpecFile, type BuiltAppSpec } from './appspec.js'
import { isAwsError } from '../shared/aws-errors.js'
import { UserError, errorMessage } from '../shared/errors.js'
import type { DeployClients } from './clients.js'
import { PollErrors } from './poll-errors.js'
import { realSleep } from './poller.js'

export interface BlueGreenRequest {
  application: string
  deploymentGroup: string
  service: Service
  taskDefinitionArn: string
  /** The revision's containers, to check the AppSpec's LoadBalancerInfo against. */
  taskDefinition?: TaskDefinition
  /** The workflow's AppSpec file; without it the AppSpec is built from the service. */
  appSpec?: AppSpecFile
  /** A deployment configuration overriding the deployment group's. */
  deploymentConfig?: string
  description?: string
  /** false: return once CodeDeploy accepted the deployment. Default true. */
  wait?: boolean
  /** Told which AppSpec is sent, before CreateDeployment. */
  onAppSpec?: (appSpec: BuiltAppSpec) => void
  timeoutMs: number
  pollIntervalMs: number
  rollback: boolean
  onStatus?: (status: string, info: DeploymentInfo) => void
  /** Told about reads that failed past the SDK's retries; the watch goes on. */
  onWarning?: (message: string) => void
  sleep?: (ms: number) => Promise<void>
}

export interface BlueGreenResult {
  deploymentId: string
  status: 'succeeded' | 'rolled-back' | 'failed' | 'timed-out'
  /** The AppSpec sent: where it came from and the lifecycle hooks it runs. */
  appSpec?: Pick<BuiltAppSpec, 'source' | 'hooks' | 'sha256'>
  deploymentConfig?: string
  /** false when the deployment was created and not waited for. */
  waited?: boolean
  reason: string
  /** Every CodeDeploy status seen, with when, for the timeline. */
  history: { at: number; status: string }[]
  /** The rollback deployment CodeDeploy started, followed to its end (or our deadline). */
  rollback?: { deploymentId: string; status: string }
}

/** The shortest wait for CodeDeploy's rollback deployment, as for an ECS rollback. */
const MIN_ROLLBACK_WAIT_MS = 600_000

const TERMINAL = new Set(['Succeeded', 'Failed', 'Stopped'])

/** CodeDeploy's limit on a deployment description (CreateDeployment, read 2026-12). */
export const MAX_DESCRIPTION_LENGTH = 512

/** Cut to CodeDeploy's limit the way aws-actions does: 511 characters and an ellipsis. */
export function truncateDescription(description: string): string {
  return description.length <= MAX_DESCRIPTION_LENGTH
    ? description
    : `${description.slice(0, MAX_DESCRIPTION_LENGTH - 1)}…`
}

/** The longest a blue/green wait may last: a GitHub job's own limit, as aws-actions caps it. */
const MAX_BLUE_GREEN_WAIT_MS = 6 * 3600 * 1000

/**
 * A blue/green deployment stays InProgress through the group's wait before rerouting and its
 * wait before the old tasks end; both are added to the timeout, as aws-actions does, so that a
 * healthy deployment sitting in them is not stopped and rolled back as timed out.
 */
async function groupWaitMs(clients: DeployClients, request: BlueGreenRequest): Promise<number> {
  const { GetDeploymentGroupCommand } = await import('@aws-sdk/client-codedeploy')
  try {
    const group = await clients.codedeploy.send(
      new GetDeploymentGroupCommand({
        applicationName: request.application,
        deploymentGroupName: request.deploymentGroup
      })
    )
    const config = group?.deploymentGroupInfo?.blueGreenDeploymentConfiguration
    const ready = config?.deploymentReadyOption
    const readyMinutes =
      ready?.actionOnTimeout === 'STOP_DEPLOYMENT' ? (ready.waitTimeInMinutes ?? 0) : 0
    const terminationMinutes =
      config?.terminateBlueInstancesOnDeploymentSuccess?.terminationWaitTimeInMinutes ?? 0
    return (readyMinutes + terminationMinutes) * 60_000
  } catch {
    return 0
  }
}

export async function deployBlueGreen(
  clients: DeployClients,
  request: BlueGreenRequest
): Promise<BlueGreenResult> {
  const appSpec = buildAppSpec(request.appSpec, request.service, {
    ...request.taskDefinition,
    taskDefinitionArn: request.taskDefinitionArn
  })
  request.onAppSpec?.(appSpec)
  // The CodeDeploy SDK loads with the first blue/green call: rolling deploys never need it.
  const { CreateDeploymentCommand } = await import('@aws-sdk/client-codedeploy')
  const extraWaitMs = request.wait === false ? 0 : await groupWaitMs(clients, request)
  let created
  try {
    created = await clients.codedeploy.send(
      new CreateDeploymentCommand(createDeploymentInput(request, appSpec))
    )
  } catch (error) {
    throw explainCreateError(error, appSpec)
  }
  const deploymentId = created.deploymentId
  if (deploymentId === undefined) throw new Error('CreateDeployment returned no deployment id.')
  const started: StartedDeployment = {
    deploymentId,
    appSpec: { source: appSpec.source, hooks: appSpec.hooks, sha256: appSpec.sha256 },
    ...(request.deploymentConfig !== undefined && { deploymentConfig: request.deploymentConfig })
  }
  if (request.wait === false)
    return {
      ...started,
      waited: false,
      history: [],
      status: 'succeeded',
      reason: 'CodeDeploy accepted the deployment; not waited for (wait: false)'
    }
  const timeoutMs = Math.min(request.timeoutMs + extraWaitMs, MAX_BLUE_GREEN_WAIT_MS)
  return watchDeployment(clients, request, started, timeoutMs)
}

/** What every result of a created deployment starts with. */
type StartedDeployment = Pick<BlueGreenResult, 'deploymentId' | 'appSpec' | 'deploymentConfig'>

function createDeploymentInput(
  request: BlueGreenRequest,
  appSpec: BuiltAppSpec
): CreateDeploymentCommandInput {
  return {
    applicationName: request.application,
    deploymentGroupName: request.deploymentGroup,
    revision: {
      revisionType: 'AppSpecContent',
      appSpecContent: { content: appSpec.content, sha256: appSpec.sha256 }
    },
    ...(request.deploymentConfig !== undefined && {
      deploymentConfigName: request.deploymentConfig
    }),
    ...(request.description !== undefined && {
      description: truncateDescription(request.description)
    })
  }
}

/** CreateDeployment's refusals that a workflow input can fix, told in terms of that input. */
function explainCreateError(error: unknown, appSpec: BuiltAppSpec): unknown {
  if (
    isAwsError(
      error,
      /ApplicationDoesNotExist|DeploymentGroupDoesNotExist|ApplicationNameRequired|DeploymentGroupNameRequired/
    )
  ) {
    return new UserError(
      `CodeDeploy: ${errorMessage(error)} (inputs "codedeploy-application" / "codedeploy-deployment-group").`
    )
  }
  if (isAwsError(error, /DeploymentConfigDoesNotExist|InvalidDeploymentConfigName/)) {
    return new UserError(
      `Input "codedeploy-deployment-config": ${errorMessage(error)} Give a CodeDeploy ECS configuration such as CodeDeployDefault.ECSAllAtOnce.`
    )
  }
  if (isAwsError(error, /InvalidRevision|RevisionRequired/)) {
    return new UserError(
      `CodeDeploy refused the AppSpec from ${appSpec.source} (${errorMessage(error)}).`
    )
  }
  return error
}

/** Polls the deployment until it ends or the deadline passes, then stops it. */
async function watchDeployment(
  clients: DeployClients,
  request: BlueGreenRequest,
  started: StartedDeployment,
  timeoutMs: number
): Promise<BlueGreenResult> {
  const sleep = request.sleep ?? realSleep
  const history: { at: number; status: string }[] = []
  const deadline = Date.now() + timeoutMs
  const errors = new PollErrors(request.onWarning)
  const { deploymentId } = started
  const { GetDeploymentCommand } = await import('@aws-sdk/client-codedeploy')
  for (;;) {
    const read = await errors.read(() =>
      clients.codedeploy.send(new GetDeploymentCommand({ deploymentId }))
    )
    if (read === undefined) {
      await sleep(request.pollIntervalMs)
      continue
    }
    const info = read.deploymentInfo ?? {}
    const status = info.status ?? 'Unknown'
    if (history.at(-1)?.status !== status) {
      history.push({ at: Date.now(), status })
      request.onStatus?.(status, info)
    }
    if (status === 'Succeeded')
      return { ...started, history, status: 'succeeded', reason: 'CodeDeploy deployment succeeded' }
    if (TERMINAL.has(status))
      return { ...started, history, ...(await afterFailure(clients, request, status, info)) }
    if (Date.now() >= deadline) {
      const reason = await stopTimedOut(clients, request, deploymentId, status, timeoutMs)
      return { ...started, history, status: 'timed-out', reason }
    }
    await sleep(request.pollIntervalMs)
  }
}

/** Stops a deployment that outlived its timeout; returns the reason to report. */
async function stopTimedOut(
  clients: DeployClients,
  request: BlueGreenRequest,
  deploymentId: string,
  status: string,
  timeoutMs: number
): Promise<string> {
  const { StopDeploymentCommand } = await import('@aws-sdk/client-codedeploy')
  await clients.codedeploy.send(
    new StopDeploymentCommand({ deploymentId, autoRollbackEnabled: request.rollback })
  )
  return `CodeDeploy deployment still ${status} after ${Math.round(timeoutMs / 1000)} s; stopped${request.rollback ? ' with rollback' : ''}`
}

/**
 * A failed deployment is rolled back only when CodeDeploy started a rollback deployment and that
 * deployment succeeded: a rollback message alone, or a rollback still running, proves nothing.
 */
async function afterFailure(
  clients: DeployClients,
  request: BlueGreenRequest,
  status: string,
  info: DeploymentInfo
): Promise<Pick<BlueGreenResult, 'status' | 'reason' | 'rollback'>> {
  const { GetDeploymentCommand } = await import('@aws-sdk/client-codedeploy')
  const message =
    info.errorInformation?.message ??
    info.errorInformation?.code ??
    `CodeDeploy deployment ${status.toLowerCase()}`
  const rollbackId = info.rollbackInfo?.rollbackDeploymentId
  if (rollbackId === undefined) {
    const why = request.rollback ? await noRollbackReason(clients, request) : 'rollback: false'
    return {
      status: 'failed',
      reason: `${message}; the service was NOT rolled back (${why})`
    }
  }
  const sleep = request.sleep ?? realSleep
  const deadline = Date.now() + Math.max(request.timeoutMs, MIN_ROLLBACK_WAIT_MS)
  let rollbackStatus = 'Unknown'
  const errors = new PollErrors(request.onWarning)
  for (;;) {
    const read = await errors.read(() =>
      clients.codedeploy.send(new GetDeploymentCommand({ deploymentId: rollbackId }))
    )
    if (read === undefined) {
      await sleep(request.pollIntervalMs)
      continue
    }
    const rollbackInfo = read.deploymentInfo ?? {}
    const current = rollbackInfo.status ?? 'Unknown'
    if (current !== rollbackStatus)
      request.onStatus?.(`rollback ${rollbackId}: ${current}`, rollbackInfo)
    rollbackStatus = current
    if (TERMINAL.has(current) || Date.now() >= deadline) break
    await sleep(request.pollIntervalMs)
  }
  const rollback = { deploymentId: rollbackId, status: rollbackStatus }
  if (rollbackStatus === 'Succeeded')
    return {
      status: 'rolled-back',
      reason: `${message}; CodeDeploy rolled back (${rollbackId})`,
      rollback
    }
  const ended = TERMINAL.has(rollbackStatus)
    ? `ended ${rollbackStatus}`
    : `still ${rollbackStatus} when we stopped waiting`
  return {
    status: 'failed',
    reason: `${message}; CodeDeploy's rollback deployment ${rollbackId} ${ended}: the service may still run the new revision`,
    rollback
  }
}

/** Why no rollback deployment exists: the deployment group's automatic rollback, read back. */
async function noRollbackReason(
  clients: DeployClients,
  request: BlueGreenRequest
): Promise<string> {
  const { GetDeploymentGroupCommand } = await import('@aws-sdk/client-codedeploy')
  try {
    const group = await clients.codedeploy.send(
      new GetDeploymentGroupCommand({
        applicationName: request.application,
        deploymentGroupName: request.deploymentGroup
      })
    )
    const auto = group.deploymentGroupInfo?.autoRollbackConfiguration
    if (auto?.enabled !== true)
      return `deployment group ${request.deploymentGroup} has no automatic rollback`
    return 'CodeDeploy started no rollback deployment'
  } catch (error) {
    return `CodeDeploy started no rollback deployment; its deployment group could not be read: ${errorMessage(error)}`
  }
}
