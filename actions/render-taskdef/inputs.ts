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
} from '../../src/github/inputs.js'
import { parseContainersSpec } from '../../src/taskdef/container-spec.js'
import { commandFromInput } from '../../src/shared/shell-words.js'
import type { ContainerEdit, LogConfigurationEdit } from '../../src/taskdef/edit.js'
import { parseCpuUnits, parseMemoryMiB } from '../../src/taskdef/fargate-sizes.js'
import {
  environmentFileProblem,
  isRoleReference,
  MAX_ENVIRONMENT_FILES,
  secretSourceProblem
} from '../../src/taskdef/references.js'
import { isScalewayPrefix, type SourceMappingRule } from '../../src/taskdef/source-images.js'
import type { SourcePrefix } from '../../src/registry/sources/prefix.js'
import { sourceRegistriesInput, sourceRulesInput } from './source-inputs.js'
import { CPU_ARCHITECTURES, LOG_DRIVERS, OS_FAMILIES } from '../../src/taskdef/schema.js'
import { tagProblem, tooManyTagsProblem } from '../../src/taskdef/tags.js'

export type Source =
  | { kind: 'file'; path: string }
  | { kind: 'live'; reference: string; input: 'task-definition-family' | 'task-definition-arn' }

export interface Inputs {
  source: Source
  /** Per-container changes from `containers`. */
  containers: Map<string, ContainerEdit>
  /** container-name, split on commas: each listed container gets the shorthand change. */
  containerNames?: string[]
  /** The single-container inputs (image, environment-variables, ..., env-files), when any is given. */
  shorthand?: ContainerEdit
  environmentMode: 'merge' | 'replace'
  /** log-driver / log-options (or their aws-actions aliases), when either is given. */
  log?: LogConfigurationEdit
  cpu?: { text: string; units: number }
  memory?: { text: string; mib: number }
  ephemeralStorageGiB?: number
  cpuArchitecture?: string
  operatingSystemFamily?: string
  executionRoleArn?: string
  taskRoleArn?: string
  tags: Map<string, string>
  ecrRegistry?: string
  scalewayRules: SourceMappingRule[]
  /** source-registries: other registries whose images move to ECR. */
  sourceRegistries: SourcePrefix[]
  /** source-mapping: rules for those images. */
  sourceRules: SourceMappingRule[]
  migrateScaleway: boolean
  pinDigests: boolean
  outputPath?: string
  awsRegion?: string
  /** Inputs given but not used (a source that another one overrides, an alias's twin): one warning each. */
  warnings: string[]
}

const AWS_ACTIONS = 'aws-actions/amazon-ecs-render-task-definition'

/**
 * One source, chosen the way aws-actions/amazon-ecs-render-task-definition chooses it: the file,
 * else the ARN, else the family (with task-definition-revision when given). The inputs it
 * overrides are ignored with a warning, not checked.
 */
function sourceInput(warnings: string[]): Source {
  const path = optionalInput('task-definition')
  const arn = optionalInput('task-definition-arn')
  const family = optionalInput('task-definition-family')
  const revision = optionalInput('task-definition-revision')
  const ignore = (used: string, ignored: [string, string | undefined][]) => {
    const names = ignored.filter(([, value]) => value !== undefined).map(([name]) => name)
    if (names.length > 0) {
      warnings.push(
        `${names.join(', ')} ${names.length === 1 ? 'is' : 'are'} ignored: ${used} is given and takes precedence (as in ${AWS_ACTIONS}).`
      )
    }
  }
  if (path !== undefined) {
    ignore('task-definition', [
      ['task-definition-arn', arn],
      ['task-definition-family', family],
      ['task-definition-revision', revision]
    ])
    return { kind: 'file', path }
  }
  if (arn !== undefined) {
    ignore('task-definition-arn', [
      ['task-definition-family', family],
      ['task-definition-revision', revision]
    ])
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
  if (family === undefined) {
    if (revision !== undefined) {
      throw new InputError(
        'task-definition-revision',
        "a task definition can't be fetched with just a revision: give task-definition-family with it (or use task-definition or task-definition-arn)."
      )
    }
    throw new InputError(
      'task-definition',
      'required: give a task definition file, or task-definition-family / task-definition-arn to start from what is registered in ECS.'
    )
  }
  if (!/^[A-Za-z0-9_-]{1,255}(:\d+)?$/.test(family)) {
    throw new InputError(
      'task-definition-family',
      `"${family}" is not a family or family:revision.`
    )
  }
  if (revision === undefined) {
    return { kind: 'live', reference: family, input: 'task-definition-family' }
  }
  if (!/^\d+$/.test(revision) || Number(revision) < 1) {
    throw new InputError(
      'task-definition-revision',
      `"${revision}" is not a revision number (a whole number from 1).`
    )
  }
  if (family.includes(':')) {
    throw new InputError(
      'task-definition-revision',
      `task-definition-family "${family}" already names a revision; give it in one place.`
    )
  }
  return {
    kind: 'live',
    reference: `${family}:${Number(revision)}`,
    input: 'task-definition-family'
  }
}

/**
 * The input to read for a setting that also has an aws-actions name: the alias when it is given
 * (its value wins, so a step copied from aws-actions behaves as it did), ours otherwise.
 */
function aliasOf(ours: string, alias: string, warnings: string[]): string {
  if (optionalInput(alias) === undefined) return ours
  if (optionalInput(ours) !== undefined) {
    warnings.push(
      `${alias} and ${ours} are both given: ${alias} (the ${AWS_ACTIONS} name) is used and ${ours} is ignored.`
    )
  }
  return alias
}

/** container-name: one name, or several separated by commas; spaces around a name are dropped. */
function containerNamesInput(): string[] | undefined {
  const text = optionalInput('container-name')
  if (text === undefined) return undefined
  const names = text.split(',').map((name) => name.trim())
  const seen = new Set<string>()
  names.forEach((name, index) => {
    if (name === '') {
      throw new InputError(
        'container-name',
        `name ${index + 1} of the comma-separated list is empty; write the names separated by single commas, e.g. "web,sidecar".`
      )
    }
    if (seen.has(name)) throw new InputError('container-name', `"${name}" is listed twice.`)
    seen.add(name)
  })
  return names
}

/** One S3 object ARN per line; blank and `#` lines skipped. Undefined when none is given. */
function environmentFilesInput(name: string): string[] | undefined {
  const files: string[] = []
  ;(optionalInput(name) ?? '').split(/\r?\n/).forEach((line, index) => {
    const value = line.trim()
    if (value === '' || value.startsWith('#')) return
    const problem = environmentFileProblem(value)
    if (problem !== undefined) throw new InputError(name, `line ${index + 1}: ${problem}`)
    files.push(value)
  })
  if (files.length > MAX_ENVIRONMENT_FILES) {
    throw new InputError(
      name,
      `${files.length} files; ECS takes at most ${MAX_ENVIRONMENT_FILES} per container.`
    )
  }
  return files.length > 0 ? files : undefined
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
  if (command !== undefined) edit.command = commandFromInput(command, 'command')
  const environmentFiles = environmentFilesInput('env-files')
  if (environmentFiles !== undefined) edit.environmentFiles = environmentFiles
  return Object.keys(edit).length > 0 ? edit : undefined
}

/** log-driver and log-options, or their aws-actions names; only the first "=" of an option separates. */
function logInput(warnings: string[]): LogConfigurationEdit | undefined {
  const driver = optionalChoiceInput(
    aliasOf('log-driver', 'log-configuration-log-driver', warnings),
    LOG_DRIVERS
  )
  const options = mapInput(aliasOf('log-options', 'log-configuration-options', warnings))
  if (driver === undefined && options.size === 0) return undefined
  return { driver, options: options.size > 0 ? options : undefined }
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
    cpu: units === undefined ? undefined : { text: String(units), units },
    memory: mib === undefined ? undefined : { text: String(mib), mib }
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

function scalewayRulesInput(): SourceMappingRule[] {
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
  const warnings: string[] = []
  const source = sourceInput(warnings)
  const containers = parseContainersSpec(optionalInput('containers') ?? '', 'containers')
  const containerNames = containerNamesInput()
  const shorthand = shorthandEdit()
  const log = logInput(warnings)
  const sourceRegistries = sourceRegistriesInput()
  if (containerNames !== undefined && shorthand === undefined && log === undefined) {
    throw new InputError(
      'container-name',
      'given without anything to change in it: image, environment-variables, secrets, docker-labels, command, env-files, log-driver or log-options.'
    )
  }

  return {
    source,
    containers,
    containerNames,
    shorthand,
    environmentMode: choiceInput('environment-mode', ['merge', 'replace'] as const, 'merge'),
    log,
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
    sourceRegistries,
    sourceRules: sourceRulesInput(sourceRegistries),
    migrateScaleway: booleanInput('migrate-scaleway', true),
    pinDigests: booleanInput('pin-digests', false),
    outputPath: optionalInput('output-path'),
    awsRegion: regionInput(),
    warnings
  }
}
