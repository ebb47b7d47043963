// How the scheduler takes tasks out of a service: announce them, deregister their targets, let
// the targets drain, then stop the tasks.

import type { Service, Task } from './ecs-model.js'
import { addEvent, eventText, noteUnhealthyStops } from './service-events.js'
import { deregisterTarget } from './target-health.js'
import { stopTask } from './tasks.js'
import type { World } from './world.js'

/** Stops tasks the way the scheduler does: announce, deregister, drain, stop. */
export function stopServiceTasks(
  world: World,
  service: Service,
  tasks: Task[],
  request: { stopCode: string; reason: string }
): void {
  if (tasks.length === 0) return
  const now = world.now()
  if (/^Task failed (ELB|container) health checks/.test(request.reason))
    noteUnhealthyStops(service, tasks.length)
  const running = tasks.filter((task) => task.lastStatus === 'RUNNING')
  if (running.length > 0)
    addEvent(
      service,
      now,
      eventText.stopped(
        service.name,
        running.map((t) => t.id)
      )
    )
  const drains = new Map<Task, number>()
  const byGroup = new Map<string, Task[]>()
  for (const task of tasks) {
    for (const target of task.targets) {
      const group = world.elb.targetGroups.get(target.targetGroupArn)
      if (!group) continue
      const delay = deregisterTarget(world, group, task.privateIp, target.port)
      if (delay === 0 && !group.targets.has(world.elb.targetKey(task.privateIp, target.port)))
        continue
      drains.set(task, Math.max(drains.get(task) ?? 0, delay))
      byGroup.set(group.arn, [...(byGroup.get(group.arn) ?? []), task])
    }
  }
  for (const [groupArn, members] of byGroup) {
    addEvent(service, now, eventText.deregistered(service.name, members.length, groupArn))
  }
  const byDeployment = new Map<string, number>()
  for (const task of drains.keys()) {
    if (task.deploymentId)
      byDeployment.set(task.deploymentId, (byDeployment.get(task.deploymentId) ?? 0) + 1)
  }
  for (const [deploymentId, count] of byDeployment) {
    addEvent(service, now, eventText.draining(service.name, deploymentId, count))
  }
  for (const task of tasks)
    stopTask(world, task, { ...request, drainMilliseconds: drains.get(task) })
}

/** A task that stopped on its own (container exit): its targets drain, the task does not wait. */
export function releaseTargets(world: World, service: Service, task: Task): void {
  for (const target of task.targets) {
    const group = world.elb.targetGroups.get(target.targetGroupArn)
    if (group && deregisterTarget(world, group, task.privateIp, target.port) > 0) {
      addEvent(service, world.now(), eventText.deregistered(service.name, 1, group.arn))
    }
  }
}
