// Application Auto Scaling schedule expressions (cron(...), rate(...), at(...)) as the minutes of a
// week at which they fire. Only what repeats every week has a place in a week: a cron that names
// days of the month, months or years, and at(...) (once), are reported as not weekly.
import { MINUTES_PER_WEEK } from './schedule.js'

export type WeeklyFiring = { weekly: true; minutes: number[] } | { weekly: false; reason: string }

const notWeekly = (reason: string): WeeklyFiring => ({ weekly: false, reason })

// Cron day-of-week: 1 = SUN … 7 = SAT; the week here starts on Monday (index 0).
const CRON_DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT']
const cronDayToWeekDay = (cronDay: number) => (cronDay + 5) % 7

function fieldValue(text: string, names: string[] | undefined, offset: number): number {
  const named = names?.indexOf(text.toUpperCase()) ?? -1
  if (named >= 0) return named + offset
  if (!/^\d+$/.test(text)) return NaN
  return Number(text)
}

/** Values of one cron field between min and max: *, ?, lists, ranges, steps (a/b, a-b/c). */
export function cronField(
  text: string,
  min: number,
  max: number,
  names?: string[]
): number[] | undefined {
  const values = new Set<number>()
  for (const part of text.split(',')) {
    const [range = '', stepText] = part.split('/')
    const step = stepText === undefined ? 1 : Number(stepText)
    if (!Number.isInteger(step) || step < 1) return undefined
    let from = min
    let to = max
    if (range !== '*' && range !== '?') {
      const [a = '', b] = range.split('-')
      from = fieldValue(a, names, min)
      to = b === undefined ? (stepText === undefined ? from : max) : fieldValue(b, names, min)
    }
    if (!(from >= min && to <= max && from <= to)) return undefined
    for (let value = from; value <= to; value += step) values.add(value)
  }
  return [...values].sort((a, b) => a - b)
}

const isAny = (field: string) => field === '*' || field === '?'

/** cron(Minutes Hours Day-of-month Month Day-of-week Year), in local minutes of the week. */
function cronMinutes(body: string): WeeklyFiring {
  const fields = body.trim().split(/\s+/)
  if (fields.length !== 6) return notWeekly('a cron expression has 6 fields')
  const [minute = '', hour = '', dayOfMonth = '', month = '', dayOfWeek = '', year = ''] = fields
  if (!isAny(dayOfMonth) || !isAny(month) || !isAny(year)) {
    return notWeekly('it names days of the month, months or years')
  }
  const minutes = cronField(minute, 0, 59)
  const hours = cronField(hour, 0, 23)
  const days = cronField(dayOfWeek, 1, 7, CRON_DAYS)
  if (minutes === undefined || hours === undefined || days === undefined) {
    return notWeekly('a field is not a value, list, range or step this estimate reads')
  }
  const fired: number[] = []
  for (const day of days)
    for (const h of hours)
      for (const m of minutes) fired.push(cronDayToWeekDay(day) * 1440 + h * 60 + m)
  return { weekly: true, minutes: fired.sort((a, b) => a - b) }
}

const RATE_UNIT_MINUTES: Record<string, number> = {
  minute: 1,
  minutes: 1,
  hour: 60,
  hours: 60,
  day: 1440,
  days: 1440
}

/** rate(value unit): every interval from the start of the week (its phase is not known here). */
function rateMinutes(body: string): WeeklyFiring {
  const match = /^\s*(\d+)\s+([a-z]+)\s*$/.exec(body)
  const unit = match === null ? undefined : RATE_UNIT_MINUTES[match[2] ?? '']
  const value = Number(match?.[1])
  if (unit === undefined || !(value > 0)) return notWeekly('it is not rate(value unit)')
  const interval = value * unit
  const fired: number[] = []
  for (let minute = 0; minute < MINUTES_PER_WEEK; minute += interval) fired.push(minute)
  return { weekly: true, minutes: fired }
}

export function weeklyFiring(schedule: string): WeeklyFiring {
  const match = /^(cron|rate|at)\((.*)\)$/.exec(schedule.trim())
  if (match === null) return notWeekly('it is not cron(...), rate(...) or at(...)')
  if (match[1] === 'at') return notWeekly('at(...) fires once')
  return match[1] === 'cron' ? cronMinutes(match[2] ?? '') : rateMinutes(match[2] ?? '')
}
