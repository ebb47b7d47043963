import * as core from '../../src/github/runner.js'
import type { AssignPublicIp, LaunchType, PropagateTags } from '@aws-sdk/client-ecs'
import {
  booleanInput,
  integerInput,
  listInput,
  optionalBooleanInput,
  optionalChoiceInput,
  optionalInput,
  optionalIntegerInput,
  optionalJsonInput,
  optionalNumberInput,
  requiredInput
} from '../../src/github/inputs.js'
import { LAUNCH_TYPES, PROPAGATE_TAGS, type RunTaskSpec } from '../../src/ecs/run-task.js'
import {
  capacityProviderStrategyFrom,
  containerOverridesFrom,
  tagsFrom
} from '../../src/ecs/run-task-json.js'
import type { TagSettings } from '../../src/ecs/service.js'
import { commandFromInput } from '../../src/shared/shell-words.js'
import { redactUrl } from '../../src/ecs/smoke.js'
import { InputError } from '../../src/shared/errors.js'
import { MAX_TASKS_PER_SERVICE } from '../../src/ecs/limits.js'
import { nameOrArn } from '../../src/ecs/names.js'
import {
  checkVolumeName,
  managedEbsVolumeFrom,
  type EbsKind,
  type ServiceEbsVolume,
  type TaskEbsVolume
} from '../../src/ecs/ebs-volumes.js'

export interface Inputs {
  /** Default "default", the cluster ECS itself falls back to (as aws-actions does). */
  cluster: string
  /** Not given: register only (and run the standalone task), as aws-actions does. */
  service?: string
  /** A path to a rendered JSON file, or a task definition revision ARN. */
  taskDefinition: string
  wait: boolean
  timeoutSeconds: number
  pollIntervalSeconds: number
  failFastThreshold: number
  rollback: boolean
  deregisterFailed: boolean
  desiredCount?: number
  forceNewDeployment: boolean
  /** The pre-deploy command, already split into words. */
  preDeployCommand?: string[]
  preDeployContainer?: string
  codedeployApplication?: string
  codedeployDeploymentGroup?: string
  smokeUrl?: string
  smokeExpectedStatus: number
  smokeRetries: number
  plan: boolean
  /** A newer deployment that replaced ours is a success rather than a failure. */
  allowSuperseded: boolean
  awsRegion?: string
  /** wait-max-delay-seconds: no wait between two polls is longer. */
  maxPollIntervalSeconds?: number
  /** The SDK's attempts per call, from max-retries (retries + 1). */
  maxAttempts?: number
  runTask?: RunTaskSpec
  tagSettings?: TagSettings
  codedeployAppspec?: string
  codedeployDeploymentConfig?: string
  codedeployDeploymentDescription?: string
  /** service-managed-ebs-volume(-name): sent on UpdateService as volumeConfigurations. */
  serviceEbsVolume?: ServiceEbsVolume
}

/** aws-actions caps its waits at 6 hours (MAX_WAIT_MINUTES in its index.js). */
export const MAX_WAIT_MINUTES = 360

/**
 * An alias from aws-actions/amazon-ecs-deploy-task-definition: when the workflow gives it, its
 * value wins over our input of the same meaning.
 */
function timeoutSecondsInput(): number {
  const minutes = optionalIntegerInput('wait-for-minutes', { min: 1 })
  if (minutes !== undefined) return Math.min(minutes, MAX_WAIT_MINUTES) * 60
  return integerInput('timeout', 1800, { min: 1, max: 6 * 3600 })
}

function waitInput(): boolean {
  return optionalBooleanInput('wait-for-service-stability') ?? booleanInput('wait', true)
}

/** max-retries counts retries, as aws-actions documents it: 0 is one attempt, no retry. */
function maxAttemptsInput(): number | undefined {
  const retries = optionalIntegerInput('max-retries', { min: 0, max: 20 })
  return retries === undefined ? undefined : retries + 1
}

const RUN_TASK_INPUTS = [
  'run-task-container-overrides',
  'run-task-subnets',
  'run-task-security-groups',
  'run-task-assign-public-IP',
  'run-task-capacity-provider-strategy',
  'run-task-launch-type',
  'run-task-started-by',
  'run-task-tags',
  'wait-for-task-stopped',
  'run-task-managed-ebs-volume-name',
  'run-task-managed-ebs-volume'
] as const

/** A comma-separated list of IDs, as aws-actions takes them (items trimmed here). */
function idListInput(name: string, prefix: string): string[] | undefined {
  if (optionalInput(name) === undefined) return undefined
  const ids = listInput(name)
  for (const id of ids) {
    if (!new RegExp(`^${prefix}-[A-Za-z0-9-]{1,64}$`).test(id))
      throw new InputError(
        name,
        `"${id}" is not a ${prefix}-… ID; give a comma-separated list of IDs.`
      )
  }
  return ids
}

function runTaskInput(): RunTaskSpec | undefined {
  if (!booleanInput('run-task', false)) {
    const stray = RUN_TASK_INPUTS.filter((name) => optionalInput(name) !== undefined)
    if (stray.length > 0)
      core.warning(
        `${stray.map((name) => `"${name}"`).join(', ')} ${stray.length === 1 ? 'is' : 'are'} ignored without run-task: true.`
      )
    return undefined
  }
  const overrides = optionalJsonInput('run-task-container-overrides')
  const tags = optionalJsonInput('run-task-tags')
  const strategy = optionalJsonInput('run-task-capacity-provider-strategy')
  const subnets = idListInput('run-task-subnets', 'subnet')
  const securityGroups = idListInput('run-task-security-groups', 'sg')
  const assignPublicIp = optionalChoiceInput<AssignPublicIp>('run-task-assign-public-IP', [
    'ENABLED',
    'DISABLED'
  ])
  const capacityProviderStrategy =
    strategy === undefined
      ? undefined
      : capacityProviderStrategyFrom('run-task-capacity-provider-strategy', strategy)
  const launchType = optionalChoiceInput<LaunchType>('run-task-launch-type', LAUNCH_TYPES)
  if (launchType !== undefined && capacityProviderStrategy?.length)
    core.warning(
      'Input "run-task-launch-type" is ignored: run-task-capacity-provider-strategy is given, and ECS takes one or the other.'
    )
  const ebsVolume = ebsVolumeInput('run-task-managed-ebs-volume', 'task', 'RunTask')
  const startedBy = optionalInput('run-task-started-by') ?? 'GitHub-Actions'
  if (startedBy.length > 128 || !/^[A-Za-z0-9_/-]+$/.test(startedBy))
    throw new InputError(
      'run-task-started-by',
      `"${startedBy}" is not a valid startedBy: up to 128 letters, digits, -, _ and /.`
    )
  return {
    containerOverrides:
      overrides === undefined
        ? []
        : containerOverridesFrom('run-task-container-overrides', overrides),
    ...(subnets !== undefined && { subnets }),
    ...(securityGroups !== undefined && { securityGroups }),
    ...(assignPublicIp !== undefined && { assignPublicIp }),
    ...(capacityProviderStrategy !== undefined && { capacityProviderStrategy }),
    ...(launchType !== undefined && !capacityProviderStrategy?.length && { launchType }),
    startedBy,
    tags: tags === undefined ? [] : tagsFrom('run-task-tags', tags),
    waitForStop: booleanInput('wait-for-task-stopped', false),
    ...(ebsVolume !== undefined && { ebsVolume })
  }
}

function tagSettingsInput(): TagSettings | undefined {
  const enableEcsManagedTags = optionalBooleanInput('enable-ecs-managed-tags')
  const propagateTags = optionalChoiceInput<PropagateTags>('propagate-tags', PROPAGATE_TAGS)
  if (enableEcsManagedTags === undefined && propagateTags === undefined) return undefined
  return {
    ...(enableEcsManagedTags !== undefined && { enableEcsManagedTags }),
    ...(propagateTags !== undefined && { propagateTags })
  }
}

/**
 * An EBS volume configured at launch, from its pair of inputs. As in aws-actions, a name without
 * its JSON (or with "{}") is a warning and nothing is sent; JSON without a name is an error here,
 * where aws-actions ignores it silently.
 */
function ebsVolumeInput<K extends EbsKind>(
  prefix: 'service-managed-ebs-volume' | 'run-task-managed-ebs-volume',
  kind: K,
  call: string
): { name: string; managedEBSVolume: ManagedVolumeOf<K> } | undefined {
  const nameInput = `${prefix}-name`
  const name = optionalInput(nameInput)
  const json = optionalJsonInput(prefix)
  const empty =
    json === undefined ||
    (json !== null &&
      typeof json === 'object' &&
      !Array.isArray(json) &&
      Object.keys(json).length === 0)
  if (name === undefined) {
    if (!empty)
      throw new InputError(
        prefix,
        `is given without ${nameInput}; give the name of the task definition's volume that is configured at launch.`
      )
    return undefined
  }
  checkVolumeName(nameInput, name)
  if (empty) {
    core.warning(
      `Input "${nameInput}" is given without ${prefix}: no volume configuration is sent on ${call}.`
    )
    return undefined
  }
  const { volume, warnings } = managedEbsVolumeFrom(prefix, kind, json)
  for (const warning of warnings) core.warning(warning)
  return { name, managedEBSVolume: volume as ManagedVolumeOf<K> }
}

type ManagedVolumeOf<K extends EbsKind> = K extends 'service'
  ? ServiceEbsVolume['managedEBSVolume']
  : TaskEbsVolume['managedEBSVolume']

function commandInput(input: string): string[] | undefined {
  const text = optionalInput(input)
  if (text === undefined) return undefined
  return commandFromInput(text, input, { required: true })
}

export function getInputs(): Inputs {
  const cluster = nameOrArn('cluster', optionalInput('cluster') ?? 'default', 'cluster')
  const serviceName = optionalInput('service')
  const service =
    serviceName === undefined ? undefined : nameOrArn('service', serviceName, 'service')
  const taskDefinition = requiredInput('task-definition')
  const timeoutSeconds = timeoutSecondsInput()
  const pollIntervalSeconds = optionalNumberInput('poll-interval', { min: 0.05, max: 300 }) ?? 10
  const maxPollIntervalSeconds = optionalIntegerInput('wait-max-delay-seconds', {
    min: 1,
    max: 3600
  })
  const maxAttempts = maxAttemptsInput()
  const serviceEbsVolume = ebsVolumeInput('service-managed-ebs-volume', 'service', 'UpdateService')
  if (serviceEbsVolume !== undefined && service === undefined)
    throw new InputError(
      'service-managed-ebs-volume-name',
      'configures the volumes of a service; give "service" too (for a standalone task, use run-task-managed-ebs-volume).'
    )
  const runTask = runTaskInput()
  const tagSettings = tagSettingsInput()
  const codedeployAppspec = optionalInput('codedeploy-appspec')
  const codedeployDeploymentConfig = optionalInput('codedeploy-deployment-config')
  const codedeployDeploymentDescription = optionalInput('codedeploy-deployment-description')
  // aws-actions drops empty values from the file unless this lists them; deploy-ecs never drops
  // them, so every key is kept and the input has nothing left to do.
  void optionalInput('keep-null-value-keys')
  const plan = booleanInput('plan', false)
  if (service === undefined && plan)
    throw new InputError('service', 'plan mode compares against a service; give its name.')
  const smokeUrl = optionalInput('smoke-url')
  if (smokeUrl !== undefined && !/^https?:\/\//.test(smokeUrl)) {
    throw new InputError('smoke-url', `"${redactUrl(smokeUrl)}" is not an http(s) URL.`)
  }
  const desiredCount = optionalIntegerInput('desired-count', {
    min: 0,
    max: MAX_TASKS_PER_SERVICE
  })
  const preDeployCommand = commandInput('pre-deploy-command')
  const preDeployContainer = optionalInput('pre-deploy-container')
  const codedeployApplication = optionalInput('codedeploy-application')
  const codedeployDeploymentGroup = optionalInput('codedeploy-deployment-group')
  const awsRegion = optionalInput('aws-region')
  return {
    cluster,
    ...(service !== undefined && { service }),
    taskDefinition,
    wait: waitInput(),
    timeoutSeconds,
    pollIntervalSeconds,
    failFastThreshold: integerInput('fail-fast-threshold', 2, { min: 0, max: 100 }),
    rollback: booleanInput('rollback', true),
    deregisterFailed: booleanInput('deregister-failed', true),
    ...(desiredCount !== undefined && { desiredCount }),
    forceNewDeployment: booleanInput('force-new-deployment', false),
    ...(preDeployCommand !== undefined && { preDeployCommand }),
    ...(preDeployContainer !== undefined && { preDeployContainer }),
    ...(codedeployApplication !== undefined && { codedeployApplication }),
    ...(codedeployDeploymentGroup !== undefined && { codedeployDeploymentGroup }),
    ...(smokeUrl !== undefined && { smokeUrl }),
    smokeExpectedStatus: integerInput('smoke-expected-status', 200, { min: 100, max: 599 }),
    smokeRetries: integerInput('smoke-retries', 5, { min: 0, max: 100 }),
    plan,
    allowSuperseded: booleanInput('allow-superseded', false),
    ...(awsRegion !== undefined && { awsRegion }),
    ...(maxPollIntervalSeconds !== undefined && { maxPollIntervalSeconds }),
    ...(maxAttempts !== undefined && { maxAttempts }),
    ...(runTask !== undefined && { runTask }),
    ...(tagSettings !== undefined && { tagSettings }),
    ...(codedeployAppspec !== undefined && { codedeployAppspec }),
    ...(codedeployDeploymentConfig !== undefined && { codedeployDeploymentConfig }),
    ...(codedeployDeploymentDescription !== undefined && { codedeployDeploymentDescription }),
    ...(serviceEbsVolume !== undefined && { serviceEbsVolume })
  }
}
