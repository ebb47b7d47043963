import { InputError, UserError } from '../shared/errors.js'
import { isObject, type JsonObject } from './json.js'
import { unknownContainersProblem } from './targets.js'

/** `null` removes the name; a string sets it. Map order is the order new entries are added in. */
export type NamedValues = Map<string, string | null>

export interface LogConfigurationEdit {
  /** A new driver replaces the old driver's options; the same driver merges them. */
  driver?: string
  options?: NamedValues
}

export interface ContainerEdit {
  image?: string
  environment?: NamedValues
  /** merge (default): update and add, keep the rest. replace: exactly the given variables. */
  environmentMode?: 'merge' | 'replace'
  /** Name → valueFrom (Secrets Manager or SSM ARN); always merged. */
  secrets?: NamedValues
  dockerLabels?: NamedValues
  command?: string[]
  /** S3 object ARNs of environment files; replaces the container's environmentFiles. */
  environmentFiles?: string[]
  logConfiguration?: LogConfigurationEdit
  /** Where the edit came from (an input name), for the message when the container does not exist. */
  origin?: string
}

export interface TaskEdits {
  containers: Map<string, ContainerEdit>
  cpu?: string
  memory?: string
  ephemeralStorageGiB?: number
  cpuArchitecture?: string
  operatingSystemFamily?: string
  executionRoleArn?: string
  taskRoleArn?: string
  tags?: NamedValues
}

export interface EditDefaults {
  /** Fills awslogs-region when the awslogs driver is set without one. */
  region?: string
}

/** One line of "what changed": values are shown for images and sizes, names only for variables. */
export interface Change {
  /** "task", or the container's name. */
  scope: string
  field: string
  before?: string
  after?: string
  note?: string
}

/**
 * Applies the edits to `definition` in place and says what changed. Containers are found by
 * name; every name that matches no container is reported in one error.
 */
export function applyEdits(
  definition: JsonObject,
  edits: TaskEdits,
  defaults: EditDefaults = {}
): Change[] {
  const containers = (
    Array.isArray(definition['containerDefinitions']) ? definition['containerDefinitions'] : []
  ).filter(isObject)
  const byName = new Map(containers.map((container) => [String(container['name']), container]))
  const missing = [...edits.containers].filter(([name]) => !byName.has(name))
  if (missing.length > 0) {
    const problem = unknownContainersProblem(
      missing.map(([name]) => name),
      [...byName.keys()]
    )
    const origin = missing[0]?.[1].origin
    throw origin !== undefined ? new InputError(origin, problem) : new UserError(problem)
  }

  const changes: Change[] = []
  const family = typeof definition['family'] === 'string' ? definition['family'] : 'task'
  for (const [name, edit] of edits.containers) {
    const container = byName.get(name) as JsonObject
    changes.push(...editContainer(container, name, edit, { family, region: defaults.region }))
  }
  changes.push(...editTask(definition, edits))
  return changes
}

function editTask(definition: JsonObject, edits: TaskEdits): Change[] {
  const changes: Change[] = []
  const set = (field: string, value: string | undefined) => {
    if (value === undefined) return
    const before = definition[field]
    if (before === value) return
    definition[field] = value
    changes.push({ scope: 'task', field, before: describe(before), after: value })
  }
  set('cpu', edits.cpu)
  set('memory', edits.memory)
  set('executionRoleArn', edits.executionRoleArn)
  set('taskRoleArn', edits.taskRoleArn)

  if (edits.ephemeralStorageGiB !== undefined) {
    const before = isObject(definition['ephemeralStorage'])
      ? definition['ephemeralStorage']['sizeInGiB']
      : undefined
    if (before !== edits.ephemeralStorageGiB) {
      definition['ephemeralStorage'] = { sizeInGiB: edits.ephemeralStorageGiB }
      changes.push({
        scope: 'task',
        field: 'ephemeralStorage',
        before: before === undefined ? undefined : `${String(before)} GiB`,
        after: `${edits.ephemeralStorageGiB} GiB`
      })
    }
  }

  const platform = isObject(definition['runtimePlatform'])
    ? { ...definition['runtimePlatform'] }
    : {}
  for (const [field, value] of [
    ['cpuArchitecture', edits.cpuArchitecture],
    ['operatingSystemFamily', edits.operatingSystemFamily]
  ] as const) {
    if (value === undefined || platform[field] === value) continue
    changes.push({
      scope: 'task',
      field: `runtimePlatform.${field}`,
      before: describe(platform[field]),
      after: value
    })
    platform[field] = value
  }
  if (Object.keys(platform).length > 0) definition['runtimePlatform'] = platform

  if (edits.tags !== undefined && edits.tags.size > 0) {
    const tags = Array.isArray(definition['tags']) ? definition['tags'].filter(isObject) : []
    const { list, note } = mergeNamed(tags, edits.tags, 'key', 'value')
    if (note !== undefined) {
      definition['tags'] = list
      changes.push({ scope: 'task', field: 'tags', note })
    }
  }
  return changes
}

interface ContainerContext {
  family: string
  region: string | undefined
}

function editContainer(
  container: JsonObject,
  name: string,
  edit: ContainerEdit,
  context: ContainerContext
): Change[] {
  const changes = [
    editImage(container, name, edit.image),
    editEnvironment(container, name, edit.environment, edit.environmentMode),
    editSecrets(container, name, edit.secrets),
    editDockerLabels(container, name, edit.dockerLabels),
    editCommand(container, name, edit.command),
    editEnvironmentFiles(container, name, edit.environmentFiles),
    edit.logConfiguration === undefined
      ? undefined
      : editLogConfiguration(container, name, edit.logConfiguration, context)
  ]
  return changes.filter((change): change is Change => change !== undefined)
}

function editImage(container: JsonObject, name: string, image?: string): Change | undefined {
  if (image === undefined || container['image'] === image) return undefined
  const change = { scope: name, field: 'image', before: describe(container['image']), after: image }
  container['image'] = image
  return change
}

function editEnvironment(
  container: JsonObject,
  name: string,
  environment: NamedValues | undefined,
  mode: ContainerEdit['environmentMode']
): Change | undefined {
  if (environment === undefined) return undefined
  if (mode === 'replace') return replaceEnvironment(container, name, environment)
  const current = Array.isArray(container['environment'])
    ? container['environment'].filter(isObject)
    : []
  const { list, note } = mergeNamed(current, environment, 'name', 'value')
  if (note === undefined) return undefined
  container['environment'] = list
  return { scope: name, field: 'environment', note }
}

function replaceEnvironment(container: JsonObject, name: string, environment: NamedValues): Change {
  const list = [...environment].flatMap(([key, value]) =>
    value === null ? [] : [{ name: key, value }]
  )
  container['environment'] = list
  return {
    scope: name,
    field: 'environment',
    note: `replaced: ${list.length === 0 ? 'now empty' : `now ${list.map((item) => item.name).join(', ')}`}`
  }
}

function editSecrets(
  container: JsonObject,
  name: string,
  secrets: NamedValues | undefined
): Change | undefined {
  if (secrets === undefined) return undefined
  const current = Array.isArray(container['secrets']) ? container['secrets'].filter(isObject) : []
  const { list, note } = mergeNamed(current, secrets, 'name', 'valueFrom')
  if (note === undefined) return undefined
  container['secrets'] = list
  return { scope: name, field: 'secrets', note }
}

function editDockerLabels(
  container: JsonObject,
  name: string,
  dockerLabels: NamedValues | undefined
): Change | undefined {
  if (dockerLabels === undefined) return undefined
  const labels = isObject(container['dockerLabels']) ? { ...container['dockerLabels'] } : {}
  const note = mergeMap(labels, dockerLabels)
  if (note === undefined) return undefined
  container['dockerLabels'] = labels
  return { scope: name, field: 'dockerLabels', note }
}

function editCommand(container: JsonObject, name: string, command?: string[]): Change | undefined {
  if (command === undefined) return undefined
  if (JSON.stringify(container['command']) === JSON.stringify(command)) return undefined
  const change = {
    scope: name,
    field: 'command',
    before: describe(container['command']),
    after: JSON.stringify(command)
  }
  container['command'] = command
  return change
}

function editEnvironmentFiles(
  container: JsonObject,
  name: string,
  environmentFiles?: string[]
): Change | undefined {
  if (environmentFiles === undefined) return undefined
  const files = environmentFiles.map((value) => ({ value, type: 's3' }))
  if (JSON.stringify(container['environmentFiles'] ?? []) === JSON.stringify(files))
    return undefined
  container['environmentFiles'] = files
  return {
    scope: name,
    field: 'environmentFiles',
    note: `replaced: ${files.length === 0 ? 'now none' : `now ${environmentFiles.join(', ')}`}`
  }
}

/**
 * The awslogs defaults follow the ECS console's: group /ecs/<family>, the task's region,
 * stream prefix "ecs" (required on Fargate).
 */
function editLogConfiguration(
  container: JsonObject,
  name: string,
  edit: LogConfigurationEdit,
  context: ContainerContext
): Change | undefined {
  const current = isObject(container['logConfiguration'])
    ? container['logConfiguration']
    : undefined
  const currentDriver =
    typeof current?.['logDriver'] === 'string' ? current['logDriver'] : undefined
  const driver = edit.driver ?? currentDriver
  if (driver === undefined) {
    throw new UserError(
      `Container "${name}" has no log driver to apply log options to; give the log driver too (for example awslogs).`
    )
  }
  const keepOptions = driver === currentDriver && isObject(current?.['options'])
  const options: JsonObject = keepOptions ? { ...(current?.['options'] as JsonObject) } : {}
  if (edit.options !== undefined) mergeMap(options, edit.options)
  if (driver === 'awslogs') {
    options['awslogs-group'] ??= `/ecs/${context.family}`
    if (context.region !== undefined) options['awslogs-region'] ??= context.region
    options['awslogs-stream-prefix'] ??= 'ecs'
  }
  const next: JsonObject = { ...(current ?? {}), logDriver: driver, options }
  if (!keepOptions) delete next['secretOptions']
  if (JSON.stringify(next) === JSON.stringify(current)) return undefined
  container['logConfiguration'] = next
  // Option values can hold tokens (splunk-token, a Datadog apikey): only their names are shown.
  const shown = Object.keys(options).join(', ')
  return {
    scope: name,
    field: 'logConfiguration',
    before: currentDriver,
    after: shown === '' ? driver : `${driver} (options ${shown})`
  }
}

/** Upserts `{<keyField>, <valueField>}` entries by name; null removes. Notes names only. */
function mergeNamed(
  list: JsonObject[],
  edits: NamedValues,
  keyField: string,
  valueField: string
): { list: JsonObject[]; note: string | undefined } {
  const result = list.map((item) => ({ ...item }))
  const added: string[] = []
  const updated: string[] = []
  const removed: string[] = []
  for (const [key, value] of edits) {
    const index = result.findIndex((item) => item[keyField] === key)
    if (value === null) {
      if (index !== -1) {
        result.splice(index, 1)
        removed.push(key)
      }
    } else if (index === -1) {
      result.push({ [keyField]: key, [valueField]: value })
      added.push(key)
    } else if ((result[index] as JsonObject)[valueField] !== value) {
      ;(result[index] as JsonObject)[valueField] = value
      updated.push(key)
    }
  }
  return { list: result, note: describeNames(added, updated, removed) }
}

function mergeMap(target: JsonObject, edits: NamedValues): string | undefined {
  const added: string[] = []
  const updated: string[] = []
  const removed: string[] = []
  for (const [key, value] of edits) {
    if (value === null) {
      if (key in target) removed.push(key)
      delete target[key]
    } else if (!(key in target)) {
      target[key] = value
      added.push(key)
    } else if (target[key] !== value) {
      target[key] = value
      updated.push(key)
    }
  }
  return describeNames(added, updated, removed)
}

function describeNames(added: string[], updated: string[], removed: string[]): string | undefined {
  const parts = [
    added.length > 0 ? `added ${added.join(', ')}` : '',
    updated.length > 0 ? `changed ${updated.join(', ')}` : '',
    removed.length > 0 ? `removed ${removed.join(', ')}` : ''
  ].filter((part) => part !== '')
  return parts.length > 0 ? parts.join('; ') : undefined
}

function describe(value: unknown): string | undefined {
  if (value === undefined) return undefined
  return typeof value === 'string' ? value : JSON.stringify(value)
}
