import { parse } from 'yaml'
import { InputError } from '../shared/errors.js'
import { commandFromInput } from '../shared/shell-words.js'
import type { ContainerEdit, NamedValues } from './edit.js'
import { isObject } from './json.js'
import { environmentFileProblem, MAX_ENVIRONMENT_FILES, secretSourceProblem } from './references.js'
import { LOG_DRIVERS } from './schema.js'
import { closestMatch } from './suggest.js'

// The `containers` document: several containers changed in one step, keyed by container name.
//
//   app:
//     image: 123456789012.dkr.ecr.eu-west-3.amazonaws.com/shop/app:v2
//     environment: { MODE: production, DATABASE_URL: "postgres://h/db?sslmode=require" }
//     secrets: { DB_PASSWORD: arn:aws:secretsmanager:eu-west-3:123456789012:secret:db }
//   worker:
//     image: 123456789012.dkr.ecr.eu-west-3.amazonaws.com/shop/worker:v2
//     command: [node, worker.js]
//     env-files: [arn:aws:s3:::shop-config/worker.env]
//
// YAML, so JSON works too. A variable set to null is removed.

const FIELDS = [
  'image',
  'environment',
  'environment-mode',
  'secrets',
  'docker-labels',
  'command',
  'env-files',
  'log-driver',
  'log-options'
] as const
type Field = (typeof FIELDS)[number]

// dockerLabels, docker_labels and docker-labels all mean the same field.
const squash = (key: string) => key.replace(/[-_]/g, '').toLowerCase()
const BY_SQUASHED = new Map<string, Field>(FIELDS.map((field) => [squash(field), field]))

export function parseContainersSpec(text: string, input: string): Map<string, ContainerEdit> {
  let document: unknown
  try {
    document = parse(text)
  } catch (error) {
    throw new InputError(
      input,
      `not valid YAML or JSON (${(error as Error).message.split('\n')[0]}).`
    )
  }
  const result = new Map<string, ContainerEdit>()
  if (document === null || document === undefined) return result
  if (!isObject(document)) {
    throw new InputError(
      input,
      'must map container names to their changes, e.g. "app: { image: repo:tag }".'
    )
  }
  for (const [name, spec] of Object.entries(document)) {
    if (!isObject(spec)) {
      throw new InputError(
        input,
        `${name}: must be a mapping of changes (image, environment, secrets, ...).`
      )
    }
    result.set(name, parseContainer(spec, name, input))
  }
  return result
}

function parseContainer(spec: Record<string, unknown>, name: string, input: string): ContainerEdit {
  const edit: ContainerEdit = { origin: input }
  const fail = (problem: string): never => {
    throw new InputError(input, `${name}: ${problem}`)
  }
  let logDriver: string | undefined
  let logOptions: NamedValues | undefined
  for (const [key, value] of Object.entries(spec)) {
    const field = BY_SQUASHED.get(squash(key))
    if (field === undefined) {
      const guess = closestMatch(key, FIELDS)
      fail(
        `unknown key "${key}"${guess !== undefined ? `; did you mean ${guess}?` : `; use ${FIELDS.join(', ')}.`}`
      )
    }
    const where = `${name}.${key}`
    switch (field) {
      case 'image':
        if (typeof value !== 'string' || value.trim() === '')
          fail(`${key} must be an image reference.`)
        edit.image = String(value).trim()
        break
      case 'environment':
        edit.environment = namedValues(value, where, input)
        break
      case 'environment-mode':
        if (value !== 'merge' && value !== 'replace') fail(`${key} must be merge or replace.`)
        edit.environmentMode = value as 'merge' | 'replace'
        break
      case 'secrets': {
        const secrets = namedValues(value, where, input)
        for (const [secret, source] of secrets) {
          const problem = source === null ? undefined : secretSourceProblem(source)
          if (problem !== undefined) fail(`secret ${secret}: ${problem}`)
        }
        edit.secrets = secrets
        break
      }
      case 'docker-labels':
        edit.dockerLabels = namedValues(value, where, input)
        break
      case 'command':
        edit.command = commandValue(value, where, input)
        break
      case 'env-files':
        edit.environmentFiles = environmentFilesValue(value, where, input)
        break
      case 'log-driver':
        if (typeof value !== 'string' || !(LOG_DRIVERS as readonly string[]).includes(value)) {
          fail(`${key} must be one of ${LOG_DRIVERS.join(', ')}.`)
        }
        logDriver = value as string
        break
      case 'log-options':
        logOptions = namedValues(value, where, input)
        break
    }
  }
  if (logDriver !== undefined || logOptions !== undefined) {
    edit.logConfiguration = { driver: logDriver, options: logOptions }
  }
  return edit
}

/** A mapping (NAME: value) or a list of "NAME=value" lines; scalars become strings, null removes. */
function namedValues(value: unknown, where: string, input: string): NamedValues {
  const result: NamedValues = new Map()
  if (isObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      if (item !== null && typeof item === 'object') {
        throw new InputError(
          input,
          `${where}.${key} must be a single value, not a list or mapping.`
        )
      }
      result.set(key, item === null ? null : String(item))
    }
    return result
  }
  if (Array.isArray(value)) {
    for (const [index, line] of value.entries()) {
      const text = String(line)
      const at = text.indexOf('=')
      if (at <= 0) {
        throw new InputError(
          input,
          `${where}: item ${index + 1} is not NAME=value (it is not shown, as it may hold a secret).`
        )
      }
      result.set(text.slice(0, at).trim(), text.slice(at + 1))
    }
    return result
  }
  throw new InputError(input, `${where} must be a mapping of names to values.`)
}

/** A list of S3 object ARNs, or one per line in a string. */
function environmentFilesValue(value: unknown, where: string, input: string): string[] {
  const items =
    typeof value === 'string'
      ? value.split(/\r?\n/)
      : Array.isArray(value) && value.every((item) => typeof item === 'string')
        ? (value as string[])
        : undefined
  if (items === undefined) {
    throw new InputError(input, `${where} must be a list of S3 object ARNs.`)
  }
  const files = items.map((item) => item.trim()).filter((item) => item !== '')
  files.forEach((file, index) => {
    const problem = environmentFileProblem(file)
    if (problem !== undefined)
      throw new InputError(input, `${where}: item ${index + 1}: ${problem}`)
  })
  if (files.length > MAX_ENVIRONMENT_FILES) {
    throw new InputError(
      input,
      `${where}: ${files.length} files; ECS takes at most ${MAX_ENVIRONMENT_FILES} per container.`
    )
  }
  return files
}

function commandValue(value: unknown, where: string, input: string): string[] {
  if (Array.isArray(value) && value.every((item) => typeof item !== 'object' || item === null)) {
    return value.map(String)
  }
  if (typeof value === 'string') return commandFromInput(value, input, { where })
  throw new InputError(input, `${where} must be a list of arguments or a command line.`)
}
