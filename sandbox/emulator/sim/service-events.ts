// Service events with ECS's own wording (as listed in
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-event-messages.html),
// newest first, 100 kept.

import type { Service } from './ecs-model.js'
import { newUuid } from './ids.js'

const MAX_EVENTS = 100

/** Tasks stopped for failed health checks that the next started tasks replace, per service. */
const unhealthyToReplace = new WeakMap<Service, number>()

/** The scheduler stopped tasks for failed health checks: the next start says it replaced them. */
export function noteUnhealthyStops(service: Service, count: number): void {
  unhealthyToReplace.set(service, (unhealthyToReplace.get(service) ?? 0) + count)
}

const STARTED = /^\(service [^)]+\) has started (\d+) tasks: .*\.$/

export function addEvent(service: Service, at: number, message: string): void {
  service.events.unshift({
    id: newUuid(),
    createdAt: at,
    message: withReplacement(service, message)
  })
  if (service.events.length > MAX_EVENTS) service.events.length = MAX_EVENTS
}

/** ECS appends to the start event how many of the started tasks replace unhealthy ones. */
function withReplacement(service: Service, message: string): string {
  const pending = unhealthyToReplace.get(service) ?? 0
  const started = STARTED.exec(message)
  if (pending === 0 || !started) return message
  const replaced = Math.min(pending, Number(started[1]))
  unhealthyToReplace.set(service, pending - replaced)
  return `${message}${eventText.replacedUnhealthy(replaced)}`
}

/** The same placement failure is posted again only after this long (ECS repeats it periodically). */
const PLACEMENT_REPEAT_MS = 5 * 60 * 1000

/** Posts "was unable to place a task", unless the same text went out within the repeat delay. */
export function addPlacementEvent(service: Service, at: number, reason: string): void {
  const message = eventText.unableToPlace(service.name, reason)
  const recent = service.events.find(
    (event) => event.message === message && at - event.createdAt < PLACEMENT_REPEAT_MS
  )
  if (!recent) addEvent(service, at, message)
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
    `(service ${service}) rolling back to deployment ${deploymentId}.`,
  /** Suffix of the start event when the new tasks replace tasks that failed health checks. */
  replacedUnhealthy: (count: number) =>
    ` Amazon ECS replaced ${count} tasks due to an unhealthy status.`,
  /** Fargate form: no container instances, the reason is Fargate's own. */
  unableToPlace: (service: string, reason: string) =>
    `(service ${service}) was unable to place a task. Reason: ${reason}`
}
