import {
  CreateDeploymentCommand,
  GetDeploymentCommand,
  StopDeploymentCommand,
  type DeploymentInfo
} from '@aws-sdk/client-codedeploy'
import type { Service } from '@aws-sdk/client-ecs'
import { UserError, errorMessage } from '../shared/errors.js'
import type { DeployClients } from './clients.js'
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
  sleep?: (ms: number) => Promise<void>
}

export interface BlueGreenResult {
  deploymentId: string
  status: 'succeeded' | 'rolled-back' | 'failed' | 'timed-out'
  reason: string
  /** Every CodeDeploy status seen, with when, for the timeline. */
  history: { at: number; status: string }[]
}

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
  for (;;) {
    const info =
      (await clients.codedeploy.send(new GetDeploymentCommand({ deploymentId }))).deploymentInfo ??
      {}
    const status = info.status ?? 'Unknown'
    if (history.at(-1)?.status !== status) {
      history.push({ at: Date.now(), status })
      request.onStatus?.(status, info)
    }
    if (TERMINAL.has(status)) return { deploymentId, history, ...judge(status, info) }
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

function judge(status: string, info: DeploymentInfo): Pick<BlueGreenResult, 'status' | 'reason'> {
  if (status === 'Succeeded')
    return { status: 'succeeded', reason: 'CodeDeploy deployment succeeded' }
  const message =
    info.errorInformation?.message ??
    info.errorInformation?.code ??
    `CodeDeploy deployment ${status.toLowerCase()}`
  const rolledBack =
    info.rollbackInfo?.rollbackDeploymentId !== undefined ||
    /roll(ed)? ?back/i.test(info.rollbackInfo?.rollbackMessage ?? '')
  return { status: rolledBack ? 'rolled-back' : 'failed', reason: message }
}
