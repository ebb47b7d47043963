import type {
  EBSTagSpecification,
  ServiceManagedEBSVolumeConfiguration,
  ServiceVolumeConfiguration,
  Tag,
  TaskFilesystemType,
  TaskManagedEBSVolumeConfiguration,
  TaskVolumeConfiguration
} from '@aws-sdk/client-ecs'
import { InputError } from '../shared/errors.js'

// Amazon EBS volumes configured at launch: the `service-managed-ebs-volume*` inputs (sent on
// UpdateService) and `run-task-managed-ebs-volume*` (sent on RunTask) of
// aws-actions/amazon-ecs-deploy-task-definition v2.6.3. The JSON is checked against the ECS API's
// ServiceManagedEBSVolumeConfiguration / TaskManagedEBSVolumeConfiguration shapes (ECS API
// reference and @aws-sdk/client-ecs models, read 2026-12) before anything is sent. Errors name the
// input and the JSON path and never quote a value.

type Json = Record<string, unknown>
export type EbsKind = 'service' | 'task'

const isObject = (value: unknown): value is Json =>
  value !== null && typeof value === 'object' && !Array.isArray(value)

const COMMON_FIELDS = [
  'encrypted',
  'kmsKeyId',
  'volumeType',
  'sizeInGiB',
  'snapshotId',
  'volumeInitializationRate',
  'iops',
  'throughput',
  'tagSpecifications',
  'roleArn',
  'filesystemType'
] as const
const TASK_FIELDS = [...COMMON_FIELDS, 'terminationPolicy'] as const

const VOLUME_TYPES = ['gp2', 'gp3', 'io1', 'io2', 'st1', 'sc1', 'standard'] as const
/** Size limits per volume type, in GiB (ServiceManagedEBSVolumeConfiguration.sizeInGiB). */
const SIZE_LIMITS: Record<string, [number, number]> = {
  gp2: [1, 16_384],
  gp3: [1, 16_384],
  io1: [4, 16_384],
  io2: [4, 16_384],
  st1: [125, 16_384],
  sc1: [125, 16_384],
  standard: [1, 1024]
}
/** NTFS is for Windows tasks of a service only; TaskManagedEBSVolumeConfiguration lists the Linux ones. */
const FILESYSTEMS: Record<EbsKind, readonly TaskFilesystemType[]> = {
  service: ['ext3', 'ext4', 'xfs', 'ntfs'],
  task: ['ext3', 'ext4', 'xfs']
}

class Checker {
  constructor(readonly input: string) {}

  fail(path: string, problem: string): never {
    throw new InputError(this.input, `${path}: ${problem}`)
  }

  fields(value: unknown, path: string, fields: readonly string[]): Json {
    if (!isObject(value)) this.fail(path, `must be a JSON object with ${fields.join(', ')}.`)
    for (const key of Object.keys(value))
      if (!fields.includes(key))
        this.fail(`${path}.${key}`, `unknown field; the fields are ${fields.join(', ')}.`)
    return value
  }

  string(value: unknown, path: string, max = 2048): string {
    if (typeof value !== 'string' || value === '') this.fail(path, 'must be a non-empty string.')
    if (value.length > max) this.fail(path, `is longer than ${max} characters.`)
    return value
  }

  boolean(value: unknown, path: string): boolean {
    if (typeof value !== 'boolean') this.fail(path, 'must be true or false (without quotes).')
    return value
  }

  integer(value: unknown, path: string, min: number, max: number): number {
    if (typeof value !== 'number' || !Number.isInteger(value))
      this.fail(path, 'must be a whole number (without quotes).')
    if (value < min || value > max) this.fail(path, `must be between ${min} and ${max}.`)
    return value
  }

  choice<T extends string>(value: unknown, path: string, choices: readonly T[]): T {
    if (typeof value !== 'string' || !choices.includes(value as T))
      this.fail(path, `must be one of ${choices.join(', ')}.`)
    return value as T
  }
}

function tagSpecifications(check: Checker, value: unknown, path: string): EBSTagSpecification[] {
  if (!Array.isArray(value))
    check.fail(
      path,
      'must be a JSON array, e.g. [{"resourceType": "volume", "tags": [{"key": "team", "value": "banana"}]}].'
    )
  return value.map((item, index) => {
    const at = `${path}[${index}]`
    const raw = check.fields(item, at, ['resourceType', 'tags', 'propagateTags'])
    const spec: EBSTagSpecification = {
      resourceType: check.choice(raw['resourceType'], `${at}.resourceType`, ['volume'] as const)
    }
    if (raw['tags'] !== undefined) {
      if (!Array.isArray(raw['tags']))
        check.fail(`${at}.tags`, 'must be a JSON array of {"key", "value"}.')
      spec.tags = raw['tags'].map((entry, i): Tag => {
        const tagPath = `${at}.tags[${i}]`
        const tag = check.fields(entry, tagPath, ['key', 'value'])
        const key = check.string(tag['key'], `${tagPath}.key`, 128)
        // Reserved by ECS for the tags it adds itself (EBSTagSpecification.tags).
        if (key === 'AmazonECSCreated' || key === 'AmazonECSManaged')
          check.fail(`${tagPath}.key`, 'AmazonECSCreated and AmazonECSManaged are reserved.')
        if (tag['value'] !== undefined && typeof tag['value'] !== 'string')
          check.fail(`${tagPath}.value`, 'must be a string.')
        return { key, value: (tag['value'] as string | undefined) ?? '' }
      })
    }
    if (raw['propagateTags'] !== undefined)
      spec.propagateTags = check.choice(raw['propagateTags'], `${at}.propagateTags`, [
        'TASK_DEFINITION',
        'SERVICE',
        'NONE'
      ] as const)
    return spec
  })
}

export interface ManagedEbsVolume<K extends EbsKind> {
  volume: K extends 'service'
    ? ServiceManagedEBSVolumeConfiguration
    : TaskManagedEBSVolumeConfiguration
  /** What was given but is not sent, as aws-actions drops it too. */
  warnings: string[]
}

/**
 * The JSON of `service-managed-ebs-volume` or `run-task-managed-ebs-volume`, checked field by
 * field. roleArn is required (the ECS infrastructure role that creates the volume); a size or a
 * snapshot is required too (ECS needs one to create the volume).
 */
export function managedEbsVolumeFrom<K extends EbsKind>(
  input: string,
  kind: K,
  value: unknown
): ManagedEbsVolume<K> {
  const check = new Checker(input)
  const raw = check.fields(value, '$', kind === 'service' ? COMMON_FIELDS : TASK_FIELDS)
  const warnings: string[] = []
  if (raw['roleArn'] === undefined)
    check.fail(
      '$.roleArn',
      'is required: the ARN of the ECS infrastructure role that manages the volume, e.g. arn:aws:iam::123456789012:role/ecsInfrastructureRole.'
    )
  const roleArn = check.string(raw['roleArn'], '$.roleArn')
  // The account part is not checked: a placeholder there is ECS's to refuse, as for aws-actions.
  if (!/^arn:aws[a-z-]*:iam::[^:]*:role\/.+$/.test(roleArn))
    check.fail('$.roleArn', 'must be an IAM role ARN (arn:aws:iam::<account>:role/<name>).')
  const volume: TaskManagedEBSVolumeConfiguration = { roleArn }
  const volumeType =
    raw['volumeType'] === undefined
      ? undefined
      : check.choice(raw['volumeType'], '$.volumeType', VOLUME_TYPES)
  if (volumeType !== undefined) volume.volumeType = volumeType
  if (raw['encrypted'] !== undefined)
    volume.encrypted = check.boolean(raw['encrypted'], '$.encrypted')
  if (raw['kmsKeyId'] !== undefined) volume.kmsKeyId = check.string(raw['kmsKeyId'], '$.kmsKeyId')
  if (raw['sizeInGiB'] !== undefined) {
    const [min, max] = SIZE_LIMITS[volumeType ?? 'gp3'] ?? [1, 16_384]
    volume.sizeInGiB = check.integer(raw['sizeInGiB'], '$.sizeInGiB', min, max)
  }
  if (raw['snapshotId'] !== undefined) {
    volume.snapshotId = check.string(raw['snapshotId'], '$.snapshotId')
    if (!/^snap-[0-9a-f]{8,17}$/.test(volume.snapshotId))
      check.fail('$.snapshotId', 'must be an EBS snapshot ID (snap- and 8 or 17 hex digits).')
  }
  if (volume.sizeInGiB === undefined && volume.snapshotId === undefined)
    check.fail('$', 'give sizeInGiB or snapshotId: ECS needs one of them to create the volume.')
  if (raw['volumeInitializationRate'] !== undefined) {
    if (volume.snapshotId === undefined)
      check.fail('$.volumeInitializationRate', 'applies only with snapshotId.')
    volume.volumeInitializationRate = check.integer(
      raw['volumeInitializationRate'],
      '$.volumeInitializationRate',
      100,
      300
    )
  }
  if (raw['iops'] !== undefined) {
    if (volumeType === 'st1' || volumeType === 'sc1' || volumeType === 'standard')
      check.fail('$.iops', 'is not supported for st1, sc1 or standard volumes.')
    volume.iops = check.integer(raw['iops'], '$.iops', 100, 256_000)
  } else if (volumeType === 'io1' || volumeType === 'io2')
    check.fail('$.iops', `is required for ${volumeType} volumes.`)
  if (raw['throughput'] !== undefined) {
    const throughput = check.integer(raw['throughput'], '$.throughput', 125, 1000)
    // aws-actions sends throughput only with volumeType gp3 (the only type that takes it).
    if (volumeType === 'gp3') volume.throughput = throughput
    else
      warnings.push(
        `Input "${input}": $.throughput is not sent: it applies only with "volumeType": "gp3".`
      )
  }
  if (raw['tagSpecifications'] !== undefined)
    volume.tagSpecifications = tagSpecifications(
      check,
      raw['tagSpecifications'],
      '$.tagSpecifications'
    )
  if (raw['filesystemType'] !== undefined)
    volume.filesystemType = check.choice(
      raw['filesystemType'],
      '$.filesystemType',
      FILESYSTEMS[kind]
    )
  if (raw['terminationPolicy'] !== undefined) {
    const policy = check.fields(raw['terminationPolicy'], '$.terminationPolicy', [
      'deleteOnTermination'
    ])
    volume.terminationPolicy = {
      deleteOnTermination: check.boolean(
        policy['deleteOnTermination'],
        '$.terminationPolicy.deleteOnTermination'
      )
    }
  }
  return { volume: volume as ManagedEbsVolume<K>['volume'], warnings }
}

/** A task definition's volumes, whether described by ECS or read from the rendered file. */
interface WithVolumes {
  family?: string | undefined
  volumes?: unknown
}

/**
 * The volume must be one the task definition leaves to launch time: a volume of that name with
 * configuredAtLaunch true. ECS API reference, ServiceVolumeConfiguration / TaskVolumeConfiguration
 * ("must match the volume name from the Volume object in the task definition") and the developer
 * guide "Defer volume configuration to launch time" (configuredAtLaunch must be true), read
 * 2026-12.
 */
export function checkConfiguredAtLaunch(
  nameInput: string,
  name: string,
  definition: WithVolumes
): void {
  const volumes = Array.isArray(definition.volumes) ? (definition.volumes as unknown[]) : []
  const atLaunch = volumes.flatMap((v) =>
    isObject(v) && v['configuredAtLaunch'] === true && typeof v['name'] === 'string'
      ? [v['name']]
      : []
  )
  if (atLaunch.includes(name)) return
  const family = definition.family ?? 'the task definition'
  const named = volumes.some((v) => isObject(v) && v['name'] === name)
  throw new InputError(
    nameInput,
    named
      ? `volume "${name}" of ${family} is not configured at launch: set "configuredAtLaunch": true on it in the task definition's volumes.`
      : `${family} has no volume "${name}" ${atLaunch.length > 0 ? `(configured at launch: ${atLaunch.join(', ')})` : '(and no volume configured at launch)'}; add {"name": "${name}", "configuredAtLaunch": true} to the task definition's volumes.`
  )
}

export type ServiceEbsVolume = ServiceVolumeConfiguration & {
  managedEBSVolume: ServiceManagedEBSVolumeConfiguration
}
export type TaskEbsVolume = TaskVolumeConfiguration & {
  managedEBSVolume: TaskManagedEBSVolumeConfiguration
}

/** ECS volume names: up to 255 letters, digits, hyphens and underscores (Volume.name). */
export function checkVolumeName(input: string, name: string): string {
  if (!/^[A-Za-z0-9_-]{1,255}$/.test(name))
    throw new InputError(
      input,
      'must be a volume name of the task definition: up to 255 letters, digits, - and _.'
    )
  return name
}
