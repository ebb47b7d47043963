// The service's scheduled scaling actions (Application Auto Scaling), read and played over a
// week: each action sets the scaling range at the minutes it fires, and the desired count is
// pulled into the range (as AWS does); scaling policies are not simulated.
import {
  DescribeScheduledActionsCommand,
  type ApplicationAutoScalingClient,
  type ScheduledAction
} from '@aws-sdk/client-application-auto-scaling'
import { ACCESS_DENIED, isAwsError } from '../shared/aws-errors.js'
import type { Logger } from '../shared/logger.js'
import { periodsFromWeek, type MonthlyUsage, type TaskCounts } from './hours.js'
import { MINUTES_PER_WEEK, isTimeZone, zoneOffsetMinutes } from './schedule.js'
import { weeklyFiring } from './schedule-expression.js'

/** The read: the actions, or none, or a denied read (stated, and the estimate goes on). */
export type ScheduledActionsRead =
  { status: 'read'; actions: ScheduledAction[] } | { status: 'denied' }

export async function describeScheduledActions(
  client: ApplicationAutoScalingClient,
  resourceId: string
): Promise<ScheduledAction[]> {
  const actions: ScheduledAction[] = []
  let NextToken: string | undefined
  do {
    const page = await client.send(
      new DescribeScheduledActionsCommand({
        ServiceNamespace: 'ecs',
        ResourceId: resourceId,
        ScalableDimension: 'ecs:service:DesiredCount',
        NextToken
      })
    )
    actions.push(...(page.ScheduledActions ?? []))
    NextToken = page.NextToken
  } while (NextToken !== undefined)
  return actions
}

/** Reads the actions; a denied read is logged as a warning and the tasks are priced all month. */
export async function readScheduledActions(
  client: ApplicationAutoScalingClient,
  resourceId: string,
  log: Logger
): Promise<ScheduledActionsRead> {
  try {
    const actions = await describeScheduledActions(client, resourceId)
    log.info(`Scheduled scaling actions: ${actions.length}`)
    return { status: 'read', actions }
  } catch (error) {
    if (!isAwsError(error, ...ACCESS_DENIED)) throw error
    log.warning(
      'Cannot read the scheduled scaling actions (application-autoscaling:DescribeScheduledActions denied): the tasks are priced as running all month. Grant the permission, or set hours-per-month or schedule.'
    )
    return { status: 'denied' }
  }
}

interface Firing {
  minute: number
  min?: number
  max?: number
}

/** The UTC minutes of the week each usable action fires at; the others with the reason. */
function firings(actions: ScheduledAction[], now: Date) {
  const fired: Firing[] = []
  const skipped: string[] = []
  for (const action of actions) {
    const name = action.ScheduledActionName ?? '?'
    const schedule = action.Schedule ?? ''
    const zone = action.Timezone ?? 'UTC'
    const { MinCapacity: min, MaxCapacity: max } = action.ScalableTargetAction ?? {}
    const firing = weeklyFiring(schedule)
    if (action.EndTime !== undefined && action.EndTime.getTime() <= now.getTime()) {
      skipped.push(`${name} (ended)`)
    } else if (!firing.weekly) {
      skipped.push(`${name} (${firing.reason})`)
    } else if (!isTimeZone(zone)) {
      skipped.push(`${name} (unknown time zone ${zone})`)
    } else {
      // The time zone applies to cron and at expressions only.
      const offset = schedule.startsWith('cron(') ? zoneOffsetMinutes(zone, now) : 0
      for (const local of firing.minutes) {
        const minute = (((local - offset) % MINUTES_PER_WEEK) + MINUTES_PER_WEEK) % MINUTES_PER_WEEK
        fired.push({ minute, min, max })
      }
    }
  }
  return { fired: fired.sort((a, b) => a.minute - b.minute), skipped }
}

interface State {
  desired: number
  min: number
  max: number
}

function apply(state: State, firing: Firing): State {
  const min = firing.min ?? state.min
  const max = firing.max ?? state.max
  return { min, max, desired: Math.min(Math.max(state.desired, min), max) }
}

/** Minutes of the week in each state, once a first week has settled the state. */
function playWeek(fired: Firing[], start: State): Map<string, number> {
  let state = fired.reduce(apply, start)
  const minutes = new Map<string, number>()
  const add = (length: number) => {
    const key = `${state.desired}|${state.min}|${state.max}`
    if (length > 0) minutes.set(key, (minutes.get(key) ?? 0) + length)
  }
  let from = 0
  for (const firing of fired) {
    add(firing.minute - from)
    state = apply(state, firing)
    from = firing.minute
  }
  add(MINUTES_PER_WEEK - from)
  return minutes
}

function describeAction(action: ScheduledAction): string {
  const { MinCapacity: min, MaxCapacity: max } = action.ScalableTargetAction ?? {}
  const range = [min === undefined ? '' : `min ${min}`, max === undefined ? '' : `max ${max}`]
    .filter(Boolean)
    .join(' ')
  const zone = action.Timezone === undefined ? '' : ` ${action.Timezone}`
  return `${action.ScheduledActionName ?? '?'}: ${action.Schedule ?? ''}${zone} → ${range}`
}

/**
 * The month the actions make, starting from `counts` (the live desired count and range), or
 * undefined when no action repeats weekly.
 */
export function usageFromScheduledActions(
  actions: ScheduledAction[],
  counts: TaskCounts,
  now: Date
): MonthlyUsage | undefined {
  const { fired, skipped } = firings(actions, now)
  if (fired.length === 0) return undefined
  const start = { desired: counts.desiredCount, min: counts.minCount, max: counts.maxCount }
  const notPriced = skipped.length === 0 ? '' : `; not priced: ${skipped.join(', ')}`
  return {
    source: 'scheduled-actions',
    periods: periodsFromWeek(playWeek(fired, start)),
    description: `measured from scheduled actions (${actions.map(describeAction).join('; ')}${notPriced}); the desired count moves into each range, scaling policies are not simulated, daylight saving ignored`
  }
}
