// What a container prints to its awslogs stream: <prefix>/<container>/<task id>.

import type { Task, TaskContainer } from './ecs-model.js'
import type { LogStream } from './logs-model.js'
import { resourceInitialization } from './task-prep.js'
import type { World } from './world.js'

export type LogSetup = { ok: true } | { ok: false; reason: string }

function streamName(container: TaskContainer, task: Task): string | undefined {
  const prefix = container.logOptions?.['awslogs-stream-prefix']
  return prefix ? `${prefix}/${container.name}/${task.id}` : task.id
}

/**
 * What the agent sets up before the pull: secrets and registry auth first (task-prep.ts), then
 * the log driver, which needs the group to exist unless awslogs-create-group is true.
 */
export function prepareLogs(world: World, task: Task): LogSetup {
  const retrieval = resourceInitialization(world, task)
  if (retrieval !== undefined) return { ok: false, reason: retrieval }
  for (const container of task.containers) {
    const groupName = container.logOptions?.['awslogs-group']
    if (!groupName || world.logs.groups.has(groupName)) continue
    if (container.logOptions?.['awslogs-create-group'] === 'true') {
      world.logs.createGroup(groupName, task.region, world.accountId, world.now())
      continue
    }
    return {
      ok: false,
      reason:
        'ResourceInitializationError: failed to validate logger args: create stream has been retried 1 times: ' +
        'failed to create Cloudwatch log stream: ResourceNotFoundException: The specified log group does not exist. : exit status 1'
    }
  }
  return { ok: true }
}

function streamFor(world: World, task: Task, container: TaskContainer): LogStream | undefined {
  const groupName = container.logOptions?.['awslogs-group']
  const group = groupName ? world.logs.groups.get(groupName) : undefined
  const name = streamName(container, task)
  if (!group || !name) return undefined
  return group.streams.get(name) ?? world.logs.createStream(group, name, world.now())
}

export function printLines(world: World, task: Task, container: TaskContainer, lines: string[]) {
  if (lines.length === 0) return
  const stream = streamFor(world, task, container)
  if (stream) world.logs.write(stream, lines, world.now())
}

export function startupLines(container: TaskContainer): string[] {
  const lines = [`[sandbox] container ${container.name} started from image ${container.image}`]
  if (container.command?.length) lines.push(`[sandbox] command: ${container.command.join(' ')}`)
  for (const mapping of container.portMappings) {
    if (mapping.containerPort !== undefined) {
      lines.push(`[sandbox] listening on port ${String(mapping.containerPort)}`)
    }
  }
  return lines
}
