// Valid Fargate task sizes. Source: the Amazon ECS developer guide's table of Fargate CPU and
// memory (docs.aws.amazon.com/AmazonECS/latest/developerguide/task-cpu-memory-error.html), read
// 2026-11; unchanged in the current SDK model docs.
// Shared by render-taskdef (validation) and estimate-cost (pricing): one table, one message.

export type OperatingSystemFamily = 'LINUX' | 'WINDOWS'

interface SizeRow {
  cpu: number
  memory: number[]
  windows: boolean
}

function range(from: number, to: number, step: number): number[] {
  const values: number[] = []
  for (let value = from; value <= to; value += step) values.push(value)
  return values
}

const SIZES: SizeRow[] = [
  { cpu: 256, memory: [512, 1024, 2048], windows: false },
  { cpu: 512, memory: range(1024, 4096, 1024), windows: false },
  { cpu: 1024, memory: range(2048, 8192, 1024), windows: true },
  { cpu: 2048, memory: range(4096, 16384, 1024), windows: true },
  { cpu: 4096, memory: range(8192, 30720, 1024), windows: true },
  { cpu: 8192, memory: range(16384, 61440, 4096), windows: false },
  { cpu: 16384, memory: range(32768, 122880, 8192), windows: false }
]

export const FARGATE_CPU_VALUES = SIZES.map((row) => row.cpu)

function describeMemory(values: number[]): string {
  if (values.length <= 4) return values.join(', ')
  const step = (values[1] ?? 0) - (values[0] ?? 0)
  return `${values[0]} to ${values[values.length - 1]} in steps of ${step}`
}

/** Memory values Fargate accepts for a cpu value, or undefined when the cpu itself is invalid. */
export function fargateMemoryFor(
  cpu: number,
  os: OperatingSystemFamily = 'LINUX'
): number[] | undefined {
  const row = SIZES.find((candidate) => candidate.cpu === cpu)
  if (row === undefined || (os === 'WINDOWS' && !row.windows)) return undefined
  return row.memory
}

/**
 * Why a cpu/memory pair cannot run on Fargate, with the values that can; undefined when it can.
 * The wording fits after a subject such as `Input "cpu":` or `$.cpu:`.
 */
export function fargateSizeProblem(
  cpu: number,
  memory: number,
  os: OperatingSystemFamily = 'LINUX'
): string | undefined {
  const validCpus = SIZES.filter((row) => os === 'LINUX' || row.windows).map((row) => row.cpu)
  const memoryValues = fargateMemoryFor(cpu, os)
  if (memoryValues === undefined) {
    return `cpu ${cpu} is not a Fargate size${os === 'WINDOWS' ? ' for Windows' : ''}; use one of ${validCpus.join(', ')}.`
  }
  if (!memoryValues.includes(memory)) {
    return `memory ${memory} MiB is not valid with cpu ${cpu} on Fargate; with cpu ${cpu} use memory ${describeMemory(memoryValues)} (MiB).`
  }
  return undefined
}

/** Converts the task definition forms ("1 vCPU", "0.25 vcpu", "1024") to cpu units. */
export function parseCpuUnits(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined
  const text = value.trim()
  const vcpu = /^(\d+(?:\.\d+)?)\s*vcpu$/i.exec(text)
  if (vcpu?.[1] !== undefined) return Math.round(Number(vcpu[1]) * 1024)
  return /^\d+$/.test(text) ? Number(text) : undefined
}

/** Converts the task definition forms ("1GB", "0.5 gb", "512") to MiB. */
export function parseMemoryMiB(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined
  const text = value.trim()
  const gb = /^(\d+(?:\.\d+)?)\s*gb$/i.exec(text)
  if (gb?.[1] !== undefined) return Math.round(Number(gb[1]) * 1024)
  return /^\d+$/.test(text) ? Number(text) : undefined
}
