import { optionalRegion } from '../../src/shared/aws.js'
import { InputError } from '../../src/shared/errors.js'
import {
  booleanInput,
  choiceInput,
  isBlankInput,
  mapInput,
  optionalChoiceInput,
  optionalInput,
  optionalIntegerInput
} from '../../src/shared/inputs.js'
import { parseContainersSpec, splitCommand } from '../../src/taskdef/container-spec.js'
import type { ContainerEdit } from '../../src/taskdef/edit.js'
import { parseCpuUnits, parseMemoryMiB } from '../../src/taskdef/fargate-sizes.js'
import { isRoleReference, secretSourceProblem } from '../../src/taskdef/references.js'
import { isScalewayPrefix, type ScalewayMappingRule } from '../../src/taskdef/scaleway.js'
import { CPU_ARCHITECTURES, LOG_DRIVERS, OS_FAMILIES } from '../../src/taskdef/schema.js'
import { tagProblem, tooManyTagsProblem } from '../../src/taskdef/tags.js'

export type Source =
  | { kind: 'file'; path: string }
  | { kind: 'live'; reference: string; input: 'task-definition-family' | 'task-definition-arn' }

export interface Inputs {
  source: Source
  /** Per-container changes from `containers`, plus the single-container shorthand. */
  containers: Map<string, ContainerEdit>
  /** The shorthand inputs without container-name: the target is resolved once the definition is read. */
  unnamedEdit?: ContainerEdit
  environmentMode: 'merge' | 'replace'
  logDriver?: string
  logOptions: Map<string, string>
  cpu?: { text: string; units: number }
  memory?: { text: string; mib: number }
  ephemeralStorageGiB?: number
  cpuArchitecture?: string
  operatingSystemFamily?: string
  executionRoleArn?: string
  taskRoleArn?: string
  tags: Map<string, string>
  ecrRegistry?: string
  scalewayRules: ScalewayMappingRule[]
  migrateScaleway: boolean
  pinDigests: boolean
  outputPath?: string
  awsRegion?: string
}

function sourceInput(): Source {
  const path = optionalInput('task-definition')
  const family = optionalInput('task-definition-family')
  const arn = optionalInput('task-definition-arn')
  const given = [path, family, arn].filter((value) => value !== undefined)
  if (given.length === 0) {
    throw new InputError(
      'task-definition',
      'required: give a task definition file, or task-definition-family / task-definition-arn to start from what is registered in ECS.'
    )
  }
  if (given.length > 1) {
    throw new InputError(
      'task-definition',
      'give only one of task-definition, task-definition-family and task-definition-arn.'
    )
  }
  if (path !== undefined) return { kind: 'file', path }
  if (arn !== undefined) {
    if (
      !/^arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:task-definition\/[A-Za-z0-9_-]+(:\d+)?$/.test(arn)
    ) {
      throw new InputError(
        'task-definition-arn',
        `"${arn}" is not a task definition ARN (arn:aws:ecs:<region>:<account>:task-definition/<family>[:<revision>]).`
      )
    }
    return { kind: 'live', reference: arn, input: 'task-definition-arn' }
  }
  if (!/^[A-Za-z0-9_-]{1,255}(:\d+)?$/.test(family as string)) {
    throw new InputError(
      'task-definition-family',
      `"${family}" is not a family or family:revision.`
    )
  }
  return { kind: 'live', reference: family as string, input: 'task-definition-family' }
}

/** The single-container inputs, or undefined when none is given. */
function shorthandEdit(): ContainerEdit | undefined {
  const edit: ContainerEdit = {}
  const image = optionalInput('image')
  if (image === undefined && isBlankInput('image')) {
    throw new InputError(
      'image',
      'is blank (only spaces); give an image reference such as 123456789012.dkr.ecr.eu-west-3.amazonaws.com/app:v1, or leave the input out.'
    )
  }
  if (image !== undefined && /\s/.test(image)) {
    throw new InputError('image', `"${image}" contains whitespace; an image reference has none.`)
  }
  if (image !== undefined) edit.image = image
  const environment = mapInput('environment-variables')
  if (environment.size > 0) edit.environment = environment
  const secrets = mapInput('secrets', (_name, source) => secretSourceProblem(source))
  if (secrets.size > 0) edit.secrets = secrets
  const labels = mapInput('docker-labels')
  if (labels.size > 0) edit.dockerLabels = labels
  const command = optionalInput('command')
  if (command !== undefined) edit.command = splitCommand(command, 'command', 'command')
  return Object.keys(edit).length > 0 ? edit : undefined
}

/** Checked here so a bad name is reported by the input, before any AWS call. */
function regionInput(): string | undefined {
  const region = optionalInput('aws-region')
  return region === undefined ? undefined : optionalRegion(region)
}

function roleInput(name: string): string | undefined {
  const value = optionalInput(name)
  if (value !== undefined && !isRoleReference(value)) {
    throw new InputError(
      name,
      `"${value}" is not an IAM role ARN (arn:aws:iam::<account>:role/<name>).`
    )
  }
  return value
}

function sizeInputs(): Pick<Inputs, 'cpu' | 'memory'> {
  const cpuText = optionalInput('cpu')
  const memoryText = optionalInput('memory')
  const units = cpuText === undefined ? undefined : parseCpuUnits(cpuText)
  const mib = memoryText === undefined ? undefined : parseMemoryMiB(memoryText)
  if (cpuText !== undefined && units === undefined) {
    throw new InputError(
      'cpu',
      `"${cpuText}" is not a cpu value: use cpu units (256, 512, 1024...) or "1 vCPU".`
    )
  }
  if (memoryText !== undefined && mib === undefined) {
    throw new InputError(
      'memory',
      `"${memoryText}" is not a memory value: use MiB (512, 1024...) or "2GB".`
    )
  }
  return {
    ...(cpuText !== undefined ? { cpu: { text: String(units), units: units as number } } : {}),
    ...(memoryText !== undefined ? { memory: { text: String(mib), mib: mib as number } } : {})
  }
}

function tagsInput(): Map<string, string> {
  const tags = mapInput('tags')
  const tooMany = tooManyTagsProblem(tags.size)
  if (tooMany !== undefined) throw new InputError('tags', tooMany)
  for (const [key, value] of tags) {
    const problem = tagProblem(key, value)
    if (problem !== undefined) throw new InputError('tags', problem)
  }
  return tags
}

function ecrRegistryInput(): string | undefined {
  const value = optionalInput('ecr-registry')
    ?.replace(/^https?:\/\//, '')
    .replace(/\/+$/, '')
  if (value !== undefined && !/^[a-z0-9.-]+(:\d+)?$/i.test(value)) {
    throw new InputError(
      'ecr-registry',
      `"${value}" is not a registry host (e.g. 123456789012.dkr.ecr.eu-west-3.amazonaws.com).`
    )
  }
  return value
}

function scalewayRulesInput(): ScalewayMappingRule[] {
  return [...mapInput('scaleway-mapping')].map(([from, to]) => {
    if (!isScalewayPrefix(from)) {
      throw new InputError(
        'scaleway-mapping',
        `"${from}" is not a Scaleway registry prefix (rg.<region>.scw.cloud/<namespace>[/<image>]).`
      )
    }
    const components = to.split('/')
    if (
      to === '' ||
      /\s|@/.test(to) ||
      (components.length > 1 && components.at(-1)?.includes(':'))
    ) {
      throw new InputError(
        'scaleway-mapping',
        `"${to}" is not a repository prefix (no tag or digest).`
      )
    }
    return { from, to }
  })
}

export function getInputs(): Inputs {
  const source = sourceInput()
  const containers = parseContainersSpec(optionalInput('containers') ?? '', 'containers')
  const shorthand = shorthandEdit()
  const containerName = optionalInput('container-name')
  let unnamedEdit: ContainerEdit | undefined
  if (containerName !== undefined) {
    if (containers.has(containerName)) {
      throw new InputError(
        'container-name',
        `"${containerName}" is also a key of the containers input; put all of its changes in one place.`
      )
    }
    if (shorthand === undefined) {
      throw new InputError(
        'container-name',
        'given without image, environment-variables, secrets, docker-labels or command.'
      )
    }
    containers.set(containerName, { ...shorthand, origin: 'container-name' })
  } else if (shorthand !== undefined) {
    unnamedEdit = { ...shorthand, origin: 'container-name' }
  }

  const logDriver = optionalChoiceInput('log-driver', LOG_DRIVERS)
  return {
    source,
    containers,
    ...(unnamedEdit !== undefined ? { unnamedEdit } : {}),
    environmentMode: choiceInput('environment-mode', ['merge', 'replace'] as const, 'merge'),
    ...(logDriver !== undefined ? { logDriver } : {}),
    logOptions: mapInput('log-options'),
    ...sizeInputs(),
    ephemeralStorageGiB: optionalIntegerInput('ephemeral-storage', { min: 21, max: 200 }),
    cpuArchitecture: optionalChoiceInput('cpu-architecture', CPU_ARCHITECTURES, {
      amd64: 'X86_64',
      arm: 'ARM64',
      aarch64: 'ARM64'
    }),
    operatingSystemFamily: optionalChoiceInput('operating-system-family', OS_FAMILIES),
    executionRoleArn: roleInput('execution-role-arn'),
    taskRoleArn: roleInput('task-role-arn'),
    tags: tagsInput(),
    ecrRegistry: ecrRegistryInput(),
    scalewayRules: scalewayRulesInput(),
    migrateScaleway: booleanInput('migrate-scaleway', true),
    pinDigests: booleanInput('pin-digests', false),
    outputPath: optionalInput('output-path'),
    awsRegion: regionInput()
  }
}
