// Service events with ECS's own wording (as listed in
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-event-messages.html),
// newest first, 100 kept.

import type { Service } from './ecs-model.js'
import { newUuid } from './ids.js'

const MAX_EVENTS = 100

export function addEvent(service: Service, at: number, message: string): void {
  service.events.unshift({ id: newUuid(), createdAt: at, message })
  if (service.events.length > MAX_EVENTS) service.events.length = MAX_EVENTS
}

const taskList = (ids: string[]): string => ids.map((id) => `(task ${id})`).join(' ')

export const eventText = {
  started: (service: string, ids: string[]) =>
    `(service ${service}) has started ${ids.length} tasks: ${taskList(ids)}.`,
  stopped: (service: string, ids: string[]) =>
    `(service ${service}) has stopped ${ids.length} running tasks: ${taskList(ids)}.`,
  registered: (service: string, count: number, targetGroupArn: string) =>
    `(service ${service}) registered ${count} targets in (target-group ${targetGroupArn})`,
  deregistered: (service: string, count: number, targetGroupArn: string) =>
    `(service ${service}) deregistered ${count} targets in (target-group ${targetGroupArn})`,
  draining: (service: string, deploymentId: string, count: number) =>
    `(service ${service}, taskSet ${deploymentId}) has begun draining connections on ${count} tasks.`,
  unhealthy: (service: string, taskId: string, port: number, group: string, reason: string) =>
    `(service ${service}) (task ${taskId}) (port ${port}) is unhealthy in (target-group ${group}) due to (reason ${reason}).`,
  containerUnhealthy: (service: string, taskId: string) =>
    `(service ${service}) (task ${taskId}) failed container health checks.`,
  completed: (service: string, deploymentId: string) =>
    `(service ${service}) (deployment ${deploymentId}) deployment completed.`,
  steady: (service: string) => `(service ${service}) has reached a steady state.`,
  failed: (service: string, deploymentId: string) =>
    `(service ${service}) (deployment ${deploymentId}) deployment failed: tasks failed to start.`,
  rollingBack: (service: string, deploymentId: string) =>
    `(service ${service}) rolling back to deployment ${deploymentId}.`
}
