// A week as 10,080 minutes from Monday 00:00, and the `schedule` input's windows on it
// ("Mon-Fri 08:00-20:00; Sat 10:00-14:00"). Daylight saving is ignored: every week has 168 hours.

export const MINUTES_PER_WEEK = 7 * 24 * 60
export const HOURS_PER_WEEK = 168
/** An average month (365 × 24 / 12 hours, as the AWS Pricing Calculator counts it). */
export const HOURS_PER_MONTH = 730

/** Monday first, as the week starts here. */
export const DAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const

/** Hours in an average month for `weekHours` hours a week. */
export const monthlyHours = (weekHours: number): number =>
  (weekHours * HOURS_PER_MONTH) / HOURS_PER_WEEK

/** The minutes of a week a schedule covers: true where it is "in" the schedule. */
export type WeekMask = boolean[]

export interface WeeklySchedule {
  mask: WeekMask
  /** Minutes in the schedule, out of 10,080. */
  minutes: number
}

function dayIndex(name: string, window: string): number {
  const index = DAY_NAMES.findIndex((day) => day.toLowerCase() === name.slice(0, 3).toLowerCase())
  const full = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday']
  if (index < 0 || !(name.length === 3 || full[index] === name.toLowerCase())) {
    throw new Error(`"${window}": "${name}" is not a day (Mon, Tue, Wed, Thu, Fri, Sat, Sun).`)
  }
  return index
}

/** "Mon-Fri", "Mon,Wed,Fri", "Fri-Mon" (wraps over the weekend), "daily", "weekdays", "weekends". */
function parseDays(text: string, window: string): number[] {
  if (/^(daily|every ?day)$/i.test(text)) return [0, 1, 2, 3, 4, 5, 6]
  if (/^weekdays$/i.test(text)) return [0, 1, 2, 3, 4]
  if (/^weekends?$/i.test(text)) return [5, 6]
  const days = new Set<number>()
  for (const part of text.split(',')) {
    const [from, to, extra] = part.trim().split('-')
    if (from === undefined || from === '' || extra !== undefined) {
      throw new Error(`"${window}": "${part.trim()}" is not a day or a range of days (Mon-Fri).`)
    }
    const start = dayIndex(from.trim(), window)
    const end = to === undefined ? start : dayIndex(to.trim(), window)
    for (let day = start; ; day = (day + 1) % 7) {
      days.add(day)
      if (day === end) break
    }
  }
  return [...days]
}

/** "08:00" → 480; "24:00" is allowed as an end. */
function parseTime(text: string, window: string): number {
  const match = /^(\d{1,2}):(\d{2})$/.exec(text)
  const minutes = match === null ? NaN : Number(match[1]) * 60 + Number(match[2])
  if (match === null || Number(match[2]) > 59 || minutes > 24 * 60) {
    throw new Error(`"${window}": "${text}" is not a time of day (HH:MM, 00:00 to 24:00).`)
  }
  return minutes
}

/** Marks one window: its days, from start to end (past midnight when end is not after start). */
function markWindow(mask: WeekMask, window: string): void {
  const match = /^(.+?)\s+(\S+)\s*-\s*(\S+)$/.exec(window)
  if (match === null) {
    throw new Error(`"${window}" is not "DAYS HH:MM-HH:MM" (for example Mon-Fri 08:00-20:00).`)
  }
  const [, daysText = '', startText = '', endText = ''] = match
  const start = parseTime(startText, window)
  const end = parseTime(endText, window)
  if (start === 24 * 60) throw new Error(`"${window}": a window cannot start at 24:00.`)
  const length = end > start ? end - start : end + 24 * 60 - start
  for (const day of parseDays(daysText.trim(), window)) {
    for (let minute = 0; minute < length; minute++) {
      mask[(day * 24 * 60 + start + minute) % MINUTES_PER_WEEK] = true
    }
  }
}

/**
 * Parses windows separated by `;` or new lines; overlapping windows count once. Throws an Error
 * whose message names the faulty window (the caller names the input).
 */
export function parseSchedule(text: string): WeeklySchedule {
  const windows = text
    .split(/[;\n]/)
    .map((window) => window.trim())
    .filter((window) => window !== '')
  if (windows.length === 0) throw new Error('no window (for example Mon-Fri 08:00-20:00).')
  const mask: WeekMask = new Array<boolean>(MINUTES_PER_WEEK).fill(false)
  for (const window of windows) markWindow(mask, window)
  return { mask, minutes: mask.filter(Boolean).length }
}

/** Whether `zone` is an IANA time zone this runtime knows (Europe/Paris, UTC, Etc/GMT+9). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone })
    return true
  } catch {
    return false
  }
}

/** The zone's offset from UTC in minutes at `at` (+60 for Europe/Paris in winter). */
export function zoneOffsetMinutes(zone: string, at: Date): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric'
  }).formatToParts(at)
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0)
  const local = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'))
  const utc = Math.floor(at.getTime() / 60000) * 60000
  return Math.round((local - utc) / 60000)
}
