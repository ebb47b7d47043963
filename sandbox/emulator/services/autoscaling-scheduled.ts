// Application Auto Scaling scheduled actions: stored per scalable target and described; nothing
// fires in the sandbox (the estimate reads the schedules, it does not wait for them).

import type { Sandbox } from '../sandbox.js'
import { newUuid } from '../sim/ids.js'
import { AwsError, type Operation } from '../types.js'
import {
  optionalNumber,
  optionalObject,
  optionalString,
  paginate,
  requiredString,
  stringList,
  type Input
} from './params.js'

export interface StoredScheduledAction {
  targetId: string
  ScheduledActionName: string
  ScheduledActionARN: string
  ServiceNamespace: string
  ResourceId: string
  ScalableDimension: string
  Schedule: string
  Timezone?: string
  StartTime?: Date
  EndTime?: Date
  ScalableTargetAction?: { MinCapacity?: number; MaxCapacity?: number }
  CreationTime: Date
}

const SCHEDULE =
  /^(at\(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\)|rate\(\d+ (minute|hour|day)s?\)|cron\(\S+( \S+){5}\))$/
const NAME = /^[^:/|]{1,256}$/

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone })
    return true
  } catch {
    return false
  }
}

const epoch = (input: Input, name: string): Date | undefined => {
  const seconds = optionalNumber(input, name)
  return seconds === undefined ? undefined : new Date(seconds * 1000)
}

function targetAction(input: Input): StoredScheduledAction['ScalableTargetAction'] {
  const action = optionalObject(input, 'ScalableTargetAction')
  if (action === undefined) return undefined
  const min = optionalNumber(action, 'MinCapacity')
  const max = optionalNumber(action, 'MaxCapacity')
  if (min !== undefined && max !== undefined && min > max) {
    throw new AwsError(
      'ValidationException',
      'Minimum capacity cannot be greater than maximum capacity'
    )
  }
  return {
    ...(min === undefined ? {} : { MinCapacity: min }),
    ...(max === undefined ? {} : { MaxCapacity: max })
  }
}

/** Checks what AWS checks on PutScheduledAction before storing: name, schedule, zone, times. */
function validated(input: Input, existing: StoredScheduledAction | undefined) {
  const name = String(input.ScheduledActionName)
  if (!NAME.test(name)) {
    throw new AwsError('ValidationException', `Invalid scheduled action name: ${name}`)
  }
  const schedule = optionalString(input, 'Schedule') ?? existing?.Schedule
  if (schedule === undefined) {
    throw new AwsError('ValidationException', 'Schedule is required for a new scheduled action.')
  }
  if (!SCHEDULE.test(schedule)) {
    throw new AwsError('ValidationException', `Unsupported schedule expression: ${schedule}`)
  }
  const timezone = optionalString(input, 'Timezone') ?? existing?.Timezone
  if (timezone !== undefined && !isTimeZone(timezone)) {
    throw new AwsError('ValidationException', `Time zone ${timezone} is not supported.`)
  }
  const start = epoch(input, 'StartTime') ?? existing?.StartTime
  const end = epoch(input, 'EndTime') ?? existing?.EndTime
  if (start !== undefined && end !== undefined && start >= end) {
    throw new AwsError('ValidationException', 'StartTime must be before EndTime.')
  }
  const action = targetAction(input) ?? existing?.ScalableTargetAction
  return { name, schedule, timezone, start, end, action }
}

/** The operations, over the targets of autoscaling.ts (an action needs its target). */
export function scheduledActionOperations(
  sandbox: Sandbox,
  hasTarget: (targetId: string) => boolean,
  targetKey: (input: Input) => string,
  missingTarget: (input: Input) => AwsError
) {
  const actions = new Map<string, StoredScheduledAction>()
  const id = (targetId: string, name: string) => `${targetId}|${name}`
  const nameOf = (input: Input) =>
    requiredString(
      input,
      'ScheduledActionName',
      () => new AwsError('ValidationException', 'ScheduledActionName must not be null')
    )

  const put: Operation = (input, context) => {
    const targetId = targetKey(input)
    if (!hasTarget(targetId)) throw missingTarget(input)
    const key = id(targetId, nameOf(input))
    const existing = actions.get(key)
    const { name, schedule, timezone, start, end, action } = validated(input, existing)
    actions.set(key, {
      targetId,
      ScheduledActionName: name,
      ScheduledActionARN:
        existing?.ScheduledActionARN ??
        `arn:aws:autoscaling:${context.region}:${sandbox.accountId}:scheduledAction:${newUuid()}:resource/${String(input.ServiceNamespace)}/${String(input.ResourceId)}:scheduledActionName/${name}`,
      ServiceNamespace: String(input.ServiceNamespace),
      ResourceId: String(input.ResourceId),
      ScalableDimension: String(input.ScalableDimension),
      Schedule: schedule,
      ...(timezone === undefined ? {} : { Timezone: timezone }),
      ...(start === undefined ? {} : { StartTime: start }),
      ...(end === undefined ? {} : { EndTime: end }),
      ...(action === undefined ? {} : { ScalableTargetAction: action }),
      CreationTime: existing?.CreationTime ?? sandbox.now()
    })
    return {}
  }

  const describe: Operation = (input) => {
    const namespace = requiredString(
      input,
      'ServiceNamespace',
      () => new AwsError('ValidationException', 'ServiceNamespace must not be null')
    )
    const resource = optionalString(input, 'ResourceId')
    const dimension = optionalString(input, 'ScalableDimension')
    const names = stringList(input, 'ScheduledActionNames')
    const found = [...actions.values()].filter(
      (action) =>
        action.ServiceNamespace === namespace &&
        (!resource || action.ResourceId === resource) &&
        (!dimension || action.ScalableDimension === dimension) &&
        (names.length === 0 || names.includes(action.ScheduledActionName))
    )
    const { page, nextToken } = paginate(
      found,
      optionalString(input, 'NextToken'),
      optionalNumber(input, 'MaxResults'),
      50
    )
    return {
      ScheduledActions: page.map(({ targetId: _, ...action }) => action),
      ...(nextToken ? { NextToken: nextToken } : {})
    }
  }

  const remove: Operation = (input) => {
    const name = nameOf(input)
    if (!actions.delete(id(targetKey(input), name))) {
      throw new AwsError('ObjectNotFoundException', `No scheduled action found with name ${name}`)
    }
    return {}
  }

  /** Deregistering a target deletes its scheduled actions. */
  const forgetTarget = (targetId: string) => {
    for (const [key, action] of actions) if (action.targetId === targetId) actions.delete(key)
  }

  return {
    operations: {
      PutScheduledAction: put,
      DescribeScheduledActions: describe,
      DeleteScheduledAction: remove
    },
    forgetTarget
  }
}
