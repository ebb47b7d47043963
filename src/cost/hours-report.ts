// The report's words for the hours the tasks run.
import type { ScenarioEstimate } from './estimate.js'
import { allMonth } from './hours.js'

const TASK_HOURS = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 })

/** 1,460 / 521.4 */
export const formatTaskHours = (taskHours: number): string => TASK_HOURS.format(taskHours)

/** "After: 521.4 task-hours a month: schedule Mon-Fri 08:00-20:00 (…)". */
export function usageNote(estimate: ScenarioEstimate): string {
  const usage = estimate.scenario.usage ?? allMonth(estimate.scenario)
  return `${estimate.label}: ${formatTaskHours(estimate.taskHours)} task-hours a month at the desired count: ${usage.description}.`
}

/** "3 / 1" for a schedule input: the tasks in it, then outside it (one count would mislead). */
export function scheduleTasksText(estimate: ScenarioEstimate): string | undefined {
  const usage = estimate.scenario.usage
  if (usage?.source !== 'schedule') return undefined
  const [during, outside] = usage.periods
  return `${during?.desired ?? 0} in schedule, ${outside?.desired ?? 0} outside`
}
