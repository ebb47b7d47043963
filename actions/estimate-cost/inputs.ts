import { existsSync } from 'node:fs'
import type { PriceSourceChoice } from '../../src/cost/rates.js'
import type { CapacityShare, Extras, FargateProvider } from '../../src/cost/scenario.js'
import type { HoursRequest } from '../../src/cost/hours.js'
import { HOURS_PER_MONTH, isTimeZone, parseSchedule } from '../../src/cost/schedule.js'
import { optionalRegion } from '../../src/shared/aws.js'
import { InputError } from '../../src/shared/errors.js'
import {
  MAX_CAPACITY_BASE,
  MAX_CAPACITY_WEIGHT,
  MAX_TASKS_PER_SERVICE
} from '../../src/ecs/limits.js'
import { nameOrArn } from '../../src/ecs/names.js'
import {
  booleanInput,
  choiceInput,
  mapInput,
  optionalBooleanInput,
  optionalInput,
  optionalIntegerInput,
  optionalNumberInput,
  secretInput
} from '../../src/github/inputs.js'

export interface Inputs {
  taskDefinition?: string
  cluster: string
  service?: string
  region?: string
  /** undefined: the live service's revision; 'none': no comparison; else a file, family or ARN. */
  before?: string
  desiredCount?: number
  minTasks?: number
  maxTasks?: number
  capacity?: CapacityShare[]
  assignPublicIp?: boolean
  extras: Extras
  /** hours-per-month, or schedule with its time zone and task counts. */
  hours?: HoursRequest
  priceSource: PriceSourceChoice
  spotDiscountPercent?: number
  maxMonthlyCost?: number
  maxIncreasePercent?: number
  commentOnPr: boolean
  githubToken?: string
  /** Markdown placed above the cost in the pull request comment (deploy-ecs plan mode's output). */
  planMarkdown?: string
}

const PROVIDERS: FargateProvider[] = ['FARGATE', 'FARGATE_SPOT']

/** `FARGATE_SPOT=3` or `FARGATE=1,base=2` (weight first, or weight=/base= in any order). */
function parseShare(provider: string, value: string, line: number): CapacityShare {
  const name = 'capacity-provider-strategy'
  if (!PROVIDERS.includes(provider as FargateProvider)) {
    throw new InputError(name, `line ${line}: "${provider}" is not FARGATE or FARGATE_SPOT.`)
  }
  const share: CapacityShare = { provider: provider as FargateProvider, weight: 0, base: 0 }
  value.split(',').forEach((part, index) => {
    const match = /^\s*(?:(weight|base)\s*=\s*)?(\d+)\s*$/.exec(part)
    if (match === null || (match[1] === undefined && index > 0)) {
      throw new InputError(
        name,
        `line ${line}: "${value}" is not weight[,base=N] (for example 3, or 1,base=2).`
      )
    }
    const field = match[1] === 'base' ? 'base' : 'weight'
    const number = Number(match[2])
    const max = field === 'base' ? MAX_CAPACITY_BASE : MAX_CAPACITY_WEIGHT
    if (number > max) {
      throw new InputError(name, `line ${line}: ${field} ${number} is above the ${max} ECS allows.`)
    }
    share[field] = number
  })
  return share
}

function capacityInput(): CapacityShare[] | undefined {
  const entries = [...mapInput('capacity-provider-strategy')]
  if (entries.length === 0) return undefined
  const shares = entries.map(([provider, value], index) =>
    parseShare(provider.toUpperCase(), value, index + 1)
  )
  if (shares.filter((share) => share.base > 0).length > 1) {
    throw new InputError(
      'capacity-provider-strategy',
      'only one provider can have a base (ECS rule).'
    )
  }
  if (shares.every((share) => share.weight === 0)) {
    throw new InputError(
      'capacity-provider-strategy',
      'at least one provider needs a weight above 0.'
    )
  }
  return shares
}

/** The input or the environment's region; any region is priced (unpriced rates warn). */
function regionInput(): string | undefined {
  return optionalRegion(optionalInput('aws-region'))
}

const tasks = { min: 0, max: MAX_TASKS_PER_SERVICE }

function serviceInput(): string | undefined {
  const service = optionalInput('service')
  return service === undefined ? undefined : nameOrArn('service', service, 'service')
}

// A file (a path ending in .json, or one that exists), a family[:revision] or a task
// definition ARN; `none` for before. Checked here so a typo is reported under the input's name.
const FAMILY_REVISION = /^[A-Za-z0-9_-]{1,255}(:\d+)?$/
const TASK_DEFINITION_ARN =
  /^arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:task-definition\/[A-Za-z0-9_-]{1,255}(:\d+)?$/

function referenceInput(name: string, allowNone: boolean): string | undefined {
  const value = optionalInput(name)
  if (value === undefined || (allowNone && value === 'none')) return value
  const isFile = value.endsWith('.json') || existsSync(value)
  if (
    value.startsWith('arn:')
      ? TASK_DEFINITION_ARN.test(value)
      : isFile || FAMILY_REVISION.test(value)
  )
    return value
  throw new InputError(
    name,
    `"${value}" is not a task definition file (.json), family, family:revision or task definition ARN${allowNone ? ', nor none' : ''}.`
  )
}

const SCHEDULE_ONLY = ['schedule-time-zone', 'tasks-in-schedule', 'tasks-outside-schedule']

function scheduleInput(text: string): HoursRequest {
  let schedule
  try {
    schedule = parseSchedule(text)
  } catch (error) {
    throw new InputError('schedule', (error as Error).message)
  }
  if (schedule.minutes === 0) {
    throw new InputError(
      'schedule',
      'covers no minute of the week; give windows such as Mon-Fri 08:00-20:00.'
    )
  }
  const timeZone = optionalInput('schedule-time-zone') ?? 'UTC'
  if (!isTimeZone(timeZone)) {
    throw new InputError(
      'schedule-time-zone',
      `"${timeZone}" is not an IANA time zone; use a name such as Europe/Paris, America/New_York or UTC.`
    )
  }
  return {
    kind: 'schedule',
    text: text.trim().replace(/\s*\n\s*/g, '; '),
    schedule,
    timeZone,
    tasksIn: optionalIntegerInput('tasks-in-schedule', tasks),
    tasksOutside: optionalIntegerInput('tasks-outside-schedule', tasks) ?? 0
  }
}

/** hours-per-month or schedule (not both); the schedule's companions need a schedule. */
function hoursInput(): HoursRequest | undefined {
  const hours = optionalNumberInput('hours-per-month', { min: 0 })
  const schedule = optionalInput('schedule')
  if (hours !== undefined && schedule !== undefined) {
    throw new InputError(
      'hours-per-month',
      'and schedule are both set; give one: a number of hours, or the weekly windows the tasks run in.'
    )
  }
  if (hours !== undefined && hours > HOURS_PER_MONTH) {
    throw new InputError(
      'hours-per-month',
      `${hours} is above the ${HOURS_PER_MONTH} hours of an average month (365 × 24 / 12); use at most ${HOURS_PER_MONTH}.`
    )
  }
  if (hours !== undefined) return { kind: 'hours-per-month', hours }
  if (schedule !== undefined) return scheduleInput(schedule)
  const orphan = SCHEDULE_ONLY.find((name) => optionalInput(name) !== undefined)
  if (orphan !== undefined) {
    throw new InputError(
      orphan,
      'is set without schedule; set schedule (for example Mon-Fri 08:00-20:00) or remove it.'
    )
  }
  return undefined
}

const amount = (name: string) => optionalNumberInput(name, { min: 0 }) ?? 0

export function getInputs(): Inputs {
  const isPullRequest = ['pull_request', 'pull_request_target'].includes(
    process.env['GITHUB_EVENT_NAME'] ?? ''
  )
  const inputs: Inputs = {
    taskDefinition: referenceInput('task-definition', false),
    cluster: nameOrArn('cluster', optionalInput('cluster') ?? 'default', 'cluster'),
    service: serviceInput(),
    region: regionInput(),
    before: referenceInput('before', true),
    desiredCount: optionalIntegerInput('desired-count', tasks),
    minTasks: optionalIntegerInput('min-tasks', tasks),
    maxTasks: optionalIntegerInput('max-tasks', tasks),
    capacity: capacityInput(),
    assignPublicIp: optionalBooleanInput('assign-public-ip'),
    extras: {
      albCount: optionalIntegerInput('alb-count', { min: 0 }) ?? 0,
      albLcuPerAlb: amount('alb-lcu'),
      natGateways: optionalIntegerInput('nat-gateways', { min: 0 }) ?? 0,
      natDataGb: amount('nat-data-gb'),
      logsIngestedGb: amount('logs-ingested-gb'),
      logsStoredGb: amount('logs-stored-gb'),
      ecrStorageGb: amount('ecr-storage-gb')
    },
    hours: hoursInput(),
    priceSource: choiceInput('price-source', ['auto', 'api', 'table'] as const, 'auto'),
    spotDiscountPercent: optionalNumberInput('spot-discount-percent', { min: 0, max: 100 }),
    maxMonthlyCost: optionalNumberInput('max-monthly-cost', { min: 0 }),
    maxIncreasePercent: optionalNumberInput('max-increase-percent', { min: 0 }),
    commentOnPr: booleanInput('comment-on-pr', isPullRequest),
    githubToken: secretInput('github-token'),
    planMarkdown: optionalInput('plan-markdown')
  }
  if (
    inputs.minTasks !== undefined &&
    inputs.maxTasks !== undefined &&
    inputs.minTasks > inputs.maxTasks
  ) {
    throw new InputError('min-tasks', `${inputs.minTasks} is above max-tasks (${inputs.maxTasks}).`)
  }
  // With a service, alb-lcu alone prices the ALBs found on it when their metrics cannot be read.
  if (
    inputs.extras.albLcuPerAlb > 0 &&
    inputs.extras.albCount === 0 &&
    inputs.service === undefined
  ) {
    throw new InputError(
      'alb-lcu',
      'is set but alb-count is 0 and no service is named; give the number of load balancers too.'
    )
  }
  return inputs
}
