import { isObject, joinPath, type JsonObject } from './json.js'
import { environmentFileProblem, MAX_ENVIRONMENT_FILES, secretSourceProblem } from './references.js'

export type Add = (path: string, message: string) => void

export interface ContainerContext {
  awsvpc: boolean
  fargate: boolean
  taskMemory: number | undefined
}

/** The checks of one container definition that need nothing but it and its task's context. */
export function checkContainer(
  container: JsonObject,
  path: string,
  context: ContainerContext,
  add: Add
): void {
  checkPortMappings(container, path, context.awsvpc, add)
  checkHealthCheck(container['healthCheck'], `${path}.healthCheck`, add)
  checkContainerMemory(container, path, context.taskMemory, add)
  checkUniqueNames(container['environment'], `${path}.environment`, add)
  checkUniqueNames(container['secrets'], `${path}.secrets`, add)
  checkSecrets(container, path, add)
  checkEnvironmentFiles(container, path, add)
  checkEnvironmentHasNames(container, path, add)
  checkAwslogsOptions(container, path, context.fargate, add)
}

const MAX_PORT = 65535

function checkPortMappings(container: JsonObject, path: string, awsvpc: boolean, add: Add): void {
  const ports = Array.isArray(container['portMappings']) ? container['portMappings'] : []
  ports.forEach((port, index) => {
    if (!isObject(port)) return
    const portPath = joinPath(`${path}.portMappings`, index)
    const hostPort = port['hostPort']
    if (port['containerPort'] === undefined && port['containerPortRange'] === undefined) {
      add(portPath, 'needs containerPort (or containerPortRange).')
    }
    for (const field of ['containerPort', 'hostPort']) {
      const value = port[field]
      if (typeof value === 'number' && (value < 0 || value > MAX_PORT)) {
        add(`${portPath}.${field}`, `${value} is not a port; use 0 to ${MAX_PORT}.`)
      }
    }
    if (awsvpc && hostPort !== undefined && hostPort !== port['containerPort']) {
      add(
        `${portPath}.hostPort`,
        `under awsvpc hostPort must equal containerPort (${String(port['containerPort'])}) or be left out; it is ${String(hostPort)}.`
      )
    }
  })
}

// The bounds AWS documents for a container health check ("You may specify between 2 and 60
// seconds" for the timeout, 5-300 for the interval, 1-10 retries, 0-300 start period), as given in
// https://docs.aws.amazon.com/cdk/api/latest/python/aws_cdk.aws_ecs/HealthCheck.html (read 2026-12-01).
const HEALTH_CHECK_BOUNDS: Record<string, [number, number, string]> = {
  interval: [5, 300, 'seconds'],
  timeout: [2, 60, 'seconds'],
  retries: [1, 10, 'retries'],
  startPeriod: [0, 300, 'seconds']
}

function checkHealthCheck(healthCheck: unknown, path: string, add: Add): void {
  if (!isObject(healthCheck)) return
  for (const [field, [min, max, unit]] of Object.entries(HEALTH_CHECK_BOUNDS)) {
    const value = healthCheck[field]
    if (typeof value === 'number' && (value < min || value > max)) {
      add(`${path}.${field}`, `${value} is outside the ${min} to ${max} ${unit} ECS allows.`)
    }
  }
}

function checkContainerMemory(
  container: JsonObject,
  path: string,
  taskMemory: number | undefined,
  add: Add
): void {
  const memory = container['memory']
  const reservation = container['memoryReservation']
  if (typeof memory === 'number' && typeof reservation === 'number' && reservation > memory) {
    add(
      `${path}.memoryReservation`,
      `${reservation} is above the container's memory limit of ${memory}.`
    )
  }
  if (taskMemory !== undefined && typeof memory === 'number' && memory > taskMemory) {
    add(`${path}.memory`, `${memory} MiB is above the task's memory of ${taskMemory} MiB.`)
  }
}

export function namesOf(list: unknown): string[] {
  if (!Array.isArray(list)) return []
  return list.flatMap((item) =>
    isObject(item) && typeof item['name'] === 'string' ? [item['name']] : []
  )
}

function checkUniqueNames(list: unknown, path: string, add: Add): void {
  if (!Array.isArray(list)) return
  const seen = new Set<string>()
  list.forEach((item, index) => {
    if (!isObject(item) || typeof item['name'] !== 'string') return
    if (seen.has(item['name'])) add(joinPath(path, index), `"${item['name']}" is given twice.`)
    seen.add(item['name'])
  })
}

function checkSecrets(container: JsonObject, path: string, add: Add): void {
  const environmentNames = new Set(namesOf(container['environment']))
  const secrets = Array.isArray(container['secrets']) ? container['secrets'] : []
  secrets.forEach((secret, index) => {
    if (!isObject(secret)) return
    const secretPath = joinPath(`${path}.secrets`, index)
    if (typeof secret['name'] === 'string' && environmentNames.has(secret['name'])) {
      add(
        `${secretPath}.name`,
        `"${secret['name']}" is also set in environment; keep one of the two.`
      )
    }
    if (typeof secret['valueFrom'] === 'string') {
      const problem = secretSourceProblem(secret['valueFrom'])
      if (problem !== undefined) add(`${secretPath}.valueFrom`, problem)
    }
  })
}

function checkEnvironmentFiles(container: JsonObject, path: string, add: Add): void {
  const files = Array.isArray(container['environmentFiles']) ? container['environmentFiles'] : []
  if (files.length > MAX_ENVIRONMENT_FILES) {
    add(
      `${path}.environmentFiles`,
      `${files.length} files; ECS takes at most ${MAX_ENVIRONMENT_FILES} per container.`
    )
  }
  files.forEach((file, index) => {
    if (isObject(file) && typeof file['value'] === 'string') {
      const problem = environmentFileProblem(file['value'])
      if (problem !== undefined)
        add(`${joinPath(`${path}.environmentFiles`, index)}.value`, problem)
    }
  })
}

function checkEnvironmentHasNames(container: JsonObject, path: string, add: Add): void {
  const environment = Array.isArray(container['environment']) ? container['environment'] : []
  environment.forEach((variable, index) => {
    if (isObject(variable) && typeof variable['name'] !== 'string') {
      add(joinPath(`${path}.environment`, index), 'needs a name.')
    }
  })
}

function checkAwslogsOptions(
  container: JsonObject,
  path: string,
  fargate: boolean,
  add: Add
): void {
  const log = container['logConfiguration']
  if (!isObject(log) || log['logDriver'] !== 'awslogs') return
  const options = isObject(log['options']) ? log['options'] : {}
  const required = ['awslogs-group', 'awslogs-region']
  // Fargate has no container instance to name the stream after, so the prefix is mandatory there.
  if (fargate) required.push('awslogs-stream-prefix')
  for (const option of required) {
    if (options[option] === undefined || options[option] === '') {
      add(`${path}.logConfiguration.options`, `the awslogs driver needs "${option}".`)
    }
  }
}
