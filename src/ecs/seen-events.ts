import type { ServiceEvent } from '@aws-sdk/client-ecs'
import { eventKey } from './event-time.js'
import type { WatchSnapshot } from './snapshot.js'
import { newPrintedShapes, type PrintedShapes } from './watch-output.js'
import { RolloutWatch, type Observation, type WatchOptions } from './watch.js'

/** The keys of a service's events: what a watch started now must not print again. */
export function eventKeys(events: ServiceEvent[] | undefined): string[] {
  return (events ?? []).map(eventKey)
}

/**
 * A RolloutWatch that remembers every service event it was shown (printed, or known before it
 * started), so that a later watch of the same run (a rollback) can be told not to print them again.
 */
export class RunWatch extends RolloutWatch {
  readonly seenEventKeys: Set<string>
  /** The shapes its printer showed, for the printer of a later watch of the run. */
  readonly printed: PrintedShapes = newPrintedShapes()

  constructor(options: WatchOptions) {
    const known = [...(options.knownEventIds ?? [])]
    super({ ...options, knownEventIds: known })
    this.seenEventKeys = new Set(known)
  }

  override observe(snapshot: WatchSnapshot): Observation {
    // After the verdict the watch prints nothing more, so nothing more counts as seen.
    if (this.verdict === undefined)
      for (const key of eventKeys(snapshot.service.events)) this.seenEventKeys.add(key)
    return super.observe(snapshot)
  }
}

/** Every event key the given watches saw, plus `more`: the known events of the next watch. */
export function eventsSeenBy(
  watches: (RolloutWatch | undefined)[],
  more: Iterable<string> = []
): string[] {
  const keys = new Set(more)
  for (const watch of watches)
    if (watch instanceof RunWatch) for (const key of watch.seenEventKeys) keys.add(key)
  return [...keys]
}
