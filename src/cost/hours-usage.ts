// Which month a scenario is priced over. The "after" follows the inputs first (they describe the
// change), else the service's scheduled actions; the "before" is what runs today: the scheduled
// actions when read, else the same inputs (so the comparison shows the task definition's change).
import {
  allMonth,
  requestedUsage,
  type HoursRequest,
  type MonthlyUsage,
  type TaskCounts
} from './hours.js'
import { usageFromScheduledActions, type ScheduledActionsRead } from './scheduled-actions.js'

export interface UsageSources {
  request?: HoursRequest
  scheduled?: ScheduledActionsRead
  now: Date
}

const DENIED = ' (the scheduled scaling actions could not be read: permission denied)'

function measured(sources: UsageSources, counts: TaskCounts): MonthlyUsage | undefined {
  if (sources.scheduled?.status !== 'read') return undefined
  return usageFromScheduledActions(sources.scheduled.actions, counts, sources.now)
}

/** undefined: all month, nothing to say beyond the default. */
export function usageFor(
  side: 'after' | 'before',
  counts: TaskCounts,
  sources: UsageSources
): MonthlyUsage | undefined {
  const fromRequest = sources.request && requestedUsage(sources.request, counts)
  const fromActions = measured(sources, counts)
  const chosen = side === 'after' ? (fromRequest ?? fromActions) : (fromActions ?? fromRequest)
  if (chosen !== undefined) return chosen
  return sources.scheduled?.status === 'denied' ? allMonth(counts, DENIED) : undefined
}
