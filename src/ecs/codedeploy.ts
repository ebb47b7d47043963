import {
  CreateDeploymentCommand,
  GetDeploymentCommand,
  GetDeploymentGroupCommand,
  StopDeploymentCommand,
  type DeploymentInfo
} from '@aws-sdk/client-codedeploy'
import type { Service } from '@aws-sdk/client-ecs'
import { UserError, errorMessage } from '../shared/errors.js'
import type { DeployClients } from './clients.js'
import { PollErrors } from './poll-errors.js'
import { realSleep } from './poller.js'

/**
 * The AppSpec CodeDeploy needs for an ECS blue/green deployment, built from what the service
 * already routes: its load balancer's container name and port, and the new revision.
 */
export function buildAppSpec(service: Service, taskDefinitionArn: string): string {
  const balancer = service.loadBalancers?.find(
    (lb) => lb.containerName && lb.containerPort !== undefined
  )
  if (balancer === undefined) {
    throw new UserError(
      `Service "${service.serviceName ?? '?'}" has no load balancer with a container name and port: CodeDeploy blue/green needs one.`
    )
  }
  const properties: Record<string, unknown> = {
    TaskDefinition: taskDefinitionArn,
    LoadBalancerInfo: {
      ContainerName: balancer.containerName,
      ContainerPort: balancer.containerPort
    }
  }
  if (service.platformVersion !== undefined) properties['PlatformVersion'] = service.platformVersion
  return JSON.stringify({
    version: '0.0',
    Resources: [{ TargetService: { Type: 'AWS::ECS::Service', Properties: properties } }]
  })
}

export interface BlueGreenRequest {
  application: string
  deploymentGroup: string
  service: Service
  taskDefinitionArn: string
  description?: string
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
  reason: string
  /** Every CodeDeploy status seen, with when, for the timeline. */
  history: { at: number; status: string }[]
  /** The rollback deployment CodeDeploy started, followed to its end (or our deadline). */
  rollback?: { deploymentId: string; status: string }
}

/** The shortest wait for CodeDeploy's rollback deployment, as for an ECS rollback. */
const MIN_ROLLBACK_WAIT_MS = 600_000

const TERMINAL = new Set(['Succeeded', 'Failed', 'Stopped'])

export async function deployBlueGreen(
  clients: DeployClients,
  request: BlueGreenRequest
): Promise<BlueGreenResult> {
  const sleep = request.sleep ?? realSleep
  let created
  try {
    created = await clients.codedeploy.send(
      new CreateDeploymentCommand({
        applicationName: request.application,
        deploymentGroupName: request.deploymentGroup,
        revision: {
          revisionType: 'AppSpecContent',
          appSpecContent: { content: buildAppSpec(request.service, request.taskDefinitionArn) }
        },
        ...(request.description !== undefined && { description: request.description.slice(0, 512) })
      })
    )
  } catch (error) {
    const name = (error as { name?: string }).name ?? ''
    if (
      /ApplicationDoesNotExist|DeploymentGroupDoesNotExist|ApplicationNameRequired|DeploymentGroupNameRequired/.test(
        name
      )
    ) {
      throw new UserError(
        `CodeDeploy: ${errorMessage(error)} (inputs "codedeploy-application" / "codedeploy-deployment-group").`
      )
    }
    throw error
  }
  const deploymentId = created.deploymentId
  if (deploymentId === undefined) throw new Error('CreateDeployment returned no deployment id.')

  const history: { at: number; status: string }[] = []
  const deadline = Date.now() + request.timeoutMs
  const errors = new PollErrors(request.onWarning)
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
      return {
        deploymentId,
        history,
        status: 'succeeded',
        reason: 'CodeDeploy deployment succeeded'
      }
    if (TERMINAL.has(status))
      return { deploymentId, history, ...(await afterFailure(clients, request, status, info)) }
    if (Date.now() >= deadline) {
      await clients.codedeploy.send(
        new StopDeploymentCommand({ deploymentId, autoRollbackEnabled: request.rollback })
      )
      return {
        deploymentId,
        history,
        status: 'timed-out',
        reason: `CodeDeploy deployment still ${status} after ${Math.round(request.timeoutMs / 1000)} s; stopped${request.rollback ? ' with rollback' : ''}`
      }
    }
    await sleep(request.pollIntervalMs)
  }
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
