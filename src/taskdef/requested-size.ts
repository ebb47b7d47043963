import { InputError } from '../shared/errors.js'
import { fargateSizeProblem, parseCpuUnits, parseMemoryMiB } from './fargate-sizes.js'
import { isObject, type JsonObject } from './json.js'

/** The task size a render asks for; either half may be left to the task definition. */
export interface RequestedSize {
  cpu?: { units: number }
  memory?: { mib: number }
  operatingSystemFamily?: string
}

/**
 * A requested cpu or memory is checked against Fargate's table before rendering, so the error
 * names the input (cpu, memory) rather than a JSON path. The other half of the pair may come from
 * the task definition.
 */
export function checkRequestedSize(size: RequestedSize, definition: JsonObject): void {
  if (size.cpu === undefined && size.memory === undefined) return
  const compatibilities = definition['requiresCompatibilities']
  if (!Array.isArray(compatibilities) || !compatibilities.includes('FARGATE')) return
  const cpu = size.cpu?.units ?? parseCpuUnits(String(definition['cpu'] ?? ''))
  const memory = size.memory?.mib ?? parseMemoryMiB(String(definition['memory'] ?? ''))
  if (cpu === undefined || memory === undefined) return
  const platform = isObject(definition['runtimePlatform']) ? definition['runtimePlatform'] : {}
  const family = size.operatingSystemFamily ?? platform['operatingSystemFamily']
  const os = typeof family === 'string' && family.startsWith('WINDOWS') ? 'WINDOWS' : 'LINUX'
  const problem = fargateSizeProblem(cpu, memory, os)
  if (problem === undefined) return
  if (problem.startsWith('cpu')) {
    // A cpu that came from the file is the file's problem: validation reports it with its path.
    if (size.cpu !== undefined) throw new InputError('cpu', problem)
    return
  }
  if (size.memory !== undefined) throw new InputError('memory', problem)
  throw new InputError(
    'cpu',
    `${problem} (memory ${memory} comes from the task definition; set the memory input too)`
  )
}
