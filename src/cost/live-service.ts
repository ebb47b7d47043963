import {
  DescribeScalableTargetsCommand,
  type ApplicationAutoScalingClient
} from '@aws-sdk/client-application-auto-scaling'
import { DescribeServicesCommand, type ECSClient } from '@aws-sdk/client-ecs'
import { UserError } from '../shared/errors.js'
import { ACCESS_DENIED, isAwsError } from '../shared/aws-errors.js'
import type { Logger } from '../shared/logger.js'
import type { CostClients } from './clients.js'
import type { CapacityShare } from './scenario.js'
import { readScheduledActions, type ScheduledActionsRead } from './scheduled-actions.js'

export interface LiveService {
  taskDefinition: string
  desiredCount: number
  /** Empty when the service uses launch type FARGATE. */
  capacity: CapacityShare[]
  publicIp: boolean
  /** The target groups the service registers its tasks with (its load balancers are behind). */
  targetGroupArns: string[]
  /** The service's account, from its ARN: discovery reads no other account's images. */
  account?: string
}

export interface ScalingRange {
  min: number
  max: number
}

/** What runs today: undefined parts when there is no service, or no autoscaling target. */
export interface LiveState {
  live?: LiveService
  range?: ScalingRange
  /** Read only when the service has a scalable target (actions need one). */
  scheduled?: ScheduledActionsRead
}

/** The name part of a cluster ARN (Application Auto Scaling resource ids use the name). */
export function clusterName(cluster: string): string {
  return cluster.replace(/^arn:[^:]+:ecs:[^:]+:\d+:cluster\//, '')
}

/** The live service, or undefined when it does not exist (yet) or is being deleted. */
export async function describeLiveService(
  ecs: ECSClient,
  cluster: string,
  service: string
): Promise<LiveService | undefined> {
  const response = await ecs.send(new DescribeServicesCommand({ cluster, services: [service] }))
  const live = response.services?.find(
    (candidate) => candidate.status === 'ACTIVE' || candidate.status === 'DRAINING'
  )
  if (live === undefined || live.status !== 'ACTIVE') return undefined
  if (live.launchType !== undefined && live.launchType !== 'FARGATE') {
    throw new UserError(
      `Service ${service} uses launch type ${live.launchType}: only Fargate services are priced.`
    )
  }
  const capacity: CapacityShare[] = []
  for (const item of live.capacityProviderStrategy ?? []) {
    const provider = item.capacityProvider
    if (provider !== 'FARGATE' && provider !== 'FARGATE_SPOT') {
      throw new UserError(
        `Service ${service} uses capacity provider ${provider}: only FARGATE and FARGATE_SPOT are priced.`
      )
    }
    capacity.push({ provider, weight: item.weight ?? 0, base: item.base ?? 0 })
  }
  return {
    taskDefinition: live.taskDefinition ?? '',
    desiredCount: live.desiredCount ?? 0,
    capacity,
    publicIp: live.networkConfiguration?.awsvpcConfiguration?.assignPublicIp === 'ENABLED',
    account: /^arn:[^:]+:ecs:[^:]*:(\d{12}):/.exec(live.serviceArn ?? '')?.[1],
    targetGroupArns: [
      ...new Set(
        (live.loadBalancers ?? []).flatMap((lb) =>
          lb.targetGroupArn === undefined ? [] : [lb.targetGroupArn]
        )
      )
    ]
  }
}

/** The service's Application Auto Scaling range, when it has one. */
export async function describeScalingRange(
  autoscaling: ApplicationAutoScalingClient,
  cluster: string,
  service: string
): Promise<ScalingRange | undefined> {
  const response = await autoscaling.send(
    new DescribeScalableTargetsCommand({
      ServiceNamespace: 'ecs',
      ResourceIds: [`service/${clusterName(cluster)}/${service}`],
      ScalableDimension: 'ecs:service:DesiredCount'
    })
  )
  const target = response.ScalableTargets?.[0]
  if (target?.MinCapacity === undefined || target.MaxCapacity === undefined) return undefined
  return { min: target.MinCapacity, max: target.MaxCapacity }
}

/** The autoscaling range is a refinement: without the permission, say so and price the desired count. */
async function scalingRangeOrNone(
  autoscaling: ApplicationAutoScalingClient,
  cluster: string,
  service: string,
  log: Logger
): Promise<ScalingRange | undefined> {
  try {
    return await describeScalingRange(autoscaling, cluster, service)
  } catch (error) {
    if (!isAwsError(error, ...ACCESS_DENIED)) throw error
    log.warning(
      `Cannot read the autoscaling range (application-autoscaling:DescribeScalableTargets denied): pricing the desired count only. Set min-tasks and max-tasks, or grant the permission.`
    )
    return undefined
  }
}

function describeCapacity(live: LiveService): string {
  if (live.capacity.length === 0) return 'launch type FARGATE'
  return live.capacity.map((c) => `${c.provider} weight ${c.weight} base ${c.base}`).join(', ')
}

/** The service's revision, counts and scaling range; nothing is read without a service. */
export async function readLiveState(
  cluster: string,
  service: string | undefined,
  clients: Pick<CostClients, 'ecs' | 'autoscaling'>,
  log: Logger
): Promise<LiveState> {
  if (service === undefined) return {}
  return log.group(`Reading service ${cluster}/${service}`, async () => {
    const live = await describeLiveService(clients.ecs(), cluster, service)
    if (live === undefined) {
      log.info(
        `Service ${service} does not exist (or is inactive) in cluster ${cluster}: priced as a new service.`
      )
      return {}
    }
    log.info(
      `Live: ${live.taskDefinition}, desired ${live.desiredCount}, ${describeCapacity(live)}`
    )
    const range = await scalingRangeOrNone(clients.autoscaling(), cluster, service, log)
    log.info(
      range === undefined
        ? 'No Application Auto Scaling target.'
        : `Autoscaling: ${range.min}..${range.max} tasks`
    )
    const resourceId = `service/${clusterName(cluster)}/${service}`
    const scheduled = range && (await readScheduledActions(clients.autoscaling(), resourceId, log))
    return { live, range, scheduled }
  })
}
