// volumeConfigurations of CreateService, UpdateService and RunTask: EBS volumes configured at
// launch. As ECS documents them (API reference ServiceVolumeConfiguration /
// TaskVolumeConfiguration and the developer guide "Defer volume configuration to launch time",
// read 2026-12): the name must be a volume of the task definition with configuredAtLaunch true,
// a task definition has at most one such volume, and managedEBSVolume needs roleArn and a size or
// a snapshot.

import type { Json, TaskDefinition } from '../sim/ecs-model.js'
import { AwsError } from '../types.js'
import { objectList } from './params.js'

const invalid = (message: string): AwsError => new AwsError('InvalidParameterException', message)

// ServiceManagedEBSVolumeConfiguration's fields; the task's shape adds terminationPolicy.
const SERVICE_MANAGED_FIELDS = [
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
]
const MANAGED_FIELDS: Record<'service' | 'task', string[]> = {
  service: SERVICE_MANAGED_FIELDS,
  task: [...SERVICE_MANAGED_FIELDS, 'terminationPolicy']
}

/** The request's volumeConfigurations, checked against the task definition; undefined when absent. */
export function volumeConfigurationsOf(
  input: Record<string, unknown>,
  definition: TaskDefinition,
  kind: 'service' | 'task'
): Json[] | undefined {
  if (input.volumeConfigurations === undefined || input.volumeConfigurations === null)
    return undefined
  const requested = objectList(input, 'volumeConfigurations') as Json[]
  const atLaunch = ((definition.body.volumes as Json[] | undefined) ?? [])
    .filter((volume) => volume.configuredAtLaunch === true)
    .map((volume) => String(volume.name))
  if (requested.length > 1)
    throw invalid('Only one volume configured at launch is supported in volumeConfigurations.')
  return requested.map((configuration) => {
    const name = configuration.name
    if (typeof name !== 'string' || name === '')
      throw invalid('volumeConfigurations.name must be specified.')
    if (!atLaunch.includes(name))
      throw invalid(
        `The volume ${name} in volumeConfigurations does not match a volume in the task definition ${definition.family}:${definition.revision} that is configuredAtLaunch.`
      )
    const managed = configuration.managedEBSVolume as Json | undefined
    if (managed === undefined) return { name }
    if (typeof managed.roleArn !== 'string' || managed.roleArn === '')
      throw invalid('managedEBSVolume.roleArn must be specified.')
    if (managed.sizeInGiB === undefined && managed.snapshotId === undefined)
      throw invalid('managedEBSVolume must specify either sizeInGiB or snapshotId.')
    if (managed.throughput !== undefined && (managed.volumeType ?? 'gp3') !== 'gp3')
      throw invalid('managedEBSVolume.throughput is only supported for the gp3 volume type.')
    // Only the fields the SDK model defines come back in responses.
    const kept = Object.fromEntries(
      Object.entries(managed).filter(([key]) => MANAGED_FIELDS[kind].includes(key))
    )
    return { name, managedEBSVolume: kept }
  })
}
