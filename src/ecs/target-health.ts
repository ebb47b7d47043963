import type { Task } from '@aws-sdk/client-ecs'
import type { TargetGroupHealth } from './snapshot.js'
import { taskId } from './snapshot.js'

export interface TargetRow {
  targetGroupArn: string
  target: string
  taskId?: string
  state: string
  reason?: string
  description?: string
}

/** States ELB reaches only after health checks failed, not while still checking. */
const FAILING_REASONS = new Set([
  'Target.ResponseCodeMismatch',
  'Target.Timeout',
  'Target.FailedHealthChecks'
])

export function isFailingTarget(row: TargetRow): boolean {
  return row.state === 'unhealthy' && (row.reason === undefined || FAILING_REASONS.has(row.reason))
}

/** The private IPs of a Fargate task (awsvpc ENI), which are its target IDs in an `ip` target group. */
export function taskAddresses(task: Task): string[] {
  const addresses = new Set<string>()
  for (const attachment of task.attachments ?? []) {
    for (const detail of attachment.details ?? []) {
      if (detail.name === 'privateIPv4Address' && detail.value) addresses.add(detail.value)
    }
  }
  for (const container of task.containers ?? []) {
    for (const eni of container.networkInterfaces ?? []) {
      if (eni.privateIpv4Address) addresses.add(eni.privateIpv4Address)
    }
  }
  return [...addresses]
}

/** Target health rows of the given tasks only (the targets of other revisions are not ours to judge). */
export function targetsOfTasks(health: TargetGroupHealth[], tasks: Task[]): TargetRow[] {
  const taskByAddress = new Map<string, string>()
  for (const task of tasks) {
    for (const address of taskAddresses(task))
      taskByAddress.set(address, taskId(task.taskArn ?? ''))
  }
  const rows: TargetRow[] = []
  for (const group of health) {
    for (const description of group.targets) {
      const id = description.Target?.Id ?? ''
      const owner = taskByAddress.get(id)
      if (owner === undefined) continue
      const port = description.Target?.Port
      rows.push({
        targetGroupArn: group.targetGroupArn,
        target: port === undefined ? id : `${id}:${port}`,
        taskId: owner,
        state: description.TargetHealth?.State ?? 'unknown',
        ...(description.TargetHealth?.Reason !== undefined && {
          reason: description.TargetHealth.Reason
        }),
        ...(description.TargetHealth?.Description !== undefined && {
          description: description.TargetHealth.Description
        })
      })
    }
  }
  return rows.sort((a, b) => a.target.localeCompare(b.target))
}

/** `targetgroup/name/hash` → `name`, for short tables. */
export function targetGroupName(arn: string): string {
  const match = /targetgroup\/([^/]+)/.exec(arn)
  return match?.[1] ?? arn
}
