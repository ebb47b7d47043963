import { fargateSizeProblem, parseCpuUnits, parseMemoryMiB } from './fargate-sizes.js'
import { isObject, joinPath, type JsonObject } from './json.js'
import type { Problem } from './problems.js'
import { isEcrImage, isRoleReference } from './references.js'
import { TASK_DEFINITION } from './schema.js'
import { checkShape } from './shape-check.js'
import { tagProblem, tooManyTagsProblem } from './tags.js'
import { checkContainer, namesOf, type Add, type ContainerContext } from './validate-container.js'

const NAME = /^[A-Za-z0-9_-]{1,255}$/
const MAX_CONTAINERS = 10

/**
 * Every reason RegisterTaskDefinition would refuse this definition, or a Fargate task built from
 * it would not start, that can be seen without calling AWS. Each problem carries its JSON path.
 */
export function validateTaskDefinition(definition: JsonObject): Problem[] {
  const problems: Problem[] = []
  checkShape(definition, TASK_DEFINITION, '$', problems)
  const add = (path: string, message: string) => problems.push({ path, message })

  checkFamily(definition, add)
  checkRoleArns(definition, add)
  const containers = Array.isArray(definition['containerDefinitions'])
    ? definition['containerDefinitions']
    : []
  checkContainerCount(definition, containers, add)

  const compatibilities = definition['requiresCompatibilities']
  const fargate = Array.isArray(compatibilities) && compatibilities.includes('FARGATE')
  const awsvpc = definition['networkMode'] === 'awsvpc'
  checkNetworkMode(definition, fargate, awsvpc, add)
  const taskMemory = checkTaskSize(definition, fargate, add)
  checkEphemeralStorage(definition, add)

  const names = checkContainers(containers, { awsvpc, fargate, taskMemory }, add)
  checkSomeContainerEssential(containers, add)
  checkReferences(definition, containers, names, add)
  if (fargate) checkExecutionRole(definition, containers, add)
  checkTags(definition['tags'], add)
  checkRequestSize(definition, add)
  return problems
}

function checkFamily(definition: JsonObject, add: Add): void {
  const family = definition['family']
  if (typeof family === 'string' && !NAME.test(family)) {
    add('$.family', `"${family}" must be 1 to 255 letters, digits, hyphens or underscores.`)
  }
}

function checkRoleArns(definition: JsonObject, add: Add): void {
  for (const role of ['taskRoleArn', 'executionRoleArn']) {
    const value = definition[role]
    if (typeof value === 'string' && !isRoleReference(value)) {
      add(`$.${role}`, `"${value}" is not an IAM role ARN (arn:aws:iam::<account>:role/<name>).`)
    }
  }
}

function checkContainerCount(definition: JsonObject, containers: unknown[], add: Add): void {
  if (!Array.isArray(definition['containerDefinitions'])) return
  if (containers.length === 0) {
    add(
      '$.containerDefinitions',
      'is empty; it must hold at least one container (with a name and an image).'
    )
  }
  if (containers.length > MAX_CONTAINERS) {
    add(
      '$.containerDefinitions',
      `holds ${containers.length} containers; ECS allows ${MAX_CONTAINERS}.`
    )
  }
}

function checkNetworkMode(
  definition: JsonObject,
  fargate: boolean,
  awsvpc: boolean,
  add: Add
): void {
  if (fargate && definition['networkMode'] !== undefined && !awsvpc) {
    add('$.networkMode', `Fargate requires "awsvpc", not "${String(definition['networkMode'])}".`)
  } else if (fargate && definition['networkMode'] === undefined) {
    add('$.networkMode', 'Fargate requires "networkMode": "awsvpc".')
  }
}

/** Checks each container; returns the index of the first container of each name. */
function checkContainers(
  containers: unknown[],
  context: ContainerContext,
  add: Add
): Map<string, number> {
  const names = new Map<string, number>()
  containers.forEach((container, index) => {
    if (!isObject(container)) return
    const path = joinPath('$.containerDefinitions', index)
    checkContainerName(container['name'], path, index, names, add)
    checkImage(container['image'], path, add)
    checkContainer(container, path, context, add)
  })
  return names
}

function checkContainerName(
  name: unknown,
  path: string,
  index: number,
  names: Map<string, number>,
  add: Add
): void {
  if (name === undefined) add(`${path}.name`, 'required and missing.')
  if (typeof name !== 'string') return
  if (!NAME.test(name))
    add(`${path}.name`, `"${name}" must be 1 to 255 letters, digits, hyphens or underscores.`)
  const first = names.get(name)
  if (first !== undefined) {
    add(
      `${path}.name`,
      `"${name}" is also the name of $.containerDefinitions[${first}]; names must be unique.`
    )
  } else names.set(name, index)
}

function checkImage(image: unknown, path: string, add: Add): void {
  if (image === undefined || image === '') add(`${path}.image`, 'required and missing.')
  else if (typeof image === 'string' && /\s/.test(image))
    add(`${path}.image`, `"${image}" contains whitespace.`)
}

function checkSomeContainerEssential(containers: unknown[], add: Add): void {
  if (containers.length > 0 && containers.every((c) => isObject(c) && c['essential'] === false)) {
    add(
      '$.containerDefinitions',
      'at least one container must be essential (essential is true when absent).'
    )
  }
}

// ECS refuses a RegisterTaskDefinition request over 64 KiB with "Actual length: '66420'. Max
// allowed length is '65536' bytes." (awsdocs/amazon-ecs-developer-guide pull request 149, merged
// 2021-01-22, which corrected the documented quota from 32 KiB; read 2026-12-01).
export const MAX_TASK_DEFINITION_BYTES = 65536

/** The size of the JSON request that registering this definition sends. */
export function taskDefinitionBytes(definition: JsonObject): number {
  return Buffer.byteLength(JSON.stringify(definition), 'utf8')
}

function checkRequestSize(definition: JsonObject, add: Add): void {
  const bytes = taskDefinitionBytes(definition)
  if (bytes > MAX_TASK_DEFINITION_BYTES) {
    add(
      '$',
      `the task definition is ${bytes} bytes as JSON; ECS accepts at most ${MAX_TASK_DEFINITION_BYTES} (64 KiB). Move large values to environmentFiles, Secrets Manager or SSM parameters.`
    )
  }
}

function checkTags(tags: unknown, add: Add): void {
  if (!Array.isArray(tags)) return
  const tooMany = tooManyTagsProblem(tags.length)
  if (tooMany !== undefined) add('$.tags', tooMany)
  const seen = new Set<string>()
  tags.forEach((tag, index) => {
    if (!isObject(tag) || typeof tag['key'] !== 'string') return
    const path = joinPath('$.tags', index)
    const key = tag['key']
    if (seen.has(key)) add(`${path}.key`, `"${key}" is given twice; tag keys must be unique.`)
    seen.add(key)
    const value = typeof tag['value'] === 'string' ? tag['value'] : ''
    const problem = tagProblem(key, value)
    if (problem !== undefined)
      add(problem.startsWith('tag key') ? `${path}.key` : `${path}.value`, problem)
  })
}

function checkTaskSize(definition: JsonObject, fargate: boolean, add: Add): number | undefined {
  const cpuValue = definition['cpu']
  const memoryValue = definition['memory']
  const cpu = typeof cpuValue === 'string' ? parseCpuUnits(cpuValue) : undefined
  const memory = typeof memoryValue === 'string' ? parseMemoryMiB(memoryValue) : undefined
  if (typeof cpuValue === 'string' && cpu === undefined) {
    add(
      '$.cpu',
      `"${cpuValue}" is not a cpu value; use cpu units such as "256" or a form like "1 vCPU".`
    )
  }
  if (typeof memoryValue === 'string' && memory === undefined) {
    add(
      '$.memory',
      `"${memoryValue}" is not a memory value; use MiB such as "512" or a form like "1GB".`
    )
  }
  if (!fargate) return memory
  if (cpuValue === undefined) add('$.cpu', 'required on Fargate (task-level cpu).')
  if (memoryValue === undefined) add('$.memory', 'required on Fargate (task-level memory).')
  if (cpu !== undefined && memory !== undefined) {
    const platform = definition['runtimePlatform']
    const family = isObject(platform) ? platform['operatingSystemFamily'] : undefined
    const os = typeof family === 'string' && family.startsWith('WINDOWS') ? 'WINDOWS' : 'LINUX'
    const problem = fargateSizeProblem(cpu, memory, os)
    if (problem !== undefined) add(problem.startsWith('cpu') ? '$.cpu' : '$.memory', problem)
  }
  return memory
}

function checkEphemeralStorage(definition: JsonObject, add: Add): void {
  const storage = definition['ephemeralStorage']
  if (!isObject(storage)) return
  const size = storage['sizeInGiB']
  if (typeof size === 'number' && (size < 21 || size > 200)) {
    add('$.ephemeralStorage.sizeInGiB', `${size} is outside the 21 to 200 GiB Fargate allows.`)
  }
}

function checkReferences(
  definition: JsonObject,
  containers: unknown[],
  names: Map<string, number>,
  add: Add
): void {
  const volumeNames = new Set(namesOf(definition['volumes']))
  containers.forEach((container, index) => {
    if (!isObject(container)) return
    const path = joinPath('$.containerDefinitions', index)
    const each = (key: string, field: string, known: (name: string) => boolean, what: string) => {
      const list = Array.isArray(container[key]) ? container[key] : []
      list.forEach((item: unknown, itemIndex: number) => {
        if (!isObject(item) || typeof item[field] !== 'string') return
        const name = item[field]
        if (!known(name))
          add(`${joinPath(`${path}.${key}`, itemIndex)}.${field}`, `no ${what} is named "${name}".`)
      })
    }
    each('dependsOn', 'containerName', (name) => names.has(name), 'container')
    each('volumesFrom', 'sourceContainer', (name) => names.has(name), 'container')
    each('mountPoints', 'sourceVolume', (name) => volumeNames.has(name), 'volume in $.volumes')
  })
  const proxy = definition['proxyConfiguration']
  if (
    isObject(proxy) &&
    typeof proxy['containerName'] === 'string' &&
    !names.has(proxy['containerName'])
  ) {
    add('$.proxyConfiguration.containerName', `no container is named "${proxy['containerName']}".`)
  }
}

// On Fargate the agent pulls private ECR images, fetches secrets and writes awslogs with the
// execution role; without one the task stops at start with ResourceInitializationError.
function checkExecutionRole(definition: JsonObject, containers: unknown[], add: Add): void {
  if (definition['executionRoleArn'] !== undefined) return
  const needs = new Set<string>()
  for (const container of containers) {
    if (!isObject(container)) continue
    if (typeof container['image'] === 'string' && isEcrImage(container['image']))
      needs.add('pull from ECR')
    if (Array.isArray(container['secrets']) && container['secrets'].length > 0)
      needs.add('read secrets')
    if (container['repositoryCredentials'] !== undefined) needs.add('read repository credentials')
    const log = container['logConfiguration']
    if (isObject(log) && log['logDriver'] === 'awslogs') needs.add('write awslogs')
  }
  if (needs.size > 0) {
    add('$.executionRoleArn', `required on Fargate to ${[...needs].join(', ')}.`)
  }
}
