import type { Deployment, Service, ServiceEvent, Task } from '@aws-sdk/client-ecs'
import type { TargetHealthDescription } from '@aws-sdk/client-elastic-load-balancing-v2'

/** The health of every target in one of the service's target groups, at one poll. */
export interface TargetGroupHealth {
  targetGroupArn: string
  targets: TargetHealthDescription[]
}

/** Last lines of one container's CloudWatch log stream. */
export interface LogTail {
  containerName: string
  logGroup: string
  logStream: string
  lines: string[]
  /** Why there is no tail (no awslogs configuration, stream missing, access denied). */
  unavailable?: string
}

/**
 * What one poll saw: the service as DescribeServices returns it, the tasks of the service that
 * the poller knows (running and stopped; read this poll or earlier, when nothing said they changed),
 * target health (likewise), and log tails fetched for stopped tasks. `at` is the poll's time on
 * the runner's clock in epoch milliseconds.
 */
export interface WatchSnapshot {
  at: number
  service: Service
  tasks: Task[]
  targetHealth: TargetGroupHealth[]
  logTails: Map<string, LogTail[]>
  /**
   * The AWS clock minus the runner's, in ms, as the poller estimates it (undefined when it has
   * no sample yet). AWS timestamps are compared with runner times only through it.
   */
  serverOffsetMs?: number
}

export type { Deployment, Service, ServiceEvent, Task }

/** The last path segment of a task ARN (`arn:aws:ecs:r:a:task/cluster/<id>` → `<id>`). */
export function taskId(taskArn: string): string {
  return taskArn.slice(taskArn.lastIndexOf('/') + 1)
}

/** `family:revision` from a task definition ARN; the input itself when it is not an ARN. */
export function revisionName(taskDefinitionArn: string | undefined): string {
  if (taskDefinitionArn === undefined) return '?'
  const at = taskDefinitionArn.indexOf(':task-definition/')
  return at === -1 ? taskDefinitionArn : taskDefinitionArn.slice(at + ':task-definition/'.length)
}
