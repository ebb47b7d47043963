import { existsSync } from 'node:fs'
import type { ECSClient } from '@aws-sdk/client-ecs'
import { UserError } from '../shared/errors.js'
import { pathRoots, workspacePath, type PathRoots } from '../shared/workspace.js'
import { describeLiveTaskDefinition, readTaskDefinitionFile } from '../taskdef/load.js'
import { fargateSizeProblem, parseCpuUnits, parseMemoryMiB } from '../taskdef/fargate-sizes.js'
import type { Architecture, OperatingSystem } from './rate-keys.js'
import type { TaskSize } from './scenario.js'

interface PricedFields {
  cpu?: string | number
  memory?: string | number
  runtimePlatform?: { cpuArchitecture?: string; operatingSystemFamily?: string }
  ephemeralStorage?: { sizeInGiB?: number }
}

/** The fields that set a Fargate task's price, checked against the sizes Fargate sells. */
export function taskSizeOf(definition: unknown, label: string): TaskSize {
  if (typeof definition !== 'object' || definition === null || Array.isArray(definition)) {
    throw new UserError(`${label}: not a task definition (expected a JSON object).`)
  }
  const fields = definition as PricedFields
  if (fields.cpu === undefined || fields.memory === undefined) {
    throw new UserError(
      `${label}: Fargate tasks need cpu and memory at the task level; this definition has ${fields.cpu === undefined ? 'no cpu' : 'no memory'}.`
    )
  }
  const cpu = parseCpuUnits(fields.cpu)
  const memory = parseMemoryMiB(fields.memory)
  if (cpu === undefined)
    throw new UserError(`${label}: cpu "${fields.cpu}" is not a cpu value (1024, or "1 vCPU").`)
  if (memory === undefined)
    throw new UserError(
      `${label}: memory "${fields.memory}" is not a memory value (2048, or "2 GB").`
    )

  const family = fields.runtimePlatform?.operatingSystemFamily ?? 'LINUX'
  const os: OperatingSystem = family.startsWith('WINDOWS') ? 'WINDOWS' : 'LINUX'
  const architectureText = fields.runtimePlatform?.cpuArchitecture ?? 'X86_64'
  if (architectureText !== 'X86_64' && architectureText !== 'ARM64') {
    throw new UserError(
      `${label}: runtimePlatform.cpuArchitecture "${architectureText}" is not X86_64 or ARM64.`
    )
  }
  const architecture: Architecture = architectureText
  if (os === 'WINDOWS' && architecture === 'ARM64') {
    throw new UserError(`${label}: Fargate runs Windows containers on X86_64 only.`)
  }
  const problem = fargateSizeProblem(cpu, memory, os)
  if (problem !== undefined) throw new UserError(`${label}: ${problem}`)
  return {
    cpuUnits: cpu,
    memoryMiB: memory,
    architecture,
    os,
    ephemeralStorageGiB: fields.ephemeralStorage?.sizeInGiB ?? 20
  }
}

/** A RegisterTaskDefinition input, or describe-task-definition output ({taskDefinition: ...}). */
export function unwrapTaskDefinition(value: unknown): unknown {
  const wrapped = (value as { taskDefinition?: unknown } | null)?.taskDefinition
  return typeof wrapped === 'object' && wrapped !== null ? wrapped : value
}

// A live reference: an ARN, or family[:revision] (letters, digits, - and _ only). Anything else,
// a slash or a dot in it, can only be a file.
const LIVE_REFERENCE = /^(arn:.+|[A-Za-z0-9_-]{1,255}(:\d+)?)$/

/**
 * A file when `reference` names one in the workspace (or looks like no live reference), else the
 * live definition (family, family:revision or ARN). `input` is the input it came from.
 */
export async function loadTaskDefinition(
  reference: string,
  input: string,
  ecs: () => ECSClient,
  roots: PathRoots = pathRoots()
): Promise<unknown> {
  const live =
    LIVE_REFERENCE.test(reference) &&
    (reference.startsWith('arn:') || !existsSync(workspacePath(reference, roots)))
  if (!live) {
    return unwrapTaskDefinition((await readTaskDefinitionFile(input, reference, roots)).definition)
  }
  return unwrapTaskDefinition(await describeLiveTaskDefinition(ecs(), reference))
}

/** family:revision from an ARN, for shorter labels. */
export function shortTaskDefinitionName(reference: string): string {
  return reference.replace(/^arn:[^:]+:ecs:[^:]+:\d+:task-definition\//, '')
}

/**
 * What a report calls a definition: family:revision as ECS names it, the family alone for a file
 * not registered yet. Never the file's path, which is often a temporary file of the runner.
 */
export function definitionName(definition: unknown, reference: string): string {
  const { family, revision } = (definition ?? {}) as { family?: unknown; revision?: unknown }
  if (typeof family === 'string' && family !== '' && typeof revision === 'number') {
    return `${family}:${revision}`
  }
  // A live reference names its revision itself (family:revision or an ARN).
  const short = shortTaskDefinitionName(reference)
  if (/^[A-Za-z0-9_-]+:\d+$/.test(short)) return short
  if (typeof family === 'string' && family !== '') return family
  return /^[A-Za-z0-9_-]+$/.test(short) ? short : 'task definition without a family'
}
