import { parseCpuUnits, parseMemoryMiB } from './fargate-sizes.js'
import { isObject, pruneEmpty, type JsonObject } from './json.js'
import { toRegistrable } from './readonly.js'

// What "nothing meaningful changed" means for a task definition. ECS echoes a registered
// definition back with defaults filled in (essential: true, protocol: tcp, hostPort under awsvpc,
// empty arrays...), so a rendered file and the live revision differ textually even when
// registering the file would create an identical revision. Both sides go through the same
// normalisation, and only then are compared.

const HEALTH_CHECK_DEFAULTS: JsonObject = { interval: 30, timeout: 5, retries: 3, startPeriod: 0 }

// Container booleans whose absence means false.
const FALSE_BY_DEFAULT = [
  'disableNetworking',
  'privileged',
  'readonlyRootFilesystem',
  'interactive',
  'pseudoTerminal'
]

/**
 * The task definition reduced to what determines the registered revision: read-only fields,
 * AWS-filled defaults and empty values removed, unordered lists sorted, numbers given as strings
 * where ECS stores strings. Accepts a task definition or a describe-task-definition response.
 */
export function comparableTaskDefinition(input: unknown): Record<string, unknown> {
  const { definition } = toRegistrable(input)
  const pruned = pruneEmpty(structuredClone(definition)) as JsonObject
  normaliseTask(pruned)
  return sortKeysDeep(pruneEmpty(pruned)) as JsonObject
}

/** True when registering `a` and `b` would give the same revision. */
export function taskDefinitionsEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(comparableTaskDefinition(a)) === JSON.stringify(comparableTaskDefinition(b))
}

function normaliseTask(task: JsonObject): void {
  const cpu = task['cpu']
  if (typeof cpu === 'string' || typeof cpu === 'number') {
    const units = parseCpuUnits(cpu)
    if (units !== undefined) task['cpu'] = String(units)
  }
  const memory = task['memory']
  if (typeof memory === 'string' || typeof memory === 'number') {
    const mib = parseMemoryMiB(memory)
    if (mib !== undefined) task['memory'] = String(mib)
  }
  if (task['networkMode'] === 'bridge') delete task['networkMode']
  if (task['enableFaultInjection'] === false) delete task['enableFaultInjection']

  const compatibilities = task['requiresCompatibilities']
  if (Array.isArray(compatibilities)) task['requiresCompatibilities'] = [...compatibilities].sort()
  const fargate = Array.isArray(compatibilities) && compatibilities.includes('FARGATE')

  // On Fargate an absent runtime platform runs as Linux on x86_64.
  const platform = task['runtimePlatform']
  if (fargate && isObject(platform)) {
    if (platform['cpuArchitecture'] === 'X86_64') delete platform['cpuArchitecture']
    if (platform['operatingSystemFamily'] === 'LINUX') delete platform['operatingSystemFamily']
  }

  if (Array.isArray(task['tags'])) task['tags'] = sortBy(task['tags'], 'key')
  if (Array.isArray(task['volumes'])) task['volumes'] = sortBy(task['volumes'], 'name')

  const containers = task['containerDefinitions']
  if (Array.isArray(containers)) {
    const awsvpc = task['networkMode'] === 'awsvpc'
    for (const container of containers) {
      if (isObject(container)) normaliseContainer(container, awsvpc)
    }
    task['containerDefinitions'] = sortBy(containers, 'name')
  }
}

function normaliseContainer(container: JsonObject, awsvpc: boolean): void {
  if (container['essential'] === true) delete container['essential']
  if (container['cpu'] === 0) delete container['cpu']
  if (container['versionConsistency'] === 'enabled') delete container['versionConsistency']
  for (const key of FALSE_BY_DEFAULT) {
    if (container[key] === false) delete container[key]
  }

  const ports = container['portMappings']
  if (Array.isArray(ports)) {
    for (const port of ports) {
      if (!isObject(port)) continue
      if (port['protocol'] === 'tcp') delete port['protocol']
      const hostPort = port['hostPort']
      // awsvpc forces hostPort = containerPort; under bridge, 0 means "dynamic", as absent does.
      if ((awsvpc && hostPort === port['containerPort']) || hostPort === 0) delete port['hostPort']
    }
  }

  for (const key of ['mountPoints', 'volumesFrom']) {
    const list = container[key]
    if (!Array.isArray(list)) continue
    for (const item of list) {
      if (isObject(item) && item['readOnly'] === false) delete item['readOnly']
    }
  }

  const healthCheck = container['healthCheck']
  if (isObject(healthCheck)) {
    for (const [key, value] of Object.entries(HEALTH_CHECK_DEFAULTS)) {
      if (healthCheck[key] === value) delete healthCheck[key]
    }
  }

  // ECS does not give the order of these lists a meaning; a reordered file is the same revision.
  if (Array.isArray(container['environment'])) {
    container['environment'] = sortBy(container['environment'], 'name')
  }
  if (Array.isArray(container['secrets']))
    container['secrets'] = sortBy(container['secrets'], 'name')
}

function sortBy(list: unknown[], key: string): unknown[] {
  const label = (item: unknown): string =>
    isObject(item) && typeof item[key] === 'string' ? item[key] : JSON.stringify(item)
  return [...list].sort((a, b) => (label(a) < label(b) ? -1 : label(a) > label(b) ? 1 : 0))
}

function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep)
  if (isObject(value)) {
    const sorted: JsonObject = {}
    for (const key of Object.keys(value).sort()) sorted[key] = sortKeysDeep(value[key])
    return sorted
  }
  return value
}
