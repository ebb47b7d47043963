// The hours inputs of estimate-cost: hours-per-month, or schedule with its time zone and task
// counts; each refusal names the input and the fix.
import { afterEach, describe, expect, test } from '@jest/globals'
import { getInputs } from '../../actions/estimate-cost/inputs.js'

const set: string[] = []
function given(inputs: Record<string, string>) {
  for (const [name, value] of Object.entries(inputs)) {
    const variable = `INPUT_${name.toUpperCase()}`
    process.env[variable] = value
    set.push(variable)
  }
}

afterEach(() => {
  for (const variable of set.splice(0)) delete process.env[variable]
})

describe('estimate-cost hours inputs', () => {
  test('none: no hours request (all month, or the scheduled actions)', () => {
    given({})
    expect(getInputs().hours).toBeUndefined()
  })

  test('hours-per-month', () => {
    given({ 'hours-per-month': '200.5' })
    expect(getInputs().hours).toEqual({ kind: 'hours-per-month', hours: 200.5 })
  })

  test('schedule: windows on lines, the time zone, the counts in and outside', () => {
    given({
      schedule: 'Mon-Fri 08:00-20:00\nSat 10:00-14:00\n',
      'schedule-time-zone': 'Europe/Paris',
      'tasks-in-schedule': '4',
      'tasks-outside-schedule': '1'
    })
    const hours = getInputs().hours
    expect(hours).toMatchObject({
      kind: 'schedule',
      text: 'Mon-Fri 08:00-20:00; Sat 10:00-14:00',
      timeZone: 'Europe/Paris',
      tasksIn: 4,
      tasksOutside: 1
    })
    expect(hours?.kind === 'schedule' && hours.schedule.minutes).toBe(64 * 60)
  })

  test('schedule defaults: UTC, the desired count in it, none outside', () => {
    given({ schedule: 'daily 07:00-19:00' })
    expect(getInputs().hours).toMatchObject({
      timeZone: 'UTC',
      tasksIn: undefined,
      tasksOutside: 0
    })
  })

  test.each([
    [
      { 'hours-per-month': '800' },
      'Input "hours-per-month": 800 is above the 730 hours of an average month (365 × 24 / 12); use at most 730.'
    ],
    [{ 'hours-per-month': '-1' }, 'Input "hours-per-month": -1 is below the minimum of 0.'],
    [{ 'hours-per-month': 'half' }, 'Input "hours-per-month": "half" is not a number.'],
    [
      { 'hours-per-month': '100', schedule: 'Mon-Fri 08:00-20:00' },
      'Input "hours-per-month": and schedule are both set; give one'
    ],
    [
      { schedule: '08:00-20:00' },
      'Input "schedule": "08:00-20:00" is not "DAYS HH:MM-HH:MM" (for example Mon-Fri 08:00-20:00).'
    ],
    [{ schedule: 'weekdays 8-20' }, 'Input "schedule": "weekdays 8-20": "8" is not a time of day'],
    [
      { schedule: 'Mon-Fri 08:00-08:00x' },
      'Input "schedule": "Mon-Fri 08:00-08:00x": "08:00x" is not a time of day'
    ],
    [
      { schedule: 'Mon-Fri 08:00-20:00', 'schedule-time-zone': 'Paris' },
      'Input "schedule-time-zone": "Paris" is not an IANA time zone; use a name such as Europe/Paris'
    ],
    [
      { schedule: 'Mon-Fri 08:00-20:00', 'tasks-outside-schedule': '-1' },
      'Input "tasks-outside-schedule": -1 is below the minimum of 0.'
    ],
    [
      { 'tasks-in-schedule': '3' },
      'Input "tasks-in-schedule": is set without schedule; set schedule (for example Mon-Fri 08:00-20:00) or remove it.'
    ],
    [{ 'schedule-time-zone': 'UTC' }, 'Input "schedule-time-zone": is set without schedule']
  ])('%j is refused', (inputs, message) => {
    given(inputs)
    expect(() => getInputs()).toThrow(message)
  })
})
