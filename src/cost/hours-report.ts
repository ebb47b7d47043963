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
