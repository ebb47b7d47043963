// How many hours the tasks run in an average month (730 h): all month by default, or the
// hours-per-month input, a weekly schedule, or the service's scheduled scaling actions.
import { splitTasks, type CapacityShare, type FargateProvider } from './scenario.js'
import {
  HOURS_PER_MONTH,
  HOURS_PER_WEEK,
  MINUTES_PER_WEEK,
  monthlyHours,
  type WeeklySchedule
} from './schedule.js'

/** A share of the month with its task counts: the desired count and the scaling range. */
export interface UsagePeriod {
  hours: number
  desired: number
  min: number
  max: number
}

export type UsageSource = 'all-month' | 'hours-per-month' | 'schedule' | 'scheduled-actions'

/** The month of a scenario: periods whose hours add up to 730, and how they were found. */
export interface MonthlyUsage {
  source: UsageSource
  periods: UsagePeriod[]
  /** One sentence for the report, e.g. "measured from scheduled actions (…)". */
  description: string
}

/** What the action's inputs ask for; undefined: all month (or the scheduled actions). */
export type HoursRequest =
  | { kind: 'hours-per-month'; hours: number }
  | {
      kind: 'schedule'
      /** The input's text, shown in the report. */
      text: string
      schedule: WeeklySchedule
      timeZone: string
      /** Tasks during the schedule; the desired count when unset. */
      tasksIn?: number
      tasksOutside: number
    }

export interface TaskCounts {
  desiredCount: number
  minCount: number
  maxCount: number
}

const trim = (value: number) => String(Number(value.toFixed(2)))

export function allMonth(counts: TaskCounts, note = ''): MonthlyUsage {
  const { desiredCount: desired, minCount: min, maxCount: max } = counts
  return {
    source: 'all-month',
    periods: [{ hours: HOURS_PER_MONTH, desired, min, max }],
    description: `every task runs all month (${HOURS_PER_MONTH} h)${note}`
  }
}

const idle = (hours: number): UsagePeriod => ({ hours, desired: 0, min: 0, max: 0 })
const fixed = (hours: number, tasks: number): UsagePeriod => ({
  hours,
  desired: tasks,
  min: tasks,
  max: tasks
})

/** The usage the inputs ask for, with the counts the scenario would otherwise run all month. */
export function requestedUsage(request: HoursRequest, counts: TaskCounts): MonthlyUsage {
  if (request.kind === 'hours-per-month') {
    const { desiredCount: desired, minCount: min, maxCount: max } = counts
    return {
      source: 'hours-per-month',
      periods: [{ hours: request.hours, desired, min, max }, idle(HOURS_PER_MONTH - request.hours)],
      description: `the tasks run ${trim(request.hours)} of the ${HOURS_PER_MONTH} hours of a month (hours-per-month)`
    }
  }
  const weekIn = request.schedule.minutes / 60
  const inHours = monthlyHours(weekIn)
  const tasksIn = request.tasksIn ?? counts.desiredCount
  return {
    source: 'schedule',
    periods: [fixed(inHours, tasksIn), fixed(HOURS_PER_MONTH - inHours, request.tasksOutside)],
    description: `schedule ${request.text} (${request.timeZone}): ${trim(weekIn)} of the ${HOURS_PER_WEEK} hours of a week with ${tasksIn} tasks, the rest with ${request.tasksOutside}; a month is ${HOURS_PER_MONTH}/${HOURS_PER_WEEK} weeks, daylight saving ignored`
  }
}

/** Minutes of a week with each (desired, min, max) state, as periods of an average month. */
export function periodsFromWeek(minutesByState: Map<string, number>): UsagePeriod[] {
  return [...minutesByState.entries()].map(([state, minutes]) => {
    const [desired = 0, min = 0, max = 0] = state.split('|').map(Number)
    return { hours: (minutes / MINUTES_PER_WEEK) * HOURS_PER_MONTH, desired, min, max }
  })
}

/** Task-hours of an average month at the desired counts. */
export const taskHours = (usage: MonthlyUsage): number =>
  usage.periods.reduce((sum, period) => sum + period.desired * period.hours, 0)

export type CountKind = 'desired' | 'min' | 'max'

/** Tasks × hours: `tasks` is the average count while any runs, `hours` those hours. */
export interface TaskRun {
  tasks: number
  hours: number
}

export interface TaskRuns {
  all: TaskRun
  FARGATE: TaskRun
  FARGATE_SPOT: TaskRun
}

function run(parts: { tasks: number; hours: number }[]): TaskRun {
  const active = parts.filter((part) => part.tasks > 0 && part.hours > 0)
  const hours = active.reduce((sum, part) => sum + part.hours, 0)
  const total = active.reduce((sum, part) => sum + part.tasks * part.hours, 0)
  return hours === 0 ? { tasks: 0, hours: 0 } : { tasks: total / hours, hours }
}

/**
 * The runs of each provider over the month: the capacity split (base first) is taken in each
 * period, since a base is met before the weights share what is left.
 */
export function taskRuns(
  usage: MonthlyUsage,
  kind: CountKind,
  capacity: CapacityShare[]
): TaskRuns {
  const periods = usage.periods.map((period) => ({ hours: period.hours, tasks: period[kind] }))
  const byProvider = (provider: FargateProvider) =>
    run(periods.map((p) => ({ hours: p.hours, tasks: splitTasks(p.tasks, capacity)[provider] })))
  return {
    all: run(periods),
    FARGATE: byProvider('FARGATE'),
    FARGATE_SPOT: byProvider('FARGATE_SPOT')
  }
}
