// Task-hours: a weekly schedule, hours-per-month and the service's scheduled actions turned into
// the hours of an average month (730 h), and the cost lines priced over them.
import { describe, expect, test } from '@jest/globals'
import { compareEstimates } from '../../src/cost/comparison.js'
import { estimateScenario } from '../../src/cost/estimate.js'
import { requestedUsage, type HoursRequest } from '../../src/cost/hours.js'
import { usageFor } from '../../src/cost/hours-usage.js'
import { BUNDLED_PRICE_TABLE } from '../../src/cost/price-table.js'
import { costReport } from '../../src/cost/report.js'
import { parseSchedule, zoneOffsetMinutes } from '../../src/cost/schedule.js'
import { cronField, weeklyFiring } from '../../src/cost/schedule-expression.js'
import { usageFromScheduledActions } from '../../src/cost/scheduled-actions.js'
import { cents, seedScenario, tableBook, tableRate } from './helpers.js'

const REGION = 'eu-west-3'
const NOW = new Date('2026-12-02T12:00:00Z')
const counts = { desiredCount: 2, minCount: 2, maxCount: 2 }

function schedule(text: string, tasksIn?: number, tasksOutside = 0): HoursRequest {
  return {
    kind: 'schedule',
    text,
    schedule: parseSchedule(text),
    timeZone: 'Europe/Paris',
    tasksIn,
    tasksOutside
  }
}

describe('the schedule input', () => {
  test.each([
    ['Mon-Fri 08:00-20:00', 60],
    ['daily 00:00-24:00', 168],
    ['Sat-Sun 10:00-14:00', 8],
    // Past midnight: Friday 22:00 to Saturday 02:00.
    ['Fri 22:00-02:00', 4],
    // Wraps over the weekend: Fri, Sat, Sun, Mon.
    ['Fri-Mon 09:00-10:00', 4],
    // Overlapping windows count once.
    ['Mon-Fri 08:00-20:00; Mon 10:00-12:00\nSat 10:00-11:30', 61.5],
    ['Monday,Wednesday 08:00-09:00', 2],
    ['weekdays 09:00-17:00; weekends 10:00-12:00', 44]
  ])('%s covers %d hours of the week', (text, hours) => {
    expect(parseSchedule(text).minutes / 60).toBe(hours)
  })

  test.each([
    ['Mon-Fry 08:00-20:00', '"Mon-Fry 08:00-20:00": "Fry" is not a day'],
    ['08:00-20:00', 'is not "DAYS HH:MM-HH:MM"'],
    ['Mon-Fri 8h-20h', '"8h" is not a time of day'],
    ['Mon 10:60-12:00', '"10:60" is not a time of day'],
    ['Mon 24:00-02:00', 'cannot start at 24:00'],
    [' ; ', 'no window']
  ])('"%s" is refused, naming the faulty part', (text, message) => {
    expect(() => parseSchedule(text)).toThrow(message)
  })
})

describe('pricing over task-hours', () => {
  test('12 hours on weekdays prices 60/168 of the full month, line by line', async () => {
    const book = await tableBook(REGION)
    const full = estimateScenario(seedScenario(), book)
    const usage = requestedUsage(schedule('Mon-Fri 08:00-20:00'), counts)
    const scheduled = estimateScenario(seedScenario({ usage }), book)

    expect(full.taskHours).toBe(2 * 730)
    expect(scheduled.taskHours / full.taskHours).toBeCloseTo(60 / 168, 12)
    const hours = (730 * 60) / 168
    const vcpu = tableRate(REGION, 'fargate-linux-x86-vcpu')
    const gb = tableRate(REGION, 'fargate-linux-x86-gb')
    expect(scheduled.lines.map((line) => [line.detail, line.hours, line.monthly])).toEqual([
      ['2 tasks × 0.25 vCPU', hours, cents(0.5 * vcpu * hours)],
      ['2 tasks × 0.5 GB', hours, cents(1 * gb * hours)]
    ])
    expect(scheduled.monthly).toBe(cents(cents(0.5 * vcpu * hours) + cents(gb * hours)))
    expect(scheduled.monthly).toBeLessThan(full.monthly * 0.36)
    expect(scheduled.yearly).toBe(cents(scheduled.monthly * 12))
  })

  test('tasks outside the schedule: an average count over the whole month', async () => {
    const book = await tableBook(REGION)
    const usage = requestedUsage(schedule('Mon-Fri 08:00-20:00', 4, 1), counts)
    const estimate = estimateScenario(seedScenario({ usage }), book)
    // 60 h × 4 + 108 h × 1 each week.
    expect(estimate.taskHours).toBeCloseTo(((4 * 60 + 108) / 168) * 730, 9)
    expect(estimate.lines[0]?.hours).toBe(730)
    expect(estimate.lines[0]?.quantity).toBeCloseTo(((4 * 60 + 108) / 168) * 0.25, 12)
  })

  test('a capacity base is met in every period: Spot runs only the scheduled extra tasks', async () => {
    const book = await tableBook(REGION)
    const usage = requestedUsage(schedule('Mon-Fri 08:00-20:00', 4, 1), counts)
    const estimate = estimateScenario(
      seedScenario({
        usage,
        capacity: [
          { provider: 'FARGATE', weight: 0, base: 1 },
          { provider: 'FARGATE_SPOT', weight: 1, base: 0 }
        ]
      }),
      book
    )
    const vcpuLines = estimate.lines.filter((line) => line.component.includes('vCPU'))
    expect(vcpuLines.map((line) => [line.component, line.detail, line.hours])).toEqual([
      ['Fargate vCPU (Linux/x86)', '1 task × 0.25 vCPU', 730],
      ['Fargate Spot vCPU (Linux/x86)', '3 tasks × 0.25 vCPU', (730 * 60) / 168]
    ])
  })

  test('hours-per-month: the tasks run those hours, the range too', async () => {
    const book = await tableBook(REGION)
    const usage = requestedUsage(
      { kind: 'hours-per-month', hours: 200 },
      { desiredCount: 2, minCount: 1, maxCount: 4 }
    )
    const estimate = estimateScenario(seedScenario({ usage, minCount: 1, maxCount: 4 }), book)
    expect(estimate.taskHours).toBe(400)
    expect(estimate.lines.map((line) => line.hours)).toEqual([200, 200])
    const vcpu = tableRate(REGION, 'fargate-linux-x86-vcpu')
    const gb = tableRate(REGION, 'fargate-linux-x86-gb')
    expect(estimate.monthlyMax).toBe(cents(cents(vcpu * 200) + cents(2 * gb * 200)))
  })

  test('the report shows the task-hours and how they were found', async () => {
    const book = await tableBook(REGION)
    const usage = requestedUsage(schedule('Mon-Fri 08:00-20:00'), counts)
    const after = estimateScenario(seedScenario({ usage }), book)
    const markdown = costReport(
      compareEstimates({
        subject: 'banana',
        after,
        book,
        table: BUNDLED_PRICE_TABLE,
        now: NOW
      }),
      { withAge: false }
    )
    expect(markdown).toContain('| Task-hours/month |')
    expect(markdown).toContain('| 2 in schedule, 0 outside | 521.4 |')
    expect(markdown).toContain('× 260.7143 h')
    expect(markdown).toContain(
      '521.4 task-hours a month at the desired count: schedule Mon-Fri 08:00-20:00 (Europe/Paris): 60 of the 168 hours of a week'
    )
  })
})

describe('schedule expressions of scheduled actions', () => {
  test('cron day-of-week: 1 is Sunday, names and ranges; the week starts on Monday', () => {
    expect(weeklyFiring('cron(30 6 ? * 2 *)')).toEqual({ weekly: true, minutes: [390] })
    expect(weeklyFiring('cron(0 8 ? * MON-FRI *)')).toEqual({
      weekly: true,
      minutes: [0, 1, 2, 3, 4].map((day) => day * 1440 + 480)
    })
    expect(weeklyFiring('cron(0 0 ? * SUN *)')).toEqual({ weekly: true, minutes: [6 * 1440] })
    expect(cronField('0/15', 0, 59)).toEqual([0, 15, 30, 45])
    expect(cronField('8-18/5', 0, 23)).toEqual([8, 13, 18])
  })

  test('what does not repeat every week is reported, not guessed', () => {
    expect(weeklyFiring('cron(0 8 1 * ? *)')).toMatchObject({ weekly: false })
    expect(weeklyFiring('cron(0 8 ? * 6#3 *)')).toMatchObject({ weekly: false })
    expect(weeklyFiring('at(2026-12-24T08:00:00)')).toEqual({
      weekly: false,
      reason: 'at(...) fires once'
    })
    expect(weeklyFiring('rate(1 day)')).toEqual({
      weekly: true,
      minutes: [0, 1, 2, 3, 4, 5, 6].map((day) => day * 1440)
    })
  })

  test('time zones matter between actions: up at 08:00 Tokyo, down at 20:00 UTC is 21 h a day', () => {
    expect(zoneOffsetMinutes('Asia/Tokyo', NOW)).toBe(540)
    expect(zoneOffsetMinutes('Europe/Paris', NOW)).toBe(60)
    expect(zoneOffsetMinutes('Europe/Paris', new Date('2026-07-01T12:00:00Z'))).toBe(120)
    const usage = usageFromScheduledActions(
      [
        action('up', 'cron(0 8 * * ? *)', { MinCapacity: 3, MaxCapacity: 3 }, 'Asia/Tokyo'),
        action('down', 'cron(0 20 * * ? *)', { MinCapacity: 1, MaxCapacity: 1 })
      ],
      counts,
      NOW
    )
    const high = usage?.periods.find((period) => period.desired === 3)
    expect(high?.hours).toBeCloseTo((21 * 7 * 730) / 168, 9)
    expect(usage?.source).toBe('scheduled-actions')
  })

  test('the desired count moves only into each range; an ended action is left out', () => {
    const usage = usageFromScheduledActions(
      [
        // Raising the minimum pulls the count up; lowering it alone leaves the count there.
        action('up', 'cron(0 8 ? * MON *)', { MinCapacity: 5 }),
        action('relax', 'cron(0 20 ? * MON *)', { MinCapacity: 1 }),
        action('old', 'cron(0 0 ? * TUE *)', { MaxCapacity: 1 }, undefined, new Date(0))
      ],
      { desiredCount: 2, minCount: 2, maxCount: 10 },
      NOW
    )
    const week = (minutes: number) => (minutes / 10080) * 730
    expect(usage?.periods).toEqual([
      { hours: week(10080 - 720), desired: 5, min: 1, max: 10 },
      { hours: week(720), desired: 5, min: 5, max: 10 }
    ])
    expect(usage?.description).toContain('not priced: old (ended)')
  })
})

describe('which month a scenario is priced over', () => {
  const read = {
    status: 'read' as const,
    actions: [action('night', 'cron(0 20 * * ? *)', { MinCapacity: 0, MaxCapacity: 0 })]
  }
  const sources = { request: { kind: 'hours-per-month' as const, hours: 100 }, now: NOW }

  test('the after follows the inputs, the before what runs today (the scheduled actions)', () => {
    expect(usageFor('after', counts, { ...sources, scheduled: read })?.source).toBe(
      'hours-per-month'
    )
    expect(usageFor('before', counts, { ...sources, scheduled: read })?.source).toBe(
      'scheduled-actions'
    )
    expect(usageFor('before', counts, sources)?.source).toBe('hours-per-month')
    expect(usageFor('after', counts, { now: NOW })).toBeUndefined()
  })

  test('a denied read is stated in the month it prices: all month', () => {
    const usage = usageFor('after', counts, { now: NOW, scheduled: { status: 'denied' } })
    expect(usage?.periods).toEqual([{ hours: 730, desired: 2, min: 2, max: 2 }])
    expect(usage?.description).toContain('could not be read: permission denied')
  })
})

function action(
  name: string,
  schedule: string,
  target: { MinCapacity?: number; MaxCapacity?: number },
  zone?: string,
  end?: Date
) {
  return {
    ScheduledActionName: name,
    ScheduledActionARN: `arn:${name}`,
    ServiceNamespace: 'ecs' as const,
    ResourceId: 'service/banana-cluster/banana-front-service',
    ScalableDimension: 'ecs:service:DesiredCount' as const,
    Schedule: schedule,
    ScalableTargetAction: target,
    CreationTime: NOW,
    ...(zone === undefined ? {} : { Timezone: zone }),
    ...(end === undefined ? {} : { EndTime: end })
  }
}
