import type { ServiceEvent } from '@aws-sdk/client-ecs'

/** The key service events are deduplicated by: the id, or the time and text without one. */
export function eventKey(event: ServiceEvent): string {
  return event.id ?? `${event.createdAt?.getTime()}|${event.message}`
}

/** hh:mm:ss (UTC) of an AWS timestamp; a malformed one (an Invalid Date) reads as dashes. */
export function clockTime(at: Date | undefined): string {
  return at !== undefined && Number.isFinite(at.getTime())
    ? at.toISOString().slice(11, 19)
    : '--:--:--'
}
