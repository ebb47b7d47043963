// RegisterTaskDefinition checks that ECS makes server-side, with its messages, and the fields it
// fills in (container defaults, requiresAttributes, compatibilities).

import type { Json } from '../sim/ecs-model.js'
import { AwsError } from '../types.js'

const FARGATE_MEMORY: Record<number, number[]> = {
  256: [512, 1024, 2048],
  512: range(1024, 4096, 1024),
  1024: range(2048, 8192, 1024),
  2048: range(4096, 16384, 1024),
  4096: range(8192, 30720, 1024),
  8192: range(16384, 61440, 4096),
  16384: range(32768, 122880, 8192)
}

function range(from: number, to: number, step: number): number[] {
  const values: number[] = []
  for (let value = from; value <= to; value += step) values.push(value)
  return values
}

const client = (message: string): AwsError => new AwsError('ClientException', message)

/** "1 vCPU" -> "1024", "0.25 vcpu" -> "256"; plain units stay as they are. */
export function normalizeCpu(cpu: unknown): string | undefined {
  if (cpu === undefined || cpu === null || cpu === '') return undefined
  const text = String(cpu).trim()
  const vcpu = /^([\d.]+)\s*vcpu$/i.exec(text)
  return vcpu ? String(Math.round(Number(vcpu[1]) * 1024)) : text
}

/** "1GB" -> "1024", "512" stays. */
export function normalizeMemory(memory: unknown): string | undefined {
  if (memory === undefined || memory === null || memory === '') return undefined
  const text = String(memory).trim()
  const gb = /^([\d.]+)\s*gb$/i.exec(text)
  return gb ? String(Math.round(Number(gb[1]) * 1024)) : text
}

// ECS takes a role ARN or a bare role name (it completes the ARN); anything else, an empty string
// included, is "Role is not valid". Whether the role exists is only seen when a task starts.
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/

function isRoleReference(value: unknown): boolean {
  return typeof value === 'string' && (ROLE_ARN.test(value) || ROLE_NAME.test(value))
}

export function validateTaskDefinition(input: Json, cpu?: string, memory?: string): void {
  const family = input.family
  if (typeof family !== 'string' || family === '') throw client('Family can not be blank.')
  if (!/^[a-zA-Z0-9_-]{1,255}$/.test(family)) {
    throw client(
      'Family contains invalid characters. Up to 255 letters (uppercase and lowercase), numbers, hyphens, and underscores are allowed.'
    )
  }
  for (const key of ['taskRoleArn', 'executionRoleArn']) {
    const role = input[key]
    if (role !== undefined && role !== null && !isRoleReference(role))
      throw client('Role is not valid')
  }
  const containers = (input.containerDefinitions as Json[] | undefined) ?? []
  if (containers.length === 0) throw client('Container list cannot be empty.')
  const names = new Set<string>()
  for (const container of containers) {
    if (!container.name) throw client('Container.name should not be null or empty.')
    if (!container.image) throw client('Container.image should not be null or empty.')
    if (names.has(String(container.name))) throw client('Container names must be unique.')
    names.add(String(container.name))
    if (input.networkMode === 'awsvpc') {
      for (const mapping of (container.portMappings as Json[] | undefined) ?? []) {
        if (mapping.hostPort !== undefined && mapping.hostPort !== mapping.containerPort) {
          throw client(
            'When networkMode=awsvpc, the host ports and container ports in port mappings must match.'
          )
        }
      }
    }
  }
  if (!containers.some((container) => container.essential !== false)) {
    throw client('A task definition must have at least one essential container.')
  }
  const compatibilities = (input.requiresCompatibilities as string[] | undefined) ?? []
  if (compatibilities.includes('FARGATE')) validateFargate(input, containers, cpu, memory)
}

function validateFargate(input: Json, containers: Json[], cpu?: string, memory?: string): void {
  if (input.networkMode !== 'awsvpc') throw client('Fargate only supports network mode ‘awsvpc’.')
  if (cpu === undefined) throw client("Fargate requires that 'cpu' be defined at the task level.")
  if (memory === undefined)
    throw client("Fargate requires that 'memory' be defined at the task level.")
  const allowed = FARGATE_MEMORY[Number(cpu)]
  if (!allowed) throw client("Invalid 'cpu' setting for task.")
  if (!allowed.includes(Number(memory))) {
    throw client(
      `No Fargate configuration exists for given values: ${cpu} CPU, ${memory} memory. See the Amazon ECS documentation for the valid values.`
    )
  }
  const awslogs = containers.some(
    (container) => (container.logConfiguration as Json | undefined)?.logDriver === 'awslogs'
  )
  if (awslogs && !input.executionRoleArn) {
    throw client(
      'Fargate requires task definition to have execution role ARN to support log driver awslogs.'
    )
  }
}

export function normalizeContainer(container: Json, networkMode: unknown): Json {
  const portMappings = ((container.portMappings as Json[] | undefined) ?? []).map((mapping) => ({
    ...mapping,
    ...(networkMode === 'awsvpc' ? { hostPort: mapping.containerPort } : {}),
    protocol: mapping.protocol ?? 'tcp'
  }))
  return {
    name: container.name,
    image: container.image,
    cpu: container.cpu ?? 0,
    ...container,
    portMappings,
    essential: container.essential ?? true,
    environment: container.environment ?? [],
    mountPoints: container.mountPoints ?? [],
    volumesFrom: container.volumesFrom ?? [],
    systemControls: container.systemControls ?? []
  }
}

export function requiresAttributes(input: Json, containers: Json[]): Json[] {
  const names = new Set<string>()
  for (const container of containers) {
    const logging = container.logConfiguration as Json | undefined
    if (logging?.logDriver === 'awslogs') {
      names.add('com.amazonaws.ecs.capability.logging-driver.awslogs')
      names.add('com.amazonaws.ecs.capability.docker-remote-api.1.19')
      if (input.executionRoleArn) names.add('ecs.capability.execution-role-awslogs')
    }
    if (/\.dkr\.ecr\./.test(String(container.image)) && input.executionRoleArn) {
      names.add('com.amazonaws.ecs.capability.ecr-auth')
      names.add('ecs.capability.execution-role-ecr-pull')
    }
    for (const secret of (container.secrets as Json[] | undefined) ?? []) {
      const source = String(secret.valueFrom)
      names.add(
        source.includes(':ssm:') || !source.startsWith('arn:')
          ? 'ecs.capability.secrets.ssm.environment-variables'
          : 'ecs.capability.secrets.asm.environment-variables'
      )
    }
    if (container.healthCheck) names.add('ecs.capability.container-health-check')
    if (container.dependsOn) names.add('ecs.capability.container-ordering')
  }
  if (input.taskRoleArn) names.add('com.amazonaws.ecs.capability.task-iam-role')
  if (input.networkMode === 'awsvpc') {
    names.add('ecs.capability.task-eni')
    names.add('com.amazonaws.ecs.capability.docker-remote-api.1.18')
  }
  return [...names].sort().map((name) => ({ name }))
}

export function compatibilitiesOf(input: Json, cpu?: string, memory?: string): string[] {
  const fargate =
    input.networkMode === 'awsvpc' &&
    cpu !== undefined &&
    memory !== undefined &&
    (FARGATE_MEMORY[Number(cpu)] ?? []).includes(Number(memory))
  return fargate ? ['EC2', 'FARGATE'] : ['EC2']
}
