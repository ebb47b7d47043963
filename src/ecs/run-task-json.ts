import type {
  CapacityProviderStrategyItem,
  ContainerOverride,
  EnvironmentFile,
  KeyValuePair,
  ResourceRequirement,
  Tag
} from '@aws-sdk/client-ecs'
import { InputError } from '../shared/errors.js'

// The JSON inputs of the run-task family, checked against the ECS API's shapes (ContainerOverride,
// Tag, CapacityProviderStrategyItem in the ECS API reference, read 2026-12) before anything is
// sent, so a mistake is reported with the input's name and the JSON path of the bad value.
// Values are never quoted: an environment override may hold a secret.

type Json = Record<string, unknown>

const isObject = (value: unknown): value is Json =>
  value !== null && typeof value === 'object' && !Array.isArray(value)

class Checker {
  constructor(readonly input: string) {}

  fail(path: string, problem: string): never {
    throw new InputError(this.input, `${path === '' ? '' : `${path}: `}${problem}`)
  }

  array(value: unknown, path: string, example: string): unknown[] {
    if (!Array.isArray(value)) this.fail(path, `must be a JSON array, e.g. ${example}.`)
    return value
  }

  object(value: unknown, path: string, fields: readonly string[]): Json {
    if (!isObject(value)) this.fail(path, `must be a JSON object with ${fields.join(', ')}.`)
    for (const key of Object.keys(value)) {
      if (!fields.includes(key))
        this.fail(`${path}.${key}`, `unknown field; the fields are ${fields.join(', ')}.`)
    }
    return value
  }

  string(value: unknown, path: string, options: { max?: number; min?: number } = {}): string {
    if (typeof value !== 'string') this.fail(path, 'must be a string.')
    if (value.length < (options.min ?? 0))
      this.fail(
        path,
        options.min === 1 ? 'must not be empty.' : `must have at least ${options.min} characters.`
      )
    if (options.max !== undefined && value.length > options.max)
      this.fail(path, `is longer than ${options.max} characters.`)
    return value
  }

  integer(value: unknown, path: string, min: number, max: number): number {
    if (typeof value !== 'number' || !Number.isInteger(value))
      this.fail(path, 'must be a whole number (without quotes).')
    if (value < min || value > max) this.fail(path, `must be between ${min} and ${max}.`)
    return value
  }
}

const OVERRIDE_FIELDS = [
  'name',
  'command',
  'environment',
  'environmentFiles',
  'cpu',
  'memory',
  'memoryReservation',
  'resourceRequirements'
] as const

/** `run-task-container-overrides`: a JSON array of ContainerOverride objects. */
export function containerOverridesFrom(input: string, value: unknown): ContainerOverride[] {
  const check = new Checker(input)
  const items = check.array(value, '', '[{"name": "app", "command": ["npm", "run", "migrate"]}]')
  const seen = new Set<string>()
  return items.map((item, index) => {
    const path = `[${index}]`
    const raw = check.object(item, path, OVERRIDE_FIELDS)
    const name = check.string(raw['name'], `${path}.name`, { min: 1 })
    if (seen.has(name)) check.fail(`${path}.name`, `container "${name}" is overridden twice.`)
    seen.add(name)
    const override: ContainerOverride = { name }
    if (raw['command'] !== undefined) {
      override.command = check
        .array(raw['command'], `${path}.command`, '["npm", "run", "migrate"]')
        .map((word, i) => check.string(word, `${path}.command[${i}]`))
    }
    if (raw['environment'] !== undefined) {
      override.environment = check
        .array(raw['environment'], `${path}.environment`, '[{"name": "MODE", "value": "migrate"}]')
        .map((entry, i): KeyValuePair => {
          const at = `${path}.environment[${i}]`
          const pair = check.object(entry, at, ['name', 'value'])
          return {
            name: check.string(pair['name'], `${at}.name`, { min: 1 }),
            value: check.string(pair['value'], `${at}.value`)
          }
        })
    }
    if (raw['environmentFiles'] !== undefined) {
      override.environmentFiles = check
        .array(
          raw['environmentFiles'],
          `${path}.environmentFiles`,
          '[{"type": "s3", "value": "arn:aws:s3:::bucket/app.env"}]'
        )
        .map((entry, i): EnvironmentFile => {
          const at = `${path}.environmentFiles[${i}]`
          const file = check.object(entry, at, ['type', 'value'])
          if (file['type'] !== 's3') check.fail(`${at}.type`, 'must be "s3".')
          return { type: 's3', value: check.string(file['value'], `${at}.value`, { min: 1 }) }
        })
    }
    for (const field of ['cpu', 'memory', 'memoryReservation'] as const) {
      if (raw[field] !== undefined)
        override[field] = check.integer(raw[field], `${path}.${field}`, 0, 10_000_000)
    }
    if (raw['resourceRequirements'] !== undefined) {
      override.resourceRequirements = check
        .array(
          raw['resourceRequirements'],
          `${path}.resourceRequirements`,
          '[{"type": "GPU", "value": "1"}]'
        )
        .map((entry, i): ResourceRequirement => {
          const at = `${path}.resourceRequirements[${i}]`
          const requirement = check.object(entry, at, ['type', 'value'])
          const type = requirement['type']
          if (type !== 'GPU' && type !== 'InferenceAccelerator')
            check.fail(`${at}.type`, 'must be "GPU" or "InferenceAccelerator".')
          return {
            type: type as ResourceRequirement['type'],
            value: check.string(requirement['value'], `${at}.value`, { min: 1 })
          }
        })
    }
    return override
  })
}

/** `run-task-tags`: a JSON array of {"key", "value"}, as RunTask takes them. */
export function tagsFrom(input: string, value: unknown): Tag[] {
  const check = new Checker(input)
  const items = check.array(value, '', '[{"key": "team", "value": "banana"}]')
  if (items.length > 50) check.fail('', `has ${items.length} tags; ECS allows 50 per task.`)
  return items.map((item, index) => {
    const path = `[${index}]`
    const tag = check.object(item, path, ['key', 'value'])
    const key = check.string(tag['key'], `${path}.key`, { min: 1, max: 128 })
    if (key.toLowerCase().startsWith('aws:'))
      check.fail(`${path}.key`, 'keys starting with "aws:" are reserved for AWS.')
    return {
      key,
      value:
        tag['value'] === undefined ? '' : check.string(tag['value'], `${path}.value`, { max: 256 })
    }
  })
}

/** `run-task-capacity-provider-strategy`: a JSON array of CapacityProviderStrategyItem. */
export function capacityProviderStrategyFrom(
  input: string,
  value: unknown
): CapacityProviderStrategyItem[] {
  const check = new Checker(input)
  const items = check.array(value, '', '[{"capacityProvider": "FARGATE_SPOT", "weight": 1}]')
  if (items.length > 20) check.fail('', `has ${items.length} items; ECS allows 20.`)
  return items.map((item, index) => {
    const path = `[${index}]`
    const raw = check.object(item, path, ['capacityProvider', 'weight', 'base'])
    return {
      capacityProvider: check.string(raw['capacityProvider'], `${path}.capacityProvider`, {
        min: 1,
        max: 255
      }),
      ...(raw['weight'] !== undefined && {
        weight: check.integer(raw['weight'], `${path}.weight`, 0, 1000)
      }),
      ...(raw['base'] !== undefined && {
        base: check.integer(raw['base'], `${path}.base`, 0, 100_000)
      })
    }
  })
}
